"""The terms of a complaint: when the acknowledgment and the answer are due, and the one extension of
the handling term (docs/procedure/first-line.md, "Acknowledgment and terms"). Terms run in working
days of the Algemene termijnenwet (Dutch public holidays, Europe/Amsterdam) plus the member's own
closing days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from core import deadlines
from tenants.accounts.actors import Actor

from .. import events
from ..messages import MessageKey
from ..models import Complaint
from .messages import send_message
from .regulation import closed_days, regulation_get


@dataclass(frozen=True)
class DueDates:
    acknowledgment: date
    response: date


def due_dates(received_at: datetime) -> DueDates:
    """The due dates of a complaint received at ``received_at``, by the regulation as it is now
    (a complaint keeps them when the regulation changes later)."""
    regulation = regulation_get()
    closed = closed_days(regulation)
    return DueDates(
        acknowledgment=deadlines.due_date(received_at, regulation.acknowledgment_term, closed_days=closed),
        response=deadlines.due_date(received_at, regulation.handling_term, closed_days=closed),
    )


def complaint_extend(*, complaint: Complaint, actor: Actor, reason: str, language: str | None = None) -> Complaint:
    """Extend the handling term once, by the regulation's extension, and tell the complainant why."""
    regulation = regulation_get()
    with transaction.atomic():
        complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
        extension = regulation.extension_term
        if extension is None:
            raise ValidationError(_("Your regulation does not allow an extension."))
        if complaint.extended_due_on is not None:
            raise ValidationError(_("The term has already been extended once."))
        if not complaint.is_open:
            raise ValidationError(_("Only an open complaint can be extended."))
        if not reason.strip():
            raise ValidationError({"reason": _("Give the reason; the complainant receives it.")})
        old_due = complaint.response_due_on
        new_due = deadlines.extended_due_date(old_due, extension, closed_days=closed_days(regulation))
        complaint.extended_due_on = new_due
        complaint.extension_reason = reason.strip()
        complaint.save(update_fields=["extended_due_on", "extension_reason", "updated_at"])
        send_message(
            complaint=complaint,
            key=MessageKey.EXTENSION,
            actor=actor,
            language=language,
            extra={
                "extension_reason": complaint.extension_reason,
                "due_date": formats.date_format(old_due, "j F Y"),
                "new_due_date": formats.date_format(new_due, "j F Y"),
            },
        )
        events.complaint_extended_event(complaint=complaint, actor=actor, reason=complaint.extension_reason)
    return complaint
