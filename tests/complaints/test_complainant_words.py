"""What the complainant submitted (their own words, the remedy asked, their files) is fixed once the
complaint is registered; staff add clarifications beside it, labelled as the organisation's, and
the escalation snapshot carries both."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.utils import timezone

from core.uploads import check_upload
from tenants.complaints.models import Attachment, Clarification
from tenants.complaints.services import clarification_add, complaint_update
from tests.helpers import raw_sql

from ..images import png_bytes

pytestmark = pytest.mark.django_db

API = "/api/v1"
JSON = "application/json"
WORDS = "Het pakket kwam beschadigd aan en niemand belde terug."
REMEDY = "Een nieuw pakket."


def office(client_for, alpha, user):
    client = client_for(alpha, user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


# The service and the database refuse -----------------------------------------------------------


@pytest.mark.parametrize("field", ["description", "remedy_sought"])
def test_the_service_refuses_to_change_the_complainants_words(register, in_schema, alpha, staff, field):
    complaint = register(description=WORDS, remedy_sought=REMEDY, actor=staff["handler"])
    with in_schema(alpha):
        with pytest.raises(ValidationError) as refused:
            complaint_update(complaint=complaint, actor=staff["handler"], **{field: "Herschreven door de organisatie."})
        assert field in refused.value.message_dict
        # Sending the words unchanged (a form that shows them) is no change.
        complaint_update(complaint=complaint, actor=staff["handler"], description=WORDS, remedy_sought=REMEDY)
        complaint.refresh_from_db()
    assert (complaint.description, complaint.remedy_sought) == (WORDS, REMEDY)


@pytest.mark.parametrize("channel", ["web_form", "phone"])
@pytest.mark.parametrize("column", ["description", "remedy_sought"])
def test_the_database_refuses_to_change_the_complainants_words(register, in_schema, alpha, channel, column):
    complaint = register(channel=channel, description=WORDS, remedy_sought=REMEDY)
    with in_schema(alpha):
        with pytest.raises(DatabaseError, match="immutable"):
            raw_sql(f"UPDATE complaints_complaint SET {column} = 'herschreven' WHERE id = %s", [complaint.pk])
        # Every other column stays editable.
        raw_sql("UPDATE complaints_complaint SET customer_number = 'K-1' WHERE id = %s", [complaint.pk])
        complaint.refresh_from_db()
    assert (complaint.description, complaint.remedy_sought, complaint.customer_number) == (WORDS, REMEDY, "K-1")


def test_the_complainants_files_cannot_be_changed_or_removed(register, in_schema, alpha, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = check_upload(SimpleUploadedFile("schade.png", png_bytes()))
    complaint = register(channel="web_form", attachments=[upload])
    with in_schema(alpha):
        attachment = complaint.attachments.get()
        assert attachment.source == Attachment.Source.COMPLAINANT
        for sql in (
            "UPDATE complaints_attachment SET sha256 = 'x' WHERE id = %s",
            "UPDATE complaints_attachment SET original_name = 'anders.png' WHERE id = %s",
            "UPDATE complaints_attachment SET file = 'elders.png' WHERE id = %s",
            "DELETE FROM complaints_attachment WHERE id = %s",
        ):
            with pytest.raises(DatabaseError, match="immutable"):
                raw_sql(sql, [attachment.pk])
        # Whether the complainant sees a file stays the member's choice.
        raw_sql("UPDATE complaints_attachment SET shared_with_complainant = false WHERE id = %s", [attachment.pk])
        attachment.refresh_from_db()
    assert attachment.sha256 == upload.sha256 and not attachment.shared_with_complainant


# The office page -------------------------------------------------------------------------------


def test_the_office_edit_form_no_longer_offers_the_complainants_words(register, alpha, staff, client_for, in_schema):
    complaint = register(description=WORDS, remedy_sought=REMEDY)
    client = office(client_for, alpha, staff["handler"])
    page = client.get(f"/office/complaints/{complaint.uuid}/").content.decode()
    assert 'name="description"' not in page and 'name="remedy_sought"' not in page
    assert WORDS in page
    # A crafted POST with the words changes nothing of them (the other details are saved).
    response = client.post(
        f"/office/complaints/{complaint.uuid}/",
        {
            "action": "edit",
            "complainant_name": "Karin Klant",
            "complainant_email": "karin@example.org",
            "customer_number": "K-77",
            "description": "Herschreven.",
            "remedy_sought": "Niets.",
            "severity": "normal",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    with in_schema(alpha):
        complaint.refresh_from_db()
    assert (complaint.description, complaint.remedy_sought, complaint.customer_number) == (WORDS, REMEDY, "K-77")


def test_staff_add_a_clarification_shown_beside_the_words(register, alpha, staff, client_for, in_schema):
    complaint = register(description=WORDS)
    client = office(client_for, alpha, staff["handler"])
    url = f"/office/complaints/{complaint.uuid}/"
    response = client.post(url, {"action": "clarify", "body": "Bedoeld is de levering van 3 oktober."})
    assert response.status_code == 302
    page = html.unescape(client.get(url).content.decode())
    assert "Bedoeld is de levering van 3 oktober." in page
    assert "In the complainant's own words" in page and "Clarifications by the organisation" in page
    assert staff["handler"].full_name in page
    with in_schema(alpha):
        clarification = Clarification.objects.get(complaint=complaint)
        complaint.refresh_from_db()
    assert clarification.author == staff["handler"] and complaint.description == WORDS


def test_an_empty_clarification_is_refused_with_a_message(register, alpha, staff, client_for, in_schema):
    complaint = register()
    response = office(client_for, alpha, staff["handler"]).post(
        f"/office/complaints/{complaint.uuid}/", {"action": "clarify", "body": "   "}
    )
    assert response.status_code == 400
    assert "Write the clarification." in response.content.decode()
    with in_schema(alpha):
        assert not Clarification.objects.exists()


def test_clarifications_are_append_only(register, in_schema, alpha, staff):
    complaint = register()
    with in_schema(alpha):
        clarification = clarification_add(complaint=complaint, actor=staff["handler"], body="Aanvulling.")
        for sql in (
            "UPDATE complaints_clarification SET body = 'anders' WHERE id = %s",
            "DELETE FROM complaints_clarification WHERE id = %s",
        ):
            with pytest.raises(DatabaseError, match="append-only"):
                raw_sql(sql, [clarification.pk])


# The API ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["description", "remedy_sought"])
def test_the_api_refuses_to_change_the_complainants_words(register, alpha, staff, client_for, in_schema, field):
    complaint = register(description=WORDS, remedy_sought=REMEDY)
    client = client_for(alpha, staff["handler"])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.patch(f"{API}/complaints/{complaint.uuid}/", {field: "Herschreven."}, content_type=JSON)
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {field}
    assert "clarification" in response.json()["error"]["fields"][field][0]
    with in_schema(alpha):
        complaint.refresh_from_db()
    assert (complaint.description, complaint.remedy_sought) == (WORDS, REMEDY)


def test_the_api_adds_and_lists_clarifications(register, alpha, staff, client_for):
    complaint = register(description=WORDS)
    client = client_for(alpha, staff["handler"])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    url = f"{API}/complaints/{complaint.uuid}/clarifications/"
    created = client.post(url, {"body": "Bedoeld is de levering van 3 oktober."}, content_type=JSON)
    assert created.status_code == 201
    assert created.json()["body"] == "Bedoeld is de levering van 3 oktober."
    assert created.json()["author"] == staff["handler"].full_name
    assert client.post(url, {"body": ""}, content_type=JSON).status_code == 400
    listed = client.get(url).json()["results"]
    assert [c["body"] for c in listed] == ["Bedoeld is de levering van 3 oktober."]
    detail = client.get(f"{API}/complaints/{complaint.uuid}/").json()
    assert detail["description"] == WORDS
    assert [c["body"] for c in detail["clarifications"]] == ["Bedoeld is de levering van 3 oktober."]


# Escalation ------------------------------------------------------------------------------------


def test_the_snapshot_and_the_commission_page_carry_both(register, in_schema, alpha, staff, client_for, make_user):
    from commission.cases.services import case_escalate
    from tenants.accounts.roles import Role

    complaint = register(description=WORDS, remedy_sought=REMEDY, received_at=timezone.now() - timedelta(weeks=6))
    with in_schema(alpha):
        clarification_add(complaint=complaint, actor=staff["handler"], body="Bedoeld is de levering van 3 oktober.")
        case, _created = case_escalate(complaint=complaint, claim="Vergoeding.", binding_accepted=True)
    data = case.snapshots.get().data
    assert data["complaint"]["description"] == WORDS and data["complaint"]["remedy_sought"] == REMEDY
    assert [(c["body"], c["by"]) for c in data["clarifications"]] == [
        ("Bedoeld is de levering van 3 oktober.", staff["handler"].full_name)
    ]
    client = client_for(None, make_user(None, Role.SECRETARY))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = html.unescape(client.get(f"/office/cases/{case.uuid}/").content.decode())
    assert WORDS in page and REMEDY in page and "Bedoeld is de levering van 3 oktober." in page
    assert "In the complainant's own words" in page and "Clarifications by the member" in page
    assert page.index(WORDS) < page.index("Bedoeld is de levering van 3 oktober.")


def test_the_register_form_says_the_words_are_fixed(alpha, staff, client_for):
    client = client_for(alpha, staff["handler"])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = html.unescape(client.get("/office/complaints/new/").content.decode())
    assert "they cannot be changed once registered" in page
