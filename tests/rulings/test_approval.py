"""Drafting and the chair's approval: PDF, hash, immutability, sending, the case moves to *ruled*."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone, translation

from commission.cases.models import Stage
from commission.cases.services import case_move
from commission.rulings.models import Compliance, Outcome, Ruling
from commission.rulings.services import RulingRefused, ruling_approve, ruling_draft_save
from core import deadlines
from core.pdf import pdf_text
from tenants.accounts.roles import Role
from tenants.audit.models import AuditEvent
from tenants.outbox.models import OutboundEmail

from .conftest import SECTIONS

pytestmark = pytest.mark.django_db


def test_the_pdf_names_the_parties_the_outcome_and_the_decision(approved, settings):
    ruling = approved()
    case = ruling.case
    with ruling.pdf.open("rb") as handle:
        content = handle.read()
    assert hashlib.sha256(content).hexdigest() == ruling.pdf_sha256
    text = " ".join(pdf_text(content).split())
    assert "Karin de Klant" in text and "Alfa Bouw B.V." in text
    with translation.override(settings.LANGUAGE_CODE):
        assert str(Outcome.FOUNDED.label) in text
    assert "betaalt Karin de Klant € 250 binnen 30 dagen" in text
    assert ruling.number in text and case.reference in text
    assert (settings.MEDIA_ROOT / "public" / ruling.pdf.name).exists()


def test_approval_sets_the_dates_and_moves_the_case(approved):
    ruling = approved(compliance_term_days=14)
    today = timezone.localdate()
    assert ruling.status == Ruling.Status.APPROVED and ruling.approved_by_label.startswith("Test Chair")
    assert ruling.decided_on == ruling.sent_on == ruling.effective_on == today
    assert ruling.compliance_due_on == today + timedelta(days=14)
    review = deadlines.add_term(
        today, deadlines.Term(ruling.case.committee.court_review_months, deadlines.TermUnit.MONTHS)
    )
    assert ruling.court_review_until == review > today
    ruling.case.refresh_from_db()
    assert ruling.case.stage == Stage.RULED
    assert Compliance.objects.get(ruling=ruling).due_on == ruling.compliance_due_on
    assert AuditEvent.objects.filter(event_type="ruling.approved", target_id=str(ruling.uuid)).exists()


def test_both_parties_are_sent_their_link(approved, staff):
    ruling = approved()
    mails = OutboundEmail.objects.filter(topic="ruling_sent", about=f"rulings.ruling:{ruling.uuid}")
    recipients = set(mails.values_list("to", flat=True))
    assert "karin@example.org" in recipients
    assert staff["owner"].email in recipients and staff["manager"].email in recipients
    assert staff["handler"].email not in recipients
    to_complainant = mails.get(to="karin@example.org")
    assert "/cases/" in to_complainant.body_text and ruling.case.reference in to_complainant.subject
    to_member = mails.get(to=staff["owner"].email)
    assert f"/office/commission-cases/{ruling.case.uuid}/" in to_member.body_text


@pytest.mark.parametrize("role", [Role.SECRETARY, Role.PANEL_MEMBER, Role.PLATFORM_ADMIN])
def test_only_the_chair_approves(draft, make_user, role):
    ruling = draft()
    with pytest.raises(PermissionDenied):
        ruling_approve(ruling=ruling, actor=make_user(None, role))
    ruling.refresh_from_db()
    assert ruling.status == Ruling.Status.DRAFT and not ruling.pdf_sha256


def test_a_chair_role_in_a_member_schema_grants_nothing(draft, chair, in_schema, alpha):
    ruling = draft()
    with in_schema(alpha), pytest.raises(PermissionDenied):
        ruling_approve(ruling=ruling, actor=chair)


def test_only_the_secretary_drafts(deliberating, chair):
    with pytest.raises(PermissionDenied):
        ruling_draft_save(case=deliberating(), actor=chair, values=SECTIONS)


def test_an_incomplete_draft_is_not_approved(draft, chair):
    ruling = draft(assessment="", outcome="")
    with translation.override("en"), pytest.raises(RulingRefused) as refused:
        ruling_approve(ruling=ruling, actor=chair)
    assert "assessment" in refused.value.messages[0] and "outcome" in refused.value.messages[0]


def test_no_ruling_before_the_hearing(register, in_schema, alpha, secretary, chair):
    from commission.cases.services import case_escalate

    complaint = register(received_at=timezone.now() - timedelta(weeks=6))
    with in_schema(alpha):
        case, _ = case_escalate(complaint=complaint, claim="Geld terug.", binding_accepted=True)
    with pytest.raises(RulingRefused):
        ruling_draft_save(case=case, actor=secretary, values=SECTIONS)


def test_approval_is_refused_when_the_case_left_deliberation(draft, chair, secretary):
    ruling = draft()
    case_move(case=ruling.case, to=Stage.HEARING, actor=secretary, note="nog een zitting")
    with translation.override("en"), pytest.raises(RulingRefused) as refused:
        ruling_approve(ruling=ruling, actor=chair)
    assert "only be approved while the case is in deliberation" in refused.value.messages[0]
    ruling.refresh_from_db()
    assert ruling.status == Ruling.Status.DRAFT


def test_the_draft_is_saved_with_an_audit_event_and_bad_values_refused(deliberating, secretary):
    case = deliberating()
    ruling = ruling_draft_save(case=case, actor=secretary, values={"summary": "Eerste versie."})
    again = ruling_draft_save(case=case, actor=secretary, values={"summary": "Tweede versie."})
    assert again.pk == ruling.pk and again.summary == "Tweede versie." and again.version == 1
    event = AuditEvent.objects.filter(event_type="ruling.draft_saved").order_by("-id").first()
    assert event.data["changes"]["summary"] == {"old": "Eerste versie.", "new": "Tweede versie."}
    with pytest.raises(ValidationError):
        ruling_draft_save(case=case, actor=secretary, values={"amount_awarded": Decimal("-1")})


def test_an_approved_ruling_is_immutable_in_the_database(approved):
    ruling = approved()
    with pytest.raises(DatabaseError), transaction.atomic():
        Ruling.objects.filter(pk=ruling.pk).update(decision="Iets anders.")
    with pytest.raises(DatabaseError), transaction.atomic():
        Ruling.objects.filter(pk=ruling.pk).update(status=Ruling.Status.DRAFT)
    with pytest.raises(DatabaseError), transaction.atomic():
        Ruling.objects.filter(pk=ruling.pk).delete()
    ruling.refresh_from_db()
    assert ruling.decision.startswith("Alfa Bouw B.V. betaalt")


def test_an_approved_ruling_is_not_edited_through_the_service(approved, secretary):
    ruling = approved()
    with pytest.raises(RulingRefused):
        ruling_draft_save(case=ruling.case, actor=secretary, values={"decision": "Anders."})


def test_unfounded_needs_no_compliance(approved):
    ruling = approved(outcome="unfounded", amount_awarded=None)
    assert ruling.compliance_due_on is None and not Compliance.objects.filter(ruling=ruling).exists()
