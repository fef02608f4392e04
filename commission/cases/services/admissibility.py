"""Admissibility: decided once the file is complete, with a reasoned letter to both parties."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tenants.accounts.actors import Actor

from .. import events
from ..models import AdmissibilityDecision, Case, Stage
from .common import locked
from .notifications import notify
from .stages import case_move


def case_admissibility_decide(*, case: Case, actor: Actor, decision: str, letter: str) -> Case:
    """Admissible, inadmissible or not competent, always with a reasoned letter that is e-mailed to
    both parties. A refusal closes the case."""
    letter = letter.strip()
    errors = {}
    if decision not in AdmissibilityDecision.values:
        errors["decision"] = [_("Choose a decision.")]
    if not letter:
        errors["letter"] = [_("Write the reasoned letter to both parties.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        case = locked(case)
        if case.stage != Stage.ADMISSIBILITY or case.admissibility_decision:
            raise ValidationError(_("Admissibility is decided once, after the file is complete."))
        case.admissibility_decision = decision
        case.admissibility_letter = letter
        case.admissibility_decided_at = timezone.now()
        case.save(update_fields=["admissibility_decision", "admissibility_letter", "admissibility_decided_at"])
        events.case_changed_event(case=case, actor=actor, event="admissibility_decided", data={"decision": decision})
        if decision != AdmissibilityDecision.ADMISSIBLE:
            case = case_move(case=case, to=Stage.CLOSED, actor=actor, closure=decision, note=letter)
        notify(case=case, template="admissibility", decision=case.get_admissibility_decision_display(), letter=letter)
    return case
