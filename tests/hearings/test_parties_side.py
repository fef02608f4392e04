"""The parties' side of a hearing: both portals show when, where and who; the complainant withdraws
online; either party asks for postponement, which the secretary grants or refuses."""

from __future__ import annotations

from datetime import time

import pytest

from commission.cases.models import Case, Stage
from commission.cases.services import case_link_token, case_move
from commission.hearings.models import PostponementRequest, Slot
from commission.hearings.selectors import schedulable_cases
from commission.hearings.services import case_cancel_hearing, case_schedule
from tenants.outbox.models import OutboundEmail

from .conftest import url

pytestmark = pytest.mark.django_db

PHONE = "0612345678"


@pytest.fixture
def hearing(make_case, make_day, panel_of, secretary, staff):
    """A case of alpha scheduled at 10:30 on a hearing day in Den Haag, Zaal 2, with a panel."""
    day = make_day()
    panel_of(day)
    case = make_case(complainant_email="karin@example.org", complainant_phone=PHONE)
    return case_schedule(case=case, day=day, starts_at=time(10, 30), actor=secretary)


def public_page(client_for, case: Case) -> str:
    response = client_for(None).get(f"/cases/{case_link_token(case)}/")
    assert response.status_code == 200
    return response.content.decode()


def member_page(client_for, user, case: Case, member) -> str:
    response = client_for(member, user).get(f"/office/commission-cases/{case.uuid}/")
    assert response.status_code == 200
    return response.content.decode()


def public_hearing(case: Case, slot: Slot, what: str) -> str:
    return f"/cases/{case_link_token(case)}/hearings/{slot.uid}/{what}"


def member_hearing(case: Case, slot: Slot, what: str) -> str:
    return f"/office/commission-cases/{case.uuid}/hearings/{slot.uid}/{what}"


# Both portals show the hearing ------------------------------------------------------------------------


def test_complainant_page_shows_date_place_panel_and_calendar(hearing, client_for, pool, staff):
    case = hearing.case
    html = public_page(client_for, case)
    assert f'data-slot="{hearing.uid}"' in html and 'data-status="scheduled"' in html
    assert "10:30" in html and "Den Haag, Zaal 2" in html
    for seat in ("chair", "consumer", "trade"):
        assert str(pool[seat][0]) in html, seat
    assert f"/hearings/{hearing.uid}/invitation.ics" in html  # under the case link (its token has a timestamp)
    # Never the member's people's addresses.
    assert staff["owner"].email not in html and staff["handler"].email not in html

    calendar = client_for(None).get(public_hearing(case, hearing, "invitation.ics"))
    assert calendar.status_code == 200 and calendar["Content-Type"].startswith("text/calendar")
    text = calendar.content.decode()
    assert "METHOD:REQUEST" in text and f"UID:{hearing.uid}@" in text
    assert "karin@example.org" in text and staff["owner"].email not in text


def test_member_page_shows_date_place_panel_and_calendar(hearing, client_for, pool, staff, alpha):
    case = hearing.case
    html = member_page(client_for, staff["handler"], case, alpha)
    assert f'data-slot="{hearing.uid}"' in html and "Den Haag, Zaal 2" in html and "10:30" in html
    for seat in ("chair", "consumer", "trade"):
        assert str(pool[seat][0]) in html, seat
    assert member_hearing(case, hearing, "invitation.ics") in html
    # Never the complainant's contact details.
    assert "karin@example.org" not in html and PHONE not in html

    calendar = client_for(alpha, staff["handler"]).get(member_hearing(case, hearing, "invitation.ics"))
    assert calendar.status_code == 200
    text = calendar.content.decode()
    assert staff["owner"].email in text and "karin@example.org" not in text


def test_a_cancelled_hearing_is_shown_as_cancelled(hearing, client_for, secretary, staff, alpha):
    case_cancel_hearing(slot=hearing, actor=secretary, reason="Zaal niet beschikbaar")
    assert 'data-status="cancelled"' in public_page(client_for, hearing.case)
    assert 'data-status="cancelled"' in member_page(client_for, staff["owner"], hearing.case, alpha)
    calendar = client_for(None).get(public_hearing(hearing.case, hearing, "invitation.ics")).content.decode()
    assert "METHOD:CANCEL" in calendar


# Withdrawal online ------------------------------------------------------------------------------------


