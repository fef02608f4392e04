"""Two of the secretary's actions on the case page: deciding a case on paper (without a hearing) and
closing a ruled case as not complied with; each refusal, and who may act."""

# The shared hearing and ruling fixtures are imported by name, so test arguments "redefine" them.
# ruff: noqa: F811

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.utils import timezone

from commission.cases.models import Case, Party, Stage, StageChange
from commission.cases.services import PartyActor, case_move, case_round_open, case_submit
from commission.cases.workflow import PaperReason
from commission.hearings.services import case_cancel_hearing, case_schedule
from commission.rulings.services import DRAFT_FIELDS, compliance_member_confirm, compliance_report_non_compliance
from tenants.accounts.roles import Role
from tests.hearings.conftest import make_case, make_day  # noqa: F401  (shared hearing fixtures)
from tests.helpers import nl
from tests.rulings.conftest import approved, deliberating, draft  # noqa: F401  (shared ruling fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(tmp_media):
    """Ruling PDFs go to a temporary MEDIA_ROOT."""


#: Where the draft records whether the panel was unanimous, approval requires it.
PANEL_VOTE = {"unanimous": True} if "unanimous" in DRAFT_FIELDS else {}


@pytest.fixture
def ruled(approved):
    """``ruled(**values)``: a case whose ruling the chair approved (founded, € 250, unless told)."""

    def make(**values):
        return approved(**PANEL_VOTE, **values)

    return make


def action_url(case: Case, action: str) -> str:
    return f"/office/cases/{case.uuid}/do/{action}/"


def stage_of(case: Case) -> str:
    return Case.objects.get(pk=case.pk).stage


def in_written_rounds(make_case, secretary) -> tuple[Case, object]:
    """A case after the defence with the complainant's reply round open for another two weeks."""
    case = make_case(stage=Stage.DEFENCE)
    due = timezone.localdate() + timedelta(days=14)
    round_ = case_round_open(case=case, actor=secretary, party=Party.COMPLAINANT, kind="reply", due_on=due)
    return Case.objects.get(pk=case.pk), round_


# Decide on paper -------------------------------------------------------------------------------


def test_decide_on_paper_once_the_rounds_closed_records_the_reason(make_case, secretary, client_for):
    case, _round = in_written_rounds(make_case, secretary)
    office = client_for(None, secretary)
    url = action_url(case, "paper")

    refused = office.post(url, {"reason": PaperReason.FILE_SUFFICES})
    assert refused.status_code == 400
    message = nl(
        "The written round “%(round)s” is open until %(date)s; the case can be decided on paper once it closed."
    )
    assert message.split("“")[0] in refused.content.decode()
    assert stage_of(case) == Stage.WRITTEN_ROUNDS

    case_submit(case=case, actor=PartyActor(party=Party.COMPLAINANT, label="Klant"), text="Mijn repliek.", uploads=[])
    no_reason = office.post(url, {"reason": "", "note": "x"})
    assert no_reason.status_code == 400 and stage_of(case) == Stage.WRITTEN_ROUNDS
    bad_reason = office.post(url, {"reason": "because"})
    assert bad_reason.status_code == 400 and stage_of(case) == Stage.WRITTEN_ROUNDS

    done = office.post(url, {"reason": PaperReason.PARTIES_AGREED, "note": "Beide partijen per e-mail akkoord."})
    assert done.status_code == 302 and done["Location"] == f"/office/cases/{case.uuid}/"
    assert stage_of(case) == Stage.DELIBERATION
    change = StageChange.objects.filter(case=case).order_by("-pk").first()
    assert change is not None
    assert change.from_stage == Stage.WRITTEN_ROUNDS and change.to_stage == Stage.DELIBERATION
    assert nl(PaperReason.PARTIES_AGREED.label) in change.note
    assert "Beide partijen per e-mail akkoord." in change.note
    assert secretary.email in change.actor_label or secretary.full_name in change.actor_label
    # The history on the case page shows it.
    assert "Beide partijen per e-mail akkoord." in office.get(f"/office/cases/{case.uuid}/").content.decode()


def test_a_lapsed_round_counts_as_closed(make_case, secretary, client_for):
    case = make_case(stage=Stage.DEFENCE)
    # A round's term must be in the future when it opens; its term then passes without an answer.
    round_ = case_round_open(
        case=case,
        actor=secretary,
        party=Party.MEMBER,
        kind="rejoinder",
        due_on=timezone.localdate() + timedelta(days=1),
    )
    type(round_).objects.filter(pk=round_.pk).update(due_on=timezone.localdate() - timedelta(days=1))
    response = client_for(None, secretary).post(action_url(case, "paper"), {"reason": PaperReason.FILE_SUFFICES})
    assert response.status_code == 302 and stage_of(case) == Stage.DELIBERATION
    round_.refresh_from_db()
    assert round_.closed_at is not None


