"""The procedure after filing: completing the file, the fee, admissibility, written rounds through the
member's back-office and the complainant's link, confidentiality and the access log, the expert,
withdrawal and settlement, the dashboard and the reminders."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tenants.utils import schema_context

from commission.cases import services as procedure
from commission.cases.models import Case, CaseDocument, DocumentAccess, Round, Stage, Submission
from commission.cases.services import case_escalate_and_notify, case_link_token
from core import deadlines
from core.uploads import check_upload
from tenants.accounts.roles import Role
from tenants.outbox.models import OutboundEmail

from ..images import png_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tmp_media", "fresh_cache")]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="stuk.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def file_case(register, in_schema, member, **fields) -> Case:
    """A complaint six weeks old, escalated by the complainant (the fee is invoiced at once)."""
    complaint = register(member=member, received_at=timezone.now() - timedelta(weeks=6), **fields)
    with in_schema(member):
        case, _created = case_escalate_and_notify(complaint=complaint, claim="Geld terug.", binding_accepted=True)
    return case


def complete_file(case, secretary) -> Case:
    procedure.case_documents_waive(case=case, actor=secretary, kinds=list(case.committee.required_documents))
    procedure.case_payment_register(
        case=case, actor=secretary, kind="fee", amount=case.fee_amount, paid_on=timezone.localdate()
    )
    return procedure.case_file_complete(case=case, actor=secretary)


def defence_requested(case, secretary, today=None) -> Case:
    case = complete_file(case, secretary)
    procedure.case_admissibility_decide(
        case=case, actor=secretary, decision="admissible", letter="De commissie neemt de klacht in behandeling."
    )
    procedure.case_defence_request(case=case, actor=secretary, today=today)
    return Case.objects.get(pk=case.pk)


def emails(case, topic) -> list[OutboundEmail]:
    """The commission's e-mails about ``case`` (its outbox is in public, whatever schema a request left)."""
    with schema_context("public"):
        return list(OutboundEmail.objects.filter(topic=topic, about=f"cases.case:{case.uuid}"))


def sent_to(case, topic) -> set[str]:
    return {e.to for e in emails(case, topic)}


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# Fee ----------------------------------------------------------------------------------------------


def test_fee_invoice_reminder_and_stop_on_non_payment(register, in_schema, alpha, handler, secretary, client_for):
    case = file_case(register, in_schema, alpha)
    case.refresh_from_db()
    today = timezone.localdate()
    assert case.fee_invoiced_at, "the fee is invoiced when the case is filed"
    assert case.fee_invoice_number == case.reference
    assert case.fee_due_on == deadlines.add_term(today, deadlines.Term(14, "calendar_days"))
    (invoice,) = emails(case, "case_fee_invoice")
    assert invoice.to == "karin@example.org"
    assert "52,50" in invoice.body_text
    assert case.reference in invoice.subject
    # No stop before the one reminder, and not before the reminder's term has passed.
    with pytest.raises(ValidationError):
        procedure.case_fee_stop(case=case, actor=secretary)
    # The daily task sends the one reminder once the payment term has passed.
    sent = procedure.case_reminders_send(today=case.fee_due_on + timedelta(days=1))
    assert sent["fee"] == 1
    assert len(emails(case, "case_fee_reminder")) == 1
    assert procedure.case_reminders_send(today=case.fee_due_on + timedelta(days=2))["fee"] == 0
    case.refresh_from_db()
    with pytest.raises(ValidationError):
        procedure.case_fee_remind(case=case, actor=secretary)
    with pytest.raises(ValidationError):
        procedure.case_fee_stop(case=case, actor=secretary, today=case.fee_due_on)
    procedure.case_fee_stop(case=case, actor=secretary, today=case.fee_due_on + timedelta(days=1))
    case.refresh_from_db()
    assert case.stage == Stage.CLOSED
    assert case.closure == Case.Closure.UNPAID
    assert sent_to(case, "case_case_closed") >= {"karin@example.org", handler.email}


