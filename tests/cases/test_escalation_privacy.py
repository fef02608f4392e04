"""Files the member did not share with the complainant stay out of the complainant's sight after
escalation: they reach the commission as confidential to the member's side, with the reason, until
the secretary decides."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from django.utils.translation import gettext

from commission.cases.models import CaseDocument, Party
from commission.cases.selectors import case_documents_for_party
from commission.cases.services import NOT_SHARED_REASON, case_escalate, case_link_token
from core.uploads import check_upload
from tenants.accounts.roles import Role
from tenants.complaints.services import attachment_add

from ..helpers import read
from ..images import png_bytes

pytestmark = pytest.mark.django_db
API = "/api/v1"


def download_status(client, path: str) -> int:
    """A download's status; the file is read to the end, which finishes the request (and resets its URL
    conf, which would otherwise stay the commission's for the next test)."""
    response = client.get(path)
    read(response)
    return response.status_code


def stored_reason() -> str:
    """The reason as stored: in the platform's default language (Dutch), whoever escalated."""
    with translation.override("nl"):
        return gettext(NOT_SHARED_REASON)


@pytest.fixture
def escalated(register, in_schema, alpha, staff, settings, tmp_path):
    """A case whose dossier holds a file the complainant sent, one the member shared and one it did not."""
    settings.MEDIA_ROOT = tmp_path
    complaint = register(
        channel="web_form",
        received_at=timezone.now() - timedelta(weeks=6),
        attachments=[check_upload(SimpleUploadedFile("foto-klager.png", png_bytes()))],
    )
    with in_schema(alpha):
        for name, shared in (("gedeeld-rapport.png", True), ("intern-rapport.png", False)):
            attachment_add(
                complaint=complaint,
                actor=staff["handler"],
                checked=check_upload(SimpleUploadedFile(name, png_bytes(colour=(len(name), 90, 40)))),
                shared_with_complainant=shared,
            )
        case, _created = case_escalate(complaint=complaint, claim="Vergoeding.", binding_accepted=True)
    documents = {d.original_name: d for d in case.documents.all()}
    return case, documents


def test_a_file_not_shared_arrives_confidential_with_the_reason(escalated):
    case, documents = escalated
    hidden = documents["intern-rapport.png"]
    assert hidden.confidential and hidden.kind == CaseDocument.Kind.SNAPSHOT_ATTACHMENT
    assert hidden.confidential_reason == stored_reason()
    assert hidden.visible_to_party == CaseDocument.Party.MEMBER
    for name in ("foto-klager.png", "gedeeld-rapport.png"):
        assert not documents[name].confidential
    shared = {d["name"]: d["shared_with_complainant"] for d in case.snapshots.get().data["attachments"]}
    assert shared == {"foto-klager.png": True, "gedeeld-rapport.png": True, "intern-rapport.png": False}
    complainant_sees = {d.original_name for d in case_documents_for_party(case=case, party=Party.COMPLAINANT)}
    member_sees = {d.original_name for d in case_documents_for_party(case=case, party=Party.MEMBER)}
    assert complainant_sees == {"foto-klager.png", "gedeeld-rapport.png"}
    assert member_sees == {"foto-klager.png", "gedeeld-rapport.png", "intern-rapport.png"}


def test_the_complainants_case_page_and_downloads_leave_it_out(escalated, client_for):
    case, documents = escalated
    client = client_for(None)
    token = case_link_token(case)
    page = client.get(f"/cases/{token}/").content.decode()
    assert "gedeeld-rapport.png" in page and "intern-rapport.png" not in page
    assert download_status(client, f"/cases/{token}/documents/{documents['intern-rapport.png'].uuid}/") == 404
    assert download_status(client, f"/cases/{token}/documents/{documents['gedeeld-rapport.png'].uuid}/") == 200


def test_the_member_still_sees_its_own_file(escalated, client_for, alpha, staff):
    case, documents = escalated
    client = client_for(alpha, staff["handler"])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get(f"/office/commission-cases/{case.uuid}/").content.decode()
    assert "intern-rapport.png" in page and "not visible to the complainant" in page
    hidden = documents["intern-rapport.png"]
    assert download_status(client, f"/office/commission-cases/{case.uuid}/documents/{hidden.uuid}/") == 200
    listed = client.get(f"{API}/commission-cases/{case.uuid}/documents/").json()["results"]
    assert "intern-rapport.png" in {d["name"] for d in listed}


def test_the_commission_sees_it_marked_and_the_secretary_decides(escalated, client_for, make_user):
    case, documents = escalated
    hidden = documents["intern-rapport.png"]
    secretary = make_user(None, Role.SECRETARY)
    client = client_for(None, secretary)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    body = client.get(f"{API}/cases/{case.uuid}/").json()
    listed = {d["name"]: d for d in body["documents"]}
    assert listed["intern-rapport.png"]["confidential"] is True
    assert listed["intern-rapport.png"]["confidential_reason"] == stored_reason()
    page = client.get(f"/office/cases/{case.uuid}/").content.decode()
    assert stored_reason() in page
    # The secretary decides that both parties may see it.
    response = client.post(f"/office/cases/{case.uuid}/do/disclose/", {"document": str(hidden.uuid)})
    assert response.status_code == 302
    hidden.refresh_from_db()
    assert not hidden.confidential and hidden.visible_to_party == ""
    token = case_link_token(case)
    assert download_status(client_for(None), f"/cases/{token}/documents/{hidden.uuid}/") == 200


def test_disclosing_a_document_that_is_not_confidential_is_refused(escalated, client_for, make_user):
    case, documents = escalated
    client = client_for(None, make_user(None, Role.SECRETARY))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.post(
        f"/office/cases/{case.uuid}/do/disclose/", {"document": str(documents["gedeeld-rapport.png"].uuid)}
    )
    assert response.status_code == 400
