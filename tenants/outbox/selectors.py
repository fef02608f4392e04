"""Reads of the outbox of the schema the connection is in."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from .models import OutboundEmail


def email_list(*, status: str = "") -> QuerySet[OutboundEmail]:
    """Every e-mail of this organisation, newest first; only those with ``status`` when it is a known one."""
    emails = OutboundEmail.objects.all()
    if status in OutboundEmail.Status.values:
        emails = emails.filter(status=status)
    return emails.only("uuid", "to", "subject", "topic", "status", "attempts", "last_error", "created_at", "sent_at")


def failed_email_get(*, uuid: str | None) -> OutboundEmail | None:
    """The failed e-mail ``uuid`` (what may be retried), or None; a value that is no UUID finds nothing."""
    if not uuid:
        return None
    try:
        return OutboundEmail.objects.filter(status=OutboundEmail.Status.FAILED, uuid=uuid).first()
    except ValidationError:
        return None
