"""The expert (deskundige, docs/procedure/commission.md, "Expert"): the appointment and the report
both parties may comment on.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import deadlines
from core.uploads import CheckedUpload
from tenants.accounts.actors import Actor, actor_label

from .. import events
from ..models import Case, CaseDocument, ExpertAppointment, Party, Round, Stage
from .common import locked, long_date
from .documents import store_document
from .notifications import notify
from .stages import case_move


def case_expert_appoint(*, case: Case, actor: Actor, name: str, email: str) -> ExpertAppointment:
    """The committee appoints an expert (deskundige); both parties are told who."""
    if not name.strip() or not email.strip():
        raise ValidationError(_("Enter the expert's name and e-mail address."))
    with transaction.atomic():
        case = locked(case)
        if case.stage in (Stage.DEFENCE, Stage.WRITTEN_ROUNDS):
            case = case_move(case=case, to=Stage.EXPERT, actor=actor, note=name.strip())
        elif case.stage != Stage.EXPERT:
            raise ValidationError(_("An expert is appointed after the defence was requested."))
        expert = ExpertAppointment.objects.create(
            case=case, name=name.strip(), email=email.strip(), appointed_by_label=actor_label(actor)
        )
        events.case_changed_event(case=case, actor=actor, event="expert_appointed", data={"expert": expert.name})
        notify(case=case, template="expert_appointed", expert=expert.name)
    return expert


def case_expert_report(
    *, case: Case, actor: Actor, expert: ExpertAppointment, checked: CheckedUpload, today: date | None = None
) -> ExpertAppointment:
    """The expert's report goes to both parties at once; each gets the committee's comment term in an
    open round."""
    today = today or timezone.localdate()
    with transaction.atomic():
        case = locked(case)
        expert = ExpertAppointment.objects.select_for_update().get(pk=expert.pk, case=case)
        if case.stage != Stage.EXPERT:
            raise ValidationError(_("The case is not at the expert stage."))
        if expert.report_id:
            raise ValidationError(_("This expert's report is already in."))
        if case.rounds.filter(closed_at__isnull=True).exists():
            raise ValidationError(_("Close the open rounds first: both parties get a round to comment."))
        document = store_document(
            case=case, kind=CaseDocument.Kind.EXPERT_REPORT, party=CaseDocument.Party.EXPERT, checked=checked,
            label=expert.name,
        )  # fmt: skip
        expert.report = document
        expert.report_received_at = timezone.now()
        expert.comment_due_on = deadlines.add_term(today, case.committee.term("expert_comment"))
        expert.save(update_fields=["report", "report_received_at", "comment_due_on"])
        for party in (Party.COMPLAINANT, Party.MEMBER):
            Round.objects.create(
                case=case, kind=Round.Kind.EXPERT_COMMENT, party=party, due_on=expert.comment_due_on,
                opened_by_label=actor_label(actor),
            )  # fmt: skip
        events.case_changed_event(
            case=case, actor=actor, event="expert_report",
            data={"expert": expert.name, "sha256": document.sha256, "comment_due": str(expert.comment_due_on)},
        )  # fmt: skip
        notify(case=case, template="expert_report", expert=expert.name, due_on=long_date(expert.comment_due_on))
    return expert
