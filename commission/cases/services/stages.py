"""Moving a case along the stage table (docs/procedure/commission.md, "Stages of a case")."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tenants.accounts.actors import Actor, actor_label

from .. import events
from ..models import Case, Stage, StageChange
from ..workflow import ALLOWED, CLOSURES_FROM


class StageRefused(ValidationError):
    pass


def case_move(*, case: Case, to: str, actor: Actor, note: str = "", closure: str = "") -> Case:
    """Move a case along the stage table (``workflow.ALLOWED``), appending to its history.

    Closing needs a reason allowed from the current stage (``workflow.CLOSURES_FROM``). Entering
    *admissibility* means the file is complete: the ADR clock starts (outcome due within the
    committee's target days, ADR Directive art. 8).
    """

    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        source = case.stage
        if to not in ALLOWED.get(source, {}):
            raise StageRefused(
                _("A case at “%(source)s” cannot move to “%(target)s”.")
                % {"source": Stage(source).label, "target": Stage(to).label if to in Stage.values else to}
            )
        update = ["stage", "updated_at"]
        if to == Stage.CLOSED:
            if closure not in CLOSURES_FROM.get(source, set()):
                raise StageRefused({"closure": [_("Choose why the case is closed.")]})
            case.closure = closure
            update.append("closure")
        if to == Stage.ADMISSIBILITY and case.file_completed_at is None:
            case.file_completed_at = timezone.now()
            case.adr_due_on = timezone.localdate() + timedelta(days=case.committee.adr_target_days)
            update += ["file_completed_at", "adr_due_on"]
        case.stage = to
        case.save(update_fields=update)
        StageChange.objects.create(
            case=case, from_stage=source, to_stage=to, actor_label=actor_label(actor), note=note.strip()
        )
        events.case_stage_changed_event(case=case, actor=actor, old=source, new=to, note=note.strip())
    return case