def test_withdrawal_needs_the_confirmation_then_closes_the_case_as_withdrawn(hearing, client_for, staff):
    case = hearing.case
    withdraw = f"/cases/{case_link_token(case)}/withdraw/"
    assert 'data-testid="withdraw"' in public_page(client_for, case)

    refused = client_for(None).post(withdraw, {"reason": "Opgelost"})
    assert refused.status_code == 400
    case.refresh_from_db()
    assert case.stage == Stage.HEARING

    before = OutboundEmail.objects.filter(topic="case_case_closed").count()
    done = client_for(None).post(withdraw, {"confirm": "on", "reason": "We hebben het samen opgelost."})
    assert done.status_code == 302
    case.refresh_from_db()
    assert (case.stage, case.closure) == (Stage.CLOSED, Case.Closure.WITHDRAWN)
    assert case.stage_changes.last().note.endswith("We hebben het samen opgelost.")
    # Both parties are told through the existing closing notification.
    told = set(OutboundEmail.objects.filter(topic="case_case_closed").values_list("to", flat=True)[before:])
    assert {"karin@example.org", staff["owner"].email} <= told
    html = public_page(client_for, case)
    assert 'data-closure="withdrawn"' in html and 'data-testid="withdraw"' not in html

    again = client_for(None).post(withdraw, {"confirm": "on"})
    assert again.status_code == 400


def test_withdrawal_is_refused_after_the_ruling(hearing, client_for, secretary):
    case = hearing.case
    case = case_move(case=case, to=Stage.DELIBERATION, actor=secretary)
    case = case_move(case=case, to=Stage.RULED, actor=secretary)
    assert 'data-testid="withdraw"' not in public_page(client_for, case)
    response = client_for(None).post(f"/cases/{case_link_token(case)}/withdraw/", {"confirm": "on"})
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.stage == Stage.RULED and case.closure == ""


# Postponement ---------------------------------------------------------------------------------------


def test_each_party_asks_for_postponement_once_with_a_reason(hearing, client_for, staff, alpha):
    case = hearing.case
    complainant = client_for(None)
    assert complainant.post(public_hearing(case, hearing, "postpone/"), {"reason": "  "}).status_code == 302
    assert not PostponementRequest.objects.exists(), "a request without a reason is refused"

    complainant.post(public_hearing(case, hearing, "postpone/"), {"reason": "Ik lig in het ziekenhuis."})
    complainant.post(public_hearing(case, hearing, "postpone/"), {"reason": "Nogmaals."})
    asked = PostponementRequest.objects.get(party=PostponementRequest.Party.COMPLAINANT)
    assert (asked.slot_id, asked.reason, asked.decision) == (hearing.pk, "Ik lig in het ziekenhuis.", "")
    assert PostponementRequest.objects.count() == 1, "a second open request of the same party is refused"
    assert 'data-decision="open"' in public_page(client_for, case)

    # The member: its owner may ask, a complaint handler may not.
    handler = client_for(alpha, staff["handler"])
    assert handler.post(member_hearing(case, hearing, "postpone/"), {"reason": "Vakantie"}).status_code == 403
    owner = client_for(alpha, staff["owner"])
    assert owner.post(member_hearing(case, hearing, "postpone/"), {"reason": "Onze jurist is ziek."}).status_code == 302
    member_request = PostponementRequest.objects.get(party=PostponementRequest.Party.MEMBER)
    assert staff["owner"].email in member_request.requested_by_label or alpha.legal_name in (
        member_request.requested_by_label
    )
    # Each party sees only its own request.
    assert "Onze jurist is ziek." not in public_page(client_for, case)


def test_the_secretary_grants_a_postponement(hearing, client_for, secretary, staff, alpha):
    case = hearing.case
    client_for(alpha, staff["owner"]).post(member_hearing(case, hearing, "postpone/"), {"reason": "Jurist ziek"})
    request = PostponementRequest.objects.get()
    office = client_for(None, secretary)
    day_page = office.get(url("detail", hearing.hearing_day.uuid)).content.decode()
    assert f'data-request="{request.uuid}"' in day_page and "Jurist ziek" in day_page

    before = OutboundEmail.objects.count()
    response = office.post(url("postponement", hearing.hearing_day.uuid, request.uuid, "grant"))
    assert response.status_code == 302
    request.refresh_from_db()
    hearing.refresh_from_db()
    case.refresh_from_db()
    assert request.decision == PostponementRequest.Decision.GRANTED and request.decided_at is not None
    assert hearing.status == Slot.Status.CANCELLED
    new = OutboundEmail.objects.order_by("id")[before:]
    cancellations = {m.to for m in new if m.topic == "hearing_cancelled"}
    assert {"karin@example.org", staff["owner"].email} <= cancellations
    assert all("method=CANCEL" in m.attachments[0]["content_type"] for m in new if m.topic == "hearing_cancelled")
    assert staff["owner"].email in {m.to for m in new if m.topic == "hearing_postponement_decided"}
    # The case waits in the hearing stage, ready to be scheduled again.
    assert case.stage == Stage.HEARING
    assert case in schedulable_cases(actor=secretary, day=hearing.hearing_day)
    assert 'data-status="cancelled"' in public_page(client_for, case)


