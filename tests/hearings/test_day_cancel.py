"""Cancelling a whole hearing day: every planned hearing is cancelled with METHOD:CANCEL (same UID,
higher SEQUENCE), the day refuses new panels and cases, a held hearing blocks it, and only the
secretary may do it."""

from __future__ import annotations

from datetime import time

import pytest
from django.utils import translation

from commission.hearings.models import HearingDay, Slot
from commission.hearings.services import HearingRefused, case_schedule, hearing_day_cancel, hearing_held
from tenants.audit.models import AuditEvent
from tenants.outbox.models import OutboundEmail
from tests.hearings.conftest import last_week, url
from tests.hearings.test_invitations import calendars, field, parse_ics

pytestmark = pytest.mark.django_db


def test_secretary_cancels_the_day_and_everyone_gets_a_cancellation(
    client_for, secretary, make_case, make_day, panel_of, pool
):
    day = make_day()
    panel_of(day)
    first = case_schedule(
        case=make_case(complainant_email="karin@example.org"), day=day, starts_at=time(10, 0), actor=secretary
    )
    second = case_schedule(
        case=make_case(complainant_email="piet@example.org"), day=day, starts_at=time(11, 0), actor=secretary
    )
    invited = {
        slot.pk: set(OutboundEmail.objects.filter(about=f"cases.case:{slot.case.uuid}").values_list("to", flat=True))
        for slot in (first, second)
    }
    before = OutboundEmail.objects.order_by("-pk").values_list("pk", flat=True).first()
    client = client_for(None, secretary)
    response = client.post(url("cancel", day.uuid), {"day_cancel-reason": "Zaal niet beschikbaar"})
    assert response.status_code == 302
    day.refresh_from_db()
    assert day.cancelled and day.cancel_reason == "Zaal niet beschikbaar"
    for slot in (first, second):
        slot.refresh_from_db()
        assert slot.status == Slot.Status.CANCELLED and slot.sequence == 1
        sent = OutboundEmail.objects.filter(pk__gt=before, about=f"cases.case:{slot.case.uuid}")
        assert set(sent.values_list("to", flat=True)) == invited[slot.pk]
        assert {pool[s][0].user.email for s in ("chair", "consumer", "trade")} <= invited[slot.pk]
        for message in sent:
            lines = parse_ics(dict((m.pk, t) for m, t in calendars())[message.pk])
            assert field(lines, "METHOD") == ["CANCEL"] and field(lines, "STATUS") == ["CANCELLED"]
            assert field(lines, "SEQUENCE") == ["1"]
            assert field(lines, "UID")[0].startswith(str(slot.uid))
            assert message.topic == "hearing_cancelled"
    assert AuditEvent.objects.filter(event_type="hearing_day.cancelled").count() == 1
    assert AuditEvent.objects.filter(event_type="hearing.cancelled").count() == 2
    page = client.get(url("detail", day.uuid)).content.decode()
    assert "Zaal niet beschikbaar" in page and url("cancel", day.uuid) not in page
    # A cancelled day takes no panel and no cases, and cannot be cancelled twice.
    translation.activate("en")  # the requests above switched to the Dutch of the office
    with pytest.raises(HearingRefused, match="cancelled"):
        panel_of(day, 1)
    with pytest.raises(HearingRefused, match="cancelled"):
        case_schedule(case=make_case(), day=day, starts_at=time(13, 0), actor=secretary)
    response = client.post(url("schedule", day.uuid), {"case": make_case().pk, "starts_at": "13:00"})
    assert response.status_code == 400
    translation.activate("en")
    with pytest.raises(HearingRefused, match="already cancelled"):
        hearing_day_cancel(day=day, actor=secretary, reason="Nogmaals")
    response = client.post(url("cancel", day.uuid), {"day_cancel-reason": "Nogmaals"})
    assert response.status_code == 400 and "al geannuleerd" in response.content.decode()  # the page speaks Dutch


def test_reason_is_required(client_for, secretary, make_day):
    day = make_day()
    response = client_for(None, secretary).post(url("cancel", day.uuid), {"day_cancel-reason": ""})
    assert response.status_code == 400
    assert not HearingDay.objects.get(pk=day.pk).cancelled


def test_a_held_hearing_blocks_the_cancel(secretary, make_case, make_day, client_for):
    day = make_day(on=last_week())
    held = case_schedule(case=make_case(), day=day, starts_at=time(10, 0), actor=secretary)
    other = case_schedule(case=make_case(), day=day, starts_at=time(11, 0), actor=secretary)
    hearing_held(slot=held, actor=secretary)
    before = OutboundEmail.objects.count()
    with pytest.raises(HearingRefused, match="already held"):
        hearing_day_cancel(day=day, actor=secretary, reason="Ziekte")
    response = client_for(None, secretary).post(url("cancel", day.uuid), {"day_cancel-reason": "Ziekte"})
    assert response.status_code == 400 and "al een zitting gehouden" in response.content.decode()
    day.refresh_from_db()
    other.refresh_from_db()
    assert not day.cancelled and other.status == Slot.Status.SCHEDULED
    assert OutboundEmail.objects.count() == before


def test_a_panel_member_cannot_cancel(client_for, secretary, make_case, make_day, panel_of, pool):
    day = make_day()
    panel_of(day)
    case_schedule(case=make_case(), day=day, starts_at=time(10, 0), actor=secretary)
    client = client_for(None, pool["chair"][0].user)
    page = client.get(url("detail", day.uuid)).content.decode()
    assert url("cancel", day.uuid) not in page
    assert client.post(url("cancel", day.uuid), {"day_cancel-reason": "Ziek"}).status_code == 403
    day.refresh_from_db()
    assert not day.cancelled and Slot.objects.get().status == Slot.Status.SCHEDULED
