"""The owner's pages, the public page and PDF, isolation between members, the links and the API."""

from __future__ import annotations

import pytest

from core.pdf import pdf_rendering_available, pdf_text
from tenants.regulations.models import RegulationVersion
from tests.helpers import nl

pytestmark = pytest.mark.django_db

needs_weasyprint = pytest.mark.skipif(not pdf_rendering_available(), reason="WeasyPrint's system libraries")


def test_owner_writes_and_publishes_through_the_pages(client_for, alpha, staff, in_schema):
    client = client_for(alpha, staff["owner"])
    page = client.get("/office/regulation/")
    assert page.status_code == 200 and "Geschillencommissie Wederhoor" in page.content.decode()  # the clause
    response = client.post("/office/regulation/new/", {"source": "model", "model": "care", "language": "nl"})
    assert response.status_code == 302
    with in_schema(alpha):
        draft = RegulationVersion.objects.get()
    assert client.get(f"/office/regulation/{draft.uuid}/").status_code == 200
    section_url = f"/office/regulation/{draft.uuid}/sections/appeal/"
    assert client.get(section_url).status_code == 200
    refused = client.post(section_url, {"text": "Binnen 3 werkdagen."})
    assert refused.status_code == 400
    assert "Schrijf termijnen met hun plaatshouder" in refused.content.decode()
    assert client.post(section_url, {"text": "Vraag {{ organisation }} opnieuw te kijken."}).status_code == 302
    assert client_for(alpha).get("/regulation/").status_code == 404  # a draft is not public
    assert client.post(f"/office/regulation/{draft.uuid}/publish/").status_code == 302
    public = client_for(alpha).get("/regulation/")
    assert public.status_code == 200 and "Vraag Alfa Bouw B.V. opnieuw te kijken." in public.content.decode()
    assert "klachtenfunctionaris" in public.content.decode()
    # Published: the section page no longer edits, a post is refused.
    assert client.post(section_url, {"text": "Anders."}).status_code == 400
    with in_schema(alpha):
        assert "Anders." not in RegulationVersion.objects.get().sections["appeal"]


@pytest.mark.parametrize("role", ["handler", "manager"])
def test_handlers_and_managers_read_but_do_not_write(client_for, alpha, staff, in_schema, role, published):
    published()
    with in_schema(alpha):
        from tenants.regulations.services import version_start_draft

        draft = version_start_draft(actor=None, source="current")
    client = client_for(alpha, staff[role])
    assert client.get("/office/regulation/").status_code == 200
    assert client.get(f"/office/regulation/{draft.uuid}/").status_code == 200
    assert client.post(f"/office/regulation/{draft.uuid}/publish/").status_code == 403
    assert client.post(f"/office/regulation/{draft.uuid}/sections/scope/", {"text": "x"}).status_code == 403
    assert client.post("/office/regulation/new/", {"source": "model"}).status_code == 403
    assert client.post(f"/office/regulation/{draft.uuid}/discard/").status_code == 403
    with in_schema(alpha):
        assert RegulationVersion.objects.get(pk=draft.pk).status == RegulationVersion.Status.DRAFT


def test_member_b_cannot_reach_member_a_drafts_or_pages(
    client_for, hosts, alpha, beta, staff, make_user, in_schema, published
):
    from tenants.accounts.roles import Role
    from tenants.regulations.services import version_start_draft

    published()
    with in_schema(alpha):
        draft = version_start_draft(actor=None, source="current")
    beta_owner = make_user(beta, Role.OWNER)
    beta_client = client_for(beta, beta_owner)
    for url in (f"/office/regulation/{draft.uuid}/", f"/office/regulation/{draft.uuid}/sections/scope/"):
        assert beta_client.get(url).status_code == 404
    assert beta_client.post(f"/office/regulation/{draft.uuid}/publish/").status_code == 404
    # Alpha's owner session is not valid on beta's host; beta has nothing published of its own.
    alpha_session = client_for(alpha, staff["owner"])
    alpha_session.defaults["HTTP_HOST"] = hosts.beta
    assert alpha_session.get("/office/regulation/").status_code == 302
    assert client_for(beta).get("/regulation/").status_code == 404
    assert "Alfa Bouw" not in client_for(beta).get("/regulation/").content.decode()
    with in_schema(alpha):
        assert RegulationVersion.objects.get(pk=draft.pk).status == RegulationVersion.Status.DRAFT