def test_payments_mark_the_fee_paid_once_complete(register, in_schema, alpha, secretary, client_for):
    case = file_case(register, in_schema, alpha)
    client = client_for(None, secretary)
    url = f"/office/cases/{case.uuid}/do/payment/"
    refused = client.post(url, {"kind": "fee", "amount": "-1", "paid_on": "2026-01-01", "reference": "NL12"})
    assert refused.status_code == 400
    assert "NL12" in refused.content.decode()
    assert client.post(url, {"kind": "fee", "amount": "20.00", "paid_on": "2026-01-01"}).status_code == 302
    case.refresh_from_db()
    assert case.fee_paid_at is None
    assert client.post(url, {"kind": "fee", "amount": "32.50", "paid_on": "2026-01-02"}).status_code == 302
    case.refresh_from_db()
    assert case.fee_paid_at is not None
    assert case.payments.count() == 2


# Completeness and the ADR clock -------------------------------------------------------------------


def test_complete_file_starts_the_adr_clock(register, in_schema, alpha, secretary, client_for):
    case = file_case(register, in_schema, alpha)
    with pytest.raises(ValidationError) as refused:
        procedure.case_file_complete(case=case, actor=secretary)
    assert len(refused.value.messages) == 2  # documents missing, fee unpaid
    # The complainant adds the complaint letter through the link.
    link = f"/cases/{case_link_token(case)}/"
    client = client_for(None)
    assert 'name="form" value="documents"' in page(client, link)
    response = client.post(link, {"form": "documents", "kind": "complaint_letter", "attachments": [pdf("brief.pdf")]})
    assert response.status_code == 302
    assert case.documents.get().kind == CaseDocument.Kind.COMPLAINT_LETTER
    assert "complaint_letter" not in Case.objects.get(pk=case.pk).missing_documents
    secretary_client = client_for(None, secretary)
    refused_page = secretary_client.post(f"/office/cases/{case.uuid}/do/complete/")
    assert refused_page.status_code == 400
    assert 'role="alert"' in refused_page.content.decode(), "the refusal is shown as an alert"
    assert Case.objects.get(pk=case.pk).file_completed_at is None
    case = complete_file(case, secretary)
    assert case.stage == Stage.ADMISSIBILITY
    assert case.file_completed_at is not None
    assert case.adr_due_on == timezone.localdate() + timedelta(days=case.committee.adr_target_days)
    assert "karin@example.org" in sent_to(case, "case_file_complete")


# Admissibility ----------------------------------------------------------------------------------


def test_refusal_needs_a_reasoned_letter_mailed_to_both_parties(
    register, in_schema, alpha, handler, secretary, client_for
):
    case = complete_file(file_case(register, in_schema, alpha), secretary)
    client = client_for(None, secretary)
    url = f"/office/cases/{case.uuid}/do/admissibility/"
    refused = client.post(url, {"decision": "inadmissible", "letter": " "})
    assert refused.status_code == 400
    assert 'value="inadmissible" selected' in refused.content.decode(), "the chosen decision is kept"
    letter = "De klacht is te laat ingediend: meer dan twaalf maanden na de klacht bij het lid."
    assert client.post(url, {"decision": "inadmissible", "letter": letter}).status_code == 302
    case.refresh_from_db()
    assert case.stage == Stage.CLOSED
    assert case.closure == Case.Closure.INADMISSIBLE
    assert case.admissibility_letter == letter
    sent = emails(case, "case_admissibility")
    assert {e.to for e in sent} >= {"karin@example.org", handler.email}
    assert all(letter in e.body_text for e in sent)


def test_not_competent_closes_the_case(register, in_schema, alpha, secretary):
    case = complete_file(file_case(register, in_schema, alpha), secretary)
    procedure.case_admissibility_decide(case=case, actor=secretary, decision="not_competent", letter="Geen consument.")
    assert Case.objects.get(pk=case.pk).closure == Case.Closure.NOT_COMPETENT


# Withdrawal and settlement ------------------------------------------------------------------------


