"""Audit events of complaint handling (in the member's schema)."""

from tenants.audit.services import audit_record


def complaint_registered_event(*, complaint, actor) -> None:
    audit_record(
        event_type="complaint.registered",
        actor=actor,
        target=complaint,
        data={"channel": complaint.channel, "kind": complaint.kind, "severity": complaint.severity},
    )


def complaint_transitioned_event(*, complaint, actor, old: str, new: str, note: str) -> None:
    audit_record(
        event_type="complaint.status_changed",
        actor=actor,
        target=complaint,
        data={"status": {"old": old, "new": new}, "note": note},
    )


def complaint_updated_event(*, complaint, actor, changes: dict) -> None:
    audit_record(event_type="complaint.updated", actor=actor, target=complaint, data={"changes": changes})


def complaint_extended_event(*, complaint, actor, reason: str) -> None:
    audit_record(
        event_type="complaint.extended",
        actor=actor,
        target=complaint,
        data={"new_due_on": complaint.extended_due_on, "reason": reason},
    )


def message_sent_event(*, complaint, actor, message) -> None:
    audit_record(
        event_type="complaint.message_sent",
        actor=actor,
        target=complaint,
        data={"kind": message.kind, "subject": message.subject, "emailed": message.email_id is not None},
    )


def message_received_event(*, complaint, message) -> None:
    audit_record(event_type="complaint.message_received", target=complaint, data={"kind": message.kind})


def note_added_event(*, complaint, actor) -> None:
    audit_record(event_type="complaint.note_added", actor=actor, target=complaint)


def clarification_added_event(*, complaint, actor, clarification) -> None:
    audit_record(
        event_type="complaint.clarification_added",
        actor=actor,
        target=complaint,
        data={"clarification": str(clarification.uuid), "body": clarification.body},
    )


def attachment_added_event(*, complaint, actor, attachment) -> None:
    audit_record(
        event_type="complaint.attachment_added",
        actor=actor,
        target=complaint,
        data={"name": attachment.original_name, "sha256": attachment.sha256, "source": attachment.source},
    )


def serious_copy_sent_event(*, complaint, recipients: list[str]) -> None:
    audit_record(event_type="complaint.serious_copy_sent", target=complaint, data={"to": recipients})


def reminder_sent_event(*, complaint, kind: str, recipient: str) -> None:
    audit_record(event_type="complaint.reminder_sent", target=complaint, data={"kind": kind, "to": recipient})


def settings_changed_event(*, actor, what: str, changes: dict) -> None:
    audit_record(event_type=f"settings.{what}", actor=actor, target_label=what, data={"changes": changes})
