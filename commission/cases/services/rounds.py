"""The written rounds (hoor en wederhoor, docs/procedure/commission.md, "Written rounds"): the
defence, further rounds, and a party's submission.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from core import deadlines
from core.uploads import CheckedUpload
from tenants.accounts.actors import Actor, actor_label

from .. import events
from ..models import AdmissibilityDecision, Case, CaseDocument, Party, Round, Stage, Submission
from ..workflow import PAPER_FROM, PaperReason
from .common import PartyActor, locked, long_date, refuse_closed
from .documents import store_document
from .notifications import notify
from .stages import case_move


def close_rounds(case: Case) -> None:
    case.rounds.filter(closed_at__isnull=True).update(closed_at=timezone.now())


def _open_round(*, case: Case, actor: Actor, kind: str, party: str, due_on: date) -> Round:
    if case.rounds.filter(party=party, closed_at__isnull=True).exists():
        raise ValidationError({"party": [_("This party already has an open round.")]})
    round_ = Round.objects.create(case=case, kind=kind, party=party, due_on=due_on, opened_by_label=actor_label(actor))
    events.case_changed_event(
        case=case, actor=actor, event="round_opened", data={"kind": kind, "party": party, "due": str(due_on)}
    )
    notify(
        case=case, template="round_opened", complainant=party == Party.COMPLAINANT, member=party == Party.MEMBER,
        round=round_.get_kind_display(), due_on=long_date(due_on),
    )  # fmt: skip
    return round_


def case_defence_request(*, case: Case, actor: Actor, today: date | None = None) -> Round:
    """An admissible case: the member is asked for its defence (verweer) within the committee's
    defence term, through its own back-office; the complainant is told."""
    today = today or timezone.localdate()
    with schema_context("public"), transaction.atomic():
        case = locked(case)
        if case.stage != Stage.ADMISSIBILITY or case.admissibility_decision != AdmissibilityDecision.ADMISSIBLE:
            raise ValidationError(_("The defence is asked once the case is admissible."))
        case = case_move(case=case, to=Stage.DEFENCE, actor=actor, note=_("Defence requested."))
        due_on = deadlines.add_term(today, case.committee.term("defence"))
        round_ = _open_round(case=case, actor=actor, kind=Round.Kind.DEFENCE, party=Party.MEMBER, due_on=due_on)
        notify(case=case, template="defence_requested_info", member=False, due_on=long_date(due_on))
    return round_


def case_round_open(*, case: Case, actor: Actor, party: str, kind: str, due_on: date) -> Round:
    """A further written round as the secretary decides: a reply for the complainant, a rejoinder for
    the member. The first one after the defence moves the case to written rounds."""
    errors = {}
    if party not in Party.values:
        errors["party"] = [_("Choose the party.")]
    if kind not in (Round.Kind.REPLY, Round.Kind.REJOINDER):
        errors["kind"] = [_("Choose the round.")]
    if due_on is None or due_on <= timezone.localdate():
        errors["due_on"] = [_("The deadline must be in the future.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        case = locked(case)
        if case.stage not in (Stage.DEFENCE, Stage.WRITTEN_ROUNDS, Stage.EXPERT):
            raise ValidationError(_("Written rounds are open after the defence was requested."))
        if case.stage == Stage.DEFENCE:
            case = case_move(case=case, to=Stage.WRITTEN_ROUNDS, actor=actor, note=str(Round.Kind(kind).label))
        return _open_round(case=case, actor=actor, kind=kind, party=party, due_on=due_on)


ROUND_DOCUMENT_KIND: dict[str, str] = {
    Round.Kind.DEFENCE: CaseDocument.Kind.DEFENCE,
    Round.Kind.REPLY: CaseDocument.Kind.REPLY,
    Round.Kind.REJOINDER: CaseDocument.Kind.DEFENCE,
    Round.Kind.EXPERT_COMMENT: CaseDocument.Kind.COMMENT,
}


def open_round(case: Case, party: str) -> Round | None:
    return case.rounds.filter(party=party, closed_at__isnull=True).first()


def case_submit(*, case: Case, actor: PartyActor, text: str, uploads: list[CheckedUpload]) -> Submission:
    """A party answers in its open round (text and/or documents). The round closes, and the other
    party is told that the submission is there to read and answer (hoor en wederhoor)."""
    text = text.strip()
    with schema_context("public"), transaction.atomic():
        case = locked(case)
        refuse_closed(case)
        round_ = case.rounds.select_for_update().filter(party=actor.party, closed_at__isnull=True).first()
        if round_ is None:
            raise ValidationError(_("There is no open round for you in this case."))
        if not text and not uploads:
            raise ValidationError({"text": [_("Write your answer or add a document.")]})
        submission = Submission.objects.create(
            case=case, round=round_, party=actor.party, text=text, submitted_by_label=actor.label
        )
        for checked in uploads:
            store_document(
                case=case, kind=ROUND_DOCUMENT_KIND[round_.kind], party=actor.party, checked=checked,
                label=actor.label, submission=submission,
            )  # fmt: skip
        round_.closed_at = timezone.now()
        round_.save(update_fields=["closed_at"])
        events.case_changed_event(
            case=case, actor=actor, event="submitted",
            data={"round": round_.kind, "party": actor.party, "documents": len(uploads)},
        )  # fmt: skip
        notify(
            case=case, template="submission_received", complainant=actor.party == Party.MEMBER,
            member=actor.party == Party.COMPLAINANT, round=round_.get_kind_display(),
        )  # fmt: skip
    return submission


def case_decide_on_paper(*, case: Case, actor: Actor, reason: str, note: str = "") -> Case:
    """The secretary sends a case to deliberation without a hearing (docs/procedure/commission.md,
    "Hearings"): allowed once the written rounds are closed and while no hearing is planned, with the
    reason recorded in the case's history. A round whose term passed without an answer counts as
    closed (the party let it lapse) and is closed now; a round still running refuses the move."""
    if reason not in PaperReason.values:
        raise ValidationError({"reason": [_("Choose why the case is decided without a hearing.")]})
    with transaction.atomic():
        case = locked(case)
        refuse_closed(case)
        if case.stage not in PAPER_FROM:
            raise ValidationError(
                _("A case at “%(stage)s” cannot be decided on paper; that is possible after the defence was asked.")
                % {"stage": Stage(case.stage).label}
            )
        still_open = (
            case.rounds.filter(closed_at__isnull=True, due_on__gte=timezone.localdate()).order_by("-due_on").first()
        )
        if still_open is not None:
            raise ValidationError(
                _(
                    "The written round “%(round)s” is open until %(date)s; the case can be decided on paper once it closed."
                )
                % {"round": still_open.get_kind_display(), "date": long_date(still_open.due_on)}
            )
        # Read through the relation, not the hearings app (commission.cases never imports it): a slot
        # that is not cancelled and not held is a hearing still planned.
        if case.hearing_slots.exclude(status="cancelled").filter(held_at__isnull=True).exists():
            raise ValidationError(
                _("A hearing is scheduled for this case; cancel it first to decide the case on paper.")
            )
        close_rounds(case)
        text = _("Decided on paper: %(reason)s.") % {"reason": PaperReason(reason).label}
        if note.strip():
            text = f"{text}\n{note.strip()}"
        case = case_move(case=case, to=Stage.DELIBERATION, actor=actor, note=text)
    return case
