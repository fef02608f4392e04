"""Escalation and case pages.

- Member host: ``/status/<token>/commission/`` — from the complaint's status page.
- Commission host: ``/escalate/`` (ask with the member's reference and e-mail address; a confirmation
  link is e-mailed), ``/escalate/confirm/<token>/``, and the complainant's case page ``/cases/<token>/``.
- Commission back-office: ``/office/cases/`` (staff). Member back-office: ``/office/commission-cases/``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django_tenants.utils import tenant_context

from tenants.accounts.permissions import CapabilityRequiredMixin
from tenants.accounts.roles import Capability
from tenants.complaints.services import StatusLinkInvalid, complaint_from_status_token
from tenants.complaints.views_public import _rate_limited, attachment_response

from .forms import CaseFilterForm, EscalateForm, EscalationRequestForm
from .models import Case
from .selectors import case_list, dashboard, member_case_list
from .services import (
    case_escalate_and_notify,
    case_from_token,
    case_link,
    escalation_eligibility,
    escalation_request,
    escalation_request_from_token,
)


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
        try:
            complaint = complaint_from_status_token(token)
        except StatusLinkInvalid:
            raise Http404 from None
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
        if _rate_limited(request, "escalation-request", 10, 60 * 60):
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
    """The complainant's view of their case at the commission."""

    def get(self, request, token):
        case = case_from_token(token)
        if case is None:
            return render(request, "cases/link_invalid.html", status=404)
        return render(
            request,
            "cases/case.html",
            {
                "case": case,
                "token": token,
                "documents": case.documents.filter(confidential=False),
                "history": case.stage_changes.all(),
            },
        )


class CaseDocumentView(View):
    def get(self, request, token, document):
        case = case_from_token(token)
        found = case.documents.filter(uuid=document, confidential=False).first() if case else None
        if found is None:
            raise Http404
        return attachment_response(found)


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
        return render(
            request,
            "cases/office/detail.html",
            {
                "case": case,
                "snapshot": case.snapshots.order_by("-version").first(),
                "documents": case.documents.all(),
                "history": case.stage_changes.all(),
            },
        )


class CaseFileView(CapabilityRequiredMixin, View):
    required_capability = Capability.VIEW_CASES

    def get(self, request, uuid, document):
        case = case_list(actor=request.user).filter(uuid=uuid).first()
        found = case.documents.filter(uuid=document).first() if case else None
        if found is None:
            raise Http404
        return attachment_response(found)


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
    required_capability = Capability.HANDLE_COMPLAINTS

    def get(self, request, uuid):
        case = member_case_list(member=request.tenant).filter(uuid=uuid).first()
        if case is None:
            raise Http404
        return render(
            request,
            "cases/member/detail.html",
            {"case": case, "documents": case.documents.filter(confidential=False), "history": case.stage_changes.all()},
        )


class MemberCaseFileView(CapabilityRequiredMixin, View):
    required_capability = Capability.HANDLE_COMPLAINTS

    def get(self, request, uuid, document):
        case = member_case_list(member=request.tenant).filter(uuid=uuid).first()
        found = case.documents.filter(uuid=document, confidential=False).first() if case else None
        if found is None:
            raise Http404
        return attachment_response(found)
