"""Escalation and case pages.

- Member host: ``/status/<token>/commission/`` — from the complaint's status page.
- Commission host: ``/escalate/`` (ask with the member's reference and e-mail address; a confirmation
  link is e-mailed), ``/escalate/confirm/<token>/``, and the complainant's case page ``/cases/<token>/``.
- Commission back-office: ``/office/cases/`` (staff). Member back-office: ``/office/commission-cases/``.
- The fee invoice (a PDF rendered on request) and its EPC QR code: on the complainant's link and in
  the commission's back-office only; the member never sees the complainant's invoice.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django_tenants.utils import tenant_context

from core.forms import add_service_errors
from core.pdf import RenderedPdf
from core.qr import qr_png
from core.ratelimit import rate_limited
from core.storage import stored_upload_response
from tenants.accounts.actors import actor_label
from tenants.accounts.permissions import CapabilityRequiredMixin
from tenants.accounts.roles import Capability, has_capability
from tenants.complaints.escalation import complaint_from_status_link

from ..office_actions import OfficeAction, OfficeActions, perform
from . import services
from .forms import (
    ActionForm,
    AdmissibilityForm,
    CaseDocumentsForm,
    CaseFilterForm,
    CloseForm,
    ConfidentialForm,
    DiscloseForm,
    DocumentReceiveForm,
    EscalateForm,
    EscalationRequestForm,
    ExpertAppointForm,
    ExpertReportForm,
    NotCompliedForm,
    PaperForm,
    PaymentForm,
    RoundForm,
    SubmissionForm,
    WaiveForm,
    WithdrawForm,
)
from .models import Case, CaseDocument, Party, Stage
from .selectors import case_documents_for_party, case_list, case_submissions, dashboard, member_case_list
from .services import (
    BankAccountNotConfigured,
    FeeInstructions,
    case_escalate_and_notify,
    case_fee_invoice_pdf,
    case_from_token,
    case_link,
    escalation_eligibility,
    escalation_request,
    escalation_request_from_token,
    fee_instructions,
)

logger = logging.getLogger(__name__)


def _fee_instructions_for_page(case: Case) -> FeeInstructions | None:
    """The payment details a case page shows; none (and an error in the log) while the commission's
    bank account is not configured, so the page itself still works."""
    try:
        return fee_instructions(case=case)
    except BankAccountNotConfigured as exc:
        logger.error("fee_instructions_unavailable case=%s reason=%s", case.reference, exc)
        return None


def _document_response(content: bytes, *, content_type: str, filename: str, attachment: bool) -> HttpResponse:
    """A document made on request, sent like a stored one (core.storage.stored_file_response)."""
    response = HttpResponse(content, content_type=content_type)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def _invoice_response(case: Case) -> HttpResponse:
    """The case's fee invoice as a download; a 404 while the fee is not invoiced."""
    if not case.fee_invoiced_at:
        raise Http404
    rendered: RenderedPdf = case_fee_invoice_pdf(case=case)
    filename = f"invoice-{case.fee_invoice_number}.pdf"
    return _document_response(rendered.pdf, content_type="application/pdf", filename=filename, attachment=True)


def _escalate(request, *, member, complaint, template: str, context: dict):
    """Shared by both ways in: check the conditions, show the form, escalate on POST."""
    eligibility = escalation_eligibility(complaint=complaint, member=member)
    if complaint.escalated_case_uuid:
        case = Case.objects.get(uuid=complaint.escalated_case_uuid)
        return redirect(case_link(case))
    form = EscalateForm(request.POST or None)
    status = 200
    if request.method == "POST" and eligibility.allowed:
        if form.is_valid():
            try:
                with tenant_context(member):
                    case, _created = case_escalate_and_notify(
                        complaint=complaint,
                        claim=form.cleaned_data["claim"],
                        binding_accepted=form.cleaned_data["binding_accepted"],
                        disputed_amount=form.cleaned_data["disputed_amount"],
                    )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return redirect(case_link(case))
        status = 400
    return render(
        request,
        template,
        {**context, "form": form, "eligibility": eligibility, "complaint": complaint, "member": member},
        status=status,
    )


