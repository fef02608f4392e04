"""Audit events of commission cases (public schema trail)."""

from tenants.audit.services import audit_record


def case_escalated_event(*, case, member_slug: str, sha256: str) -> None:
    audit_record(
        event_type="case.escalated",
        target=case,
        target_label=case.reference,
        data={"member": member_slug, "complaint": case.member_complaint_reference, "snapshot_sha256": sha256},
    )


def case_stage_changed_event(*, case, actor, old: str, new: str, note: str) -> None:
    audit_record(
        event_type="case.stage_changed", actor=actor, target=case, target_label=case.reference,
        data={"stage": {"old": old, "new": new}, "note": note},
    )  # fmt: skip
