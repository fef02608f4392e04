"""Audit events of the member registry (written in the public schema)."""

from tenants.audit.services import audit_record


def member_provisioned_event(*, member, actor, from_pool: bool) -> None:
    audit_record(
        event_type="member.provisioned",
        actor=actor,
        target=member,
        data={"slug": member.slug, "schema": member.schema_name, "from_pool": from_pool},
    )


def member_schema_ready_event(*, member, from_pool: bool) -> None:
    audit_record(event_type="member.schema_ready", target=member, data={"from_pool": from_pool})


def member_status_changed_event(*, member, actor, old: str, new: str, reason: str) -> None:
    audit_record(
        event_type="member.status_changed",
        actor=actor,
        target=member,
        data={"status": {"old": old, "new": new}, "reason": reason},
    )


def member_updated_event(*, member, actor, changes: dict) -> None:
    audit_record(event_type="member.updated", actor=actor, target=member, data={"changes": changes})
