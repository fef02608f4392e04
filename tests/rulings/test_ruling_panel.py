"""The ruling names the panel that heard the case (all three seats), the hearing date, whether the
panel decided unanimously and the complaint fee (issue 10, "The panel's work"); a decision on paper
says that no hearing was held. The chair cannot approve a draft that does not record unanimity."""

from __future__ import annotations

from datetime import time

import pytest
from django.utils import formats, translation

from commission.cases.models import Stage
from commission.cases.services import case_move
from commission.hearings.models import PanelRole
from commission.rulings.models import Ruling
from commission.rulings.services import RulingRefused, ruling_approve
from core.pdf import pdf_text
from tests.hearings.conftest import last_week, panel_of, pool  # noqa: F401  (hearing fixtures)
from tests.helpers import nl

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard(make_case, make_day, panel_of, secretary):  # noqa: F811
    """A case heard last week by a composed panel, now in deliberation; returns (case, panel)."""
    from commission.hearings.services import case_schedule, hearing_held

    case = make_case()
    day = make_day(on=last_week())
    panel = panel_of(day)
    slot = case_schedule(case=case, day=day, starts_at=time(10, 0), actor=secretary)
    hearing_held(slot=slot, actor=secretary)
    case.refresh_from_db()
    return case, panel


def text_of(ruling: Ruling) -> str:
    with ruling.pdf.open("rb") as handle:
        return " ".join(pdf_text(handle.read()).split())


def dutch(seat: str) -> str:
    return nl(PanelRole(seat).label)


def test_the_ruling_names_the_panel_the_hearing_date_unanimity_and_the_fee(heard, draft, chair, settings):
    case, panel = heard
    ruling = ruling_approve(ruling=draft(case, unanimous=True), actor=chair)
    text = text_of(ruling)
    for seat, person in panel.seats:
        assert f"{dutch(seat)} {person.user.full_name}" in text, (seat, text)
    with translation.override(settings.LANGUAGE_CODE):
        assert formats.date_format(last_week(), "j F Y") in text
        assert f"€ {formats.number_format(case.fee_amount, 2)}" in text
    assert nl("The panel decided unanimously.") in text
    assert nl("The panel decided by majority.") not in text
    assert nl("No hearing was held; the case was decided on paper.") not in text


def test_a_majority_decision_says_so(heard, draft, chair):
    case, _panel = heard
    text = text_of(ruling_approve(ruling=draft(case, unanimous=False), actor=chair))
    assert nl("The panel decided by majority.") in text and nl("The panel decided unanimously.") not in text


def test_approval_is_refused_until_unanimity_is_recorded(heard, draft, chair, secretary, english_messages):
    case, _panel = heard
    ruling = draft(case, unanimous=None)
    assert ruling.unanimous is None
    with pytest.raises(RulingRefused) as refused:
        ruling_approve(ruling=ruling, actor=chair)
    assert "unanimous or by majority" in " ".join(refused.value.messages)
    assert Ruling.objects.get(pk=ruling.pk).status == Ruling.Status.DRAFT
    # Recording it (by majority is a value too) lets the chair approve.
    ruling = draft(case, unanimous=False)
    assert ruling_approve(ruling=ruling, actor=chair).is_approved


def test_the_draft_form_records_unanimity_and_refuses_nonsense(heard, draft, secretary, client_for):
    from tests.rulings.conftest import SECTIONS

    case, _panel = heard
    client = client_for(user=secretary)
    url = f"/office/rulings/cases/{case.uuid}/draft/"
    values = {**SECTIONS, "outcome": "founded", "fee_refund": "none", "deposit_decision": "none"}
    values["compliance_term_days"] = "30"
    response = client.post(url, {**values, "unanimous": "maybe"})
    assert response.status_code == 400
    assert not case.rulings.exists()
    response = client.post(url, {**values, "unanimous": "False"})
    assert response.status_code == 302
    ruling = case.rulings.get()
    assert ruling.unanimous is False
    page = client.get(url)
    assert page.status_code == 200 and '<option value="False" selected>' in page.content.decode()


def test_only_the_commission_staff_reach_the_draft_form(heard, make_user, alpha, client_for):
    from tenants.accounts.roles import Role

    case, _panel = heard
    url = f"/office/rulings/cases/{case.uuid}/draft/"
    panel_member = make_user(None, Role.PANEL_MEMBER)
    assert client_for(user=panel_member).post(url, {"unanimous": "True"}).status_code in (302, 403)
    assert client_for().post(url, {"unanimous": "True"}).status_code in (302, 403)
    assert not case.rulings.exists()


def test_a_decision_on_paper_says_no_hearing_was_held(deliberating, draft, chair):
    case = deliberating()
    assert not case.hearing_slots.exists()
    text = text_of(ruling_approve(ruling=draft(case, unanimous=True), actor=chair))
    assert nl("No hearing was held; the case was decided on paper.") in text
    # No panel was ever assigned: the chair who approved it is named.
    assert f"{dutch(PanelRole.CHAIR)} {chair.full_name}" in text


def test_a_decision_on_paper_names_the_panel_that_was_assigned(
    make_case,
    make_day,
    panel_of,  # noqa: F811
    draft,
    chair,
    secretary,
):
    from commission.hearings.services import case_cancel_hearing, case_schedule

    case = make_case()
    day = make_day(on=last_week())
    panel = panel_of(day)
    slot = case_schedule(case=case, day=day, starts_at=time(10, 0), actor=secretary)
    case_cancel_hearing(slot=slot, actor=secretary, reason="Beide partijen vragen een beslissing op stukken.")
    case = case_move(case=case, to=Stage.DELIBERATION, actor=secretary)
    text = text_of(ruling_approve(ruling=draft(case, unanimous=True), actor=chair))
    assert nl("No hearing was held; the case was decided on paper.") in text
    assert formats.date_format(last_week(), "j F Y") not in text
    for seat, person in panel.seats:
        assert f"{dutch(seat)} {person.user.full_name}" in text, (seat, text)
