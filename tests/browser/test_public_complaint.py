"""A complainant files a complaint through the member's public form in a real browser, follows the
status link and adds information there; bad input is refused without losing what was typed."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone, translation
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from tests.helpers import nl, wait_for
from tests.images import png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.worker]

SCHEMA = "m_alpha"


def test_file_a_complaint_and_follow_it(committed_db, live_site, page, tmp_path):
    from tenants.complaints.models import Attachment, Complaint, Message
    from tenants.complaints.workflow import Status
    from tenants.outbox.models import OutboundEmail

    photo = tmp_path / "lekkage-badkamer.png"
    photo.write_bytes(png_bytes(size=(24, 16)))
    email = "petra.devries@example.org"
    description = "De monteur zou de lekkage in de badkamer verhelpen, maar kwam twee keer niet opdagen."

    page.goto(live_site.url("alpha", "/"))
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    page.get_by_role("link", name=nl("Submit a complaint online")).click()
    expect(page).to_have_url(live_site.url("alpha", "/complaint/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(nl("Submit a complaint"))

    page.get_by_label(nl("Your name")).fill("Petra de Vries")
    page.get_by_label(nl("Your e-mail address")).fill(email)
    page.get_by_label(nl("Your phone number")).fill("030 123 45 67")
    page.locator("[name=complainant_postal_code]").fill("3511 AB")
    page.locator("[name=complainant_city]").fill("Utrecht")
    page.get_by_label(nl("What happened?")).fill(description)
    page.locator("[name=incident_date]").fill((timezone.localdate() - timedelta(days=3)).isoformat())
    page.get_by_label(nl("What would you like us to do?")).fill("Een vaste afspraak en vergoeding van de schade.")
    page.locator("[name=attachments]").set_input_files(str(photo))
    page.locator("[name=consent]").check()
    page.get_by_role("button", name=nl("Send my complaint")).click()

    expect(page).to_have_url(live_site.url("alpha", "/complaint/thanks/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(nl("Thank you for your complaint"))
    reference = page.get_by_role("status").locator("strong").inner_text()
    assert re.fullmatch(r"\d{4}-\d{5}", reference), reference
    expect(page.get_by_text(email)).to_be_visible()

    page.get_by_role("link", name=nl("Follow your complaint")).click()
    expect(page).to_have_url(re.compile(re.escape(live_site.url("alpha", "/status/")) + r"[^/]+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(reference)
    with translation.override("nl"):
        acknowledged = str(Status.ACKNOWLEDGED.label)
    expect(page.get_by_test_id("status")).to_have_text(acknowledged)

    with schema_context(SCHEMA):
        complaint = Complaint.objects.get()
        acknowledgment = complaint.messages.get(kind=Message.Kind.ACKNOWLEDGMENT)
        upload = complaint.attachments.get()
    messages = page.get_by_role("region", name=nl("Messages")).get_by_role("article")
    expect(messages).to_have_count(1)
    expect(messages.first.get_by_role("heading")).to_have_text(acknowledgment.subject)
    expect(messages.first).to_contain_text(reference)

    # What the complainant uploaded is stored as shared with them, so the page lists it, and it
    # downloads with the same bytes.
    assert upload.source == Attachment.Source.COMPLAINANT and upload.shared_with_complainant
    files = page.get_by_role("region", name=nl("Files"))
    link = files.get_by_role("link", name=photo.name)
    expect(link).to_be_visible()
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == photo.name
    assert Path(download.path()).read_bytes() == photo.read_bytes()

    with schema_context(SCHEMA):
        assert Complaint.objects.count() == 1
        complaint.refresh_from_db()
        assert complaint.reference == reference
        assert complaint.complainant_email == email
        assert complaint.channel == Complaint.Channel.WEB_FORM
        assert complaint.status == Status.ACKNOWLEDGED
        assert list(complaint.messages.values_list("kind", flat=True)) == [Message.Kind.ACKNOWLEDGMENT]
        acknowledgment_mail = OutboundEmail.objects.filter(to=email, topic="complaint_acknowledgment")
        assert acknowledgment_mail.count() == 1
        assert reference in acknowledgment_mail.get().subject + acknowledgment_mail.get().body_text
        # The worker sends it once the request's transaction committed.
        assert wait_for(lambda: acknowledgment_mail.get().status == OutboundEmail.Status.SENT, timeout=10)


def test_add_information_on_the_status_page(committed_db, live_site, page):
    from tenants.complaints.models import Complaint, Message
    from tenants.complaints.services import complaint_register, status_link_token

    with schema_context(SCHEMA):
        complaint = complaint_register(
            channel=Complaint.Channel.WEB_FORM,
            complainant_name="Petra de Vries",
            complainant_email="petra.devries@example.org",
            description="De monteur kwam twee keer niet opdagen.",
            language="nl",
        )
        token = status_link_token(complaint)

    page.goto(live_site.url("alpha", f"/status/{token}/"))
    messages = page.get_by_role("region", name=nl("Messages")).get_by_role("article")
    expect(messages).to_have_count(1)
    extra = "Foto van de schade aan het plafond volgt. Ik ben op werkdagen na 16 uur bereikbaar."
    adding = page.get_by_role("region", name=nl("Add information"))
    adding.get_by_label(nl("Your message")).fill(extra)
    adding.get_by_role("button", name=nl("Send"), exact=True).click()

    expect(page).to_have_url(live_site.url("alpha", f"/status/{token}/"))
    expect(page.get_by_role("status")).to_have_text(nl("Thank you. Your information has been added to your complaint."))
    expect(messages).to_have_count(2)
    expect(messages.last).to_contain_text(extra)
    expect(messages.last).to_contain_text(nl("from you"))
    with schema_context(SCHEMA):
        kinds_and_bodies = list(complaint.messages.values_list("kind", "body"))
    assert [kind for kind, _ in kinds_and_bodies] == [Message.Kind.ACKNOWLEDGMENT, Message.Kind.INFORMATION]
    assert kinds_and_bodies[-1][1] == extra


def test_bad_input_is_refused_and_what_was_typed_is_kept(committed_db, live_site, page, tmp_path):
    from tenants.complaints.models import Complaint

    page.goto(live_site.url("alpha", "/complaint/"))
    submit = page.get_by_role("button", name=nl("Send my complaint"))
    submit.click()

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(nl("Please correct the fields marked below."))
    for name in ("complainant_name", "complainant_email", "description", "consent"):
        expect(page.locator(f"[name={name}]")).to_have_attribute("aria-invalid", "true")
    for name in ("complainant_phone", "remedy_sought"):
        expect(page.locator(f"[name={name}]")).not_to_have_attribute("aria-invalid", "true")
    expect(page.locator("[name=consent]")).to_have_accessible_description(
        nl("We can only handle your complaint with your consent.")
    )

    # A program renamed to .png is refused by its content; what was typed stays.
    fake = tmp_path / "scan.png"
    fake.write_bytes(
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"This program cannot be run in DOS mode." * 4
    )
    description = "Mijn factuur klopt niet: ik betaal twee keer voor hetzelfde onderhoud."
    page.get_by_label(nl("Your name")).fill("Joost Jansen")
    page.get_by_label(nl("Your e-mail address")).fill("joost@example.org")
    page.get_by_label(nl("What happened?")).fill(description)
    page.locator("[name=attachments]").set_input_files(str(fake))
    page.locator("[name=consent]").check()
    submit.click()

    expect(alert).to_contain_text(nl("What you typed is kept; choose your files again."))
    attachments = page.locator("[name=attachments]")
    expect(attachments).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_attachments_error")).to_contain_text(fake.name)
    expect(page.locator("[name=complainant_name]")).to_have_value("Joost Jansen")
    expect(page.locator("[name=complainant_email]")).to_have_value("joost@example.org")
    expect(page.locator("[name=description]")).to_have_value(description)
    expect(page.locator("[name=consent]")).to_be_checked()
    for name in ("complainant_name", "complainant_email", "description", "consent"):
        expect(page.locator(f"[name={name}]")).not_to_have_attribute("aria-invalid", "true")

    with schema_context(SCHEMA):
        assert not Complaint.objects.exists()