def test_withdrawal_and_settlement_close_the_case(register, in_schema, alpha, handler, secretary, client_for):
    settled = file_case(register, in_schema, alpha)
    client = client_for(None, secretary)
    response = client.post(f"/office/cases/{settled.uuid}/do/close/", {"closure": "settled", "note": "Schikking."})
    assert response.status_code == 302
    settled.refresh_from_db()
    assert settled.stage == Stage.CLOSED
    assert settled.closure == Case.Closure.SETTLED
    assert sent_to(settled, "case_case_closed") >= {"karin@example.org", handler.email}
    # Withdrawn during the defence: the member's open round closes too.
    withdrawn = defence_requested(file_case(register, in_schema, alpha, complainant_email="w@example.org"), secretary)
    procedure.case_close(case=withdrawn, actor=secretary, closure="withdrawn")
    withdrawn.refresh_from_db()
    assert withdrawn.closure == Case.Closure.WITHDRAWN
    assert not withdrawn.rounds.filter(closed_at__isnull=True).exists()
    with pytest.raises(ValidationError):
        procedure.case_close(case=withdrawn, actor=secretary, closure="settled")


# Hoor en wederhoor ----------------------------------------------------------------------------------


def test_member_submits_its_defence_through_its_back_office(
    register, in_schema, alpha, beta, handler, secretary, client_for, make_user
):
    case = defence_requested(file_case(register, in_schema, alpha), secretary)
    round_ = case.rounds.get()
    assert round_.kind == Round.Kind.DEFENCE
    assert round_.party == "member"
    assert round_.due_on == deadlines.add_term(timezone.localdate(), case.committee.term("defence"))
    assert handler.email in sent_to(case, "case_round_opened")
    assert "karin@example.org" in sent_to(case, "case_defence_requested_info")

    # Member B cannot see or answer member A's case.
    beta_client = client_for(beta, make_user(beta, Role.HANDLER))
    assert beta_client.get(f"/office/commission-cases/{case.uuid}/").status_code == 404
    assert beta_client.post(f"/office/commission-cases/{case.uuid}/", {"text": "Van B"}).status_code == 404
    assert not Submission.objects.exists()

    client = client_for(alpha, handler)
    url = f"/office/commission-cases/{case.uuid}/"
    assert 'name="attachments"' in page(client, url)
    response = client.post(url, {"text": "Wij hebben correct geleverd.", "attachments": [pdf("verweer.pdf")]})
    assert response.status_code == 302
    submission = Submission.objects.get(case=case)
    assert submission.party == "member"
    assert submission.documents.get().kind == CaseDocument.Kind.DEFENCE
    round_.refresh_from_db()
    assert round_.closed_at is not None
    assert "karin@example.org" in sent_to(case, "case_submission_received")
    # The round is closed: no form, and a second submission is refused.
    assert 'name="attachments"' not in page(client, url), "no answer form once the round is closed"
    assert client.post(url, {"text": "Nog iets"}).status_code == 400


def test_complainant_replies_through_the_link_and_both_see_everything(
    register, in_schema, alpha, handler, secretary, client_for
):
    case = defence_requested(file_case(register, in_schema, alpha), secretary)
    member_client = client_for(alpha, handler)
    member_client.post(f"/office/commission-cases/{case.uuid}/", {"text": "Verweer van het lid."})
    link = f"/cases/{case_link_token(case)}/"
    complainant = client_for(None)
    before = page(complainant, link)
    assert "Verweer van het lid." in before
    assert 'name="form" value="submission"' not in before, "no answer form without an open round"
    due = (timezone.localdate() + timedelta(days=28)).isoformat()
    opened = client_for(None, secretary).post(
        f"/office/cases/{case.uuid}/do/round/", {"party": "complainant", "kind": "reply", "due_on": due}
    )
    assert opened.status_code == 302
    assert Case.objects.get(pk=case.pk).stage == Stage.WRITTEN_ROUNDS
    assert "karin@example.org" in sent_to(case, "case_round_opened")
    assert 'name="form" value="submission"' in page(complainant, link)
    response = complainant.post(link, {"form": "submission", "text": "Mijn repliek.", "attachments": [pdf()]})
    assert response.status_code == 302
    reply = Submission.objects.get(case=case, party="complainant")
    assert reply.round.kind == Round.Kind.REPLY
    assert reply.documents.get().kind == CaseDocument.Kind.REPLY
    member_page = page(member_client, f"/office/commission-cases/{case.uuid}/")
    assert "Mijn repliek." in member_page
    assert "stuk.pdf" in member_page
    assert handler.email in sent_to(case, "case_submission_received")