class StatusEscalateView(View):
    """From the member's status page: "not resolved — take it to the commission"."""

    def dispatch(self, request, token):
        complaint = complaint_from_status_link(token)
        if complaint is None:
            raise Http404
        return _escalate(
            request,
            member=request.tenant,
            complaint=complaint,
            template="cases/escalate.html",
            context={"token": token},
        )


class EscalationRequestView(View):
    template_name = "cases/escalation_request.html"

    def get(self, request):
        return render(request, self.template_name, {"form": EscalationRequestForm()})

    def post(self, request):
        form = EscalationRequestForm(request.POST)
        if rate_limited(request, "escalation-request", 10, 60 * 60):
            form.add_error(None, _("Too many requests. Try again in an hour."))
            return render(request, self.template_name, {"form": form}, status=429)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        escalation_request(
            member=form.cleaned_data["member"],
            reference=form.cleaned_data["reference"],
            email=form.cleaned_data["email"],
        )
        # The same answer whether or not the member knows this reference and address.
        return render(request, self.template_name, {"sent": True})


class EscalationConfirmView(View):
    def dispatch(self, request, token):
        found = escalation_request_from_token(token)
        if found is None:
            return render(request, "cases/link_invalid.html", status=404)
        member, complaint = found
        return _escalate(request, member=member, complaint=complaint, template="cases/escalate.html", context={})


