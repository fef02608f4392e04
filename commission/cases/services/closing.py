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


def case_close_not_complied(*, case: Case, actor: Actor, note: str) -> Case:
    """The secretary closes a ruled case as **not complied with** (docs/procedure/commission.md,
    "Compliance"), with a note to both parties saying what was established. Only a ruling that obliges
    the member can be left uncomplied with, and not once compliance was confirmed: by the complainant,
    or by the member without the complainant reporting otherwise."""
    note = note.strip()
    if not note:
        raise ValidationError({"note": [_("Say what the member did not do.")]})
    with transaction.atomic():
        case = locked(case)
        if case.stage != Stage.RULED:
            raise ValidationError(
                _("Only a case with a ruling sent to both parties can be closed as not complied with.")
            )
        # Read through the relations, not the rulings app (commission.cases never imports it): the
        # current ruling is the approved one that no approved correction replaced; a compliance
        # record exists exactly when that ruling obliges the member.
        ruling = case.rulings.filter(status="approved").exclude(corrections__status="approved").first()
        compliance = getattr(ruling, "compliance", None) if ruling is not None else None
        if compliance is None:
            raise ValidationError(
                _("The ruling does not oblige the member to do anything, so it cannot be left uncomplied with.")
            )
        if compliance.complainant_confirmed_at or (
            compliance.member_confirmed_at and not compliance.complainant_reported_non_compliance_at
        ):
            raise ValidationError(
                _("Compliance with the ruling was confirmed; the case cannot be closed as not complied with.")
            )
        case = case_move(case=case, to=Stage.CLOSED, actor=actor, closure=Case.Closure.NOT_COMPLIED, note=note)
        notify(case=case, template="case_closed", closure=case.get_closure_display(), note=note)
    return case
