"""Registering a complaint, whatever the channel (the public form, staff, the API), and correcting the
registered details afterwards (docs/procedure/first-line.md, "What a complaint is" and "Registering a
complaint")."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, Final

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.uploads import CheckedUpload
from tenants.accounts.actors import Actor, actor_label
from tenants.accounts.roles import Capability, has_capability

from .. import events
from ..models import (
    COMPLAINANT_WORDS,
    EDITABLE_FIELDS,
    REGISTER_FIELDS,
    Attachment,
    Complaint,
    ReferenceCounter,
    StatusChange,
)
from ..workflow import Status
from .attachments import store_attachment
from .serious import send_serious_copy
from .terms import due_dates
from .workflow import acknowledge

WORDS_ARE_FIXED: Final = gettext_lazy(
    "The complainant's own words cannot be changed once registered; add a clarification instead."
)


def check_kind_allowed(kind: str, actor: Actor) -> None:
    """Internal complaints (employees' grievances) are registered and moved only by roles that may
    see them (system work without a user, such as imports, is not restricted)."""
    if actor is None:
        return
    if kind == Complaint.Kind.INTERNAL and not has_capability(actor, Capability.VIEW_INTERNAL_COMPLAINTS):
        raise ValidationError({"kind": _("Only the owner or a manager can register internal complaints.")})


def _next_reference(year: int) -> str:
    counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"{year}-{counter.last_number:05d}"


def complaint_register(
    *,
    channel: str,
    kind: str = Complaint.Kind.EXTERNAL,
    actor: Actor = None,
    received_at: datetime | None = None,
    attachments: Sequence[CheckedUpload] = (),
    send_acknowledgment: bool = True,
    language: str | None = None,
    **fields: Any,
) -> Complaint:
    """Register a complaint, whatever the channel, and commit it before anything can fail.

    The terms come from the member's regulation (working days, Dutch public holidays,
    Europe/Amsterdam). A complaint in a serious category is copied to the head of the department (or
    to every manager) with a request to respond. With an e-mail address, the acknowledgment with the
    reference and a personal status link goes out through the outbox, and the complaint is
    *acknowledged*. Without an actor, the complainant registered it (the public form).
    """
    unknown = set(fields) - REGISTER_FIELDS
    if unknown:
        raise TypeError(f"Unknown complaint fields: {sorted(unknown)}")
    if channel not in Complaint.Channel.values:
        raise ValidationError({"channel": _("Unknown channel.")})
    check_kind_allowed(kind, actor)
    received_at = received_at or timezone.now()
    if received_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"received_at": _("A complaint cannot be received in the future.")})
    due = due_dates(received_at)
    with transaction.atomic():
        complaint = Complaint(
            channel=channel,
            kind=kind,
            received_at=received_at,
            received_by=actor,
            acknowledgment_due_on=due.acknowledgment,
            response_due_on=due.response,
            **fields,
        )
        if complaint.category is not None and complaint.category.is_serious:
            complaint.severity = Complaint.Severity.SERIOUS
        complaint.reference = _next_reference(timezone.localtime(received_at).year)
        complaint.full_clean(exclude=["search_vector", "reference"])
        complaint.save()
        StatusChange.objects.create(
            complaint=complaint,
            from_status="",
            to_status=Status.RECEIVED,
            actor_label=actor_label(actor) if actor is not None else _("complainant"),
        )
        source = Attachment.Source.COMPLAINANT if actor is None else Attachment.Source.STAFF
        for checked in attachments:
            store_attachment(complaint=complaint, checked=checked, source=source, actor=actor)
        events.complaint_registered_event(complaint=complaint, actor=actor)
        if complaint.severity == Complaint.Severity.SERIOUS:
            send_serious_copy(complaint=complaint)
        if send_acknowledgment and complaint.complainant_email:
            acknowledge(complaint=complaint, actor=actor, language=language)
    return complaint


def complaint_update(*, complaint: Complaint, actor: Actor, **fields: Any) -> Complaint:
    """Change the registered details; each change is in the history (old and new value).

    What the complainant submitted (their own words and the remedy they asked for) is fixed once
    registered, whoever wrote it down: staff add a clarification (``clarification_add``) instead.
    """
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"Unknown complaint fields: {sorted(unknown)}")
    if "kind" in fields and fields["kind"] != complaint.kind:
        check_kind_allowed(Complaint.Kind.INTERNAL, actor)
    with transaction.atomic():
        complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
        refused = {}
        for name in COMPLAINANT_WORDS:
            # The words sent back unchanged (a form that shows them) are no change.
            if name in fields and fields.pop(name) != getattr(complaint, name):
                refused[name] = [WORDS_ARE_FIXED]
        if refused:
            raise ValidationError(refused)
        changes: dict[str, dict[str, str | None]] = {}
        for field, value in fields.items():
            old = getattr(complaint, field)
            if old != value:
                changes[field] = {
                    "old": str(old) if old is not None else None,
                    "new": str(value) if value is not None else None,
                }
                setattr(complaint, field, value)
        if "category" in changes and complaint.category is not None and complaint.category.is_serious:
            if complaint.severity != Complaint.Severity.SERIOUS:
                changes["severity"] = {"old": complaint.severity, "new": Complaint.Severity.SERIOUS}
                complaint.severity = Complaint.Severity.SERIOUS
                send_serious_copy(complaint=complaint)
        if changes:
            complaint.full_clean(exclude=["search_vector"])
            complaint.save()
            events.complaint_updated_event(complaint=complaint, actor=actor, changes=changes)
    return complaint
