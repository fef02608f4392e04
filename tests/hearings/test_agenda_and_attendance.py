"""The agenda PDF for the panel, and who attended."""

from __future__ import annotations

from datetime import time

import pytest

from commission.hearings.models import Attendance
from commission.hearings.services import HearingRefused, attendance_record, case_schedule, hearing_day_agenda
from core.pdf import pdf_text
from tenants.audit.models import AuditEvent

from .conftest import last_week

pytestmark = pytest.mark.django_db


def test_agenda_lists_the_cases_and_the_panel(make_case, make_day, panel_of, pool, secretary):
    day = make_day()
    panel_of(day)
    first = make_case(complainant_name="Anna Aanvrager")
    second = make_case(complainant_name="Bert Bezwaar")
    case_schedule(case=first, day=day, starts_at=time(10, 0), actor=secretary)
    case_schedule(case=second, day=day, starts_at=time(10, 30), actor=secretary)
    text = pdf_text(hearing_day_agenda(day=day).pdf)
    for expected in (first.reference, second.reference, "Anna Aanvrager", "Bert Bezwaar", "Alfa Bouw B.V.", "10:30"):
        assert expected in text
    for seat in ("chair", "consumer", "trade"):
        assert pool[seat][0].user.full_name in text


def test_attendance_is_recorded_and_audited(make_case, make_day, secretary):
    slot = case_schedule(case=make_case(), day=make_day(on=last_week()), starts_at=time(10, 0), actor=secretary)
    attendance_record(slot=slot, attended={"complainant": True, "member": False}, actor=secretary)
    attendance_record(slot=slot, attended={"member": True, "chair": True}, actor=secretary)
    assert dict(slot.attendance.values_list("party", "attended")) == {
        "complainant": True,
        "member": True,
        "chair": True,
    }
    assert Attendance.objects.get(slot=slot, party="member").recorded_by_label == secretary.full_name
    event = AuditEvent.objects.filter(event_type="hearing.attendance_recorded").order_by("id").last()
    assert event.data["attendance"]["old"]["member"] is False
    with pytest.raises(HearingRefused):
        attendance_record(slot=slot, attended={"expert": True}, actor=secretary)
