"""The member API for complaints: roles, token and session authentication, isolation between members,
the workflow through the API, the error envelope, filters, pagination, files, notes and messages."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token

from tenants.accounts.models import User
from tenants.accounts.roles import Role
from tenants.complaints.models import Category, Cause, Complaint, Message
from tenants.complaints.services import complaint_transition, taxonomy_save
from tenants.complaints.workflow import Status
from tenants.outbox.models import OutboundEmail
from tests.helpers import error_of

from ..images import png_bytes

pytestmark = pytest.mark.django_db

API = "/api/v1"
JSON = "application/json"


def host_of(member) -> str:
    return f"{member.slug}.{settings.PLATFORM_DOMAIN}"


def token_client(host: str, key: str) -> Client:
    return Client(HTTP_HOST=host, HTTP_AUTHORIZATION=f"Token {key}", HTTP_ACCEPT_LANGUAGE="en")


def create(client, **fields):
    data = {"complainant_name": "Karin Klant", "complainant_email": "karin@example.org", "description": "Kapot."}
    data.update(fields)
    return client.post(f"{API}/complaints/", data, content_type=JSON)


# Who may use the API --------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.OWNER, Role.HANDLER, Role.MANAGER])
def test_member_roles_may_list_and_register(api, make_user, alpha, role, django_capture_on_commit_callbacks):
    client = api(alpha, make_user(alpha, role))
    with django_capture_on_commit_callbacks():
        created = create(client, channel="phone")
    assert created.status_code == 201, created.content
    listed = client.get(f"{API}/complaints/")
    assert listed.status_code == 200
    assert [c["uuid"] for c in listed.json()["results"]] == [created.json()["uuid"]]


@pytest.mark.parametrize(
    "path", ["/complaints/", "/categories/", "/causes/", "/departments/", "/complaints/{uuid}/messages/"]
)
def test_anonymous_is_401_in_the_envelope(api, alpha, register, path):
    complaint = register()
    response = api(alpha).get(API + path.format(uuid=complaint.uuid))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert error_of(response)["code"] == "not_authenticated"


def test_commission_user_is_refused_at_a_member_host(api, client_for, make_user, in_schema, alpha, hosts):
    admin = make_user(None, Role.PLATFORM_ADMIN)
    with in_schema("public"):
        key = Token.objects.create(user=admin).key
    # The commission's token means nothing in the member's schema.
    assert token_client(hosts.commission, key).get(f"{API}/me/").status_code == 200
    response = token_client(hosts.alpha, key).get(f"{API}/complaints/")
    assert response.status_code == 401 and error_of(response)["code"] == "authentication_failed"
    # Nor does the commission's session cookie, replayed at the member's host.
    session = client_for(None, admin)
    assert session.get(f"{API}/complaints/", HTTP_HOST=hosts.alpha).status_code == 401


def test_commission_role_inside_a_member_schema_grants_nothing(in_schema, alpha, hosts, api):
    """A row with a commission role in a member schema (the services refuse to create one)."""
    with in_schema(alpha):
        rogue = User(email="rogue@example.org", full_name="Rogue", role=Role.PLATFORM_ADMIN)
        rogue.set_unusable_password()
        rogue.save()
        key = Token.objects.create(user=rogue).key
    response = token_client(hosts.alpha, key).get(f"{API}/complaints/")
    assert response.status_code == 403 and error_of(response)["code"] == "permission_denied"
    assert api(alpha, rogue).get(f"{API}/complaints/").status_code == 403


def test_token_from_the_command_works_and_is_shown_again(make_user, in_schema, alpha, hosts, register):
    from tenants.audit.models import AuditEvent

    handler = make_user(alpha, Role.HANDLER)
    complaint = register()
    out = io.StringIO()
    call_command("create_api_token", member="alpha", email=handler.email.upper(), stdout=out, stderr=io.StringIO())
    key = out.getvalue().strip()
    again = io.StringIO()
    call_command("create_api_token", member="alpha", email=handler.email, stdout=again, stderr=io.StringIO())
    assert again.getvalue().strip() == key
    with in_schema(alpha):
        assert Token.objects.get(key=key).user == handler
        assert AuditEvent.objects.filter(event_type="user.api_token_created", target_id=str(handler.uuid)).count() == 1
    response = token_client(hosts.alpha, key).get(f"{API}/complaints/{complaint.uuid}/")
    assert response.status_code == 200 and response.json()["reference"] == complaint.reference


@pytest.mark.parametrize(
    ("member", "email", "message"),
    [("nobody", "x@example.org", "No member"), ("alpha", "unknown@example.org", "has no user")],
)
def test_command_refuses_unknown_member_or_user(alpha, member, email, message):
    with pytest.raises(CommandError, match=message):
        call_command("create_api_token", member=member, email=email, stdout=io.StringIO(), stderr=io.StringIO())


def test_token_of_member_a_is_401_at_member_b_and_a_complaint_of_a_is_404_at_b(
    api, make_user, in_schema, alpha, beta, hosts, register
):
    alpha_handler = make_user(alpha, Role.HANDLER)
    with in_schema(alpha):
        key = Token.objects.create(user=alpha_handler).key
    complaint = register()
    assert token_client(hosts.alpha, key).get(f"{API}/complaints/{complaint.uuid}/").status_code == 200
    at_beta = token_client(hosts.beta, key).get(f"{API}/complaints/")
    assert at_beta.status_code == 401 and error_of(at_beta)["status"] == 401
    beta_owner = make_user(beta, Role.OWNER)
    client = api(beta, beta_owner)
    for path in ("", "messages/", "notes/", "attachments/"):
        response = client.get(f"{API}/complaints/{complaint.uuid}/{path}")
        assert response.status_code == 404 and error_of(response)["code"] == "not_found"
    assert client.get(f"{API}/complaints/").json()["count"] == 0


# The workflow through the API -----------------------------------------------------------------


def test_register_retrieve_and_close_with_a_final_answer(
    api, staff, alpha, in_schema, tomorrow, django_capture_on_commit_callbacks
):
    client = api(alpha, staff["handler"])
    with in_schema(alpha):
        category = taxonomy_save(instance=Category(), actor=staff["owner"], name="Levering", is_serious=False)
    with django_capture_on_commit_callbacks() as callbacks:
        created = create(
            client,
            channel="email",
            remedy_sought="Een nieuw pakket.",
            incident_date="2026-01-05",
            category=category.pk,
            handler=str(staff["handler"].uuid),
        )
    assert created.status_code == 201, created.content
    assert len(callbacks) == 1  # the acknowledgment e-mail leaves after the commit
    body = created.json()
    assert body["status"] == Status.ACKNOWLEDGED and body["channel"] == "email"
    assert body["category"] == {"id": category.pk, "name": "Levering"}
    assert body["handler"] == {"uuid": str(staff["handler"].uuid), "full_name": staff["handler"].full_name}
    assert body["received_by"]["uuid"] == str(staff["handler"].uuid)
    assert body["acknowledgment_due_on"] and body["response_due_on"] == body["due_on"]
    assert [(h["from"], h["to"]) for h in body["status_history"]] == [(None, "received"), ("received", "acknowledged")]
    assert body["allowed_transitions"] == ["investigating", "action_agreed", "closed"]

    url = f"{API}/complaints/{body['uuid']}/"
    detail = client.get(url).json()
    assert detail["reference"] == body["reference"] and detail["description"] == "Kapot."

    def step(target, **data):
        response = client.post(f"{url}transitions/", {"target": target, **data}, content_type=JSON)
        assert response.status_code == 200, response.content
        assert response.json()["status"] == target
        return response.json()

    step("investigating", note="Gesprek met de bezorger.")
    agreed = step(
        "action_agreed",
        action_owner=str(staff["owner"].uuid),
        promised_action="Nieuw pakket sturen.",
        callback_on=tomorrow.isoformat(),
    )
    assert agreed["action_owner"]["uuid"] == str(staff["owner"].uuid)
    assert agreed["callback_on"] == tomorrow.isoformat()
    step("checking")
    step("callback")
    with django_capture_on_commit_callbacks() as callbacks:
        closed = step(
            "closed",
            callback_answer="Het pakket is aangekomen.",
            outcome="resolved",
            redress_given="Nieuw pakket.",
            final_answer={
                "text": "Wij hebben uw klacht onderzocht.",
                "findings": "Het pakket raakte zoek.",
                "actions_taken": "Een nieuw pakket is verstuurd.",
                "recommendations": "Betere registratie.",
            },
        )
    assert len(callbacks) == 1
    assert closed["outcome"] == "resolved" and closed["closed_at"]
    assert closed["callback_answer"] == "Het pakket is aangekomen."
    assert closed["allowed_transitions"] == ["investigating"]
    assert [h["to"] for h in closed["status_history"]][-5:] == [
        "investigating",
        "action_agreed",
        "checking",
        "callback",
        "closed",
    ]
    assert closed["status_history"][2]["note"] == "Gesprek met de bezorger."
    assert closed["status_history"][2]["by"] == staff["handler"].full_name

    messages = client.get(f"{url}messages/").json()["results"]
    assert [m["kind"] for m in messages] == ["acknowledgment", "final_answer"]
    final = messages[-1]
    assert final["findings"] == "Het pakket raakte zoek." and final["email_status"] == OutboundEmail.Status.PENDING
    assert "Wij hebben uw klacht onderzocht." in final["body"]
    with in_schema(alpha):
        assert OutboundEmail.objects.filter(to="karin@example.org").count() == 2


def test_refused_transition_is_400_with_the_reason(api, staff, alpha, register):
    complaint = register()  # acknowledged
    url = f"{API}/complaints/{complaint.uuid}/transitions/"
    client = api(alpha, staff["handler"])

    response = client.post(url, {"target": "checking"}, content_type=JSON)
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "invalid" and error["fields"] == {}
    assert "cannot become" in error["message"] and "Checking the action" in error["message"]

    escalated = error_of(client.post(url, {"target": "escalated"}, content_type=JSON))
    assert "Only the complainant" in escalated["message"]

    missing = client.post(url, {"target": "action_agreed"}, content_type=JSON)
    assert missing.status_code == 400
    assert error_of(missing) == {
        "status": 400,
        "code": "invalid",
        "message": "Invalid input.",
        "fields": {
            "action_owner": ["Choose the employee who must act."],
            "promised_action": ["Describe the promised action."],
            "callback_on": ["Choose the callback date."],
        },
    }
    closing = error_of(client.post(url, {"target": "closed", "outcome": "rejected"}, content_type=JSON))
    assert set(closing["fields"]) == {"final_answer"}

    unknown = error_of(client.post(url, {"target": "done", "action_owner": "not-a-uuid"}, content_type=JSON))
    assert set(unknown["fields"]) == {"target", "action_owner"}

    assert client.get(f"{API}/complaints/{complaint.uuid}/").json()["status"] == Status.ACKNOWLEDGED


def test_field_errors_of_registration(api, staff, alpha, in_schema):
    client = api(alpha, staff["handler"])
    with in_schema(alpha):
        retired = taxonomy_save(instance=Cause(), actor=staff["owner"], name="Oud", is_active=False)
    response = client.post(
        f"{API}/complaints/",
        {
            "complainant_name": "Karin",
            "complainant_email": "geen-adres",
            "channel": "web_form",
            "cause": retired.pk,
            "handler": "00000000-0000-0000-0000-000000000000",
        },
        content_type=JSON,
    )
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "invalid" and error["message"] == "Invalid input."
    assert set(error["fields"]) == {"description", "complainant_email", "channel", "cause", "handler"}
    assert error["fields"]["description"] == ["This field is required."]

    future = create(client, received_at=(timezone.now() + timedelta(days=2)).isoformat())
    assert error_of(future)["fields"] == {"received_at": ["A complaint cannot be received in the future."]}
    with in_schema(alpha):
        assert not Complaint.objects.exists()


def test_registration_without_e_mail_stays_received_and_defaults_to_the_api_channel(api, staff, alpha):
    response = create(api(alpha, staff["handler"]), complainant_email="", send_acknowledgment=True)
    body = response.json()
    assert response.status_code == 201
    assert body["status"] == Status.RECEIVED and body["channel"] == Complaint.Channel.API
    assert body["kind"] == Complaint.Kind.EXTERNAL and body["allowed_transitions"][0] == "acknowledged"


def test_handler_cannot_register_internal_complaints_but_owner_can(api, staff, alpha):
    refused = create(api(alpha, staff["handler"]), kind="internal", complainant_email="")
    assert refused.status_code == 400 and set(error_of(refused)["fields"]) == {"kind"}
    accepted = create(api(alpha, staff["owner"]), kind="internal", complainant_email="")
    assert accepted.status_code == 201 and accepted.json()["kind"] == "internal"


def test_update_changes_only_the_fields_sent(api, staff, alpha, in_schema, register):
    from tenants.audit.models import AuditEvent

    complaint = register(remedy_sought="Geld terug.")
    with in_schema(alpha):
        category = taxonomy_save(instance=Category(), actor=staff["owner"], name="Factuur", is_serious=False)
    client = api(alpha, staff["handler"])
    url = f"{API}/complaints/{complaint.uuid}/"
    response = client.patch(
        url,
        {"category": category.pk, "handler": str(staff["manager"].uuid), "complainant_city": "Utrecht"},
        content_type=JSON,
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["category"]["name"] == "Factuur" and body["handler"]["uuid"] == str(staff["manager"].uuid)
    assert body["complainant_city"] == "Utrecht" and body["remedy_sought"] == "Geld terug."
    with in_schema(alpha):
        event = AuditEvent.objects.get(event_type="complaint.updated", target_id=str(complaint.uuid))
        assert set(event.data["changes"]) == {"category", "handler", "complainant_city"}

    unassigned = client.patch(url, {"handler": None}, content_type=JSON)
    assert unassigned.json()["handler"] is None
    assert error_of(client.patch(url, {"kind": "internal"}, content_type=JSON))["fields"].keys() == {"kind"}
    assert error_of(client.patch(url, {"complainant_name": ""}, content_type=JSON))["fields"].keys() == {
        "complainant_name"
    }


def test_extension_once_with_a_reason(api, staff, alpha, register, django_capture_on_commit_callbacks):
    complaint = register()
    client = api(alpha, staff["handler"])
    url = f"{API}/complaints/{complaint.uuid}/extension/"
    assert error_of(client.post(url, {"reason": ""}, content_type=JSON))["fields"].keys() == {"reason"}
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(url, {"reason": "We wachten op de leverancier."}, content_type=JSON)
    assert response.status_code == 200 and len(callbacks) == 1
    body = response.json()
    assert body["extended_due_on"] == body["due_on"] and body["extended_due_on"] > body["response_due_on"]
    assert body["extension_reason"] == "We wachten op de leverancier."
    again = error_of(client.post(url, {"reason": "Nog eens."}, content_type=JSON))
    assert again["message"] == "The term has already been extended once." and again["fields"] == {}


# Reading the register -------------------------------------------------------------------------


def test_filters(api, staff, alpha, in_schema, register, tomorrow):
    with in_schema(alpha):
        category = taxonomy_save(instance=Category(), actor=staff["owner"], name="Levering", is_serious=False)
    washer = register(
        complainant_name="Alie Appel", description="De wasmachine lekt water.", category=category, channel="email"
    )
    late = register(
        complainant_name="Bert Bes",
        description="Factuur klopt niet.",
        received_at=timezone.now() - timedelta(days=120),
        send_acknowledgment=False,
        handler=staff["handler"],
    )
    closed = register(complainant_name="Cor Citroen", description="Ingetrokken.")
    with in_schema(alpha):
        complaint_transition(complaint=closed, target=Status.CLOSED, actor=staff["handler"], outcome="withdrawn")
    client = api(alpha, staff["handler"])

    def found(query: str) -> set[str]:
        response = client.get(f"{API}/complaints/?{query}")
        assert response.status_code == 200, response.content
        return {c["complainant_name"] for c in response.json()["results"]}

    assert found("") == {"Alie Appel", "Bert Bes", "Cor Citroen"}
    assert found("status=open") == {"Alie Appel", "Bert Bes"}
    assert found("status=closed") == {"Cor Citroen"}
    assert found("q=wasmachine") == {"Alie Appel"}
    assert found("q=facturen") == {"Bert Bes"}  # Dutch stemming
    assert found(f"q={late.reference}") == {"Bert Bes"}
    assert found("overdue=true") == {"Bert Bes"} == found("overdue=1")
    assert found(f"category={category.pk}") == {"Alie Appel"}
    assert found("channel=email") == {"Alie Appel"}
    assert found(f"handler={staff['handler'].uuid}") == {"Bert Bes"}
    assert found("handler=none") == {"Alie Appel", "Cor Citroen"}
    assert found(f"received_until={(timezone.localdate() - timedelta(days=30)).isoformat()}") == {"Bert Bes"}
    assert found(f"received_from={tomorrow.isoformat()}") == set()
    names = [c["complainant_name"] for c in client.get(f"{API}/complaints/?sort=received").json()["results"]]
    assert names[0] == "Bert Bes"
    assert washer.uuid  # registered through the service, listed through the API


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("status=bogus", "status"),
        ("category=999999", "category"),
        ("category=abc", "category"),
        ("handler=not-a-uuid", "handler"),
        ("handler=00000000-0000-0000-0000-000000000000", "handler"),
        ("channel=fax", "channel"),
        ("received_from=31-12-2025", "received_from"),
        ("received_from=2026-02-01&received_until=2026-01-01", "received_until"),
        ("sort=random", "sort"),
        ("overdue=maybe", "overdue"),
    ],
)
def test_invalid_filter_is_400_on_its_field(api, staff, alpha, query, field):
    response = api(alpha, staff["handler"]).get(f"{API}/complaints/?{query}")
    assert response.status_code == 400
    assert list(error_of(response)["fields"]) == [field]


def test_pagination(api, staff, alpha, register):
    for n in range(settings.REST_FRAMEWORK["PAGE_SIZE"] + 1):
        register(complainant_name=f"Klant {n:02d}", complainant_email="", send_acknowledgment=False)
    client = api(alpha, staff["handler"])
    first = client.get(f"{API}/complaints/?status=received").json()
    assert first["count"] == 51 and len(first["results"]) == 50 and first["previous"] is None
    assert "status=received" in first["next"] and "page=2" in first["next"]
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None
    assert client.get(f"{API}/complaints/?page=3").status_code == 404


def test_internal_complaints_are_hidden_from_handlers(api, staff, alpha, register):
    internal = register(kind=Complaint.Kind.INTERNAL, complainant_name="Collega")
    external = register()
    handler = api(alpha, staff["handler"])
    assert [c["uuid"] for c in handler.get(f"{API}/complaints/").json()["results"]] == [str(external.uuid)]
    assert handler.get(f"{API}/complaints/?kind=internal").json()["count"] == 0
    for path in ("", "messages/", "notes/", "attachments/"):
        assert handler.get(f"{API}/complaints/{internal.uuid}/{path}").status_code == 404
    refused = handler.post(f"{API}/complaints/{internal.uuid}/notes/", {"body": "x"}, content_type=JSON)
    assert refused.status_code == 404
    manager = api(alpha, staff["manager"])
    assert {c["uuid"] for c in manager.get(f"{API}/complaints/").json()["results"]} == {
        str(internal.uuid),
        str(external.uuid),
    }
    detail = manager.get(f"{API}/complaints/{internal.uuid}/")
    assert detail.status_code == 200 and detail.json()["kind"] == "internal"


# Messages, notes and files --------------------------------------------------------------------


def test_progress_messages(api, staff, alpha, in_schema, register, django_capture_on_commit_callbacks):
    complaint = register()
    client = api(alpha, staff["handler"])
    url = f"{API}/complaints/{complaint.uuid}/messages/"
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(url, {"text": "We zoeken het uit."}, content_type=JSON)
    assert response.status_code == 201 and len(callbacks) == 1
    message = response.json()
    assert message["kind"] == "progress" and message["direction"] == Message.Direction.TO_COMPLAINANT
    assert "We zoeken het uit." in message["body"] and message["author"] == staff["handler"].full_name
    assert message["email_status"] == "pending"
    listed = client.get(url).json()
    assert listed["count"] == 2 and [m["kind"] for m in listed["results"]] == ["acknowledgment", "progress"]
    assert error_of(client.post(url, {"text": "  "}, content_type=JSON))["fields"].keys() == {"text"}

    silent = register(complainant_email="")
    sent = client.post(f"{API}/complaints/{silent.uuid}/messages/", {"text": "Genoteerd."}, content_type=JSON)
    assert sent.status_code == 201 and sent.json()["email_status"] is None


def test_notes(api, staff, alpha, register):
    complaint = register()
    client = api(alpha, staff["manager"])
    url = f"{API}/complaints/{complaint.uuid}/notes/"
    response = client.post(url, {"body": "Klant is vaste klant."}, content_type=JSON)
    assert response.status_code == 201
    note = response.json()
    assert note["body"] == "Klant is vaste klant." and note["author"] == staff["manager"].full_name
    listed = client.get(url).json()
    assert listed["count"] == 1 and listed["results"][0]["body"] == "Klant is vaste klant."
    assert error_of(client.post(url, {}, content_type=JSON))["fields"] == {"body": ["This field is required."]}
    # Notes stay internal: nothing of it reaches the messages to the complainant.
    messages = client.get(f"{API}/complaints/{complaint.uuid}/messages/").json()["results"]
    assert messages and not any("vaste klant" in m["body"] for m in messages)


def test_attachment_upload_list_and_download(api, staff, alpha, register):
    complaint = register()
    client = api(alpha, staff["handler"])
    url = f"{API}/complaints/{complaint.uuid}/attachments/"
    content = png_bytes()
    # Named .pdf but a PNG: accepted for what it is.
    upload = SimpleUploadedFile("scan.pdf", content, content_type="application/pdf")
    response = client.post(url, {"file": upload, "shared_with_complainant": "true"})
    assert response.status_code == 201, response.content
    attachment = response.json()
    assert attachment["name"] == "scan.pdf" and attachment["content_type"] == "image/png"
    assert attachment["size"] == len(content) and len(attachment["sha256"]) == 64
    assert attachment["shared_with_complainant"] is True and attachment["source"] == "staff"
    assert attachment["download_url"] == (
        f"http://{host_of(alpha)}{API}/complaints/{complaint.uuid}/attachments/{attachment['uuid']}/download/"
    )
    listed = client.get(url).json()
    assert [a["uuid"] for a in listed["results"]] == [attachment["uuid"]]

    download = client.get(attachment["download_url"], HTTP_ACCEPT="application/octet-stream")
    assert download.status_code == 200 and b"".join(download.streaming_content) == content
    assert download["Content-Disposition"].startswith("attachment") and download["X-Content-Type-Options"] == "nosniff"

    other = register()
    elsewhere = client.get(f"{API}/complaints/{other.uuid}/attachments/{attachment['uuid']}/download/")
    assert elsewhere.status_code == 404 and error_of(elsewhere)["code"] == "not_found"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("setup.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64),
        ("archief.zip", b"PK\x03\x04" + b"\x00" * 100),
        ("pagina.html", b"<html><script>alert(1)</script></html>"),
        ("brief.pdf", b"<html><body>not a pdf</body></html>"),
        ("leeg.pdf", b""),
    ],
)
def test_disallowed_attachment_is_400_on_the_file(api, staff, alpha, in_schema, register, name, content):
    complaint = register()
    client = api(alpha, staff["handler"])
    response = client.post(
        f"{API}/complaints/{complaint.uuid}/attachments/", {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 400
    assert list(error_of(response)["fields"]) == ["file"]
    with in_schema(alpha):
        assert not complaint.attachments.exists()


def test_oversized_attachment_is_refused(api, staff, alpha, register, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    complaint = register()
    upload = SimpleUploadedFile("groot.png", png_bytes(size=(200, 200), colour=(1, 2, 3)) + b"\x00" * 2048)
    response = api(alpha, staff["handler"]).post(f"{API}/complaints/{complaint.uuid}/attachments/", {"file": upload})
    assert response.status_code == 400 and "too large" in error_of(response)["fields"]["file"][0]


# Taxonomy -------------------------------------------------------------------------------------


def test_categories_causes_and_departments(api, staff, alpha, in_schema):
    with in_schema(alpha):
        taxonomy_save(instance=Category(), actor=staff["owner"], name="Bejegening", is_serious=True)
        taxonomy_save(instance=Category(), actor=staff["owner"], name="Oud", is_active=False)
        taxonomy_save(instance=Cause(), actor=staff["owner"], name="Kwaliteit")
        expected_categories = list(Category.objects.values_list("name", flat=True))
    client = api(alpha, staff["handler"])
    categories = client.get(f"{API}/categories/").json()["results"]
    assert [c["name"] for c in categories] == expected_categories
    serious = next(c for c in categories if c["name"] == "Bejegening")
    assert serious["is_serious"] is True and serious["is_active"] is True and isinstance(serious["id"], int)
    assert next(c for c in categories if c["name"] == "Oud")["is_active"] is False
    causes = client.get(f"{API}/causes/").json()["results"]
    quality = next(c for c in causes if c["name"] == "Kwaliteit")
    assert quality["is_active"] is True and set(quality) == {"id", "name", "is_active"}
    assert client.get(f"{API}/departments/").status_code == 200
    assert client.post(f"{API}/categories/", {"name": "Nieuw"}, content_type=JSON).status_code == 405