def test_the_secretary_refuses_a_postponement_with_a_note(hearing, client_for, secretary):
    case = hearing.case
    client_for(None).post(public_hearing(case, hearing, "postpone/"), {"reason": "Andere afspraak"})
    request = PostponementRequest.objects.get()
    office = client_for(None, secretary)
    refuse = url("postponement", hearing.hearing_day.uuid, request.uuid, "refuse")

    office.post(refuse, {"note": ""})
    request.refresh_from_db()
    assert request.is_open, "a refusal needs a note"

    before = OutboundEmail.objects.count()
    office.post(refuse, {"note": "Een andere afspraak is geen reden voor uitstel."})
    request.refresh_from_db()
    hearing.refresh_from_db()
    assert request.decision == PostponementRequest.Decision.REFUSED
    assert hearing.status == Slot.Status.SCHEDULED
    told = OutboundEmail.objects.order_by("id")[before:]
    assert [(m.to, m.topic) for m in told] == [("karin@example.org", "hearing_postponement_decided")]
    assert "Een andere afspraak is geen reden voor uitstel." in told[0].body_text
    assert 'data-decision="refused"' in public_page(client_for, case)

    # Decided: a new request is possible, deciding the old one again is not.
    assert office.post(refuse, {"note": "Nogmaals"}).status_code == 302
    request.refresh_from_db()
    assert request.decision_note == "Een andere afspraak is geen reden voor uitstel."


# Isolation ------------------------------------------------------------------------------------------


def test_others_cannot_see_or_ask_anything_about_the_hearing(
    hearing, client_for, make_case, make_user, beta, pool, alpha, staff
):
    from tenants.accounts.roles import Role

    case = hearing.case
    other_case = make_case(complainant_email="ander@example.org")
    # Another complainant's link, with this hearing's uid.
    stranger = client_for(None)
    assert stranger.get(public_hearing(other_case, hearing, "invitation.ics")).status_code == 404
    assert stranger.post(public_hearing(other_case, hearing, "postpone/"), {"reason": "x"}).status_code == 404
    assert f'data-slot="{hearing.uid}"' not in public_page(client_for, other_case)
    # A broken link.
    assert stranger.get(f"/cases/forged/hearings/{hearing.uid}/invitation.ics").status_code == 404
    # Another member's owner, on their own host, with this case's uuid.
    beta_owner = client_for(beta, make_user(beta, Role.OWNER))
    assert beta_owner.get(member_hearing(case, hearing, "invitation.ics")).status_code == 404
    assert beta_owner.post(member_hearing(case, hearing, "postpone/"), {"reason": "x"}).status_code == 404
    assert beta_owner.get(f"/office/commission-cases/{case.uuid}/").status_code == 404
    # A panel member is not the secretary: no decisions.
    client_for(None).post(public_hearing(case, hearing, "postpone/"), {"reason": "Ziek"})
    request = PostponementRequest.objects.get()
    panel_member = client_for(None, pool["chair"][0].user)
    response = panel_member.post(url("postponement", hearing.hearing_day.uuid, request.uuid, "grant"))
    assert response.status_code in (403, 404)
    request.refresh_from_db()
    assert request.is_open
    assert PostponementRequest.objects.count() == 1


def test_the_secretaries_are_told_of_each_request(hearing, client_for, secretary, staff, alpha, in_schema):
    case = hearing.case
    client_for(None).post(public_hearing(case, hearing, "postpone/"), {"reason": "Ik lig in het ziekenhuis."})
    client_for(alpha, staff["owner"]).post(member_hearing(case, hearing, "postpone/"), {"reason": "Jurist ziek."})
    with in_schema("public"):
        told = list(OutboundEmail.objects.filter(topic="hearing_postponement_requested").order_by("pk"))
    assert [m.to for m in told] == [secretary.email, secretary.email]
    assert "Ik lig in het ziekenhuis." in told[0].body_text and "Jurist ziek." in told[1].body_text
    assert f"http://wederhoor.test/office/hearings/{hearing.hearing_day.uuid}/" in told[0].body_text
    assert case.reference in told[0].subject
    # Asked on the member's host, the message still leaves from the commission's outbox.
    with in_schema(alpha):
        assert not OutboundEmail.objects.filter(topic="hearing_postponement_requested").exists()
