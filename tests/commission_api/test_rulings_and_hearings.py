"""The commission API for rulings (records and PDFs) and hearing days, and the member's ruling PDF."""

from __future__ import annotations

import hashlib
from datetime import time

import pytest

from commission.cases.models import Stage
from commission.hearings.models import Slot
from commission.hearings.services import case_schedule
from tenants.accounts.roles import Role
from tests.helpers import read

from .conftest import API, JSON, error_of, uuids

pytestmark = pytest.mark.django_db


def stored_pdf(ruling) -> bytes:
    with ruling.pdf.open("rb") as handle:
        return handle.read()


# Rulings ---------------------------------------------------------------------------------------


def test_ruling_record_and_list(api, chair, approved, draft, deliberating):
    ruling = approved()
    pending = draft(deliberating(complainant_name="Bert Bakker"))
    client = api(None, chair)
    assert set(uuids(client.get(f"{API}/rulings/"))) == {str(ruling.uuid), str(pending.uuid)}
    assert uuids(client.get(f"{API}/rulings/", {"status": "approved"})) == [str(ruling.uuid)]
    assert uuids(client.get(f"{API}/rulings/", {"case": str(pending.case.uuid)})) == [str(pending.uuid)]
    body = client.get(f"{API}/rulings/{ruling.uuid}/").json()
    assert body["number"] == ruling.number and body["outcome"] == "founded" and body["status"] == "approved"
    assert body["pdf_sha256"] == ruling.pdf_sha256 and body["pdf_url"].endswith(f"/rulings/{ruling.uuid}/pdf/")
    assert client.get(f"{API}/rulings/{pending.uuid}/").json()["pdf_url"] is None
    case = client.get(f"{API}/cases/{ruling.case.uuid}/").json()
    assert [r["uuid"] for r in case["rulings"]] == [str(ruling.uuid)] and case["stage"] == Stage.RULED


def test_ruling_pdf_is_that_rulings_pdf(api, secretary, approved, deliberating):
    first = approved()
    second = approved(deliberating(complainant_name="Bert Bakker"))
    client = api(None, secretary)
    for ruling, other in ((first, second), (second, first)):
        response = client.get(f"{API}/rulings/{ruling.uuid}/pdf/")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        content = read(response)
        assert content.startswith(b"%PDF") and content == stored_pdf(ruling) != stored_pdf(other)
        assert hashlib.sha256(content).hexdigest() == ruling.pdf_sha256


def test_draft_ruling_has_no_pdf(api, secretary, draft):
    ruling = draft()
    response = api(None, secretary).get(f"{API}/rulings/{ruling.uuid}/pdf/", HTTP_ACCEPT="application/pdf")
    assert response.status_code == 404 and error_of(response)["code"] == "not_found"


def test_ruling_pdf_needs_view_cases(api, make_user, approved):
    ruling = approved()
    for client in (api(), api(None, make_user(None, Role.PANEL_MEMBER))):
        response = client.get(f"{API}/rulings/{ruling.uuid}/pdf/")
        assert response.status_code in (401, 403) and "error" in response.json()


def test_member_downloads_its_own_ruling_only(api, make_user, approved, deliberating, alpha, beta):
    mine = approved()
    theirs = approved(deliberating(member=beta))
    client = api(alpha, make_user(alpha, Role.HANDLER))
    detail = client.get(f"{API}/commission-cases/{mine.case.uuid}/").json()
    assert [r["uuid"] for r in detail["rulings"]] == [str(mine.uuid)]
    response = client.get(detail["rulings"][0]["pdf_url"])
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert read(response) == stored_pdf(mine)
    # Beta's ruling, whether asked through beta's case or smuggled under alpha's case: 404.
    for case_uuid in (theirs.case.uuid, mine.case.uuid):
        response = client.get(f"{API}/commission-cases/{case_uuid}/rulings/{theirs.uuid}/pdf/")
        assert response.status_code == 404


# Hearing days ----------------------------------------------------------------------------------


def test_hearing_day_with_panel_and_slots(api, secretary, make_case, make_day, panel_of, pool):
    day = make_day()
    panel_of(day)
    case = make_case()
    slot = case_schedule(case=case, day=day, starts_at=time(10, 0), actor=secretary)
    client = api(None, secretary)
    assert uuids(client.get(f"{API}/hearing-days/")) == [str(day.uuid)]
    body = client.get(f"{API}/hearing-days/{day.uuid}/").json()
    assert [(seat["seat"], seat["panel_member"]) for seat in body["panel"]] == [
        ("chair", str(pool["chair"][0].uuid)),
        ("consumer", str(pool["consumer"][0].uuid)),
        ("trade", str(pool["trade"][0].uuid)),
    ]
    assert [(s["uid"], s["case"], s["starts_at"]) for s in body["slots"]] == [
        (str(slot.uid), str(case.uuid), "10:00:00")
    ]
    hearing = client.get(f"{API}/cases/{case.uuid}/").json()["hearing"]
    assert hearing["hearing_day"] == str(day.uuid) and hearing["status"] == Slot.Status.SCHEDULED


def test_secretary_schedules_a_case(api, secretary, make_case, make_day):
    day = make_day()
    case, other = make_case(), make_case(complainant_name="Bert Bakker")
    client = api(None, secretary)
    url = f"{API}/hearing-days/{day.uuid}/slots/"
    response = client.post(url, {"case": str(case.uuid), "starts_at": "10:00"}, content_type=JSON)
    assert response.status_code == 201, response.content
    assert [s["case"] for s in response.json()["slots"]] == [str(case.uuid)]
    case.refresh_from_db()
    assert case.stage == Stage.HEARING
    overlap = client.post(url, {"case": str(other.uuid), "starts_at": "10:15"}, content_type=JSON)
    assert overlap.status_code == 400 and "starts_at" in error_of(overlap)["fields"]


def test_panel_member_sees_only_their_days_and_cannot_schedule(api, make_day, panel_of, pool, make_case):
    from datetime import date

    theirs = make_day()
    panel_of(theirs, index=0)
    other = make_day(on=date(2031, 3, 19))
    panel_of(other, index=1)
    client = api(None, pool["consumer"][0].user)
    assert uuids(client.get(f"{API}/hearing-days/")) == [str(theirs.uuid)]
    assert client.get(f"{API}/hearing-days/{theirs.uuid}/").status_code == 200
    assert client.get(f"{API}/hearing-days/{other.uuid}/").status_code == 404
    case = make_case()
    response = client.post(
        f"{API}/hearing-days/{theirs.uuid}/slots/", {"case": str(case.uuid), "starts_at": "10:00"}, content_type=JSON
    )
    assert response.status_code == 403 and error_of(response)["code"] == "permission_denied"
    assert client.get(f"{API}/cases/{case.uuid}/").status_code == 403


def test_chair_without_a_seat_sees_no_hearing_days_but_may_not_schedule(api, chair, make_day):
    day = make_day()
    client = api(None, chair)
    assert uuids(client.get(f"{API}/hearing-days/")) == []
    response = client.post(f"{API}/hearing-days/{day.uuid}/slots/", {}, content_type=JSON)
    assert response.status_code == 403
