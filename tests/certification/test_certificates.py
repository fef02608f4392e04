"""Issuing certificates by each route, the signed one-page bilingual PDF, and the status changes."""

from __future__ import annotations

import pypdfium2
import pytest
import zxingcpp
from django.core import mail  # noqa: F401
from django.utils import timezone

from commission.certification import certificates
from commission.certification.certificates import (
    certificate_render,
    certificate_request,
    verification_url,
)
from commission.certification.models import Certificate
from core.pdf import pdf_text
from core.pdf_signing import verify_pdf
from tests.signing.conftest import flip_one_byte

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(alpha, secretary, tmp_media):
    """``issued(member=alpha, **kwargs)``: a certificate asked for by the secretary and rendered."""

    def make(member=None, **kwargs):
        certificate = certificate_request(
            member=member or alpha, route=Certificate.Route.SECRETARY, actor=secretary, **kwargs
        )
        return certificate_render(certificate_id=certificate.pk)

    return make


def qr_texts(pdf: bytes) -> list[str]:
    """The QR codes on the first page, decoded by a real decoder from the rendered page."""
    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=3).to_pil()
    return [result.text for result in zxingcpp.read_barcodes(image)]


def test_the_secretary_issues_a_signed_one_page_bilingual_certificate(alpha, issued):
    certificate = issued()
    assert certificate.status == Certificate.Status.ISSUED and certificate.route == "secretary"
    assert (certificate.valid_from, certificate.valid_until) == (
        timezone.localdate(),
        certificates.one_year_after(timezone.localdate()),
    )
    pdf = certificate.pdf.read()
    import hashlib

    assert hashlib.sha256(pdf).hexdigest() == certificate.pdf_sha256
    assert len(pypdfium2.PdfDocument(pdf)) == 1
    text = " ".join(pdf_text(pdf).split())
    url = verification_url(certificate.serial)
    for expected in (
        certificate.serial,
        alpha.legal_name,
        "Certificaat klachtafhandeling",
        "Certificate of complaint handling",
    ):
        assert expected in text
    assert url in text.replace(" ", "") or url in pdf_text(pdf).replace("\n", "")
    assert qr_texts(pdf) == [url]
    verification = verify_pdf(pdf)
    assert verification.valid, verification.message
    assert not verify_pdf(flip_one_byte(pdf)).valid
