"""Signed PDFs (docs/adr/0008-signed-pdfs.md): a round trip verifies, one changed byte does not, a PDF
signed with another key or not signed at all says so, and production refuses to sign without a key."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from core.pdf import pdf_text
from core.pdf_signing import sign_pdf, verify_pdf
from devtools.signing_keys import self_signed_pair

from .conftest import flip_one_byte

ROOT = Path(__file__).resolve().parent.parent.parent

pytestmark = pytest.mark.usefixtures("english_messages")


def test_a_signed_pdf_verifies_as_ours_and_intact(one_page_pdf, settings):
    before = timezone.now()
    signed = sign_pdf(one_page_pdf, reason="Certificate 2026-0001", location="wederhoor.test")
    result = verify_pdf(signed)
    assert result.signed and result.intact and result.signed_by_us and result.valid
    assert result.signer_name == settings.COMMISSION_NAME
    assert result.signed_at is not None
    assert before - datetime.timedelta(seconds=5) <= result.signed_at <= timezone.now() + datetime.timedelta(seconds=5)
    assert "has not been changed" in result.message
    # Signing appends to the document; its text is unchanged.
    assert signed.startswith(one_page_pdf[:1024])
    assert "Alfa Bouw B.V." in pdf_text(signed)


@pytest.mark.parametrize("at", [0.1, 0.3, 0.5])
def test_one_changed_byte_is_reported_as_altered(one_page_pdf, at):
    signed = sign_pdf(one_page_pdf, reason="Test", location="wederhoor.test")
    result = verify_pdf(flip_one_byte(signed, at))
    assert result.signed and not result.intact and not result.valid
    assert "altered" in result.message


def test_bytes_appended_after_signing_are_reported_as_altered(one_page_pdf):
    signed = sign_pdf(one_page_pdf, reason="Test", location="wederhoor.test")
    # The hash still matches, but the signature no longer covers the whole file.
    result = verify_pdf(signed + b"\n% appended\n")
    assert not result.intact and not result.valid


def test_a_pdf_signed_with_another_key_is_not_signed_by_the_commission(one_page_pdf, settings, tmp_path):
    ours = settings.PDF_SIGNING_KEY_FILE, settings.PDF_SIGNING_CERT_FILE
    key_file, cert_file = self_signed_pair(tmp_path / "forger", common_name="Forged Commission")
    settings.PDF_SIGNING_KEY_FILE, settings.PDF_SIGNING_CERT_FILE = str(key_file), str(cert_file)
    forged = sign_pdf(one_page_pdf, reason="Test", location="here")
    assert verify_pdf(forged).valid  # by its own key's measure it is fine...
    settings.PDF_SIGNING_KEY_FILE, settings.PDF_SIGNING_CERT_FILE = ours
    result = verify_pdf(forged)  # ...but not by the commission's
    assert result.signed and result.intact and not result.signed_by_us and not result.valid
    assert result.signer_name == "Forged Commission"
    assert "not signed by the commission" in result.message


def test_an_unsigned_pdf_says_so(one_page_pdf):
    result = verify_pdf(one_page_pdf)
    assert not result.signed and not result.intact and not result.signed_by_us and not result.valid
    assert result.signer_name == "" and result.signed_at is None
    assert "not digitally signed" in result.message


def test_something_that_is_no_pdf_says_so():
    result = verify_pdf(b"GIF89a not a pdf at all")
    assert not result.signed and not result.valid
    assert "cannot be read" in result.message


def test_signing_without_a_configured_key_refuses(one_page_pdf, settings):
    settings.PDF_SIGNING_KEY_FILE = ""
    with pytest.raises(ImproperlyConfigured, match="PDF_SIGNING_KEY_FILE"):
        sign_pdf(one_page_pdf, reason="Test", location="here")


def test_an_unreadable_key_refuses(one_page_pdf, settings):
    settings.PDF_SIGNING_KEY_FILE = settings.PDF_SIGNING_KEY_FILE + "-missing"
    with pytest.raises(ImproperlyConfigured, match="Cannot load the PDF signing key"):
        sign_pdf(one_page_pdf, reason="Test", location="here")


SIGN_IN_PRODUCTION = """
import django
django.setup()
from core.pdf_signing import sign_pdf
sign_pdf(b"%PDF-1.7", reason="Test", location="here")
"""


def test_production_settings_without_a_key_refuse_to_sign():
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "CELERY_", "REDIS_", "PLATFORM_", "DATABASE_", "PDF_SIGNING_"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": "x" * 60,
            "DATABASE_URL": "postgresql://wederhoor:secret@db.internal.example.org:5432/wederhoor",
            "CELERY_BROKER_URL": "redis://redis.internal.example.org:6379/0",
            "PLATFORM_DOMAIN": "complaints.example.org",
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", SIGN_IN_PRODUCTION], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "PDF_SIGNING_KEY_FILE" in result.stderr


def test_signing_and_checking_work_inside_a_running_event_loop(one_page_pdf):
    """pyHanko runs its own event loop; called from code that already runs one (an ASGI view, a
    browser test driving Playwright), it must neither fail nor call an intact document damaged."""
    import asyncio

    from core.pdf_signing import sign_pdf, verify_pdf

    async def inside() -> tuple[bytes, object]:
        signed = sign_pdf(one_page_pdf, reason="Test", location="wederhoor.test")
        return signed, verify_pdf(signed)

    signed, verification = asyncio.run(inside())
    assert verification.valid, verification.message
