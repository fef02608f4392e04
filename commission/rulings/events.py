"""Audit events of rulings, publications and compliance (public schema trail)."""

from tenants.audit.services import audit_record


def _record(event_type: str, *, ruling, actor=None, data: dict | None = None) -> None:
    audit_record(event_type=event_type, actor=actor, target=ruling, target_label=ruling.number, data=data or {})


def ruling_draft_saved_event(*, ruling, actor, changes: dict) -> None:
    _record("ruling.draft_saved", ruling=ruling, actor=actor, data={"case": ruling.case.reference, "changes": changes})


def ruling_approved_event(*, ruling, actor) -> None:
    _record(
        "ruling.approved", ruling=ruling, actor=actor,
        data={"case": ruling.case.reference, "outcome": ruling.outcome, "pdf_sha256": ruling.pdf_sha256},
    )  # fmt: skip


def ruling_corrected_event(*, ruling, actor, corrects) -> None:
    _record(
        "ruling.correction_started", ruling=ruling, actor=actor,
        data={"corrects": corrects.number, "reason": ruling.correction_reason},
    )  # fmt: skip


def publication_prepared_event(*, ruling, actor) -> None:
    _record("ruling.publication_prepared", ruling=ruling, actor=actor)


def publication_updated_event(*, ruling, actor, fields: list[str]) -> None:
    _record("ruling.publication_updated", ruling=ruling, actor=actor, data={"fields": fields})


def publication_published_event(*, ruling, actor) -> None:
    _record("ruling.published", ruling=ruling, actor=actor)


def compliance_event(*, ruling, actor, what: str, note: str = "") -> None:
    _record(f"ruling.compliance_{what}", ruling=ruling, actor=actor, data={"note": note} if note else {})
