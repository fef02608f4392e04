"""Audit events of the member registry (written in the public schema)."""

from __future__ import annotations

from typing import Any

from tenants.audit.services import audit_record

from .models import Member


def member_provisioned_event(*, member: Member, actor: object | None, from_pool: bool) -> None:
    audit_record(
        event_type="member.provisioned",
        actor=actor,
        target=member,
        data={"slug": member.slug, "schema": member.schema_name, "from_pool": from_pool},
    )


def member_schema_ready_event(*, member: Member, from_pool: bool) -> None:
    audit_record(event_type="member.schema_ready", target=member, data={"from_pool": from_pool})


def member_status_changed_event(*, member: Member, actor: object | None, old: str, new: str, reason: str) -> None:
    audit_record(
        event_type="member.status_changed",
        actor=actor,
        target=member,
        data={"status": {"old": old, "new": new}, "reason": reason},
    )


def member_updated_event(*, member: Member, actor: object | None, changes: dict[str, Any]) -> None:
    audit_record(event_type="member.updated", actor=actor, target=member, data={"changes": changes})
