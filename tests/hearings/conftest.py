"""Hearings are set up through the services: cases escalated and moved to the defence stage, a pool of
panel members, hearing days."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tenants.accounts.roles import Role


@pytest.fixture
def make_case(escalate):
    """``make_case(member=alpha, stage="defence", **complaint_fields)``: an escalated case moved along."""
    from commission.cases.models import Stage
    from commission.cases.services import case_move

    def make(member=None, stage=Stage.DEFENCE, **fields):
        case = escalate(member, **fields)
        path = [Stage.ADMISSIBILITY, Stage.DEFENCE, Stage.WRITTEN_ROUNDS]
        for step in path[: path.index(stage) + 1] if stage in path else []:
            case = case_move(case=case, to=step, actor=None)
        return case

    return make


@pytest.fixture
def pool(make_user, secretary):
    """Two people per seat: ``pool["chair"][0]`` etc."""
    from commission.hearings.models import PanelRole
    from commission.hearings.services import panel_member_add

    people = {}
    for seat in PanelRole.values:
        people[seat] = [
            panel_member_add(
                user=make_user(None, Role.CHAIR if seat == PanelRole.CHAIR else Role.PANEL_MEMBER),
                panel_role=seat,
                actor=secretary,
            )
            for _ in range(2)
        ]
    return people


HEARING_DATE = date(2031, 3, 12)


def url(name: str, *args) -> str:
    """The path of a hearings page on the commission's host."""
    return reverse(f"hearings:{name}", args=args, urlconf="config.urls_public")


def last_week() -> date:
    """A date whose hearings have taken place (attendance and "held" are refused before the start)."""
    return timezone.localdate() - timedelta(days=7)


@pytest.fixture
def make_day(secretary, alpha):
    from commission.cases.services import committee_for
    from commission.hearings.services import hearing_day_create

    def make(member=None, on=HEARING_DATE, **fields):
        values = {"place": "Den Haag", "room": "Zaal 2", "starts_at": time(10, 0)}
        values.update(fields)
        return hearing_day_create(committee=committee_for(member or alpha), date=on, actor=secretary, **values)

    return make


@pytest.fixture
def panel_of(pool, secretary):
    from commission.hearings.services import panel_compose

    def compose(day, index=0):
        return panel_compose(
            day=day,
            chair=pool["chair"][index],
            consumer=pool["consumer"][index],
            trade=pool["trade"][index],
            actor=secretary,
        )

    return compose


@pytest.fixture(autouse=True)
def _english_messages(english_messages):
    """These tests match the English wording of refusals (the shared ``english_messages``)."""
