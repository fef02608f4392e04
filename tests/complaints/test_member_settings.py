"""The owner's settings for complaint handling: regulation, taxonomy and the wording of messages."""

from __future__ import annotations

import pytest

from tenants.complaints.messages import MessageKey
from tenants.complaints.models import Category, Message, MessageTemplate, Regulation

pytestmark = pytest.mark.django_db

PAGES = ["/office/complaints/regulation/", "/office/complaints/categories/", "/office/complaints/messages/"]


@pytest.mark.parametrize("page", PAGES)
def test_only_the_owner_manages_settings(client_for, alpha, staff, page):
    assert client_for(alpha, staff["owner"]).get(page).status_code == 200
    assert client_for(alpha, staff["handler"]).get(page).status_code == 403
    assert client_for(alpha, staff["manager"]).get(page).status_code == 403


def test_owner_applies_a_preset_and_adjusts_terms(client_for, alpha, staff, in_schema):
    client = client_for(alpha, staff["owner"])
    assert client.post("/office/complaints/regulation/", {"preset": "care_wkkgz"}).status_code == 302
    response = client.post(
        "/office/complaints/regulation/",
        {
            "acknowledgment_amount": 3, "acknowledgment_unit": "working_days", "handling_amount": 6, "handling_unit": "weeks",
            "extension_amount": 4, "extension_unit": "weeks", "reminder_lead_days": 3, "status_link_days": 60,
            "public_intro": "Wij horen graag van u.", "closed_days_text": "2026-12-24\n2026-12-31",
        },
    )  # fmt: skip
    assert response.status_code == 302
    with in_schema(alpha):
        regulation = Regulation.objects.get()
    assert regulation.preset == "care_wkkgz" and regulation.acknowledgment_amount == 3
    assert [d.isoformat() for d in regulation.closed_days] == ["2026-12-24", "2026-12-31"]
    assert "Wij horen graag van u." in client_for(alpha).get("/complaint/").content.decode()


def test_bad_closing_day_is_explained(client_for, alpha, staff):
    response = client_for(alpha, staff["owner"]).post(
        "/office/complaints/regulation/",
        {"acknowledgment_amount": 5, "acknowledgment_unit": "working_days", "handling_amount": 6, "handling_unit": "weeks",
         "extension_amount": 4, "extension_unit": "weeks", "reminder_lead_days": 2, "status_link_days": 90,
         "closed_days_text": "24 december"},
    )  # fmt: skip
    assert response.status_code == 400 and "24 december" in response.content.decode()


def test_owner_adds_a_serious_category(client_for, alpha, staff, in_schema):
    response = client_for(alpha, staff["owner"]).post(
        "/office/complaints/categories/",
        {"kind": "category", "category-name": "Veiligheid", "category-is_serious": "on", "category-is_active": "on"},
    )
    assert response.status_code == 302
    with in_schema(alpha):
        assert Category.objects.get(name="Veiligheid").is_serious


def test_owner_rewrites_a_message_with_preview_and_it_is_used(client_for, alpha, staff, in_schema, register):
    client = client_for(alpha, staff["owner"])
    data = {"key": "acknowledgment", "language": "nl", "subject": "Bedankt! Uw nummer is {{ reference }}",
            "body": "Hallo {{ complainant_name }}, uw link: {{ status_link }}"}  # fmt: skip
    preview = client.post("/office/complaints/messages/", dict(data, action="preview"))
    assert preview.status_code == 200 and "Hallo J. Jansen" in preview.content.decode()
    with in_schema(alpha):
        assert not MessageTemplate.objects.exists()
    assert client.post("/office/complaints/messages/", dict(data, action="save")).status_code == 302
    complaint = register()
    with in_schema(alpha):
        ack = Message.objects.get(complaint=complaint, kind=MessageKey.ACKNOWLEDGMENT)
    assert ack.subject == f"Bedankt! Uw nummer is {complaint.reference}"
    assert ack.body.startswith("Hallo Karin Klant, uw link: http://alpha.wederhoor.test/status/")
    # English complainants still get the English standard text.
    english = register(complainant_email="en@example.org", language="en")
    with in_schema(alpha):
        assert Message.objects.get(complaint=english, kind=MessageKey.ACKNOWLEDGMENT).subject.startswith("We received")
    assert (
        client.post(
            "/office/complaints/messages/", {"key": "acknowledgment", "language": "nl", "action": "reset"}
        ).status_code
        == 302
    )
    with in_schema(alpha):
        assert not MessageTemplate.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        "{% load static %}{{ reference }}",
        "{% include 'base.html' %}",
        "{{ settings.SECRET_KEY }}",
        "{{ reference.__class__ }}",
        "{% if x %}",
    ],
)
def test_templates_refuse_anything_but_placeholders(client_for, alpha, staff, in_schema, body):
    response = client_for(alpha, staff["owner"]).post(
        "/office/complaints/messages/",
        {"key": "progress", "language": "nl", "subject": "Onderwerp", "body": body, "action": "save"},
    )
    assert response.status_code == 400
    with in_schema(alpha):
        assert not MessageTemplate.objects.exists()
