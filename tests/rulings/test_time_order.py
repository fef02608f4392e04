"""A ruling follows the hearing: the chair cannot approve it before the hearing was held, nor, for a
decision on paper (no hearing), while a written round is still open. The refusal names the date."""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.utils import formats, timezone, translation

from commission.cases.models import Party, Round, Stage
from commission.cases.services import case_move
from commission.rulings.models import Ruling
from commission.rulings.services import RulingRefused, ruling_approve

from .conftest import COMPLAINANT

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]


@pytest.fixture
def escalated(escalate):
    def make():
        return escalate(claim="Terugbetaling.", disputed_amount=Decimal(250), **COMPLAINANT)

    return make


def test_a_ruling_on_paper_waits_for_the_last_written_round(escalated, draft, chair, secretary, client_for):
    from commission.cases import services as procedure

    case = escalated()
    for stage in (Stage.ADMISSIBILITY, Stage.DEFENCE):
        case = case_move(case=case, to=stage, actor=secretary)
    due_on = timezone.localdate() + timedelta(days=14)
    procedure.case_round_open(case=case, actor=secretary, party=Party.COMPLAINANT, kind=Round.Kind.REPLY, due_on=due_on)
    # Decided without a hearing: straight on to deliberation while the reply round is still open.
    for stage in (Stage.HEARING, Stage.DELIBERATION):
        case = case_move(case=case, to=stage, actor=secretary)
    ruling = draft(case)
    with pytest.raises(RulingRefused) as refused:
        ruling_approve(ruling=ruling, actor=chair)
    message = " ".join(refused.value.messages)
    assert "Reply" in message and f"{due_on.day} " in message and str(due_on.year) in message
    response = client_for(user=chair).post(f"/office/rulings/{ruling.uuid}/approve/")
    with translation.override("nl"):
        dutch_date = formats.date_format(due_on, "j F Y")
    assert response.status_code == 400 and dutch_date in response.content.decode()
    assert Ruling.objects.get(pk=ruling.pk).status == Ruling.Status.DRAFT

    # Once the round has closed (the complainant answered), the chair approves.
    complainant = procedure.PartyActor(party=Party.COMPLAINANT, label=case.complainant_name)
    procedure.case_submit(case=case, actor=complainant, text="Mijn repliek.", uploads=[])
    assert ruling_approve(ruling=ruling, actor=chair).is_approved


def test_a_ruling_waits_for_the_hearing_to_take_place(make_case, make_day, draft, chair, secretary):
    """Data recorded out of order before this rule existed (a hearing in January marked held in
    December) cannot lead to a ruling before the hearing's date."""
    from commission.hearings.models import Slot
    from commission.hearings.services import case_schedule

    hearing_date = timezone.localdate() + timedelta(days=40)
    case = make_case()
    slot = case_schedule(case=case, day=make_day(on=hearing_date), starts_at=time(10, 0), actor=secretary)
    # The services no longer allow this; it stands for rows written before they refused it.
    Slot.objects.filter(pk=slot.pk).update(held_at=timezone.now())
    case = case_move(case=case, to=Stage.DELIBERATION, actor=secretary)
    ruling = draft(case)
    with pytest.raises(RulingRefused) as refused:
        ruling_approve(ruling=ruling, actor=chair)
    assert str(hearing_date.year) in " ".join(refused.value.messages)
    assert f"{hearing_date.day} " in " ".join(refused.value.messages)
    assert Ruling.objects.get(pk=ruling.pk).status == Ruling.Status.DRAFT


def test_a_ruling_after_the_hearing_was_held_is_approved(make_case, make_day, draft, chair, secretary):
    from commission.hearings.services import case_schedule, hearing_held

    case = make_case()
    last_week = timezone.localdate() - timedelta(days=7)
    slot = case_schedule(case=case, day=make_day(on=last_week), starts_at=time(10, 0), actor=secretary)
    hearing_held(slot=slot, actor=secretary)
    ruling = ruling_approve(ruling=draft(case), actor=chair)
    assert ruling.is_approved and ruling.decided_on == timezone.localdate()
