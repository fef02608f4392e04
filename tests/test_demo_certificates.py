"""The demo data (``load_demo``): every demo member has a published regulation, the year's ledger is
kept, and there is a certificate in every standing, each with its signed PDF stored."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.utils import timezone

from core.pdf import pdf_rendering_available

pytestmark = pytest.mark.skipif(not pdf_rendering_available(), reason="WeasyPrint needs Pango (see README)")


@pytest.fixture
def demo(db, tmp_media):
    from devtools.demo import load_demo

    return {member.slug: member for member in load_demo()}


def test_demo_has_a_certificate_in_every_standing_with_a_matching_pdf(demo):
    """Loading the demo takes a minute, so one test reads everything it should have made: the
    standings, each PDF (hash, signature, text), whose certificate is which, the regulations, the
    ledger and what the criteria make of it today."""
    from commission.certification.models import Certificate

    today = timezone.localdate()
    certificates = list(Certificate.objects.filter(member__in=demo.values()).select_related("member"))
    standings = {certificate.standing_on(today) for certificate in certificates}
    Standing = Certificate.Standing
    assert {Standing.VALID, Standing.EXPIRED, Standing.SUSPENDED, Standing.REVOKED} <= standings, standings
    for certificate in certificates:
        _assert_stored_pdf(certificate)
    _assert_the_story(demo, today)
    _assert_regulations_and_ledger(demo, today)
    _assert_criteria(demo, today)


def _assert_stored_pdf(certificate):
    from core.pdf import pdf_text
    from core.pdf_signing import verify_pdf

    assert certificate.pdf, f"{certificate.serial} has no PDF"
    with certificate.pdf.open("rb") as stored:
        pdf = stored.read()
    assert hashlib.sha256(pdf).hexdigest() == certificate.pdf_sha256, f"{certificate.serial}: SHA-256 differs"
    assert verify_pdf(pdf).valid, f"{certificate.serial}: signature"
    text = pdf_text(pdf)
    assert certificate.serial in text
    assert certificate.member.legal_name in text


def _assert_the_story(demo, today):
    from commission.certification.models import Certificate

    def standings(slug):
        return sorted(c.standing_on(today) for c in Certificate.objects.filter(member=demo[slug]))

    assert standings("hetanker") == ["expired", "valid"]
    assert standings("degevel") == ["suspended"]
    assert standings("kikker") == ["revoked"]
    changed = Certificate.objects.filter(member__in=[demo["degevel"], demo["kikker"]])
    assert all(c.status_reason and c.status_changed_at for c in changed), "a status change without its reason"
    expired = Certificate.objects.get(member=demo["hetanker"], valid_until__lt=today)
    assert expired.valid_from < today - timedelta(days=365)


def _assert_regulations_and_ledger(demo, today):
    from commission.certification.models import Contribution, Invoice
    from tenants.members.models import Sector
    from tenants.regulations.published import published_version_for

    for member in demo.values():
        assert published_version_for(member) is not None, f"{member.slug} has no published regulation"
    assert Contribution.objects.filter(year=today.year).count() == Sector.objects.count()
    invoices = {invoice.member.slug: invoice for invoice in Invoice.objects.filter(year=today.year).with_paid()}
    assert {"degevel", "hetanker", "kikker"} <= set(invoices)
    assert invoices["degevel"].paid_amount == invoices["degevel"].amount
    assert invoices["hetanker"].paid_amount == invoices["hetanker"].amount
    assert 0 < invoices["kikker"].paid_amount < invoices["kikker"].amount


def _assert_criteria(demo, today):
    """The member with a valid certificate passes today; Kikker, whose contribution is overdue,
    fails on exactly that criterion."""
    from commission.certification.evaluation import evaluate_member
    from commission.certification.models import Invoice

    assert evaluate_member(demo["hetanker"], on=today).passed
    if Invoice.objects.get(member=demo["kikker"], year=today.year).due_on < today:
        failing = [result.code for result in evaluate_member(demo["kikker"], on=today).results if not result.passed]
        assert failing == ["contribution_paid"]


def test_loading_the_demo_again_changes_no_certificate(demo):
    from commission.certification.models import Certificate, Payment
    from devtools.demo import load_demo

    before = sorted(Certificate.objects.filter(member__in=demo.values()).values_list("serial", "status"))
    payments = Payment.objects.count()
    load_demo()
    after = sorted(Certificate.objects.filter(member__in=demo.values()).values_list("serial", "status"))
    assert after == before
    assert Payment.objects.count() == payments
