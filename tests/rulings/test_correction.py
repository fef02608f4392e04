"""A ruling is never changed after approval: a correction is a new, linked ruling."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from commission.cases.models import Stage
from commission.rulings.models import Compliance, Ruling
from commission.rulings.services import (
    RulingRefused,
    current_ruling,
    ruling_approve,
    ruling_correct,
    ruling_draft_save,
)
from core.pdf import pdf_text

pytestmark = pytest.mark.django_db


def test_a_correction_is_a_new_linked_ruling(approved, secretary, chair):
    original = approved()
    correction = ruling_correct(ruling=original, actor=secretary, reason="Verkeerd bedrag genoemd.")
    assert correction.pk != original.pk and correction.corrects == original
    assert correction.version == 2 and correction.number == f"{original.case.reference}/2"
    assert correction.status == Ruling.Status.DRAFT and correction.decision == original.decision
    correction = ruling_draft_save(
        case=original.case, actor=secretary, values={"decision": "Alfa Bouw B.V. betaalt € 275 binnen 30 dagen."}
    )
    assert current_ruling(original.case) == original  # until the chair approves the correction
    correction = ruling_approve(ruling=correction, actor=chair)
    assert current_ruling(original.case) == correction
    text = " ".join(pdf_text(correction.pdf.read()).split())
    assert original.number in text and "€ 275" in text
    original.refresh_from_db()
    assert original.decision.startswith("Alfa Bouw B.V. betaalt Karin")  # the original is untouched
    assert original.pdf_sha256 != correction.pdf_sha256
    correction.case.refresh_from_db()
    assert correction.case.stage == Stage.RULED
    assert Compliance.objects.filter(ruling=correction).exists()


def test_only_the_ruling_that_holds_is_corrected_and_once_at_a_time(approved, secretary, chair):
    original = approved()
    ruling_correct(ruling=original, actor=secretary, reason="Typfout.")
    with pytest.raises(RulingRefused):
        ruling_correct(ruling=original, actor=secretary, reason="Nog een.")
    correction = ruling_approve(ruling=Ruling.objects.get(corrects=original), actor=chair)
    with pytest.raises(RulingRefused):
        ruling_correct(ruling=original, actor=secretary, reason="Het oude.")
    assert ruling_correct(ruling=correction, actor=secretary, reason="Weer.").version == 3


def test_a_draft_is_not_corrected_and_a_reason_is_required(draft, approved, secretary, chair):
    with pytest.raises(RulingRefused):
        ruling_correct(ruling=draft(), actor=secretary, reason="Geen.")
    ruling = approved()
    with pytest.raises(ValidationError):
        ruling_correct(ruling=ruling, actor=secretary, reason="  ")
    with pytest.raises(PermissionDenied):
        ruling_correct(ruling=ruling, actor=chair, reason="De voorzitter corrigeert niet zelf.")
