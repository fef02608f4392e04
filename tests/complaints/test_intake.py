"""Intake: the public form (happy path and every kind of bad input) and registration by handlers."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tenants.complaints.models import Attachment, Complaint, Message, StatusChange
from tenants.complaints.workflow import Status
from tenants.outbox.models import OutboundEmail

from ..images import png_bytes
from .data import PUBLIC_FORM

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

VALID = PUBLIC_FORM


def test_form_shows_member_name_and_terms(client_for, alpha):
    page = client_for(alpha).get("/complaint/").content.decode()
    assert alpha.legal_name in page
    assert "6" in page and 'name="website"' in page


def test_complaint_is_stored_acknowledged_and_answered_with_reference(
    client_for, alpha, in_schema, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(alpha)
    data = dict(VALID, attachments=[SimpleUploadedFile("foto.png", png_bytes(), content_type="image/png")])
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post("/complaint/", data)
    assert response.status_code == 302 and response.url == "/complaint/thanks/"
    with in_schema(alpha):
        complaint = Complaint.objects.get(complainant_email="piet@example.org")
        assert complaint.channel == Complaint.Channel.WEB_FORM and complaint.status == Status.ACKNOWLEDGED
        assert list(StatusChange.objects.filter(complaint=complaint).values_list("to_status", flat=True)) == [
            "received",
            "acknowledged",
        ]
        attachment = Attachment.objects.get(complaint=complaint)
        assert (
            attachment.content_type == "image/png"
            and attachment.source == "complainant"
            and len(attachment.sha256) == 64
        )
        ack = Message.objects.get(complaint=complaint, kind=Message.Kind.ACKNOWLEDGMENT)
        assert complaint.reference in ack.body and "/status/" in ack.body
        assert OutboundEmail.objects.get(pk=ack.email_id).to == "piet@example.org"
    # The e-mail is sent only after the complaint was committed.
    assert callbacks, "the e-mail task is queued on commit"
    thanks = client.get("/complaint/thanks/").content.decode()
    assert complaint.reference in thanks and "/status/" in thanks


def test_complaint_is_committed_even_when_sending_email_fails(
    client_for, alpha, in_schema, settings, django_capture_on_commit_callbacks
):
    from tenants.outbox.services import email_send

    settings.EMAIL_BACKEND = "tests.failing_email.FailingBackend"
    with django_capture_on_commit_callbacks(execute=False):
        client_for(alpha).post("/complaint/", VALID)
    with in_schema(alpha):
        complaint = Complaint.objects.get(complainant_email="piet@example.org")
        message = OutboundEmail.objects.get(about=f"complaints.complaint:{complaint.uuid}")
        email_send(email_id=message.pk)
        message.refresh_from_db()
        assert message.status == "pending" and message.attempts == 1 and "unreachable" in message.last_error
        assert Complaint.objects.filter(pk=complaint.pk).exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("complainant_name", ""),
        ("complainant_email", "geen-adres"),
        ("description", ""),
        ("consent", ""),
        ("incident_date", "2999-01-01"),
    ],
)
def test_bad_field_is_explained_and_the_rest_kept(client_for, alpha, in_schema, field, value):
    data = dict(VALID, **{field: value})
    if not value:
        data.pop(field)
    response = client_for(alpha).post("/complaint/", data)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'role="alert"' in body and 'aria-invalid="true"' in body
    if field != "description":
        assert "De bestelde kast kwam beschadigd aan." in body
    if field != "complainant_name":
        assert 'value="Piet Puk"' in body
    with in_schema(alpha):
        assert not Complaint.objects.exists()


def test_errors_speak_dutch_by_default_and_english_on_request(client_for, alpha):
    dutch = client_for(alpha).post("/complaint/", dict(VALID, complainant_email="x")).content.decode()
    assert "Voer een geldig e-mailadres in" in dutch
    english_client = client_for(alpha)
    english_client.cookies["django_language"] = "en"
    english = english_client.post("/complaint/", dict(VALID, complainant_email="x")).content.decode()
    assert "Enter a valid email address" in english


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("foto.png", b"MZ\x90\x00\x03 not an image at all", "cannot be attached"),
        ("brief.pdf", b"<html><script>alert(1)</script></html>", "cannot be attached"),
        ("archief.zip", b"PK\x03\x04" + b"\x00" * 100, "cannot be attached"),
        ("leeg.pdf", b"", "empty"),
    ],
)
def test_disallowed_attachment_is_refused_and_the_form_kept(client_for, alpha, in_schema, name, content, reason):
    from django.utils import translation

    client = client_for(alpha)
    client.cookies["django_language"] = "en"
    data = dict(VALID, attachments=[SimpleUploadedFile(name, content, content_type="image/png")])
    with translation.override("en"):
        response = client.post("/complaint/", data)
    assert response.status_code == 400
    body = response.content.decode()
    assert reason in body and name in body
    assert 'value="Piet Puk"' in body and "De bestelde kast kwam beschadigd aan." in body
    with in_schema(alpha):
        assert not Complaint.objects.exists()


def test_oversized_attachment_is_refused(client_for, alpha, in_schema, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    big = SimpleUploadedFile("groot.png", png_bytes(size=(400, 400)) + b"\x00" * 2048, content_type="image/png")
    response = client_for(alpha).post("/complaint/", dict(VALID, attachments=[big]))
    assert response.status_code == 400
    with in_schema(alpha):
        assert not Complaint.objects.exists()


def test_too_many_attachments_are_refused(client_for, alpha, in_schema):
    files = [SimpleUploadedFile(f"f{i}.png", png_bytes(), content_type="image/png") for i in range(6)]
    assert client_for(alpha).post("/complaint/", dict(VALID, attachments=files)).status_code == 400


def test_honeypot_stores_nothing_but_looks_successful(client_for, alpha, in_schema):
    response = client_for(alpha).post("/complaint/", dict(VALID, website="http://spam.example.org"))
    assert response.status_code == 200
    with in_schema(alpha):
        assert not Complaint.objects.exists()


def test_public_form_is_rate_limited_per_client(client_for, alpha, in_schema, settings):
    settings.COMPLAINT_FORM_RATE_LIMIT = 2
    client = client_for(alpha)
    for n in range(2):
        assert (
            client.post("/complaint/", dict(VALID, complainant_name=f"Naam {n}"), REMOTE_ADDR="203.0.113.5").status_code
            == 302
        )
    refused = client.post("/complaint/", dict(VALID, complainant_name="Naam 3"), REMOTE_ADDR="203.0.113.5")
    assert refused.status_code == 429 and 'value="Naam 3"' in refused.content.decode()
    assert client.post("/complaint/", VALID, REMOTE_ADDR="198.51.100.1").status_code == 302
    with in_schema(alpha):
        assert Complaint.objects.count() == 3


def test_html_in_the_complaint_is_shown_as_text(client_for, alpha, in_schema, staff):
    client_for(alpha).post("/complaint/", dict(VALID, description="<img src=x onerror=alert(1)> kapot"))
    with in_schema(alpha):
        complaint = Complaint.objects.get()
    page = client_for(alpha, staff["handler"]).get(f"/office/complaints/{complaint.uuid}/").content.decode()
    assert "<img src=x" not in page and "&lt;img src=x" in page


def test_handler_registers_a_phone_complaint(client_for, alpha, in_schema, staff):
    client = client_for(alpha, staff["handler"])
    response = client.post(
        "/office/complaints/new/",
        {
            "kind": "external",
            "channel": "phone",
            "received_at": "2026-11-02T09:15",
            "complainant_name": "Truus Telefoon",
            "complainant_phone": "010 1234567",
            "description": "Belt over een verkeerde levering.",
            "severity": "normal",
            "handler": staff["handler"].pk,
            "send_acknowledgment": "",
        },
    )
    assert response.status_code == 302
    with in_schema(alpha):
        complaint = Complaint.objects.get(complainant_name="Truus Telefoon")
    assert complaint.channel == "phone" and complaint.received_by == staff["handler"]
    assert complaint.status == Status.RECEIVED  # no e-mail address: acknowledged by letter later
    assert complaint.received_at.isoformat().startswith("2026-11-02T08:15")  # 09:15 Amsterdam = 08:15 UTC


def test_handler_cannot_register_internal_complaints_but_owner_can(client_for, alpha, in_schema, staff):
    data = {"kind": "internal", "channel": "in_person", "received_at": "2026-11-02T09:15", "complainant_name": "Collega",
            "description": "Rooster.", "severity": "normal"}  # fmt: skip
    assert client_for(alpha, staff["handler"]).post("/office/complaints/new/", data).status_code == 400
    assert client_for(alpha, staff["owner"]).post("/office/complaints/new/", data).status_code == 302


def test_future_receipt_is_refused(client_for, alpha, staff):
    data = {"kind": "external", "channel": "letter", "received_at": "2999-01-01T09:00", "complainant_name": "X",
            "description": "Y", "severity": "normal"}  # fmt: skip
    assert client_for(alpha, staff["handler"]).post("/office/complaints/new/", data).status_code == 400


def test_serious_complaint_is_copied_to_the_head_of_department(register, in_schema, alpha, staff, make_user):
    from tenants.accounts.roles import Role
    from tenants.complaints.models import Category, Department

    head = make_user(alpha, Role.MANAGER, email="hoofd@alpha.example.org")
    with in_schema(alpha):
        department = Department.objects.create(name="Service", manager=head)
        serious = Category.objects.create(name="Bejegening", is_serious=True)
        ordinary = Category.objects.create(name="Levering")
    complaint = register(category=serious, department=department)
    register(category=ordinary, department=department, complainant_email="ander@example.org")
    with in_schema(alpha):
        complaint.refresh_from_db()
        assert complaint.severity == Complaint.Severity.SERIOUS
        copies = OutboundEmail.objects.filter(topic="serious_copy")
        assert list(copies.values_list("to", flat=True)) == ["hoofd@alpha.example.org"]
        assert complaint.reference in copies.get().subject or complaint.reference in copies.get().body_text


def test_serious_complaint_without_department_goes_to_every_manager(register, in_schema, alpha, staff):
    from tenants.complaints.models import Category

    with in_schema(alpha):
        serious = Category.objects.create(name="Bejegening", is_serious=True)
    register(category=serious)
    with in_schema(alpha):
        assert list(OutboundEmail.objects.filter(topic="serious_copy").values_list("to", flat=True)) == [
            staff["manager"].email
        ]


def test_references_count_up_per_year(register, in_schema, alpha):
    first = register()
    second = register(complainant_email="twee@example.org")
    year = first.received_at.year
    assert first.reference == f"{year}-00001" and second.reference == f"{year}-00002"