def test_no_published_version_is_a_clear_404(client_for, alpha):
    for url in ("/regulation/", "/regulation.pdf"):
        response = client_for(alpha).get(url)
        assert response.status_code == 404
        assert "heeft hier nog geen klachtenregeling gepubliceerd" in response.content.decode()


@needs_weasyprint
def test_the_pdf_holds_the_published_text(client_for, alpha, published):
    published(model="building")
    response = client_for(alpha).get("/regulation.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff" and "attachment" in response["Content-Disposition"]
    text = " ".join(pdf_text(response.content).split())
    assert (
        "Alfa Bouw B.V." in text and "Geschillencommissie Wederhoor" in text and "Naar de geschillencommissie" in text
    )
    assert "werkdagen" in text and "{{" not in text


def test_the_complaint_form_links_the_regulation_once_published(client_for, alpha, published):
    assert "/regulation/" not in client_for(alpha).get("/complaint/").content.decode()
    published()
    assert 'href="/regulation/"' in client_for(alpha).get("/complaint/").content.decode()


def test_acknowledgment_and_final_answer_link_the_regulation(register, in_schema, alpha, staff, published):
    from tenants.complaints.models import Message
    from tenants.complaints.services import complaint_transition
    from tenants.complaints.workflow import Outcome, Status
    from tests.complaints.test_workflow import FINAL

    unpublished = register()
    with in_schema(alpha):
        first = Message.objects.get(complaint=unpublished, kind=Message.Kind.ACKNOWLEDGMENT)
    assert "/regulation/" not in first.body
    published()
    complaint = register()
    with in_schema(alpha):
        ack = Message.objects.get(complaint=complaint, kind=Message.Kind.ACKNOWLEDGMENT)
        assert "klachtenregeling: http://alpha.wederhoor.test" in ack.body and "/regulation/" in ack.body
        complaint_transition(complaint=complaint, target=Status.INVESTIGATING, actor=staff["handler"])
        complaint_transition(
            complaint=complaint,
            target=Status.CLOSED,
            actor=staff["handler"],
            outcome=Outcome.RESOLVED,
            final_answer=FINAL,
        )
        answer = Message.objects.get(complaint=complaint, kind=Message.Kind.FINAL_ANSWER)
    assert "/regulation/" in answer.body


def test_api_gives_the_current_version(api, alpha, staff, published):
    client = api(alpha, staff["handler"])
    missing = client.get("/api/v1/regulation/")
    assert missing.status_code == 404
    published()
    data = client.get("/api/v1/regulation/").json()
    assert data["number"] == 1 and data["pdf_url"].endswith("/regulation.pdf")
    assert [s["key"] for s in data["sections"]][:2] == ["scope", "filing"]
    assert "{{" not in " ".join(s["text"] for s in data["sections"])
    assert api(alpha).get("/api/v1/regulation/").status_code in (401, 403)


def test_commission_sees_which_version_is_published(client_for, alpha, make_user, published):
    from tenants.accounts.roles import Role
    from tenants.regulations.published import published_version_for

    admin = make_user(None, Role.PLATFORM_ADMIN)
    assert published_version_for(alpha) is None
    page = client_for(None, admin).get(f"/office/members/{alpha.slug}/").content.decode()
    assert nl("None published") in page
    version = published()
    assert published_version_for(alpha) == (1, version.published_at)
    page = client_for(None, admin).get(f"/office/members/{alpha.slug}/").content.decode()
    assert "Versie 1, gepubliceerd op" in page
