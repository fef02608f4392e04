"""Who reaches the hearing pages: the secretary manages, a panel member sees only their own hearing
days, everyone else gets nothing."""

from __future__ import annotations

from datetime import time

import pytest

from commission.cases.models import Stage
from commission.hearings.models import HearingDay, Slot
from commission.hearings.services import case_schedule
from tenants.accounts.roles import Role

from .conftest import last_week, url

pytestmark = pytest.mark.django_db


def test_secretary_manages_hearing_days(client_for, secretary, make_case, pool):
    client = client_for(None, secretary)
    assert client.get(url("list")).status_code == 200
    assert client.get(url("pool")).status_code == 200
    committee = make_case().committee
    response = client.post(
        url("list"),
        {
            "committee": committee.pk,
            "date": last_week().isoformat(),
            "starts_at": "10:00",
            "place": "Utrecht",
            "slot_minutes": 30,
        },
    )
    day = HearingDay.objects.get()
    assert response.status_code == 302 and day.place == "Utrecht"
    response = client.post(
        url("panel", day.uuid),
        {"chair": pool["chair"][0].pk, "consumer": pool["consumer"][0].pk, "trade": pool["trade"][0].pk},
    )
    assert response.status_code == 302
    case = make_case()
    response = client.post(url("schedule", day.uuid), {"case": case.pk, "starts_at": "10:00"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.stage == Stage.HEARING
    page = client.get(url("detail", day.uuid))
    assert case.reference in page.content.decode()
    slot = Slot.objects.get(case=case)
    client.post(url("slot", day.uuid, slot.uid, "attendance"), {"complainant": "on", "member": "on"})
    assert set(slot.attendance.filter(attended=True).values_list("party", flat=True)) == {"complainant", "member"}
    client.post(url("slot", day.uuid, slot.uid, "cancel"), {"reason": "Schikking"})
    slot.refresh_from_db()
    assert slot.status == Slot.Status.CANCELLED
    agenda = client.get(url("agenda", day.uuid))
    assert agenda.status_code == 200 and agenda["Content-Type"] == "application/pdf"


def test_overlap_is_shown_on_the_form(client_for, secretary, make_case, make_day):
    day = make_day()
    first = make_case()
    case_schedule(case=first, day=day, starts_at=time(10, 0), actor=secretary)
    response = client_for(None, secretary).post(
        url("schedule", day.uuid), {"case": make_case().pk, "starts_at": "10:10"}
    )
    assert response.status_code == 400 and first.reference in response.content.decode()


def test_panel_member_sees_only_their_own_hearing_days(client_for, make_day, panel_of, pool):
    mine = make_day(place="Utrecht")
    panel_of(mine, 0)
    other = make_day(place="Zwolle", on=mine.date.replace(day=20))
    panel_of(other, 1)
    client = client_for(None, pool["trade"][0].user)
    listing = client.get(url("list")).content.decode()
    assert "Utrecht" in listing and "Zwolle" not in listing
    assert client.get(url("detail", mine.uuid)).status_code == 200
    assert client.get(url("agenda", mine.uuid)).status_code == 200
    assert client.get(url("detail", other.uuid)).status_code == 404
    assert client.get(url("agenda", other.uuid)).status_code == 404
    # Read only: no managing.
    assert client.get(url("pool")).status_code == 403
    assert client.post(url("panel", mine.uuid), {}).status_code == 403


def test_panel_member_off_the_pool_sees_nothing(client_for, make_user, make_day, panel_of):
    panel_of(make_day())
    outsider = make_user(None, Role.PANEL_MEMBER)
    assert "Den Haag" not in client_for(None, outsider).get(url("list")).content.decode()


def test_anonymous_and_complainants_are_sent_to_login(client_for, make_day):
    day = make_day()
    for path in (url("list"), url("detail", day.uuid), url("agenda", day.uuid), url("pool")):
        response = client_for().get(path)
        assert response.status_code == 302 and "login" in response["Location"]


def test_member_staff_cannot_reach_hearings(client_for, staff, alpha, beta, make_user, make_day):
    day = make_day()
    # Not routed on a member's host at all, for its own staff or another member's.
    for member, user in ((alpha, staff["owner"]), (beta, make_user(beta, Role.OWNER))):
        client = client_for(member, user)
        assert client.get(f"/office/hearings/{day.uuid}/").status_code == 404
        assert client.get("/office/hearings/").status_code == 404
