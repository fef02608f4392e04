"""The contribution ledger of the current year and the demo members' certificates, one in every
standing: Zorggroep Het Anker holds an expired certificate of last year and a valid one, Bouwbedrijf
De Gevel a suspended one (a ruling not complied with) and Webwinkel Kikker a revoked one (its
contribution left unpaid). Everything goes through the services, and the PDFs are rendered and signed
here, synchronously: the demo needs no worker (the render task that a request queues finds its
certificate issued and leaves it). Run in the public schema, after the members' regulations and
cases exist, since the criteria read both.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from commission.certification.certificates import (
    certificate_change,
    certificate_issue_due,
    certificate_render,
    certificate_request,
    failing_criteria,
)
from commission.certification.evaluation import evaluate_member
from commission.certification.models import Certificate, Contribution, Invoice
from commission.certification.services import contribution_set, invoices_create_for_year, payment_record
from core.pdf import pdf_rendering_available
from devtools.demo.staff import SECRETARY_EMAIL, staff_member
from tenants.accounts.models import User
from tenants.members.models import Member, Sector
from tenants.members.sectors import DEFAULT_SECTORS

logger = logging.getLogger(__name__)

#: The annual contribution per sector (euros); sectors not named pay the default.
CONTRIBUTIONS = {"building": "450.00", "care": "395.00", "webshops": "275.00", "energy": "525.00"}
DEFAULT_CONTRIBUTION = "350.00"
#: Share of its invoice each demo member has paid: Kikker paid half, so its invoice is overdue.
PAID_SHARE = {"degevel": Decimal("1"), "hetanker": Decimal("1"), "kikker": Decimal("0.5")}

SUSPENSION_REASON = (
    "Bindend advies niet nagekomen: het lid heeft de toegewezen vergoeding niet binnen de termijn betaald. "
    "De schorsing eindigt zodra de nakoming is bevestigd."
)
REVOCATION_REASON = (
    "De jaarbijdrage is ondanks twee herinneringen niet volledig betaald; het lid voldoet niet meer aan "
    "de voorwaarden van het keurmerk."
)


def invoice_day(year: int) -> date:
    """The day the year's contributions are invoiced: 15 January (today, early in January)."""
    return min(date(year, 1, 15), timezone.localdate())


def demo_ledger_ensure(*, year: int, actor: User) -> None:
    """The year's contribution for every sector, an invoice for every member, and the demo members'
    payments (each recorded once)."""
    for code, _name_nl, _name_en in DEFAULT_SECTORS:
        sector = Sector.objects.filter(code=code).first()
        if sector is not None and not Contribution.objects.filter(sector=sector, year=year).exists():
            amount = Decimal(CONTRIBUTIONS.get(code, DEFAULT_CONTRIBUTION))
            contribution_set(sector=sector, year=year, amount=amount, actor=actor)
    issued_on = invoice_day(year)
    invoices_create_for_year(year=year, actor=actor, issued_on=issued_on)
    paid_on = min(issued_on + timedelta(days=17), timezone.localdate())
    for invoice in Invoice.objects.filter(year=year, member__slug__in=PAID_SHARE).select_related("member"):
        if invoice.payments.exists():
            continue
        amount = (invoice.amount * PAID_SHARE[invoice.member.slug]).quantize(Decimal("0.01"))
        payment_record(
            invoice=invoice, amount=amount, paid_on=paid_on, reference=f"Bijdrage {invoice.number}", actor=actor
        )


def _issued(certificate: Certificate | None, member: Member, on: date) -> Certificate:
    if certificate is None:
        # The yearly route says nothing when a criterion fails: say which one.
        evaluation = evaluate_member(member, on=on)
        raise RuntimeError(f"demo certificate for {member.slug} on {on}: {'; '.join(failing_criteria(evaluation))}")
    return certificate


def yearly(member: Member, on: date) -> Certificate:
    """Issued by the yearly run on ``on`` (rendered at once)."""
    return _issued(certificate_issue_due(member_id=member.pk, on=on), member, on)


def by_secretary(member: Member, on: date, secretary: User) -> Certificate:
    """Issued by the secretary on ``on`` and rendered here (a worker would do it after the commit)."""
    certificate = certificate_request(member=member, route=Certificate.Route.SECRETARY, actor=secretary, on=on)
    return certificate_render(certificate_id=certificate.pk)


@dataclass(frozen=True)
class DemoCertificates:
    """What one demo member gets, in order: ``make(member, secretary, today)``."""

    slug: str
    make: Callable[[Member, User, date], None]


def _anker(member: Member, secretary: User, today: date) -> None:
    yearly(member, today - timedelta(days=400))  # valid until 36 days ago: expired
    by_secretary(member, today - timedelta(days=20), secretary)


def _gevel(member: Member, secretary: User, today: date) -> None:
    certificate = by_secretary(member, today - timedelta(days=75), secretary)
    certificate_change(certificate=certificate, change="suspend", reason=SUSPENSION_REASON, actor=secretary)


def _kikker(member: Member, secretary: User, today: date) -> None:
    # Issued on the day of the invoice, before it was due; revoked now that it is overdue.
    certificate = yearly(member, invoice_day(today.year))
    certificate_change(certificate=certificate, change="revoke", reason=REVOCATION_REASON, actor=secretary)


DEMO_CERTIFICATES = [
    DemoCertificates("hetanker", _anker),
    DemoCertificates("degevel", _gevel),
    DemoCertificates("kikker", _kikker),
]


def demo_certificates(members: list[Member]) -> None:
    """The ledger, then each demo member's certificates, unless it has some already (run in the
    public schema)."""
    today = timezone.localdate()
    secretary = staff_member(SECRETARY_EMAIL)
    with transaction.atomic():
        demo_ledger_ensure(year=today.year, actor=secretary)
    if not pdf_rendering_available():
        # Without Pango (see README) no PDF can be rendered, so no certificate can be issued.
        logger.warning("demo_certificates_skipped reason=weasyprint_unavailable")
        return
    by_slug = {member.slug: member for member in members}
    for demo in DEMO_CERTIFICATES:
        member = by_slug.get(demo.slug)
        if member is None or Certificate.objects.filter(member=member).exists():
            continue
        with transaction.atomic():
            demo.make(member, secretary, today)
