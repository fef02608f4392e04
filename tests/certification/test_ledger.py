"""The contribution ledger: invoicing a year (idempotent), payments, overdue."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from commission.certification.models import Invoice
from commission.certification.selectors import invoice_list
from commission.certification.services import contribution_set, invoices_create_for_year, payment_record
from tenants.members.models import Member

pytestmark = pytest.mark.django_db


def test_invoicing_a_year_is_idempotent_and_follows_the_sector(alpha, beta, secretary):
    contribution_set(sector=alpha.sector, year=2026, amount=Decimal("300.00"), actor=secretary)
    created = invoices_create_for_year(year=2026, actor=secretary, issued_on=date(2026, 1, 5))
    assert [(i.member_id, i.amount, i.due_on) for i in created] == [(alpha.pk, Decimal("300.00"), date(2026, 2, 4))]
    assert invoices_create_for_year(year=2026, actor=secretary) == []  # beta's sector has no amount yet
    contribution_set(sector=beta.sector, year=2026, amount=Decimal("150.00"), actor=secretary)
    again = invoices_create_for_year(year=2026, actor=secretary)
    assert [i.member_id for i in again] == [beta.pk]
    assert invoices_create_for_year(year=2026, actor=secretary) == []
    assert sorted(Invoice.objects.filter(year=2026).values_list("number", flat=True)) == ["2026-0001", "2026-0002"]


def test_only_active_members_are_invoiced(alpha, secretary):
    Member.objects.filter(pk=alpha.pk).update(membership_status=Member.MembershipStatus.ENDED)
    contribution_set(sector=alpha.sector, year=2026, amount=Decimal("300.00"), actor=secretary)
    assert all(i.member_id != alpha.pk for i in invoices_create_for_year(year=2026, actor=secretary))


def test_paid_and_overdue_in_the_year_list(alpha, beta, secretary):
    today = timezone.localdate()
    late = Invoice.objects.create(
        member=alpha,
        year=2026,
        number="2026-0001",
        amount=Decimal("100.00"),
        issued_on=today,
        due_on=today - timedelta(days=1),
    )
    paid = Invoice.objects.create(
        member=beta,
        year=2026,
        number="2026-0002",
        amount=Decimal("100.00"),
        issued_on=today,
        due_on=today - timedelta(days=1),
    )
    payment_record(invoice=paid, amount=Decimal("100.00"), paid_on=today, reference="NL12 BANK", actor=secretary)
    rows = {i.number: i for i in invoice_list(year=2026, on=today)}
    assert rows[late.number].is_overdue and not rows[late.number].is_paid
    assert rows[paid.number].is_paid and not rows[paid.number].is_overdue
    assert rows[paid.number].paid_amount == Decimal("100.00")
    with pytest.raises(ValidationError):
        payment_record(invoice=late, amount=Decimal("0"), paid_on=today, actor=secretary)
