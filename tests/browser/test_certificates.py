"""In a real browser: a member's owner asks for a compliance certificate and downloads the signed
PDF; a consumer checks a certificate on the commission's site by its serial number and by uploading
the PDF, and sees a revocation at once."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from core.pdf import pdf_text
from core.pdf_signing import verify_pdf
from tests.conftest import PASSWORD
from tests.helpers import nl, wait_for
from tests.signing.conftest import flip_one_byte

pytestmark = [pytest.mark.browser, pytest.mark.worker]

SCHEMA = "m_alpha"


def publish_regulation(owner) -> None:
    """Alpha publishes its complaints regulation (a criterion for the certificate)."""
    from tenants.regulations.services import version_publish, version_start_draft

    with schema_context(SCHEMA):
        version_publish(version=version_start_draft(actor=owner, source="model", model="building"), actor=owner)


def test_an_owner_requests_and_downloads_the_signed_certificate(committed_db, live_site, page, tmp_media):
    from commission.certification.models import Certificate
    from tenants.accounts.roles import Role
    from tenants.accounts.services import user_create

    with schema_context(SCHEMA):
        owner = user_create(
            email="eigenaar@alpha.example.org", full_name="Olga Eigenaar", role=Role.OWNER, password=PASSWORD
        )
    publish_regulation(owner)

    page.goto(live_site.url("alpha", "/accounts/login/"))
    page.locator("[name=email]").fill(owner.email)
    page.locator("[name=password]").fill(PASSWORD)
    page.get_by_role("button", name=nl("Log in")).click()
    expect(page).to_have_url(live_site.url("alpha", "/office/"))
    page.get_by_role("link", name=nl("Certificates")).first.click()
    expect(page).to_have_url(live_site.url("alpha", "/office/certificates/"))
    # Every criterion is shown with its figure before the owner asks.
    expect(page.get_by_role("cell", name=nl("A complaints regulation is published"))).to_be_visible()
    page.get_by_role("button", name=nl("Request a certificate")).click()

    certificate = Certificate.objects.get(member__slug="alpha")
    # The worker renders and signs it; the page lists it once it is issued.
    assert wait_for(lambda: Certificate.objects.get(pk=certificate.pk).status == "issued", timeout=60)
    page.reload()
    expect(page.get_by_text(certificate.serial).first).to_be_visible()
    snippet = page.locator("#embed-snippet").input_value()
    assert "/badge/alpha.svg" in snippet and f"/verify/{certificate.serial}/" in snippet

    with page.expect_download() as download_info:
        page.get_by_role("link", name=nl("Download the PDF")).click()
    pdf = open(download_info.value.path(), "rb").read()
    assert verify_pdf(pdf).valid
    text = " ".join(pdf_text(pdf).split())
    assert certificate.serial in text and "Alfa Bouw B.V." in text


def test_a_consumer_checks_a_certificate_by_serial_and_by_pdf(committed_db, live_site, page, tmp_media):
    from commission.certification.certificates import certificate_change, certificate_render, certificate_request
    from commission.certification.models import Certificate
    from tenants.accounts.roles import Role
    from tenants.accounts.services import user_create
    from tenants.members.models import Member

    with schema_context(SCHEMA):
        owner = user_create(email="eigenaar@alpha.example.org", full_name="Olga Eigenaar", role=Role.OWNER)
    publish_regulation(owner)
    with schema_context("public"):
        secretary = user_create(
            email="secretaris@wederhoor.example.org", full_name="Sara Secretaris", role=Role.SECRETARY
        )
        alpha = Member.objects.get(slug="alpha")
        requested = certificate_request(member=alpha, route=Certificate.Route.SECRETARY, actor=secretary)
        certificate = certificate_render(certificate_id=requested.pk)
    pdf = certificate.pdf.read()
    pdf_file = tmp_media / f"{certificate.serial}.pdf"
    pdf_file.write_bytes(pdf)
    altered_file = tmp_media / "gewijzigd.pdf"
    altered_file.write_bytes(flip_one_byte(pdf))

    # By serial number, typed the way people type it.
    page.goto(live_site.url(None, "/"))
    page.get_by_role("link", name=nl("Check a certificate")).click()
    expect(page).to_have_url(live_site.url(None, "/verify/"))
    page.get_by_role("textbox", name=nl("Serial number")).fill(" " + certificate.serial.lower().replace("-", " ") + " ")
    page.get_by_role("button", name=nl("Look it up")).click()
    expect(page).to_have_url(live_site.url(None, f"/verify/{certificate.serial}/"))
    expect(page.locator("#certificate")).to_have_attribute("data-standing", "valid")
    expect(page.get_by_text("Alfa Bouw B.V.").first).to_be_visible()

    # By the PDF: the file the commission issued, then a copy with one byte changed.
    page.goto(live_site.url(None, "/verify/"))
    page.get_by_label(nl("Certificate (PDF)")).set_input_files(str(pdf_file))
    page.get_by_role("button", name=nl("Check the PDF")).click()
    expect(page.locator("#result")).to_have_attribute("data-outcome", "genuine")
    expect(page.locator("#result")).to_have_attribute("data-serial", certificate.serial)
    page.get_by_label(nl("Certificate (PDF)")).set_input_files(str(altered_file))
    page.get_by_role("button", name=nl("Check the PDF")).click()
    expect(page.locator("#result")).to_have_attribute("data-outcome", "altered")

    # The badge on the member's website and the certificate's page show a revocation at once.
    badge = page.goto(live_site.url(None, "/badge/alpha.svg"))
    assert badge.ok and badge.headers["content-type"].startswith("image/svg+xml")
    assert 'data-state="certified"' in badge.text()
    with schema_context("public"):
        certificate_change(certificate=certificate, change="revoke", reason="Uitspraak niet nagekomen", actor=secretary)
    page.goto(live_site.url(None, f"/verify/{certificate.serial}/"))
    expect(page.locator("#certificate")).to_have_attribute("data-standing", "revoked")
    expect(page.get_by_test_id("reason")).to_have_text("Uitspraak niet nagekomen")
    assert 'data-state="revoked"' in page.goto(live_site.url(None, "/badge/alpha.svg")).text()
