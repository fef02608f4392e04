"""Changing the criteria and keeping the contribution ledger (commission office, public schema)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tenants.accounts.actors import Actor, actor_label
from tenants.audit.services import audit_record
from tenants.members.models import Member, Sector

from .models import Contribution, Criteria, Invoice, Payment

#: Days between an invoice's date and its due date.
PAYMENT_TERM_DAYS = 30


def criteria_update(*, actor: Actor, **values: Any) -> Criteria:
    """Save the commission's criteria (fields of ``Criteria``); recorded in the audit trail."""
    with transaction.atomic():
        criteria = Criteria.current()
        changed = {}
        for field, value in values.items():
            if getattr(criteria, field) != value:
                setattr(criteria, field, value)
                changed[field] = str(value)
        criteria.full_clean()
        criteria.save()
        if changed:
            audit_record(event_type="certification.criteria_changed", actor=actor, target=criteria, data=changed)
    return criteria


def contribution_set(*, sector: Sector, year: int, amount: Decimal, actor: Actor) -> Contribution:
    """Set the annual contribution of ``sector`` for ``year``."""
    with transaction.atomic():
        contribution, _created = Contribution.objects.update_or_create(
            sector=sector, year=year, defaults={"amount": amount}
        )
        audit_record(
            event_type="certification.contribution_set",
            actor=actor,
            target=contribution,
            data={"sector": sector.code, "year": year, "amount": str(amount)},
        )
    return contribution


def invoices_create_for_year(*, year: int, actor: Actor, issued_on: date | None = None) -> list[Invoice]:
    """Invoice the year's contribution to every active member that has no invoice for that year yet
    (running it again creates nothing twice). Members of a sector without a contribution for the year
    are left out. Returns the invoices created."""
    issued_on = issued_on or timezone.localdate()
    with transaction.atomic():
        # One invoice run at a time: the numbers are consecutive within a year.
        amounts = {c.sector_id: c.amount for c in Contribution.objects.select_for_update().filter(year=year)}
        invoiced = set(Invoice.objects.filter(year=year).values_list("member_id", flat=True))
        sequence = Invoice.objects.filter(year=year).count()
        members = (
            Member.objects.filter(kind=Member.Kind.MEMBER, membership_status=Member.MembershipStatus.ACTIVE)
            .exclude(pk__in=invoiced)
            .filter(sector_id__in=amounts)
            .order_by("legal_name", "pk")
        )
        created = []
        for member in members:
            if member.sector_id is None:  # left out by the filter above; for the type checker
                continue
            sequence += 1
            created.append(
                Invoice(
                    member=member,
                    year=year,
                    number=f"{year}-{sequence:04d}",
                    amount=amounts[member.sector_id],
                    issued_on=issued_on,
                    due_on=issued_on + timedelta(days=PAYMENT_TERM_DAYS),
                )
            )
        Invoice.objects.bulk_create(created)
        if created:
            audit_record(
                event_type="certification.invoices_created",
                actor=actor,
                target_label=str(year),
                data={"year": year, "count": len(created)},
            )
    return created


def payment_record(*, invoice: Invoice, amount: Decimal, paid_on: date, reference: str = "", actor: Actor) -> Payment:
    """Record a payment received on ``invoice``."""
    if amount <= 0:
        raise ValidationError({"amount": [_("Enter an amount above zero.")]})
    with transaction.atomic():
        payment = Payment.objects.create(
            invoice=invoice,
            amount=amount,
            paid_on=paid_on,
            reference=reference.strip(),
            recorded_by_label=actor_label(actor),
        )
        audit_record(
            event_type="certification.payment_recorded",
            actor=actor,
            target=invoice,
            data={"amount": str(amount), "paid_on": paid_on.isoformat(), "reference": payment.reference},
        )
    return payment
