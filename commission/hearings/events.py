"""Audit events of hearings (public schema trail)."""

from tenants.audit.services import audit_record


def hearing_day_created_event(*, day, actor) -> None:
    audit_record(
        event_type="hearing_day.created", actor=actor, target=day, target_label=str(day),
        data={"date": day.date.isoformat(), "starts_at": day.starts_at.isoformat(), "place": day.place,
              "room": day.room, "video_link": day.video_link, "slot_minutes": day.slot_minutes},
    )  # fmt: skip


def panel_member_added_event(*, panel_member, actor) -> None:
    audit_record(
        event_type="panel_member.added", actor=actor, target=panel_member,
        data={"user": panel_member.user.email, "panel_role": panel_member.panel_role},
    )  # fmt: skip


def conflict_declared_event(*, conflict, actor) -> None:
    audit_record(
        event_type="panel_member.conflict_declared", actor=actor, target=conflict.panel_member,
        data={"member": getattr(conflict.member, "slug", None), "case": getattr(conflict.case, "reference", None),
              "reason": conflict.reason},
    )  # fmt: skip


def unavailability_added_event(*, unavailability, actor) -> None:
    audit_record(
        event_type="panel_member.unavailable", actor=actor, target=unavailability.panel_member,
        data={"date": unavailability.date.isoformat()},
    )  # fmt: skip


def panel_composed_event(*, day, actor, old: dict | None, new: dict) -> None:
    audit_record(
        event_type="hearing_day.panel_composed", actor=actor, target=day, target_label=str(day),
        data={"panel": {"old": old, "new": new}},
    )  # fmt: skip


def slot_event(*, event_type: str, slot, actor, old: dict | None = None, new: dict | None = None) -> None:
    """``hearing.scheduled``, ``hearing.rescheduled``, ``hearing.cancelled``, ``hearing.held``."""
    audit_record(
        event_type=event_type, actor=actor, target=slot.case, target_label=slot.case.reference,
        data={"slot": str(slot.uid), "sequence": slot.sequence, "old": old, "new": new},
    )  # fmt: skip


def attendance_recorded_event(*, slot, actor, old: dict, new: dict) -> None:
    audit_record(
        event_type="hearing.attendance_recorded", actor=actor, target=slot.case, target_label=slot.case.reference,
        data={"slot": str(slot.uid), "attendance": {"old": old, "new": new}},
    )  # fmt: skip


def hearing_day_cancelled_event(*, day, actor, reason: str, slots: list[str]) -> None:
    audit_record(
        event_type="hearing_day.cancelled", actor=actor, target=day, target_label=str(day),
        data={"reason": reason, "slots": slots},
    )  # fmt: skip
