"""Audit events of complaint handling (in the member's schema)."""

from __future__ import annotations

from typing import Any

from tenants.accounts.actors import Actor
from tenants.audit.services import audit_record

from .models import Attachment, Clarification, Complaint, Message


def complaint_registered_event(*, complaint: Complaint, actor: Actor) -> None:
    audit_record(
        event_type="complaint.registered",
        actor=actor,
        target=complaint,
        data={"channel": complaint.channel, "kind": complaint.kind, "severity": complaint.severity},
    )


def complaint_transitioned_event(*, complaint: Complaint, actor: Actor, old: str, new: str, note: str) -> None:
    audit_record(
        event_type="complaint.status_changed",
        actor=actor,
        target=complaint,
        data={"status": {"old": old, "new": new}, "note": note},
    )


def complaint_updated_event(*, complaint: Complaint, actor: Actor, changes: dict[str, Any]) -> None:
    audit_record(event_type="complaint.updated", actor=actor, target=complaint, data={"changes": changes})


def complaint_extended_event(*, complaint: Complaint, actor: Actor, reason: str) -> None:
    audit_record(
        event_type="complaint.extended",
        actor=actor,
        target=complaint,
        data={"new_due_on": complaint.extended_due_on, "reason": reason},
    )


def message_sent_event(*, complaint: Complaint, actor: Actor, message: Message) -> None:
    audit_record(
        event_type="complaint.message_sent",
        actor=actor,
        target=complaint,
        data={"kind": message.kind, "subject": message.subject, "emailed": message.email_id is not None},
    )


def message_received_event(*, complaint: Complaint, message: Message) -> None:
    audit_record(event_type="complaint.message_received", target=complaint, data={"kind": message.kind})


def note_added_event(*, complaint: Complaint, actor: Actor) -> None:
    audit_record(event_type="complaint.note_added", actor=actor, target=complaint)


def clarification_added_event(*, complaint: Complaint, actor: Actor, clarification: Clarification) -> None:
    audit_record(
        event_type="complaint.clarification_added",
        actor=actor,
        target=complaint,
        data={"clarification": str(clarification.uuid), "body": clarification.body},
    )


def attachment_added_event(*, complaint: Complaint, actor: Actor, attachment: Attachment) -> None:
    audit_record(
        event_type="complaint.attachment_added",
        actor=actor,
        target=complaint,
        data={"name": attachment.original_name, "sha256": attachment.sha256, "source": attachment.source},
    )


def serious_copy_sent_event(*, complaint: Complaint, recipients: list[str]) -> None:
    audit_record(event_type="complaint.serious_copy_sent", target=complaint, data={"to": recipients})


def reminder_sent_event(*, complaint: Complaint, kind: str, recipient: str) -> None:
    audit_record(event_type="complaint.reminder_sent", target=complaint, data={"kind": kind, "to": recipient})


def settings_changed_event(*, actor: Actor, what: str, changes: dict[str, Any]) -> None:
    audit_record(event_type=f"settings.{what}", actor=actor, target_label=what, data={"changes": changes})
