"""The approved ruling's PDF carries the commission's signature (docs/adr/0008-signed-pdfs.md)."""

from __future__ import annotations

import hashlib

import pytest

from core.pdf import pdf_text
from core.pdf_signing import verify_pdf
from tests.signing.conftest import flip_one_byte

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]


def test_the_stored_ruling_pdf_is_signed_by_the_commission(approved, settings):
    ruling = approved()
    with ruling.pdf.open("rb") as handle:
        content = handle.read()
    # The stored hash is the signed file's.
    assert hashlib.sha256(content).hexdigest() == ruling.pdf_sha256
    result = verify_pdf(content)
    assert result.signed and result.intact and result.signed_by_us, result.message
    assert result.signer_name == settings.COMMISSION_NAME
    assert ruling.number in pdf_text(content)


def test_one_changed_byte_in_the_ruling_pdf_is_reported_as_altered(approved):
    ruling = approved()
    with ruling.pdf.open("rb") as handle:
        content = handle.read()
    result = verify_pdf(flip_one_byte(content))
    assert result.signed and not result.intact and not result.valid
    assert "altered" in result.message