def test_confidential_documents_and_the_access_log(register, in_schema, alpha, handler, secretary, client_for):
    case = defence_requested(file_case(register, in_schema, alpha), secretary)
    member_client = client_for(alpha, handler)
    member_client.post(
        f"/office/commission-cases/{case.uuid}/",
        {"text": "Verweer.", "attachments": [pdf("open.pdf"), pdf("bedrijfsgeheim.pdf")]},
    )
    secret = case.documents.get(original_name="bedrijfsgeheim.pdf")
    shared = case.documents.get(original_name="open.pdf")
    office = client_for(None, secretary)
    url = f"/office/cases/{case.uuid}/do/confidential/"
    refused = office.post(url, {"document": str(secret.uuid), "reason": ""})
    assert refused.status_code == 400
    assert f'value="{secret.uuid}" selected' in refused.content.decode()
    with pytest.raises(ValidationError):
        procedure.case_document_confidential(case=case, actor=secretary, document=secret, reason=" ")
    assert office.post(url, {"document": str(secret.uuid), "reason": "Prijsopbouw leverancier."}).status_code == 302
    secret.refresh_from_db()
    assert secret.confidential, "the document is marked confidential"
    assert secret.confidential_reason == "Prijsopbouw leverancier."

    token = case_link_token(case)
    complainant = client_for(None)
    case_page = page(complainant, f"/cases/{token}/")
    assert "open.pdf" in case_page
    assert "bedrijfsgeheim.pdf" not in case_page, "the other party does not see a confidential document"
    assert complainant.get(f"/cases/{token}/documents/{secret.uuid}/").status_code == 404
    assert complainant.get(f"/cases/{token}/documents/{shared.uuid}/").status_code == 200
    assert member_client.get(f"/office/commission-cases/{case.uuid}/documents/{shared.uuid}/").status_code == 200
    assert member_client.get(f"/office/commission-cases/{case.uuid}/documents/{secret.uuid}/").status_code == 404
    assert office.get(f"/office/cases/{case.uuid}/documents/{secret.uuid}/").status_code == 200
    log = {(a.party, a.document.original_name) for a in DocumentAccess.objects.all()}
    assert log == {("complainant", "open.pdf"), ("member", "open.pdf"), ("commission", "bedrijfsgeheim.pdf")}
    assert DocumentAccess.objects.get(party="complainant").viewer_label == "Karin Klant"
    detail = page(office, f"/office/cases/{case.uuid}/")
    assert "Prijsopbouw leverancier." in detail
    assert "Karin Klant" in detail
    assert handler.full_name in detail


# Expert ---------------------------------------------------------------------------------------------


def test_expert_report_goes_to_both_parties_with_a_comment_term(
    register, in_schema, alpha, handler, secretary, client_for
):
    case = defence_requested(file_case(register, in_schema, alpha), secretary)
    client_for(alpha, handler).post(f"/office/commission-cases/{case.uuid}/", {"text": "Verweer."})
    office = client_for(None, secretary)
    response = office.post(f"/office/cases/{case.uuid}/do/expert/", {"name": "Ir. Deskundig", "email": "d@example.org"})
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).stage == Stage.EXPERT
    expert = case.experts.get()
    report = SimpleUploadedFile("rapport.png", png_bytes(), content_type="image/png")
    response = office.post(f"/office/cases/{case.uuid}/do/expert_report/", {"expert": expert.pk, "report": report})
    assert response.status_code == 302
    expert.refresh_from_db()
    due = deadlines.add_term(timezone.localdate(), case.committee.term("expert_comment"))
    assert expert.report.kind == CaseDocument.Kind.EXPERT_REPORT
    assert expert.comment_due_on == due
    rounds = case.rounds.filter(kind=Round.Kind.EXPERT_COMMENT, closed_at__isnull=True)
    assert {(r.party, r.due_on) for r in rounds} == {("complainant", due), ("member", due)}
    assert sent_to(case, "case_expert_report") >= {"karin@example.org", handler.email}
    assert "rapport.png" in page(client_for(None), f"/cases/{case_link_token(case)}/")
    assert "rapport.png" in page(client_for(alpha, handler), f"/office/commission-cases/{case.uuid}/")


