"""Panels and scheduling: conflicts, double bookings and overlaps are refused with what they clash with."""

from __future__ import annotations

from datetime import time

import pytest

from commission.cases.models import Stage
from commission.hearings.models import Slot
from commission.hearings.services import (
    HearingRefused,
    case_schedule,
    conflict_declare,
    hearing_held,
    panel_compose,
    unavailability_add,
)
from tenants.audit.models import AuditEvent

from .conftest import HEARING_DATE, last_week

pytestmark = pytest.mark.django_db


def test_scheduling_moves_the_case_to_the_hearing_stage(make_case, make_day, secretary):
    case = make_case()
    day = make_day()
    slot = case_schedule(case=case, day=day, starts_at=time(10, 0), actor=secretary)
    case.refresh_from_db()
    assert case.stage == Stage.HEARING and slot.status == Slot.Status.SCHEDULED and slot.sequence == 0
    assert case.stage_changes.last().to_stage == Stage.HEARING
    assert AuditEvent.objects.filter(event_type="hearing.scheduled", target_id=str(case.uuid)).exists()


def test_case_in_written_rounds_can_be_scheduled(make_case, make_day, secretary):
    case = make_case(stage=Stage.WRITTEN_ROUNDS)
    case_schedule(case=case, day=make_day(), starts_at=time(10, 0), actor=secretary)
    case.refresh_from_db()
    assert case.stage == Stage.HEARING


def test_case_not_ready_is_refused(make_case, make_day, secretary):
    case = make_case(stage=Stage.ADMISSIBILITY)
    with pytest.raises(HearingRefused, match="cannot be scheduled"):
        case_schedule(case=case, day=make_day(), starts_at=time(10, 0), actor=secretary)


def test_overlapping_slot_is_refused_naming_the_other_case(make_case, make_day, secretary):
    day = make_day()
    first = make_case()
    case_schedule(case=first, day=day, starts_at=time(10, 0), actor=secretary)
    with pytest.raises(HearingRefused) as refused:
        case_schedule(case=make_case(), day=day, starts_at=time(10, 15), actor=secretary)
    assert first.reference in str(refused.value)
    case_schedule(case=make_case(), day=day, starts_at=time(10, 30), actor=secretary)
    assert day.slots.count() == 2


def test_a_case_cannot_be_scheduled_twice(make_case, make_day, secretary):
    case = make_case()
    case_schedule(case=case, day=make_day(), starts_at=time(10, 0), actor=secretary)
    with pytest.raises(HearingRefused, match="already scheduled") as refused:
        case_schedule(case=case, day=make_day(room="Zaal 3"), starts_at=time(11, 0), actor=secretary)
    assert case.reference in str(refused.value)


def test_panel_needs_one_of_each_seat(make_day, pool, secretary):
    day = make_day()
    with pytest.raises(HearingRefused, match="seat"):
        panel_compose(
            day=day, chair=pool["consumer"][0], consumer=pool["chair"][0], trade=pool["trade"][0], actor=secretary
        )
    panel = panel_compose(
        day=day, chair=pool["chair"][0], consumer=pool["consumer"][0], trade=pool["trade"][0], actor=secretary
    )
    assert panel.hearing_day == day
    assert AuditEvent.objects.filter(event_type="hearing_day.panel_composed").exists()


def test_double_booking_on_the_same_date_is_refused_naming_the_other_day(make_day, panel_of, pool, secretary):
    morning = make_day(place="Utrecht", room="Zaal 1")
    panel_of(morning)
    afternoon = make_day(place="Den Haag", room="Zaal 9", starts_at=time(14, 0))
    with pytest.raises(HearingRefused) as refused:
        panel_compose(
            day=afternoon, chair=pool["chair"][1], consumer=pool["consumer"][0], trade=pool["trade"][1], actor=secretary
        )
    message = " ".join(refused.value.messages)
    assert str(pool["consumer"][0]) in message and "Utrecht" in message and "Zaal 1" in message
    # Another date is fine.
    other_date = make_day(on=HEARING_DATE.replace(day=13))
    panel_of(other_date)


def test_conflict_with_a_member_on_the_day_is_refused(make_case, make_day, pool, secretary, alpha):
    day = make_day()
    case = make_case()
    case_schedule(case=case, day=day, starts_at=time(10, 0), actor=secretary)
    conflict_declare(panel_member=pool["trade"][0], member=alpha, reason="Was adviseur van Alfa Bouw", actor=secretary)
    with pytest.raises(HearingRefused) as refused:
        panel_compose(
            day=day, chair=pool["chair"][0], consumer=pool["consumer"][0], trade=pool["trade"][0], actor=secretary
        )
    message = " ".join(refused.value.messages)
    assert case.reference in message and "Alfa Bouw B.V." in message and "Was adviseur" in message
    panel_compose(
        day=day, chair=pool["chair"][0], consumer=pool["consumer"][0], trade=pool["trade"][1], actor=secretary
    )


def test_scheduling_a_case_a_panel_member_is_conflicted_on_is_refused(make_case, make_day, panel_of, pool, secretary):
    day = make_day()
    panel_of(day)
    case = make_case()
    conflict_declare(panel_member=pool["chair"][0], case=case, reason="Kent de klager", actor=secretary)
    with pytest.raises(HearingRefused) as refused:
        case_schedule(case=case, day=day, starts_at=time(10, 0), actor=secretary)
    assert case.reference in " ".join(refused.value.messages) and str(pool["chair"][0]) in str(refused.value)
    case.refresh_from_db()
    assert case.stage == Stage.DEFENCE


def test_unavailable_panel_member_is_refused(make_day, pool, secretary):
    day = make_day()
    unavailability_add(panel_member=pool["chair"][0], date=day.date, actor=secretary)
    with pytest.raises(HearingRefused, match="not available"):
        panel_compose(
            day=day, chair=pool["chair"][0], consumer=pool["consumer"][0], trade=pool["trade"][0], actor=secretary
        )


def test_conflict_needs_a_member_or_a_case(pool, secretary):
    with pytest.raises(HearingRefused):
        conflict_declare(panel_member=pool["chair"][0], reason="?", actor=secretary)


def test_held_hearing_moves_the_case_to_deliberation(make_case, make_day, secretary):
    case = make_case()
    slot = case_schedule(case=case, day=make_day(on=last_week()), starts_at=time(10, 0), actor=secretary)
    hearing_held(slot=slot, actor=secretary)
    case.refresh_from_db()
    assert case.stage == Stage.DELIBERATION
    with pytest.raises(HearingRefused):
        hearing_held(slot=slot, actor=secretary)
