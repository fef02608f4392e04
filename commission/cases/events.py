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


def case_changed_event(*, case, actor, event: str, data: dict) -> None:
    """One step of the procedure (fee, payment, admissibility, round, submission, confidentiality,
    expert): ``case.<event>`` with the values that changed."""
    audit_record(event_type=f"case.{event}", actor=actor, target=case, target_label=case.reference, data=data)


def case_documents_added_event(*, case, actor, documents) -> None:
    audit_record(
        event_type="case.documents_added", actor=actor, target=case, target_label=case.reference,
        data={"documents": [{"name": d.original_name, "kind": d.kind, "sha256": d.sha256} for d in documents]},
    )  # fmt: skip
