"""The published interface of the complaints app for escalation: everything the commission may know
and do about a member's complaint, and nothing else.

The commission (``commission.cases``) imports this module only — never the complaints app's models,
services or views (an import contract in ``make lint`` holds it to that). It finds a complaint (by
status link, by reference and e-mail address, by UUID), asks whether it may go to the commission, takes
the dossier a case snapshot records, reads the files, and marks the complaint escalated. Every function
works in the schema that is active, which is the member's.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from django.utils import timezone

from .models import Attachment, Complaint
from .services.status_links import StatusLinkInvalid, complaint_from_status_token
from .services.workflow import complaint_transition
from .workflow import ALLOWED_TRANSITIONS, Status

__all__ = [
    "Complaint",
    "EscalatedFile",
    "complaint_by_reference",
    "complaint_by_uuid",
    "complaint_from_status_link",
    "complaint_locked",
    "complained_on",
    "dossier",
    "escalated_files",
    "is_closed",
    "mark_escalated",
    "may_escalate",
]

#: The complaint's fields a case snapshot records, as registered (values, never references). A frozen
#: format of its own, not ``models``' field groups: snapshots already taken hold exactly these keys, and
#: a field added to the complaint must not silently change what a case records.
DOSSIER_FIELDS = (
    "reference", "kind", "channel", "received_at", "status", "complainant_name", "complainant_address",
    "complainant_postal_code", "complainant_city", "complainant_phone", "complainant_email", "customer_number",
    "on_behalf_of", "incident_date", "incident_time", "incident_place", "persons_involved", "employee_involved",
    "description", "remedy_sought", "severity", "promised_action", "callback_on", "callback_answer", "outcome",
    "redress_given", "acknowledgment_due_on", "response_due_on", "extended_due_on", "extension_reason",
    "acknowledged_at", "closed_at",
)  # fmt: skip


def complaint_from_status_link(token: str) -> Complaint | None:
    """The complaint a complainant's status link opens, or None for a forged, superseded or expired one."""
    try:
        return complaint_from_status_token(token)
    except StatusLinkInvalid:
        return None


def complaint_by_reference(*, reference: str, email: str) -> Complaint | None:
    """The complaint with this reference filed with this e-mail address (both must match)."""
    return (
        Complaint.objects.filter(reference=reference.strip(), complainant_email__iexact=email.strip())
        .only("uuid", "complainant_name", "reference")
        .first()
    )


def complaint_by_uuid(uuid: UUID | str | None) -> Complaint | None:
    return Complaint.objects.filter(uuid=uuid).first() if uuid else None


def complaint_locked(complaint: Complaint) -> Complaint:
    """The complaint again, locked for the rest of the transaction (two escalations never race)."""
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


def may_escalate(complaint: Complaint) -> bool:
    """Whether the member's workflow lets this complaint go to the commission from where it stands."""
    return Status.ESCALATED in ALLOWED_TRANSITIONS.get(complaint.status, {})


def is_closed(complaint: Complaint) -> bool:
    return complaint.status == Status.CLOSED


def complained_on(complaint: Complaint) -> date:
    """The day the complainant complained to the member (Amsterdam time)."""
    return timezone.localtime(complaint.received_at).date()


def dossier(complaint: Complaint) -> dict[str, Any]:
    """The complaint as a case snapshot records it.

    ``description`` and ``remedy_sought`` are the complainant's own words as registered;
    ``clarifications`` are what the member's staff added beside them, kept apart so nobody mistakes
    one for the other. Only what the complainant was told or told the member is in ``messages``:
    internal notes stay with the member.
    """
    return {
        "complaint": {
            "uuid": str(complaint.uuid),
            **{name: getattr(complaint, name) for name in DOSSIER_FIELDS},
            "category": str(complaint.category or ""),
            "cause": str(complaint.cause or ""),
            "department": str(complaint.department or ""),
            "handler": complaint.handler.full_name if complaint.handler is not None else "",
        },
        "clarifications": [
            {"body": c.body, "by": c.author_label, "at": c.created_at} for c in complaint.clarifications.all()
        ],
        "status_history": [
            {"from": c.from_status, "to": c.to_status, "at": c.changed_at, "by": c.actor_label, "note": c.note}
            for c in complaint.status_changes.all()
        ],
        "messages": [
            {"direction": m.direction, "kind": m.kind, "subject": m.subject, "body": m.body, "at": m.created_at}
            for m in complaint.messages.all()
        ],
        "attachments": [
            {
                "name": a.original_name,
                "content_type": a.content_type,
                "size": a.size,
                "sha256": a.sha256,
                "source": a.source,
                "shared_with_complainant": a.shared_with_complainant,
            }
            for a in complaint.attachments.all()
        ],
    }


@dataclass(frozen=True)
class EscalatedFile:
    """One attachment of the complaint, read for the commission's copy."""

    name: str
    content_type: str
    sha256: str
    from_member: bool
    shared_with_complainant: bool
    uploaded_by_label: str
    content: bytes


def escalated_files(complaint: Complaint) -> Iterator[EscalatedFile]:
    """The complaint's attachments with their content, one at a time."""
    for attachment in complaint.attachments.all():
        with attachment.file.open("rb") as source:
            content = source.read()
        yield EscalatedFile(
            name=attachment.original_name,
            content_type=attachment.content_type,
            sha256=attachment.sha256,
            from_member=attachment.source == Attachment.Source.STAFF,
            shared_with_complainant=attachment.shared_with_complainant,
            uploaded_by_label=attachment.uploaded_by_label,
            content=content,
        )


def mark_escalated(complaint: Complaint, *, case_uuid: UUID, case_reference: str) -> None:
    """The complaint went to the commission as this case: its status and its link to the case."""
    complaint_transition(complaint=complaint, target=Status.ESCALATED, actor=None, note=case_reference)
    Complaint.objects.filter(pk=complaint.pk).update(
        escalated_case_uuid=case_uuid, escalated_case_reference=case_reference
    )
