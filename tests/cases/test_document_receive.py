"""Documents the commission receives on paper or by post for a party: checked by content, stored with
their hash, audited, the other party told (unless confidential, which needs a reason)."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from commission.cases import services as procedure
from commission.cases.models import Case, CaseDocument, Stage
from commission.cases.services import case_link_token
from tenants.audit.models import AuditEvent

from .test_procedure import PDF, defence_requested, file_case, page, pdf, sent_to

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tmp_media", "fresh_cache")]


EXE = b"MZ\x90\x00" + b"\x00" * 200


def test_received_document_is_stored_and_both_parties_see_it(
    register,
    in_schema,
    alpha,
    handler,
    secretary,
    client_for,
):
    case = defence_requested(file_case(register, in_schema, alpha), secretary)
    office = client_for(None, secretary)
    response = office.post(
        f"/office/cases/{case.uuid}/do/receive/",
        {"party": "complainant", "kind": "reply", "upload": pdf("brief-per-post.pdf")},
    )
    assert response.status_code == 302
    document = case.documents.get(original_name="brief-per-post.pdf")
    assert document.party == CaseDocument.Party.COMPLAINANT and document.kind == CaseDocument.Kind.REPLY
    assert document.content_type == "application/pdf" and not document.confidential
    assert document.sha256 == hashlib.sha256(PDF).hexdigest()
    assert document.uploaded_by_label == (secretary.full_name or secretary.email)
    with document.file.open("rb") as stored:
        assert stored.read() == PDF
    event = AuditEvent.objects.get(event_type="case.document_received")
    assert event.data["sha256"] == document.sha256 and event.data["party"] == "complainant"
    # The member (the other party) is told; the complainant, whose document it is, is not.
    assert handler.email in sent_to(case, "case_submission_received")
    assert "karin@example.org" not in sent_to(case, "case_submission_received")
    assert "brief-per-post.pdf" in page(client_for(alpha, handler), f"/office/commission-cases/{case.uuid}/")
    assert "brief-per-post.pdf" in page(client_for(None), f"/cases/{case_link_token(case)}/")
    assert "brief-per-post.pdf" in page(office, f"/office/cases/{case.uuid}/")


def test_confidential_document_needs_a_reason_and_stays_with_the_commission(
    register,
    in_schema,
    alpha,
    handler,
    secretary,
    client_for,
):
    case = defence_requested(file_case(register, in_schema, alpha), secretary)
    office = client_for(None, secretary)
    url = f"/office/cases/{case.uuid}/do/receive/"
    refused = office.post(
        url, {"party": "member", "kind": "defence", "upload": pdf("geheim.pdf"), "confidential": "on"}
    )
    assert refused.status_code == 400 and 'value="defence" selected' in refused.content.decode()
    assert not case.documents.exists()
    with pytest.raises(ValidationError) as exc:
        procedure.case_document_receive(
            case=case, actor=secretary, party="member", kind="defence", upload=pdf("geheim.pdf"), confidential=True
        )
    assert "confidential_reason" in exc.value.error_dict
    response = office.post(
        url,
        {
            "party": "member",
            "kind": "defence",
            "upload": pdf("geheim.pdf"),
            "confidential": "on",
            "confidential_reason": "Bedrijfsgeheimen.",
        },
    )
    assert response.status_code == 302
    document = case.documents.get()
    assert document.confidential and document.confidential_reason == "Bedrijfsgeheimen."
    assert not sent_to(case, "case_submission_received")
    assert "geheim.pdf" not in page(client_for(None), f"/cases/{case_link_token(case)}/")
    assert "geheim.pdf" not in page(client_for(alpha, handler), f"/office/commission-cases/{case.uuid}/")
    assert "Bedrijfsgeheimen." in page(office, f"/office/cases/{case.uuid}/")


def test_disallowed_type_is_refused_with_the_form_kept(register, in_schema, alpha, secretary, client_for):
    case = defence_requested(file_case(register, in_schema, alpha), secretary)
    exe = SimpleUploadedFile("scan.exe", EXE, content_type="application/pdf")
    response = client_for(None, secretary).post(
        f"/office/cases/{case.uuid}/do/receive/",
        {"party": "member", "kind": "contract", "upload": exe, "confidential_reason": "Nog te bepalen"},
    )
    body = response.content.decode()
    assert response.status_code == 400 and "scan.exe" in body
    assert 'value="contract" selected' in body and "Nog te bepalen" in body and 'id="action-receive"' in body
    assert not case.documents.exists()
    assert not AuditEvent.objects.filter(event_type="case.document_received").exists()


def test_closed_case_refuses_received_documents(register, in_schema, alpha, secretary):
    case = file_case(register, in_schema, alpha)
    procedure.case_close(case=case, actor=secretary, closure=Case.Closure.WITHDRAWN)
    assert Case.objects.get(pk=case.pk).stage == Stage.CLOSED
    with pytest.raises(ValidationError):
        procedure.case_document_receive(case=case, actor=secretary, party="complainant", kind="other", upload=pdf())
    assert not case.documents.exists()
