"""Escalation: a member complaint becomes a commission case, in one transaction, once."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, transaction
from django.utils import timezone

from commission.cases.models import Case, CaseDocument, CaseSnapshot
from commission.cases.services import EscalationRefused, case_escalate, case_link_token
from tenants.complaints.models import Complaint
from tenants.complaints.services import status_link_token
from tenants.complaints.workflow import Status
from tenants.outbox.models import OutboundEmail

from ..images import png_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]
AMS = ZoneInfo("Europe/Amsterdam")


def old_complaint(register, **fields):
    """A complaint received six weeks ago: past the four-week wait."""
    return register(received_at=timezone.now() - timedelta(weeks=6), **fields)


def escalate(in_schema, member, complaint, **kwargs):
    with in_schema(member):
        return case_escalate(
            complaint=complaint, claim=kwargs.pop("claim", "Terugbetaling van € 250."), binding_accepted=True, **kwargs
        )


def test_escalation_creates_case_snapshot_and_links_the_complaint(register, in_schema, alpha, settings, tmp_path):
    from core.uploads import check_upload
    from tenants.complaints.services import attachment_add

    settings.MEDIA_ROOT = tmp_path
    complaint = old_complaint(register, complainant_name="Sanne Snapshot")
    with in_schema(alpha):
        attachment = attachment_add(
            complaint=complaint,
            actor=None,
            checked=check_upload(SimpleUploadedFile("bon.png", png_bytes())),
            shared_with_complainant=True,
        )
    case, created = escalate(in_schema, alpha, complaint, disputed_amount=250)
    assert created and case.reference.startswith("GC-") and case.member == alpha
    assert case.member_complaint_uuid == complaint.uuid and case.complainant_name == "Sanne Snapshot"
    assert case.fee_amount == case.committee.fee_flat
    snapshot = CaseSnapshot.objects.get(case=case)
    assert snapshot.version == 1 and len(snapshot.sha256) == 64
    assert snapshot.data["complaint"]["reference"] == complaint.reference
    assert [c["to"] for c in snapshot.data["status_history"]] == ["received", "acknowledged"]
    assert snapshot.data["messages"][0]["kind"] == "acknowledgment"
    assert snapshot.data["attachments"][0]["sha256"] == attachment.sha256
    document = CaseDocument.objects.get(case=case)
    assert document.sha256 == attachment.sha256 and document.kind == CaseDocument.Kind.SNAPSHOT_ATTACHMENT
    assert (tmp_path / "public" / document.file.name).exists()
    with in_schema(alpha):
        complaint.refresh_from_db()
    assert complaint.status == Status.ESCALATED and complaint.escalated_case_uuid == case.uuid


def test_second_request_returns_the_same_case(register, in_schema, alpha):
    complaint = old_complaint(register)
    first, created = escalate(in_schema, alpha, complaint)
    again, created_again = escalate(in_schema, alpha, complaint)
    assert created and not created_again and again.pk == first.pk
    assert Case.objects.filter(member_complaint_uuid=complaint.uuid).count() == 1


def test_snapshot_cannot_be_changed_or_deleted(register, in_schema, alpha):
    case, _created = escalate(in_schema, alpha, old_complaint(register))
    snapshot = CaseSnapshot.objects.get(case=case)
    with pytest.raises(DatabaseError), transaction.atomic():
        CaseSnapshot.objects.filter(pk=snapshot.pk).update(data={"tampered": True})
    with pytest.raises(DatabaseError), transaction.atomic():
        CaseSnapshot.objects.filter(pk=snapshot.pk).delete()
    snapshot.refresh_from_db()
    assert "tampered" not in snapshot.data


def test_failure_after_the_case_rolls_everything_back(register, in_schema, alpha, monkeypatch):
    from tenants.complaints import escalation

    complaint = old_complaint(register)

    def broken(**kwargs):
        raise RuntimeError("boom")

    # The last step of an escalation: marking the member's complaint escalated.
    monkeypatch.setattr(escalation, "complaint_transition", broken)
    with pytest.raises(RuntimeError):
        escalate(in_schema, alpha, complaint)
    assert not Case.objects.filter(member_complaint_uuid=complaint.uuid).exists()
    assert not CaseSnapshot.objects.exists()
    with in_schema(alpha):
        assert Complaint.objects.get(pk=complaint.pk).status == Status.ACKNOWLEDGED


def test_too_early_is_refused_with_the_date(register, in_schema, alpha):
    from django.utils import translation

    complaint = register()
    with translation.override("en"), pytest.raises(EscalationRefused) as refused:
        escalate(in_schema, alpha, complaint)
    assert "you can go to the commission from" in refused.value.messages[0]


def test_closed_complaint_may_go_at_once(register, in_schema, alpha, staff):
    from tenants.complaints.services import FinalAnswer, complaint_transition

    complaint = register()
    with in_schema(alpha):
        complaint_transition(
            complaint=complaint,
            target="closed",
            actor=staff["handler"],
            outcome="rejected",
            final_answer=FinalAnswer(text="Afgewezen."),
        )
    case, created = escalate(in_schema, alpha, complaint)
    assert created


def test_too_late_is_refused(register, in_schema, alpha):
    from django.utils import translation

    complaint = register(received_at=timezone.now() - timedelta(days=400))
    with translation.override("en"), pytest.raises(EscalationRefused) as refused:
        escalate(in_schema, alpha, complaint)
    assert "within 12 months" in refused.value.messages[0]


def test_inactive_member_is_refused(register, in_schema, alpha):
    from tenants.members.services import member_set_status

    complaint = old_complaint(register)
    member_set_status(member=alpha, status="suspended", actor=None, reason="Contributie")
    alpha.refresh_from_db()
    with pytest.raises(EscalationRefused):
        with in_schema(alpha):
            from django.db import connection

            connection.tenant = alpha
            case_escalate(complaint=complaint, claim="x", binding_accepted=True)


def test_binding_consent_and_claim_are_required(register, in_schema, alpha):
    complaint = old_complaint(register)
    with in_schema(alpha), pytest.raises(ValidationError) as refused:
        case_escalate(complaint=complaint, claim=" ", binding_accepted=False)
    assert set(refused.value.message_dict) == {"claim", "binding_accepted"}


def test_complainant_escalates_from_the_status_page(
    register, in_schema, alpha, client_for, django_capture_on_commit_callbacks
):
    complaint = old_complaint(register)
    with in_schema(alpha):
        token = status_link_token(complaint)
    client = client_for(alpha)
    page = client.get(f"/status/{token}/").content.decode()
    assert f"/status/{token}/commission/" in page
    form = client.get(f"/status/{token}/commission/")
    assert form.status_code == 200 and 'name="binding_accepted"' in form.content.decode()
    refused = client.post(f"/status/{token}/commission/", {"claim": "Geld terug"})
    assert refused.status_code == 400 and "Geld terug" in refused.content.decode()
    with django_capture_on_commit_callbacks():
        response = client.post(
            f"/status/{token}/commission/",
            {"claim": "Geld terug", "disputed_amount": "99.95", "binding_accepted": "on"},
        )
    assert response.status_code == 302 and "/cases/" in response.url
    case = Case.objects.get(member_complaint_uuid=complaint.uuid)
    assert str(case.disputed_amount) == "99.95"
    # The commission tells the complainant, from its own outbox.
    with in_schema("public"):
        email = OutboundEmail.objects.get(topic="case_filed")
    assert email.to == "karin@example.org" and case.reference in email.subject
    # Following the link again leads to the same case.
    again = client.get(f"/status/{token}/commission/")
    assert again.status_code == 302 and again.url == response.url
    case_page = client_for(None).get(response.url.split("wederhoor.test", 1)[1])
    assert case_page.status_code == 200 and case.reference in case_page.content.decode()


def test_too_early_is_explained_on_the_page(register, in_schema, alpha, client_for):
    complaint = register()
    with in_schema(alpha):
        token = status_link_token(complaint)
    response = client_for(alpha).post(f"/status/{token}/commission/", {"claim": "x", "binding_accepted": "on"})
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    assert not Case.objects.exists()


def test_escalation_from_the_commission_site_with_a_confirmation_link(register, in_schema, alpha, beta, client_for):
    complaint = old_complaint(register)
    client = client_for(None)
    answers = []
    for data in (
        {"member": alpha.pk, "reference": complaint.reference, "email": "KARIN@example.org"},
        {"member": alpha.pk, "reference": complaint.reference, "email": "someone@example.org"},
        {"member": alpha.pk, "reference": "2026-99999", "email": "karin@example.org"},
        {"member": beta.pk, "reference": complaint.reference, "email": "karin@example.org"},
    ):
        response = client.post("/escalate/", data)
        assert response.status_code == 200
        answers.append(re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode()))
    assert len(set(answers)) == 1  # the same answer whether or not the reference exists
    with in_schema("public"):
        sent = OutboundEmail.objects.filter(topic="escalation_confirm")
        assert sent.count() == 1
        link = re.search(r"http://wederhoor\.test(/escalate/confirm/\S+/)", sent.get().body_text).group(1)
    page = client.get(link)
    assert page.status_code == 200 and complaint.reference in page.content.decode()
    response = client.post(link, {"claim": "Schadevergoeding", "binding_accepted": "on"})
    assert response.status_code == 302
    assert Case.objects.get(member_complaint_uuid=complaint.uuid).member == alpha
    assert client.get("/escalate/confirm/forged-token/").status_code == 404


def test_member_sees_only_its_own_cases(register, in_schema, alpha, beta, client_for, make_user):
    from tenants.accounts.roles import Role

    alpha_case, _created = escalate(in_schema, alpha, old_complaint(register, complainant_name="Alleen Alfa"))
    beta_complaint = register(
        member=beta, received_at=timezone.now() - timedelta(weeks=6), complainant_name="Alleen Beta"
    )
    beta_case, _created = escalate(in_schema, beta, beta_complaint)
    alpha_handler = make_user(alpha, Role.HANDLER)
    client = client_for(alpha, alpha_handler)
    listing = client.get("/office/commission-cases/").content.decode()
    assert alpha_case.reference in listing and beta_case.reference not in listing
    assert client.get(f"/office/commission-cases/{alpha_case.uuid}/").status_code == 200
    assert client.get(f"/office/commission-cases/{beta_case.uuid}/").status_code == 404


def test_complainant_link_opens_only_their_own_case(register, in_schema, alpha, client_for):
    mine, _created = escalate(in_schema, alpha, old_complaint(register, complainant_name="Mijn Naam"))
    theirs, _created = escalate(
        in_schema, alpha, old_complaint(register, complainant_name="Andere Naam", complainant_email="x@example.org")
    )
    client = client_for(None)
    page = client.get(f"/cases/{case_link_token(mine)}/").content.decode()
    assert mine.reference in page and theirs.reference not in page
    assert client.get(f"/cases/{case_link_token(mine)[:-3]}abc/").status_code == 404
    # A member-host status token is no case link.
    assert client.get("/cases/not-a-token/").status_code == 404


def test_secretary_sees_cases_and_the_snapshot(register, in_schema, alpha, client_for, make_user):
    from tenants.accounts.roles import Role

    case, _created = escalate(in_schema, alpha, old_complaint(register, description="De lamp ging stuk."))
    secretary = make_user(None, Role.SECRETARY)
    client = client_for(None, secretary)
    listing = client.get("/office/cases/").content.decode()
    assert case.reference in listing
    detail = client.get(f"/office/cases/{case.uuid}/").content.decode()
    assert "De lamp ging stuk." in detail and case.snapshots.get().sha256 in detail
    panel = make_user(None, Role.PANEL_MEMBER)
    assert client_for(None, panel).get("/office/cases/").status_code == 403


def test_received_at_is_kept_for_the_filing_limit(register, in_schema, alpha):
    complaint = register(received_at=datetime(2026, 1, 5, 10, tzinfo=AMS))
    case, _created = escalate(in_schema, alpha, complaint)
    assert case.first_complained_on.isoformat() == "2026-01-05"
