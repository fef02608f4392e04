"""The complainant's status page behind a signed, expiring link."""

from __future__ import annotations

import re

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile

from tenants.complaints.models import Message
from tenants.complaints.services import STATUS_LINK_SALT, note_add, status_link_token
from tenants.outbox.models import OutboundEmail

from ..images import png_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


def test_valid_link_shows_status_dates_and_messages_for_the_complainant(register, in_schema, alpha, client_for, staff):
    complaint = register()
    with in_schema(alpha):
        token = status_link_token(complaint)
        note_add(complaint=complaint, actor=staff["handler"], body="Intern: klant is lastig")
    page = client_for(alpha).get(f"/status/{token}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert complaint.reference in body and "Intern: klant is lastig" not in body
    assert "Ontvangstbevestiging" in body  # the acknowledgment message
    assert page["X-Frame-Options"] == "DENY"


def test_expired_link_is_refused_with_a_way_to_get_a_new_one(register, in_schema, alpha, client_for):
    from tenants.complaints.services import regulation_update

    complaint = register()
    with in_schema(alpha):
        token = status_link_token(complaint)
        regulation_update(actor=None, status_link_days=1)
    signer_time = signing.TimestampSigner(salt=STATUS_LINK_SALT)
    assert signer_time  # the token was signed now; pretend two days passed by checking with max_age
    import time

    real_time = time.time
    try:
        time.time = lambda: real_time() + 2 * 24 * 3600
        response = client_for(alpha).get(f"/status/{token}/")
    finally:
        time.time = real_time
    assert response.status_code == 410
    assert 'name="reference"' in response.content.decode()


def test_forged_or_foreign_links_are_refused(register, in_schema, alpha, beta, client_for):
    complaint = register()
    with in_schema(alpha):
        token = status_link_token(complaint)
    assert client_for(alpha).get(f"/status/{token[:-2]}xx/").status_code == 404
    # Someone else's link at another member opens nothing there.
    assert client_for(beta).get(f"/status/{token}/").status_code == 404
    # A token made with another purpose's salt is refused.
    other = signing.dumps({"c": str(complaint.uuid), "v": 1}, salt="something-else")
    assert client_for(alpha).get(f"/status/{other}/").status_code == 404


def test_a_complainant_cannot_open_another_complainants_complaint(register, in_schema, alpha, client_for):
    mine = register(complainant_email="mij@example.org")
    theirs = register(complainant_email="ander@example.org", complainant_name="Andere Klant")
    with in_schema(alpha):
        my_token = status_link_token(mine)
        their_file_complaint = theirs
    page = client_for(alpha).get(f"/status/{my_token}/").content.decode()
    assert "Andere Klant" not in page and theirs.reference not in page
    # Files of another complaint cannot be fetched with my token.
    with in_schema(alpha):
        from core.uploads import check_upload
        from tenants.complaints.services import attachment_add

        attachment = attachment_add(
            complaint=their_file_complaint, actor=None,
            checked=check_upload(SimpleUploadedFile("x.png", png_bytes())), shared_with_complainant=True,
        )  # fmt: skip
    assert client_for(alpha).get(f"/status/{my_token}/files/{attachment.uuid}/").status_code == 404


def test_complainant_adds_information_and_files(register, in_schema, alpha, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    complaint = register()
    with in_schema(alpha):
        token = status_link_token(complaint)
    client = client_for(alpha)
    response = client.post(
        f"/status/{token}/",
        {"text": "Hier is de foto.", "attachments": [SimpleUploadedFile("schade.png", png_bytes())]},
    )
    assert response.status_code == 302
    with in_schema(alpha):
        message = Message.objects.get(complaint=complaint, direction="in")
        assert message.body == "Hier is de foto."
        assert complaint.attachments.get().original_name == "schade.png"
    page = client.get(f"/status/{token}/").content.decode()
    assert "Hier is de foto." in page and "schade.png" in page
    download = client.get(f"/status/{token}/files/{complaint.attachments.get().uuid}/")
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")


def test_complainant_upload_of_a_bad_file_keeps_the_text(register, in_schema, alpha, client_for):
    complaint = register()
    with in_schema(alpha):
        token = status_link_token(complaint)
    response = client_for(alpha).post(
        f"/status/{token}/", {"text": "Mijn tekst", "attachments": [SimpleUploadedFile("virus.png", b"MZ\x90\x00")]}
    )
    assert response.status_code == 400 and "Mijn tekst" in response.content.decode()


def test_fresh_link_by_email_invalidates_the_old_one(register, in_schema, alpha, client_for):
    complaint = register()
    with in_schema(alpha):
        old_token = status_link_token(complaint)
    client = client_for(alpha)
    response = client.post("/status/", {"reference": complaint.reference, "email": "KARIN@example.org"})
    assert response.status_code == 200
    with in_schema(alpha):
        sent = OutboundEmail.objects.filter(topic="complaint_status_link").get()
    new_link = re.search(r"http://alpha\.wederhoor\.test(/status/\S+/)", sent.body_text).group(1)
    assert client.get(new_link).status_code == 200
    assert client.get(f"/status/{old_token}/").status_code == 404


def test_link_request_answers_the_same_for_unknown_details(register, in_schema, alpha, client_for):
    complaint = register()
    matching = client_for(alpha).post("/status/", {"reference": complaint.reference, "email": "karin@example.org"})
    wrong_email = client_for(alpha).post("/status/", {"reference": complaint.reference, "email": "x@example.org"})
    unknown = client_for(alpha).post("/status/", {"reference": "2026-99999", "email": "karin@example.org"})
    assert matching.status_code == wrong_email.status_code == unknown.status_code == 200

    def text(response):
        # Without what differs on every answer anyway: the CSRF token and the style nonce.
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"|nonce="[^"]+"', "", response.content.decode())

    assert text(matching) == text(wrong_email) == text(unknown)
    with in_schema(alpha):
        assert OutboundEmail.objects.filter(topic="complaint_status_link").count() == 1