class CaseView(View):
    """The complainant's view of their case at the commission: the file (without confidential
    documents), both parties' submissions, and a form when the commission asks them something."""

    template_name = "cases/case.html"

    def render_page(
        self, request, case, token, *, submission_form=None, documents_form=None, withdraw_form=None, status=200
    ):
        round_ = services.open_round(case, Party.COMPLAINANT)
        if round_ is not None and submission_form is None:
            submission_form = SubmissionForm()
        if case.stage == "filed" and documents_form is None:
            documents_form = CaseDocumentsForm(case=case)
        return render(
            request,
            self.template_name,
            {
                "case": case,
                "token": token,
                "documents": case_documents_for_party(case=case, party=Party.COMPLAINANT),
                "submissions": case_submissions(case=case),
                "history": case.stage_changes.all(),
                "open_round": round_,
                "submission_form": submission_form if round_ is not None else None,
                "documents_form": documents_form if case.stage == "filed" else None,
                "missing_documents": [CaseDocument.Kind(k).label for k in case.missing_documents],
                "fee": _fee_instructions_for_page(case),
                "withdraw_form": (withdraw_form or WithdrawForm(auto_id="id_withdraw_%s"))
                if can_withdraw(case)
                else None,
            },
            status=status,
        )

    def get(self, request, token):
        case = case_from_token(token)
        if case is None:
            return render(request, "cases/link_invalid.html", status=404)
        return self.render_page(request, case, token)

    def post(self, request, token):
        case = case_from_token(token)
        if case is None:
            return render(request, "cases/link_invalid.html", status=404)
        actor = services.PartyActor(party=Party.COMPLAINANT, label=case.complainant_name)
        if request.POST.get("form") == "documents":
            documents_form = CaseDocumentsForm(request.POST, request.FILES, case=case)
            if documents_form.is_valid():
                try:
                    services.case_documents_add(
                        case=case,
                        actor=actor,
                        kind=documents_form.cleaned_data["kind"],
                        uploads=documents_form.cleaned_data["attachments"],
                    )
                except ValidationError as exc:
                    add_service_errors(documents_form, exc)
                else:
                    return redirect(request.path)
            return self.render_page(request, case, token, documents_form=documents_form, status=400)
        form = SubmissionForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.case_submit(
                    case=case, actor=actor, text=form.cleaned_data["text"], uploads=form.cleaned_data["attachments"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return redirect(request.path)
        return self.render_page(request, case, token, submission_form=form, status=400)


def can_withdraw(case: Case) -> bool:
    """The complainant may withdraw until the ruling is approved (the case is then ruled) or the case
    is closed (docs/procedure/commission.md, "Stages of a case")."""
    return case.stage not in (Stage.RULED, Stage.CLOSED)


class CaseWithdrawView(CaseView):
    """The complainant withdraws the case from their page: the same closing as the secretary's
    (``case_close`` with *withdrawn*), which tells both parties."""

    def get(self, request, token):
        return redirect("cases_public:case", token=token)

    def post(self, request, token):
        case = case_from_token(token)
        if case is None:
            return render(request, "cases/link_invalid.html", status=404)
        form = WithdrawForm(request.POST, auto_id="id_withdraw_%s")
        if not can_withdraw(case):
            messages.error(
                request,
                _("This case can no longer be withdrawn: the commission has ruled on it.")
                if case.stage == Stage.RULED
                else _("This case is already closed."),
            )
            return self.render_page(request, case, token, status=400)
        if form.is_valid():
            reason = form.cleaned_data["reason"].strip()
            note = _("Withdrawn by the complainant on their case page.") + (f"\n{reason}" if reason else "")
            try:
                # The complainant acts through a signed link, not as a user: recorded as the system,
                # with the note saying who withdrew (``tenants.accounts.actors``).
                services.case_close(case=case, actor=None, closure=Case.Closure.WITHDRAWN, note=note)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return redirect("cases_public:case", token=token)
        return self.render_page(request, case, token, withdraw_form=form, status=400)


class CaseDocumentView(View):
    def get(self, request, token, document):
        case = case_from_token(token)
        found = (
            case_documents_for_party(case=case, party=Party.COMPLAINANT).filter(uuid=document).first() if case else None
        )
        if found is None or case is None:
            raise Http404
        services.case_document_access_record(
            document=found, party=CaseDocument.Party.COMPLAINANT, viewer_label=case.complainant_name
        )
        return stored_upload_response(found)


class CaseFeeInvoiceView(View):
    """The complainant's fee invoice (PDF), through their link."""

    def get(self, request, token):
        case = case_from_token(token)
        if case is None:
            raise Http404
        return _invoice_response(case)


class CaseFeeQrView(View):
    """The EPC QR code of the complainant's fee invoice as a PNG, shown on their case page (the
    page's Content-Security-Policy admits images from its own origin only, no ``data:`` URIs)."""

    def get(self, request, token):
        case = case_from_token(token)
        fee = _fee_instructions_for_page(case) if case is not None and not case.fee_paid_at else None
        if fee is None:
            raise Http404
        return _document_response(
            qr_png(fee.epc_payload, scale=5), content_type="image/png", filename="fee-qr.png", attachment=False
        )


# Commission back-office ------------------------------------------------------------------------


class CaseListView(CapabilityRequiredMixin, View):
    required_capability = Capability.VIEW_CASES

    def get(self, request):
        form = CaseFilterForm(request.GET or None)
        data = form.cleaned_data if form.is_valid() else {}
        cases = case_list(actor=request.user, stage=data.get("stage", ""), q=data.get("q", ""))
        return render(
            request,
            "cases/office/list.html",
            {
                "form": form,
                "page": Paginator(cases, 50).get_page(request.GET.get("page")),
                **dashboard(actor=request.user),
            },
        )


class CaseDetailView(CapabilityRequiredMixin, View):
    required_capability = Capability.VIEW_CASES

    def get(self, request, uuid):
        case = case_list(actor=request.user).filter(uuid=uuid).first()
        if case is None:
            raise Http404
        return render_office_detail(request, case)


#: The secretary's actions on a case: form class, and the service call with the cleaned data.
CASE_ACTIONS: OfficeActions[Case] = {
    "fee_invoice": OfficeAction(ActionForm, lambda case, actor, d: services.case_fee_invoice(case=case, actor=actor)),
    "payment": OfficeAction(
        PaymentForm, lambda case, actor, d: services.case_payment_register(case=case, actor=actor, **d)
    ),
    "fee_remind": OfficeAction(ActionForm, lambda case, actor, d: services.case_fee_remind(case=case, actor=actor)),
    "fee_stop": OfficeAction(ActionForm, lambda case, actor, d: services.case_fee_stop(case=case, actor=actor)),
    "waive": OfficeAction(WaiveForm, lambda case, actor, d: services.case_documents_waive(case=case, actor=actor, **d)),
    "complete": OfficeAction(ActionForm, lambda case, actor, d: services.case_file_complete(case=case, actor=actor)),
    "admissibility": OfficeAction(
        AdmissibilityForm,
        lambda case, actor, d: services.case_admissibility_decide(case=case, actor=actor, **d),
    ),
    "defence": OfficeAction(ActionForm, lambda case, actor, d: services.case_defence_request(case=case, actor=actor)),
    "round": OfficeAction(RoundForm, lambda case, actor, d: services.case_round_open(case=case, actor=actor, **d)),
    "confidential": OfficeAction(
        ConfidentialForm,
        lambda case, actor, d: services.case_document_confidential(case=case, actor=actor, **d),
    ),
    "disclose": OfficeAction(
        DiscloseForm,
        lambda case, actor, d: services.case_document_disclose(case=case, actor=actor, **d),
    ),
    "close": OfficeAction(CloseForm, lambda case, actor, d: services.case_close(case=case, actor=actor, **d)),
    "paper": OfficeAction(PaperForm, lambda case, actor, d: services.case_decide_on_paper(case=case, actor=actor, **d)),
    "not_complied": OfficeAction(
        NotCompliedForm, lambda case, actor, d: services.case_close_not_complied(case=case, actor=actor, **d)
    ),
    "expert": OfficeAction(
        ExpertAppointForm, lambda case, actor, d: services.case_expert_appoint(case=case, actor=actor, **d)
    ),
    "receive": OfficeAction(
        DocumentReceiveForm,
        lambda case, actor, d: services.case_document_receive(case=case, actor=actor, **d),
    ),
    "expert_report": OfficeAction(
        ExpertReportForm,
        lambda case, actor, d: services.case_expert_report(
            case=case, actor=actor, expert=d["expert"], checked=d["report"]
        ),
    ),
}
#: Forms built with the case (their choices come from it).
CASE_BOUND_FORMS = (WaiveForm, ConfidentialForm, DiscloseForm, ExpertReportForm)


def _action_form(name: str, case: Case, *args: Any) -> BaseForm | None:
    """The form of one action, with ids of its own (several forms share one page)."""
    action = CASE_ACTIONS[name]
    kwargs: dict[str, Any] = {"auto_id": f"id_{name}_%s"}
    if action.form_class in CASE_BOUND_FORMS:
        kwargs["case"] = case
    return action.build_form(*args, **kwargs)


def render_office_detail(request, case, *, bound: tuple[str, BaseForm | None] | None = None, status: int = 200):
    forms = {name: _action_form(name, case) for name in CASE_ACTIONS}
    if bound is not None:
        forms[bound[0]] = bound[1]
    documents = case.documents.select_related("submission").prefetch_related("accesses")
    return render(
        request,
        "cases/office/detail.html",
        {
            "case": case,
            "snapshot": case.snapshots.order_by("-version").first(),
            "documents": documents,
            "submissions": case_submissions(case=case),
            "rounds": case.rounds.all(),
            "payments": case.payments.all(),
            "experts": case.experts.select_related("report"),
            "history": case.stage_changes.all(),
            "missing_documents": [CaseDocument.Kind(k).label for k in case.missing_documents],
            "fee": _fee_instructions_for_page(case),
            "can_manage": has_capability(request.user, Capability.MANAGE_CASES),
            "forms": forms,
            "failed_action": bound[0] if bound else "",
        },
        status=status,
    )


class CaseActionView(CapabilityRequiredMixin, View):
    """One of the secretary's actions (``CASE_ACTIONS``); on refusal the detail page comes back with
    the form as filled in and its errors."""

    required_capability = Capability.MANAGE_CASES

    def post(self, request, uuid, action):
        case = case_list(actor=request.user).filter(uuid=uuid).first()
        if case is None or action not in CASE_ACTIONS:
            raise Http404
        form = _action_form(action, case, request.POST, request.FILES)
        if perform(CASE_ACTIONS[action], target=case, actor=request.user, form=form).ok:
            return redirect("cases:detail", uuid=case.uuid)
        case.refresh_from_db()
        return render_office_detail(request, case, bound=(action, form), status=400)


class CaseFileView(CapabilityRequiredMixin, View):
    required_capability = Capability.VIEW_CASES

    def get(self, request, uuid, document):
        case = case_list(actor=request.user).filter(uuid=uuid).first()
        found = case.documents.filter(uuid=document).first() if case else None
        if found is None:
            raise Http404
        services.case_document_access_record(
            document=found, party=CaseDocument.Party.COMMISSION, viewer_label=actor_label(request.user)
        )
        return stored_upload_response(found)


class CaseFeeInvoiceFileView(CapabilityRequiredMixin, View):
    """The fee invoice as the complainant receives it, for the commission's staff."""

    required_capability = Capability.VIEW_CASES

    def get(self, request, uuid):
        case = case_list(actor=request.user).filter(uuid=uuid).first()
        if case is None:
            raise Http404
        return _invoice_response(case)


# Member back-office ----------------------------------------------------------------------------


class MemberCaseListView(CapabilityRequiredMixin, View):
    """The commission cases about this member, and only those (filtered by ``request.tenant``)."""

    required_capability = Capability.HANDLE_COMPLAINTS

    def get(self, request):
        cases = member_case_list(member=request.tenant)
        return render(
            request, "cases/member/list.html", {"page": Paginator(cases, 50).get_page(request.GET.get("page"))}
        )


class MemberCaseDetailView(CapabilityRequiredMixin, View):
    """The member's page of one of its own cases: the file (without confidential documents), both
    parties' submissions, and the defence or submission form while the commission asks for one."""

    required_capability = Capability.HANDLE_COMPLAINTS

    def _case(self, request, uuid):
        case = member_case_list(member=request.tenant).filter(uuid=uuid).first()
        if case is None:
            raise Http404
        return case

    def render_page(self, request, case, *, form=None, status=200):
        round_ = services.open_round(case, Party.MEMBER)
        return render(
            request,
            "cases/member/detail.html",
            {
                "case": case,
                "documents": case_documents_for_party(case=case, party=Party.MEMBER),
                "submissions": case_submissions(case=case),
                "history": case.stage_changes.all(),
                "open_round": round_,
                "submission_form": (form or SubmissionForm()) if round_ is not None else None,
            },
            status=status,
        )

    def get(self, request, uuid):
        return self.render_page(request, self._case(request, uuid))

    def post(self, request, uuid):
        case = self._case(request, uuid)
        form = SubmissionForm(request.POST, request.FILES)
        if form.is_valid():
            actor = services.PartyActor(
                party=Party.MEMBER, label=f"{actor_label(request.user)} ({request.tenant.legal_name})"
            )
            try:
                services.case_submit(
                    case=case, actor=actor, text=form.cleaned_data["text"], uploads=form.cleaned_data["attachments"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return redirect("member_cases:detail", uuid=case.uuid)
        return self.render_page(request, case, form=form, status=400)


class MemberCaseFileView(CapabilityRequiredMixin, View):
    required_capability = Capability.HANDLE_COMPLAINTS

    def get(self, request, uuid, document):
        case = member_case_list(member=request.tenant).filter(uuid=uuid).first()
        found = case_documents_for_party(case=case, party=Party.MEMBER).filter(uuid=document).first() if case else None
        if found is None:
            raise Http404
        services.case_document_access_record(
            document=found,
            party=CaseDocument.Party.MEMBER,
            viewer_label=f"{actor_label(request.user)} ({request.tenant.legal_name})",
        )
        return stored_upload_response(found)
