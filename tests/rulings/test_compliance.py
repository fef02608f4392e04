"""Compliance (nakoming): confirmations by both parties, reports of non-compliance, overdue flag,
and the member's standing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from commission.cases.models import Case, Stage
from commission.cases.services import case_link_token
from commission.rulings.models import Compliance
from commission.rulings.services import (
    compliance_complainant_confirm,
    compliance_flag_overdue,
    compliance_member_confirm,
    compliance_report_non_compliance,
    member_standing,
    ruling_approve,
    ruling_correct,
)
from tenants.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_member_and_complainant_confirm(approved, staff, in_schema, alpha):
    ruling = approved()
    with in_schema(alpha):
        compliance = compliance_member_confirm(ruling=ruling, actor=staff["handler"], note="Bedrag overgemaakt.")
    assert compliance.member_confirmed_at and compliance.member_note == "Bedrag overgemaakt."
    assert compliance.state == "member_confirmed"
    compliance = compliance_complainant_confirm(ruling=ruling)
    assert compliance.state == "complied"
    case = Case.objects.get(pk=ruling.case_id)
    assert case.stage == Stage.CLOSED and case.closure == Case.Closure.COMPLIED
    assert member_standing(alpha) == {"rulings": 1, "to_comply": 1, "complied": 1, "overdue": 0, "not_complied": 0}


def test_another_member_cannot_confirm(approved, make_user, in_schema, beta):
    ruling = approved()
    owner = make_user(beta, Role.OWNER)
    with in_schema(beta), pytest.raises(PermissionDenied):
        compliance_member_confirm(ruling=ruling, actor=owner)
    assert not Compliance.objects.get(ruling=ruling).member_confirmed_at


def test_complainant_reports_non_compliance(approved, alpha):
    ruling = approved()
    with pytest.raises(ValidationError):
        compliance_report_non_compliance(ruling=ruling, text=" ")
    compliance = compliance_report_non_compliance(ruling=ruling, text="Er is niets betaald.")
    assert compliance.state == "not_complied" and compliance.non_compliance_text == "Er is niets betaald."
    assert member_standing(alpha)["not_complied"] == 1


def test_overdue_compliance_is_flagged_once_and_counts_against_the_member(approved, staff, in_schema, alpha, beta):
    late = approved(compliance_term_days=10)
    confirmed = approved(compliance_term_days=10)
    approved(outcome="unfounded", amount_awarded=None)
    with in_schema(alpha):
        compliance_member_confirm(ruling=confirmed, actor=staff["owner"])
    today = timezone.localdate()
    assert compliance_flag_overdue(today=today + timedelta(days=10)) == 0  # due today: not late yet
    assert compliance_flag_overdue(today=today + timedelta(days=11)) == 1
    assert compliance_flag_overdue(today=today + timedelta(days=12)) == 0
    assert Compliance.objects.get(ruling=late).flagged_overdue_at
    assert not Compliance.objects.get(ruling=confirmed).flagged_overdue_at
    assert member_standing(alpha) == {"rulings": 3, "to_comply": 2, "complied": 1, "overdue": 1, "not_complied": 0}
    assert member_standing(beta)["rulings"] == 0


def test_a_corrected_ruling_is_no_longer_followed_up(approved, secretary, chair, alpha):
    original = approved(compliance_term_days=5)
    correction = ruling_approve(ruling=ruling_correct(ruling=original, actor=secretary, reason="Bedrag."), actor=chair)
    assert compliance_flag_overdue(today=timezone.localdate() + timedelta(days=6)) == 1
    assert Compliance.objects.get(ruling=correction).flagged_overdue_at
    assert not Compliance.objects.get(ruling=original).flagged_overdue_at
    assert member_standing(alpha)["rulings"] == 1


def test_the_pages_take_the_confirmations(approved, staff, client_for, alpha):
    ruling = approved()
    member = client_for(alpha, staff["handler"])
    url = f"/office/commission-cases/{ruling.case.uuid}/rulings/{ruling.uuid}/compliance/"
    assert member.post(url, {"note": "Betaald op 1 maart."}).status_code == 302
    assert Compliance.objects.get(ruling=ruling).member_note == "Betaald op 1 maart."
    token = case_link_token(ruling.case)
    complainant = client_for()
    page = complainant.get(f"/cases/{token}/")
    assert f"/rulings/case/{token}/{ruling.uuid}/compliance/" in page.content.decode()
    assert complainant.post(f"/rulings/case/{token}/{ruling.uuid}/compliance/", {"action": "report"}).status_code == 302
    assert not Compliance.objects.get(ruling=ruling).complainant_reported_non_compliance_at  # no text: refused
    complainant.post(f"/rulings/case/{token}/{ruling.uuid}/compliance/", {"action": "report", "text": "Niet alles."})
    assert Compliance.objects.get(ruling=ruling).state == "not_complied"
    complainant.post(f"/rulings/case/{token}/{ruling.uuid}/compliance/", {"action": "confirm"})
    assert Compliance.objects.get(ruling=ruling).state == "complied"


def test_the_periodic_task_flags_overdue(approved, monkeypatch):
    from commission.rulings.tasks import compliance_flag_overdue_task

    ruling = approved(compliance_term_days=1)
    Compliance.objects.filter(ruling=ruling).update(due_on=timezone.localdate() - timedelta(days=1))
    assert compliance_flag_overdue_task.run() == 1
