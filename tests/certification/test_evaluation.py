"""Each criterion passing and failing, the minimum-number rule, and the statements per member."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from commission.certification import evaluation
from commission.certification.evaluation import Evaluation, _regulation_lookup, evaluate_member, months_before
from commission.certification.models import Criteria, Invoice
from commission.certification.services import payment_record
from commission.rulings.services import compliance_flag_overdue, compliance_member_confirm
from tenants.complaints.figures import first_line_figures
from tenants.members.models import Member

pytestmark = pytest.mark.django_db


def result(member, code, **kwargs):
    with translation.override("en"):
        found = {r.code: r for r in evaluate_member(member, on=timezone.localdate(), **kwargs).results}
    return found[code]


def invoice(member, *, due_on, amount="250.00", number="2026-0001"):
    return Invoice.objects.create(
        member=member, year=due_on.year, number=number, amount=Decimal(amount),
        issued_on=due_on - timedelta(days=30), due_on=due_on,
    )  # fmt: skip


# Membership -----------------------------------------------------------------------------------------


def test_membership_active_passes_and_suspended_fails(alpha):
    assert result(alpha, "membership_active").passed
    Member.objects.filter(pk=alpha.pk).update(membership_status=Member.MembershipStatus.SUSPENDED)
    alpha.refresh_from_db()
    outcome = result(alpha, "membership_active")
    assert not outcome.passed and outcome.figures["en"] == "Suspended"


# Contribution ---------------------------------------------------------------------------------------


def test_contribution_without_invoices_or_not_yet_due_passes(alpha):
    assert result(alpha, "contribution_paid").passed
    invoice(alpha, due_on=timezone.localdate())  # due today: not overdue yet
    assert result(alpha, "contribution_paid").passed


def test_contribution_overdue_fails_until_paid_in_full(alpha, secretary):
    overdue = invoice(alpha, due_on=timezone.localdate() - timedelta(days=1))
    outcome = result(alpha, "contribution_paid")
    assert not outcome.passed and "2026-0001" in outcome.figures["en"]
    payment_record(invoice=overdue, amount=Decimal("100.00"), paid_on=timezone.localdate(), actor=secretary)
    assert not result(alpha, "contribution_paid").passed  # partly paid is still overdue
    payment_record(invoice=overdue, amount=Decimal("150.00"), paid_on=timezone.localdate(), actor=secretary)
    assert result(alpha, "contribution_paid").passed


def test_another_members_overdue_invoice_does_not_count(alpha, beta):
    invoice(beta, due_on=timezone.localdate() - timedelta(days=1))
    assert result(alpha, "contribution_paid").passed
    assert not result(beta, "contribution_paid").passed


# Regulation -----------------------------------------------------------------------------------------


def test_regulation_published_passes_and_missing_fails(alpha, monkeypatch):
    monkeypatch.setattr(evaluation, "_regulation_lookup", lambda: lambda member: (3, timezone.now()))
    outcome = result(alpha, "regulation_published")
    assert outcome.passed and "3" in outcome.figures["en"]
    monkeypatch.setattr(evaluation, "_regulation_lookup", lambda: lambda member: None)
    assert not result(alpha, "regulation_published").passed


def test_regulation_is_asked_of_the_regulations_app(alpha, monkeypatch):
    from tenants.regulations.published import published_version_for

    assert _regulation_lookup() is published_version_for
    monkeypatch.setattr(evaluation, "_regulation_lookup", _regulation_lookup)
    outcome = result(alpha, "regulation_published")
    assert outcome.judged and outcome.passed == outcome.figures["en"].startswith("Version")
    monkeypatch.setattr(evaluation.django_apps, "is_installed", lambda name: False)
    assert _regulation_lookup() is None


def test_regulation_lookup_unavailable_is_reported_not_judged(alpha, monkeypatch):
    monkeypatch.setattr(evaluation, "_regulation_lookup", lambda: None)
    outcome = result(alpha, "regulation_published")
    assert not outcome.passed and not outcome.judged and outcome.figures["en"] == "Not yet available"


# Rulings --------------------------------------------------------------------------------------------


def test_rulings_complied_passes_without_rulings_and_when_confirmed(alpha, approved, staff, in_schema):
    assert result(alpha, "rulings_complied").passed
    ruling = approved(compliance_term_days=10)
    with in_schema(alpha):
        compliance_member_confirm(ruling=ruling, actor=staff["owner"])
    compliance_flag_overdue(today=timezone.localdate() + timedelta(days=11))
    assert result(alpha, "rulings_complied").passed


def test_a_ruling_not_complied_past_its_term_fails(alpha, beta, approved):
    approved(compliance_term_days=10)
    assert result(alpha, "rulings_complied").passed  # still within its term
    compliance_flag_overdue(today=timezone.localdate() + timedelta(days=11))
    outcome = result(alpha, "rulings_complied")
    assert not outcome.passed and outcome.figures["en"].startswith("1 overdue")
    assert result(beta, "rulings_complied").passed


# First-line performance -----------------------------------------------------------------------------


def test_three_complaints_are_not_judged_on_a_percentage(alpha, complaints):
    complaints(alpha, 3, ack_late=3, answer_late=3)
    for code in ("first_line_acknowledged", "first_line_answered"):
        outcome = result(alpha, code)
        assert outcome.passed and not outcome.judged
        assert "not enough to judge" in outcome.figures["en"]


def test_twelve_complaints_two_acknowledged_late_fail_ninety_percent(alpha, complaints):
    complaints(alpha, 12, ack_late=2)
    outcome = result(alpha, "first_line_acknowledged")
    assert outcome.judged and not outcome.passed
    assert outcome.figures["en"].startswith("10 of 12")
    assert result(alpha, "first_line_answered").passed


def test_one_late_of_twelve_passes_ninety_percent(alpha, complaints):
    complaints(alpha, 12, ack_late=1)
    assert result(alpha, "first_line_acknowledged").passed


def test_answered_after_the_handling_term_fails_eighty_percent(alpha, complaints):
    complaints(alpha, 10, answer_late=3)
    outcome = result(alpha, "first_line_answered")
    assert not outcome.passed and outcome.figures["en"].startswith("7 of 10")
    assert result(alpha, "first_line_acknowledged").passed


def test_the_extended_term_counts_for_the_answer(alpha, complaints):
    received = timezone.localdate() - timedelta(days=60)
    complaints(alpha, 10, answer_late=10, extended_due_on=received + timedelta(days=70))
    assert result(alpha, "first_line_answered").passed


def test_the_minimum_and_shares_follow_the_criteria(alpha, complaints):
    complaints(alpha, 3, ack_late=1)
    criteria = Criteria.current()
    criteria.minimum_complaints = 3
    assert not result(alpha, "first_line_acknowledged", criteria=criteria).passed
    criteria.acknowledged_share = 60
    assert result(alpha, "first_line_acknowledged", criteria=criteria).passed


def test_switched_off_criteria_are_left_out(alpha):
    criteria = Criteria.current()
    criteria.first_line_answered = criteria.contribution_paid = False
    codes = [r.code for r in evaluate_member(alpha, on=timezone.localdate(), criteria=criteria).results]
    assert codes == ["membership_active", "regulation_published", "rulings_complied", "first_line_acknowledged"]


def test_figures_count_external_complaints_in_the_period_only(alpha, complaints, in_schema):
    complaints(alpha, 2)
    complaints(alpha, 3, kind="internal")
    complaints(alpha, 4, days_ago=400)
    complaints(alpha, 5, days_ago=1, answered=False, acknowledged_at=None)  # still within both terms
    today = timezone.localdate()
    with in_schema(alpha):
        figures = first_line_figures(since=months_before(today, 12) + timedelta(days=1), until=today)
    assert figures.received == 7
    assert (figures.acknowledgment_judged, figures.acknowledged_in_time) == (2, 2)
    assert (figures.answer_judged, figures.answered_in_time) == (2, 2)


def test_a_term_that_passed_unmet_counts_as_late(alpha, complaints, in_schema):
    complaints(alpha, 1, days_ago=60, answered=False, acknowledged_at=None)
    today = timezone.localdate()
    with in_schema(alpha):
        figures = first_line_figures(since=today - timedelta(days=365), until=today)
    assert (figures.acknowledgment_judged, figures.acknowledged_in_time) == (1, 0)
    assert (figures.answer_judged, figures.answered_in_time) == (1, 0)


def test_months_before_keeps_the_day_or_takes_the_last_of_the_month():
    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert months_before(date(2026, 12, 3), 12) == date(2025, 12, 3)
    assert months_before(date(2026, 1, 15), 1) == date(2025, 12, 15)


# The whole ------------------------------------------------------------------------------------------


def test_statements_per_member_do_not_depend_on_the_number_of_complaints(alpha, beta, complaints):
    complaints(alpha, 1)
    complaints(beta, 20, ack_late=5)
    Criteria.current()
    counts = []
    for member in (alpha, beta):
        with CaptureQueriesContext(connection) as queries:
            evaluate_member(member, on=timezone.localdate())
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[0] <= 12


def test_the_evaluation_round_trips_through_json(alpha, complaints):
    import json

    complaints(alpha, 12, ack_late=2)
    outcome = evaluate_member(alpha, on=timezone.localdate())
    stored = json.loads(json.dumps(outcome.as_json()))
    assert Evaluation.from_json(stored) == outcome
    assert stored["passed"] is False
    assert {c["code"] for c in stored["criteria"]} >= {"membership_active", "first_line_answered"}