# Dashboard and reminders -----------------------------------------------------------------------------


def test_dashboard_shows_stages_at_risk_and_overdue_steps(register, in_schema, alpha, secretary, client_for):
    case = file_case(register, in_schema, alpha)
    case.committee.adr_target_days = 10
    case.committee.save()
    long_ago = timezone.localdate() - timedelta(days=60)
    case = defence_requested(case, secretary, today=long_ago)
    listing = page(client_for(None, secretary), "/office/cases/")
    at_risk = listing.split('id="risk-heading"', 1)[1].split("</section>", 1)[0]
    assert case.reference in at_risk
    rounds_overdue = listing.split('data-testid="rounds-overdue"', 1)[1].split("</ul>", 1)[0]
    assert case.reference in rounds_overdue
    from commission.cases.selectors import dashboard

    data = dashboard(actor=secretary)
    assert dict((v, n) for v, _label, n in data["per_stage"])["defence"] >= 1
    assert case in list(data["at_risk"]), "the dashboard lists the case at risk"
    assert case.pk in [r.case_id for r in data["rounds_overdue"]], "the dashboard lists the overdue round"


def test_reminders_for_rounds_and_incomplete_files(register, in_schema, alpha, handler, secretary):
    from commission.cases.tasks import send_reminders_task

    case = defence_requested(file_case(register, in_schema, alpha), secretary)
    incomplete = file_case(register, in_schema, alpha, complainant_email="traag@example.org")
    due = case.rounds.get().due_on
    assert procedure.case_reminders_send(today=due - timedelta(days=20))["rounds"] == 0
    sent = procedure.case_reminders_send(today=incomplete.completion_due_on + timedelta(days=1))
    assert sent["rounds"] == 1
    assert sent["completion"] == 1
    assert handler.email in sent_to(case, "case_round_reminder")
    assert sent_to(incomplete, "case_completion_overdue") == {"traag@example.org"}
    assert send_reminders_task.apply().get() == {"rounds": 0, "fee": 0, "completion": 0}


# Bad input --------------------------------------------------------------------------------------------


def test_upload_of_a_disallowed_type_is_refused_with_the_form_kept(
    register, in_schema, alpha, handler, secretary, client_for
):
    case = file_case(register, in_schema, alpha)
    link = f"/cases/{case_link_token(case)}/"
    exe = SimpleUploadedFile("factuur.exe", b"MZ\x90\x00" + b"\x00" * 200, content_type="application/octet-stream")
    response = client_for(None).post(link, {"form": "documents", "kind": "invoice", "attachments": [exe]})
    body = response.content.decode()
    assert response.status_code == 400
    assert "factuur.exe" in body
    assert 'value="invoice" selected' in body, "the chosen document kind is kept"
    assert not case.documents.exists()
    case = defence_requested(case, secretary)
    exe.seek(0)
    response = client_for(alpha, handler).post(
        f"/office/commission-cases/{case.uuid}/", {"text": "Ons verweer blijft staan.", "attachments": [exe]}
    )
    assert response.status_code == 400
    assert "Ons verweer blijft staan." in response.content.decode()
    assert not Submission.objects.exists(), "a refused submission is not stored"
    assert case.rounds.get().closed_at is None, "a refused submission leaves the round open"


def test_upload_over_the_size_limit_is_refused_with_the_form_kept(register, in_schema, alpha, client_for, settings):
    case = file_case(register, in_schema, alpha)
    settings.UPLOAD_MAX_BYTES = 10
    with pytest.raises(ValidationError):
        check_upload(pdf())
    link = f"/cases/{case_link_token(case)}/"
    response = client_for(None).post(link, {"form": "documents", "kind": "contract", "attachments": [pdf("groot.pdf")]})
    body = response.content.decode()
    assert response.status_code == 400
    assert "groot.pdf" in body
    assert 'value="contract" selected' in body, "the chosen document kind is kept"
    assert not case.documents.exists()
