"""``POST /api/v1/cases/{uuid}/documents/``: the secretary adds a document the commission received on
paper or by post; the member sees it through its own API unless it is confidential."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

from commission.cases.models import CaseDocument, Stage
from tenants.outbox.models import OutboundEmail

from ..images import png_bytes
from .conftest import API, error_of, uuids

pytestmark = pytest.mark.django_db


def told(case) -> set[str]:
    """Who was told of a new document (the outbox is in public, whatever schema a request left)."""
    with schema_context("public"):
        emails = OutboundEmail.objects.filter(about=f"cases.case:{case.uuid}", topic="case_submission_received")
        return set(emails.values_list("to", flat=True))


def scan(name="scan.png", content=None):
    return SimpleUploadedFile(name, content or png_bytes(), content_type="image/png")


def test_secretary_adds_a_received_document_the_member_sees(api, secretary, staff, make_case, alpha):
    case = make_case(stage=Stage.DEFENCE)
    response = api(None, secretary).post(
        f"{API}/cases/{case.uuid}/documents/", {"party": "complainant", "kind": "invoice", "file": scan("bon.png")}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    document = CaseDocument.objects.get(uuid=body["uuid"])
    assert body["name"] == "bon.png" and body["party"] == "complainant" and body["kind"] == "invoice"
    assert body["content_type"] == "image/png" and body["sha256"] == hashlib.sha256(png_bytes()).hexdigest()
    assert body["confidential"] is False and body["download_url"]
    assert document.sha256 == body["sha256"]
    member_api = api(alpha, staff["owner"])
    assert str(document.uuid) in uuids(member_api.get(f"{API}/commission-cases/{case.uuid}/documents/"))
    assert staff["owner"].email in told(case) and case.complainant_email not in told(case)


def test_confidential_needs_a_reason_and_is_hidden_from_the_member(api, secretary, staff, make_case, alpha):
    case = make_case(stage=Stage.DEFENCE)
    client = api(None, secretary)
    url = f"{API}/cases/{case.uuid}/documents/"
    refused = client.post(url, {"party": "member", "kind": "defence", "file": scan(), "confidential": "true"})
    assert refused.status_code == 400 and "confidential_reason" in error_of(refused)["fields"]
    assert not case.documents.exists()
    response = client.post(
        url,
        {"party": "member", "kind": "defence", "file": scan(), "confidential": "true", "confidential_reason": "Privé."},
    )
    assert response.status_code == 201 and response.json()["confidential_reason"] == "Privé."
    assert uuids(api(alpha, staff["owner"]).get(f"{API}/commission-cases/{case.uuid}/documents/")) == []
    assert told(case) == set()


def test_disallowed_type_is_400_in_the_envelope(api, secretary, make_case):
    case = make_case(stage=Stage.DEFENCE)
    response = api(None, secretary).post(
        f"{API}/cases/{case.uuid}/documents/",
        {"party": "member", "kind": "contract", "file": scan("virus.pdf", b"MZ\x90\x00 not a pdf" + b"\x00" * 64)},
    )
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "invalid" and "file" in error["fields"] and "virus.pdf" in error["fields"]["file"][0]
    assert not case.documents.exists()


def test_chair_may_read_but_not_add(api, chair, make_case):
    case = make_case(stage=Stage.DEFENCE)
    client = api(None, chair)
    assert client.get(f"{API}/cases/{case.uuid}/documents/").status_code == 200
    response = client.post(f"{API}/cases/{case.uuid}/documents/", {"party": "member", "kind": "other", "file": scan()})
    assert response.status_code == 403 and error_of(response)["code"] == "permission_denied"
    assert not case.documents.exists()
