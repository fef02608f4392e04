"""Pages with personal data and every file download are never stored by a browser or a proxy."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from commission.cases.services import case_escalate_and_notify, case_link_token
from core.uploads import check_upload
from tenants.accounts.roles import Role
from tenants.complaints.services import status_link_token

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def assert_not_stored(response):
    # Read a download to its end: only then does the test client finish the request.
    if response.streaming:
        b"".join(response.streaming_content)
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    assert {"private", "no-store"} <= directives, response.get("Cache-Control")


def test_status_page_and_its_files_are_not_stored(register, in_schema, alpha, client_for):
    complaint = register(attachments=[check_upload(SimpleUploadedFile("bon.pdf", PDF))])
    with in_schema(alpha):
        token = status_link_token(complaint)
        attachment = complaint.attachments.get()
        attachment.shared_with_complainant = True
        attachment.save()
    client = client_for(alpha)
    page = client.get(f"/status/{token}/")
    assert page.status_code == 200
    assert_not_stored(page)
    # A stale or forged link is still about someone's complaint: not stored either.
    assert_not_stored(client.get(f"/status/{token[:-2]}xx/"))
    assert_not_stored(client.get(f"/status/{token}/files/{attachment.uuid}/"))


def test_complainant_case_page_is_not_stored(register, in_schema, alpha, client_for):
    complaint = register(received_at=timezone.now() - timedelta(weeks=6))
    with in_schema(alpha):
        case, _created = case_escalate_and_notify(complaint=complaint, claim="Geld terug.", binding_accepted=True)
    response = client_for().get(f"/cases/{case_link_token(case)}/")
    assert response.status_code == 200
    assert_not_stored(response)


def test_office_pages_of_members_and_commission_are_not_stored(make_user, alpha, client_for):
    owner = make_user(alpha, Role.OWNER)
    for url in ("/office/", "/office/complaints/", "/office/commission-cases/", "/office/settings/"):
        response = client_for(alpha, owner).get(url)
        assert response.status_code == 200, url
        assert_not_stored(response)
    secretary = make_user(None, Role.SECRETARY)
    for url in ("/office/", "/office/cases/", "/office/members/"):
        response = client_for(None, secretary).get(url)
        assert response.status_code == 200, url
        assert_not_stored(response)


def test_public_pages_without_personal_data_are_left_alone(client_for, alpha):
    assert "no-store" not in client_for().get("/how-it-works/").get("Cache-Control", "")
    assert "no-store" not in client_for(alpha).get("/complaint/").get("Cache-Control", "")
