"""Withdrawal and settlement (schikking): a case ends before the ruling."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tenants.accounts.actors import Actor

from ..models import Case, Stage
from .common import locked
from .notifications import notify
from .rounds import close_rounds
from .stages import case_move


def case_close(*, case: Case, actor: Actor, closure: str, note: str = "") -> Case:
    """Withdrawal (by the complainant) or settlement (schikking) ends a case at any stage before the
    ruling; open rounds close and both parties are told."""
    if closure not in (Case.Closure.WITHDRAWN, Case.Closure.SETTLED):
        raise ValidationError({"closure": [_("Choose withdrawn or settled.")]})
    with transaction.atomic():
        case = locked(case)
        case = case_move(case=case, to=Stage.CLOSED, actor=actor, closure=closure, note=note)
        close_rounds(case)
        notify(case=case, template="case_closed", closure=case.get_closure_display(), note=note.strip())
    return case
