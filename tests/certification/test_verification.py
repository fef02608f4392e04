"""The public verification of certificates on the commission's host: by serial number (typed or
from the QR code) and by uploading the PDF, for certificates that are valid, expired, suspended or
revoked, for altered and foreign PDFs, and for whatever junk a visitor sends."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import formats, timezone, translation

from commission.certification import views_public
from commission.certification.certificates import (
    certificate_change,
    certificate_request,
    render_certificate,
)
from commission.certification.models import Certificate
from commission.certification.selectors import VERIFY_MAX_BYTES, canonical_serial
from core.pdf_signing import sign_pdf, verify_pdf
from devtools.signing_keys import self_signed_pair
from tenants.members.services import member_update
from tests.helpers import nl
from tests.images import png_bytes
from tests.signing.conftest import flip_one_byte, one_page_pdf  # noqa: F401  (a fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

VERIFY = "/verify/"


@pytest.fixture
def standing(issued, secretary):
    """``standing("valid" | "expired" | "suspended" | "revoked")``: a certificate of alpha that says so."""

    def make(kind):
        if kind == "expired":
            return issued(on=timezone.localdate() - timedelta(days=400))
        certificate = issued()
        if kind in ("suspended", "revoked"):
            change = {"suspended": "suspend", "revoked": "revoke"}[kind]
            certificate = certificate_change(
                certificate=certificate, change=change, reason=f"Uitspraak niet nagekomen ({kind})", actor=secretary
            )
        return certificate

    return make


def pdf_of(certificate) -> bytes:
    with certificate.pdf.open("rb") as handle:
        return handle.read()


def upload(client, content: bytes, name: str = "certificaat.pdf"):
    return client.post(VERIFY, {"pdf": SimpleUploadedFile(name, content, content_type="application/pdf")})


def day(value) -> str:
    with translation.override("nl"):
        return formats.date_format(value, "j F Y")


# By serial number ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["valid", "expired", "suspended", "revoked"])
def test_the_serial_page_shows_the_standing_the_member_and_the_period(kind, standing, client_for, alpha):
    certificate = standing(kind)
    response = client_for().get(f"/verify/{certificate.serial}/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert f'data-standing="{kind}"' in page
    assert certificate.serial in page and html.escape(alpha.legal_name) in page
    assert day(certificate.valid_from) in page and day(certificate.valid_until) in page
    assert day(certificate.issued_on) in page
    assert html.escape(alpha.sector.name_nl) in page
    assert f'href="/members/{alpha.slug}/"' in page, "links to the member's entry in the public register"
    if kind in ("suspended", "revoked"):
        assert html.escape(certificate.status_reason) in page
        assert day(timezone.localdate(certificate.status_changed_at)) in page
        assert nl("Suspended on" if kind == "suspended" else "Revoked on") in page
    else:
        assert "Uitspraak niet nagekomen" not in page


def test_the_page_shows_the_name_as_on_the_certificate(issued, client_for, alpha, platform_admin):
    certificate = issued()
    # The member is renamed after the certificate was issued: the certificate states the old name.
    member_update(member=alpha, actor=platform_admin, legal_name="Alfa Bouw Holding B.V.")
    page = client_for().get(f"/verify/{certificate.serial}/").content.decode()
    assert "Alfa Bouw B.V." in page
    assert "Alfa Bouw Holding B.V." in page, "the register link names the member as it is now"
    assert page.index("Alfa Bouw B.V.") < page.index("Alfa Bouw Holding B.V.")


def test_a_certificate_being_issued_says_so(alpha, secretary, client_for, tmp_media):
    certificate = certificate_request(member=alpha, route=Certificate.Route.SECRETARY, actor=secretary)
    page = client_for().get(f"/verify/{certificate.serial}/").content.decode()
    assert 'data-standing="pending"' in page


def test_revocation_shows_at_once_on_the_page(issued, secretary, client_for):
    certificate = issued()
    client = client_for()
    url = f"/verify/{certificate.serial}/"
    assert 'data-standing="valid"' in client.get(url).content.decode()
    certificate_change(certificate=certificate, change="suspend", reason="Nakoming uitspraak", actor=secretary)
    assert 'data-standing="suspended"' in client.get(url).content.decode()
    certificate_change(certificate=certificate, change="revoke", reason="Nakoming uitspraak", actor=secretary)
    response = client.get(url)
    assert 'data-standing="revoked"' in response.content.decode()
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "typed",
    [
        "{serial}",
        "{lower}",
        " {lower} ",
        "{spaced}",
        "{bare}",
        "{letters}",
    ],
)
def test_the_serial_form_normalises_what_was_typed(typed, issued, client_for):
    certificate = issued()
    serial = certificate.serial
    bare = serial.replace("-", "")
    values = {
        "serial": serial,
        "lower": serial.lower(),
        "spaced": " ".join(serial.lower().replace("-", " ")),
        "bare": bare,
        # O for 0 and l for 1, as read aloud from paper.
        "letters": serial.replace("0", "O").replace("1", "l"),
    }
    response = client_for().get(VERIFY, {"serial": typed.format(**values)})
    assert response.status_code == 302
    assert response["Location"] == f"/verify/{serial}/"


def test_a_serial_typed_into_the_address_goes_to_the_one_address(issued, client_for):
    certificate = issued()
    response = client_for().get(f"/verify/{certificate.serial.lower()}/")
    assert response.status_code == 302 and response["Location"] == f"/verify/{certificate.serial}/"


def test_canonical_serial():
    assert canonical_serial("2026-k7mq-3xzd") == "2026-K7MQ-3XZD"
    assert canonical_serial(" 2026 K7MQ 3XZD ") == "2026-K7MQ-3XZD"
    assert canonical_serial("2026K7MQ3XZD") == "2026-K7MQ-3XZD"
    assert canonical_serial("2O26-K7MQ-3XZD") == "2026-K7MQ-3XZD"
    for junk in ("", "2026", "2026-K7MQ-3XZU", "<script>", "\x00", "x" * 10_000, "2026-K7MQ-3XZD-0000"):
        assert canonical_serial(junk) is None, junk


def test_an_unknown_serial_is_a_404_that_says_so(client_for):
    response = client_for().get("/verify/2026-0000-0000/")
    assert response.status_code == 404
    page = response.content.decode()
    assert nl("No such certificate") in page
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "junk",
    [
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "%3Cscript%3Ealert(1)%3Cscript%3E",
        "%00",
        "%27%3B%20DROP%20TABLE%20certification_certificate%3B--",
        "x" * 3000,
        "%E2%80%AE2026-0000-0000",
        "%F0%9F%98%80",
        "..",
    ],
)
def test_junk_in_the_address_is_a_404_never_a_500(junk, client_for):
    response = client_for().get(f"/verify/{junk}/")
    assert response.status_code == 404
    assert b"<script>alert" not in response.content


def test_junk_in_the_serial_form_is_refused_escaped(client_for):
    response = client_for().get(VERIFY, {"serial": "<script>alert(1)</script>"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, "the value comes back, escaped"
    assert 'class="error"' in page
    response = client_for().get(VERIFY, {"serial": "\x00"})
    assert response.status_code == 400


def test_the_verify_page_needs_no_login(client_for):
    response = client_for().get(VERIFY)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="serial"' in page and 'name="pdf"' in page and 'enctype="multipart/form-data"' in page


# By uploading the PDF -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["valid", "expired", "suspended", "revoked"])
def test_an_uploaded_certificate_is_recognised_with_its_standing(kind, standing, client_for, alpha, tmp_media):
    certificate = standing(kind)
    files_before = sorted(tmp_media.rglob("*"))
    response = upload(client_for(), pdf_of(certificate))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert 'data-outcome="genuine"' in page
    assert f'data-serial="{certificate.serial}"' in page and f'data-standing="{kind}"' in page
    assert html.escape(alpha.legal_name) in page
    if kind in ("suspended", "revoked"):
        assert html.escape(certificate.status_reason) in page
        assert day(timezone.localdate(certificate.status_changed_at)) in page
    assert sorted(tmp_media.rglob("*")) == files_before, "an upload is never stored"


def test_a_tampered_certificate_is_reported_as_altered(issued, client_for):
    certificate = issued()
    tampered = flip_one_byte(pdf_of(certificate))
    assert not verify_pdf(tampered).intact
    response = upload(client_for(), tampered)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-outcome="altered"' in page
    assert certificate.serial not in page, "an altered file is no certificate of ours"


def test_a_look_alike_signed_by_someone_else_is_not_ours(issued, client_for, settings, tmp_path):
    certificate = issued()
    ours = settings.PDF_SIGNING_KEY_FILE, settings.PDF_SIGNING_CERT_FILE
    key_file, cert_file = self_signed_pair(tmp_path / "forger", common_name="Vervalste Commissie")
    settings.PDF_SIGNING_KEY_FILE, settings.PDF_SIGNING_CERT_FILE = str(key_file), str(cert_file)
    forged = sign_pdf(render_certificate(certificate).pdf, reason="Certificaat", location="elders")
    settings.PDF_SIGNING_KEY_FILE, settings.PDF_SIGNING_CERT_FILE = ours
    page = upload(client_for(), forged).content.decode()
    assert 'data-outcome="not_signed_by_commission"' in page
    assert "Vervalste Commissie" in page
    assert f'data-serial="{certificate.serial}"' not in page


def test_an_unsigned_look_alike_is_not_signed(issued, client_for):
    certificate = issued()
    unsigned = render_certificate(certificate).pdf
    page = upload(client_for(), unsigned).content.decode()
    assert 'data-outcome="unsigned"' in page
    assert f'data-serial="{certificate.serial}"' not in page


def test_a_document_the_commission_signed_that_is_no_certificate(client_for, one_page_pdf):  # noqa: F811
    signed = sign_pdf(one_page_pdf, reason="Uitspraak", location="wederhoor.test")
    page = upload(client_for(), signed).content.decode()
    assert 'data-outcome="unknown_document"' in page


def test_a_file_that_is_no_pdf_is_refused_with_a_message(client_for, english_messages):
    response = upload(client_for(), png_bytes(), name="certificaat.pdf")
    assert response.status_code == 400
    page = response.content.decode()
    assert "data-outcome" not in page
    assert html.escape(nl("This file is not a PDF. Upload the certificate as the PDF file you received.")) in page


def test_a_huge_upload_is_refused_with_a_message(client_for):
    huge = b"%PDF-1.7\n" + b"0" * VERIFY_MAX_BYTES
    response = upload(client_for(), huge)
    assert response.status_code == 400
    page = response.content.decode()
    assert "data-outcome" not in page
    assert nl("This file is too large: a certificate is at most %(mb)s MB.") % {"mb": 10} in page


def test_an_empty_post_and_an_empty_file_are_refused(client_for):
    assert client_for().post(VERIFY, {}).status_code == 400
    response = upload(client_for(), b"")
    assert response.status_code == 400


def test_a_damaged_pdf_gets_an_answer(client_for):
    response = upload(client_for(), b"%PDF-1.7\n%%EOF garbage that no parser reads")
    assert response.status_code == 200
    assert 'data-outcome="unsigned"' in response.content.decode()


def test_uploads_are_rate_limited(client_for, monkeypatch):
    client = client_for()
    for _ in range(views_public.VERIFY_UPLOAD_RATE_LIMIT):
        assert upload(client, b"not a pdf").status_code == 400
    response = upload(client, b"not a pdf")
    assert response.status_code == 429
    assert nl("Too many requests. Try again in an hour.") in response.content.decode()
    # Looking up by serial number is not limited by it.
    assert client.get(VERIFY).status_code == 200
