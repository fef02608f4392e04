"""A hearing happens before it is recorded: attendance and "held" are refused before the hearing's start
(Europe/Amsterdam), naming when it starts, in the services and therefore on the pages too."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from unittest import mock

import pytest
from django.utils import timezone

from commission.cases.models import Stage
from commission.hearings.models import Slot
from commission.hearings.services import HearingRefused, attendance_record, case_schedule, hearing_held

from .conftest import HEARING_DATE, url

pytestmark = pytest.mark.django_db


def at(moment: datetime):
    """Run as if the clock showed ``moment``."""
    return mock.patch("django.utils.timezone.now", return_value=moment)


def amsterdam(day, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=timezone.get_default_timezone())


@pytest.fixture
def planned(make_case, make_day, secretary):
    """A hearing on 12 March 2031 at 10:30."""
    return case_schedule(case=make_case(), day=make_day(), starts_at=time(10, 30), actor=secretary)


def test_attendance_before_the_start_is_refused_naming_the_start(planned, secretary):
    with pytest.raises(HearingRefused) as refused:
        attendance_record(slot=planned, attended={"complainant": True}, actor=secretary)
    assert "12 March 2031 at 10:30" in " ".join(refused.value.messages)
    # One minute before the start (Amsterdam time, whatever the server's clock zone) is still too early.
    with at(amsterdam(HEARING_DATE, time(10, 29))), pytest.raises(HearingRefused, match="10:30"):
        attendance_record(slot=planned, attended={"complainant": True}, actor=secretary)
    assert not planned.attendance.exists()
    with at(amsterdam(HEARING_DATE, time(10, 30))):
        attendance_record(slot=planned, attended={"complainant": True}, actor=secretary)
    assert dict(planned.attendance.values_list("party", "attended")) == {"complainant": True}


def test_held_before_the_start_is_refused_naming_the_start(planned, secretary):
    with pytest.raises(HearingRefused) as refused:
        hearing_held(slot=planned, actor=secretary)
    assert "12 March 2031 at 10:30" in " ".join(refused.value.messages)
    planned.refresh_from_db()
    assert planned.held_at is None and planned.case.stage == Stage.HEARING
    moment = amsterdam(HEARING_DATE, time(11, 15))
    with at(moment):
        hearing_held(slot=planned, actor=secretary)
    planned.refresh_from_db()
    assert planned.held_at == moment and planned.case.stage == Stage.DELIBERATION


def test_the_pages_refuse_in_dutch_and_save_nothing(planned, secretary, client_for):
    client = client_for(None, secretary)
    day = planned.hearing_day
    for action, data in (("attendance", {"complainant": "on", "member": "on"}), ("held", {})):
        response = client.post(url("slot", day.uuid, planned.uid, action), data, follow=True)
        page = response.content.decode()
        assert response.status_code == 200 and "12 maart 2031" in page and "10:30" in page, action
    planned.refresh_from_db()
    assert planned.held_at is None and not planned.attendance.exists()
    assert planned.case.stage == Stage.HEARING


def test_a_hearing_in_the_past_can_be_recorded(make_case, make_day, secretary):
    last_week = timezone.localdate() - timedelta(days=7)
    slot = case_schedule(case=make_case(), day=make_day(on=last_week), starts_at=time(10, 0), actor=secretary)
    attendance_record(slot=slot, attended={"complainant": True, "member": True}, actor=secretary)
    hearing_held(slot=slot, actor=secretary)
    slot = Slot.objects.get(pk=slot.pk)
    assert slot.held_at is not None and slot.case.stage == Stage.DELIBERATION