def test_decide_on_paper_refused_while_a_hearing_is_scheduled(make_case, make_day, secretary, client_for):
    case = make_case(stage=Stage.DEFENCE)
    slot = case_schedule(case=case, day=make_day(), starts_at=time(10, 0), actor=secretary)
    assert stage_of(case) == Stage.HEARING
    office = client_for(None, secretary)
    refused = office.post(action_url(case, "paper"), {"reason": PaperReason.FILE_SUFFICES})
    assert refused.status_code == 400
    assert (
        nl("A hearing is scheduled for this case; cancel it first to decide the case on paper.")[:15]
        in refused.content.decode()
    )
    assert stage_of(case) == Stage.HEARING

    case_cancel_hearing(slot=slot, actor=secretary, reason="Partijen willen geen zitting.")
    done = office.post(action_url(case, "paper"), {"reason": PaperReason.PARTIES_AGREED})
    assert done.status_code == 302 and stage_of(case) == Stage.DELIBERATION


def test_decide_on_paper_refused_before_the_defence(escalate, secretary, client_for):
    case = case_move(case=escalate(), to=Stage.ADMISSIBILITY, actor=secretary)
    refused = client_for(None, secretary).post(action_url(case, "paper"), {"reason": PaperReason.FILE_SUFFICES})
    assert refused.status_code == 400 and stage_of(case) == Stage.ADMISSIBILITY


# Close as not complied with --------------------------------------------------------------------


def test_close_as_not_complied_with_a_note(ruled, secretary, client_for):
    ruling = ruled()
    case = Case.objects.get(pk=ruling.case_id)
    assert case.stage == Stage.RULED
    office = client_for(None, secretary)
    url = action_url(case, "not_complied")

    empty = office.post(url, {"note": "  "})
    assert empty.status_code == 400 and stage_of(case) == Stage.RULED

    done = office.post(url, {"note": "Het bedrag van € 250 is niet betaald; de garantie is ingeroepen."})
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.stage == Stage.CLOSED and case.closure == Case.Closure.NOT_COMPLIED
    change = StageChange.objects.filter(case=case).order_by("-pk").first()
    assert change is not None
    assert change.to_stage == Stage.CLOSED
    assert change.note == "Het bedrag van € 250 is niet betaald; de garantie is ingeroepen."


def test_not_complied_refused_when_the_ruling_obliges_nothing(ruled, secretary, client_for):
    ruling = ruled(outcome="unfounded", amount_awarded=None)
    case = Case.objects.get(pk=ruling.case_id)
    refused = client_for(None, secretary).post(action_url(case, "not_complied"), {"note": "Niet nagekomen."})
    assert refused.status_code == 400
    assert (
        nl("The ruling does not oblige the member to do anything, so it cannot be left uncomplied with.")[:15]
        in refused.content.decode()
    )
    assert stage_of(case) == Stage.RULED


def test_not_complied_refused_once_compliance_was_confirmed(ruled, staff, in_schema, alpha, secretary, client_for):
    ruling = ruled()
    case = Case.objects.get(pk=ruling.case_id)
    with in_schema(alpha):
        compliance_member_confirm(ruling=ruling, actor=staff["handler"], note="Betaald.")
    office = client_for(None, secretary)
    refused = office.post(action_url(case, "not_complied"), {"note": "Niet nagekomen."})
    assert refused.status_code == 400
    assert (
        nl("Compliance with the ruling was confirmed; the case cannot be closed as not complied with.")[:15]
        in refused.content.decode()
    )
    assert stage_of(case) == Stage.RULED

    # The complainant says otherwise: the secretary can now establish non-compliance.
    compliance_report_non_compliance(ruling=ruling, text="Er is niets ontvangen.")
    assert office.post(action_url(case, "not_complied"), {"note": "Niet nagekomen."}).status_code == 302
    assert Case.objects.get(pk=case.pk).closure == Case.Closure.NOT_COMPLIED


def test_not_complied_refused_before_the_ruling(deliberating, secretary, client_for):
    case = deliberating()
    refused = client_for(None, secretary).post(action_url(case, "not_complied"), {"note": "Niet nagekomen."})
    assert refused.status_code == 400 and stage_of(case) == Stage.DELIBERATION


# Who may act ------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["anonymous", "chair", "panel_member", "member_owner", "member_handler"])
def test_only_the_secretary_may_act(who, make_case, ruled, make_user, staff, alpha, client_for):
    paper_case = make_case(stage=Stage.DEFENCE)
    ruled_case = Case.objects.get(pk=ruled().case_id)
    if who == "anonymous":
        client = client_for(None)
    elif who in ("chair", "panel_member"):
        client = client_for(None, make_user(None, Role.CHAIR if who == "chair" else Role.PANEL_MEMBER))
    else:
        # A member's staff user exists in the member's schema only: the office pages are not there.
        client = client_for(alpha, staff["owner" if who == "member_owner" else "handler"])
    paper = client.post(action_url(paper_case, "paper"), {"reason": PaperReason.FILE_SUFFICES})
    not_complied = client.post(action_url(ruled_case, "not_complied"), {"note": "Niet nagekomen."})
    for response in (paper, not_complied):
        if who == "anonymous":
            assert response.status_code == 302 and "login" in response["Location"]
        elif who.startswith("member"):
            assert response.status_code == 404
        else:
            assert response.status_code == 403
    assert stage_of(paper_case) == Stage.DEFENCE
    assert stage_of(ruled_case) == Stage.RULED
