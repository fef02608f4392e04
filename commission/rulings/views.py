"""Ruling pages.

- Commission back-office ``/office/rulings/``: cases awaiting a ruling, drafts, the secretary's draft
  form, the chair's approval, corrections, the publication review.
- Commission site ``/rulings/``: the public rulings page (published, anonymised), and the
  complainant's download and compliance answers from their case link.
- Member back-office: the PDF and the member's compliance confirmation from its own case page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from commission.cases.selectors import case_list
from commission.cases.services import case_from_token
from commission.hearings.panel_selectors import panel_slot_for_case
from core.storage import stored_file_response
from tenants.accounts.actors import Actor
from tenants.accounts.permissions import CapabilityRequiredMixin
from tenants.accounts.roles import Capability, Role

from ..office_actions import OfficeAction, OfficeActions, perform
from .forms import (
    CorrectionForm,
    MemberComplianceForm,
    NonComplianceForm,
    PublicationFilterForm,
    PublicationForm,
    RulingForm,
)
from .models import Publication, Ruling
from .selectors import case_ruling, cases_awaiting_ruling, member_ruling, publication_list, ruling_list
from .services import (
    compliance_complainant_confirm,
    compliance_member_confirm,
    compliance_report_non_compliance,
    current_ruling,
    missing_for_approval,
    publication_approve,
    publication_prepare,
    publication_update,
    ruling_approve,
    ruling_correct,
    ruling_draft_save,
)

#: The back-office actions on a case's ruling (the draft is saved for the case, the rest for a ruling).
RULING_ACTIONS: OfficeActions[Any] = {
    "draft": OfficeAction(RulingForm, lambda case, actor, d: ruling_draft_save(case=case, actor=actor, values=d)),
    "approve": OfficeAction(None, lambda ruling, actor, d: ruling_approve(ruling=ruling, actor=actor)),
    "correct": OfficeAction(
        CorrectionForm, lambda ruling, actor, d: ruling_correct(ruling=ruling, actor=actor, reason=d["reason"])
    ),
    "prepare": OfficeAction(None, lambda ruling, actor, d: publication_prepare(ruling=ruling, actor=actor)),
}


def _publish(publication: Publication, actor: Actor, values: dict[str, Any]) -> Publication:
    publication_update(publication=publication, actor=actor, values=values)
    return publication_approve(publication=publication, actor=actor)


#: The publication review: save the edited text, or save it and publish.
PUBLICATION_ACTIONS: OfficeActions[Publication] = {
    "save": OfficeAction(
        PublicationForm,
        lambda publication, actor, d: publication_update(publication=publication, actor=actor, values=d),
    ),
    "publish": OfficeAction(PublicationForm, _publish),
}


def pdf_response(ruling: Ruling) -> FileResponse:
    return stored_file_response(ruling.pdf, filename=f"{ruling.number.replace('/', '-')}.pdf")


# Commission back-office ------------------------------------------------------------------------


class RulingListView(CapabilityRequiredMixin, View):
    required_capability = Capability.VIEW_CASES

    def get(self, request):
        rulings = ruling_list(actor=request.user)
        return render(
            request,
            "rulings/office/list.html",
            {
                "awaiting": cases_awaiting_ruling(actor=request.user).exclude(rulings__isnull=False)[:100],
                "drafts": rulings.filter(status=Ruling.Status.DRAFT),
                "to_review": Publication.objects.filter(status=Publication.Status.DRAFT).select_related("ruling")[:100],
                "page": Paginator(rulings.filter(status=Ruling.Status.APPROVED).order_by("-approved_at"), 50).get_page(
                    request.GET.get("page")
                ),
            },
        )


def _case_for_staff(request, case_uuid):
    case = case_list(actor=request.user).filter(uuid=case_uuid).first()
    if case is None:
        raise Http404
    return case


def _ruling_for_staff(request, uuid) -> Ruling:
    ruling = ruling_list(actor=request.user).filter(uuid=uuid).first()
    if ruling is None:
        raise Http404
    return ruling


class RulingDraftView(CapabilityRequiredMixin, View):
    """The secretary's draft for a case: sections, outcome, amounts, compliance term."""

    required_capability = Capability.MANAGE_CASES
    template_name = "rulings/office/draft.html"

    def get(self, request, case):
        case = _case_for_staff(request, case)
        draft = case.rulings.filter(status=Ruling.Status.DRAFT).first()
        return render(request, self.template_name, {"case": case, "form": RulingForm(instance=draft), "draft": draft})

    def post(self, request, case):
        case = _case_for_staff(request, case)
        draft = case.rulings.filter(status=Ruling.Status.DRAFT).first()
        form = RulingForm(request.POST, instance=draft)
        outcome = perform(RULING_ACTIONS["draft"], target=case, actor=request.user, form=form)
        if outcome.ok:
            messages.success(request, _("The draft was saved."))
            return redirect("rulings:detail", uuid=outcome.result.uuid)
        return render(request, self.template_name, {"case": case, "form": form, "draft": draft}, status=400)


class RulingDetailView(CapabilityRequiredMixin, View):
    required_capability = Capability.VIEW_CASES

    def get(self, request, uuid):
        ruling = _ruling_for_staff(request, uuid)
        return self.show(request, ruling)

    def show(self, request, ruling, *, status=200, error="", correction_form=None):
        return render(
            request,
            "rulings/office/detail.html",
            {
                "ruling": ruling,
                "case": ruling.case,
                "missing": missing_for_approval(ruling) if not ruling.is_approved else [],
                "is_chair": request.user.role == Role.CHAIR,
                "is_current": ruling.is_approved and current_ruling(ruling.case) == ruling,
                "publication": Publication.objects.filter(ruling=ruling).first(),
                "compliance": getattr(ruling, "compliance", None) if ruling.is_approved else None,
                "correction_form": correction_form or CorrectionForm(),
                "error": error,
            },
            status=status,
        )


class RulingApproveView(RulingDetailView):
    """The chair's approval (anyone else is refused with 403 by the service)."""

    def post(self, request, uuid):
        ruling = _ruling_for_staff(request, uuid)
        outcome = perform(RULING_ACTIONS["approve"], target=ruling, actor=request.user, form=None)
        if outcome.error is not None:
            return self.show(request, ruling, status=400, error=" ".join(outcome.error.messages))
        messages.success(request, _("The ruling was approved and sent to both parties."))
        return redirect("rulings:detail", uuid=ruling.uuid)


class RulingCorrectView(RulingDetailView):
    required_capability = Capability.MANAGE_CASES

    def post(self, request, uuid):
        ruling = _ruling_for_staff(request, uuid)
        form = CorrectionForm(request.POST)
        if perform(RULING_ACTIONS["correct"], target=ruling, actor=request.user, form=form).ok:
            return redirect("rulings:draft", case=ruling.case.uuid)
        return self.show(request, ruling, status=400, correction_form=form)


class PanelRulingPdfView(CapabilityRequiredMixin, View):
    """The ruling of a case, for the panel that heard it: once the ruling is approved the panel no
    longer reads the file, and the ruling is what remains (docs/procedure/commission.md, "Hearings").
    Another panel's case, or one without an approved ruling, is 404."""

    required_capability = Capability.READ_HEARING_FILES

    def get(self, request, case):
        slot = panel_slot_for_case(actor=request.user, case_uuid=case)
        ruling = current_ruling(slot.case) if slot is not None else None
        if ruling is None:
            raise Http404
        return pdf_response(ruling)


class RulingPdfView(CapabilityRequiredMixin, View):
    required_capability = Capability.VIEW_CASES

    def get(self, request, uuid):
        ruling = _ruling_for_staff(request, uuid)
        if not ruling.is_approved:
            raise Http404
        return pdf_response(ruling)


class PublicationView(CapabilityRequiredMixin, View):
    """The secretary prepares the anonymised text, edits it while reviewing, and publishes it."""

    required_capability = Capability.MANAGE_CASES
    template_name = "rulings/office/publication.html"

    def get(self, request, uuid):
        ruling = _ruling_for_staff(request, uuid)
        publication = Publication.objects.filter(ruling=ruling).first()
        form = PublicationForm(instance=publication) if publication else None
        return render(request, self.template_name, {"ruling": ruling, "publication": publication, "form": form})

    def post(self, request, uuid):
        ruling = _ruling_for_staff(request, uuid)
        publication = Publication.objects.filter(ruling=ruling).first()
        action = request.POST.get("action")
        if action == "prepare":
            outcome = perform(RULING_ACTIONS["prepare"], target=ruling, actor=request.user, form=None)
            if outcome.error is not None:
                messages.error(request, " ".join(outcome.error.messages))
            return redirect("rulings:publication", uuid=ruling.uuid)
        if publication is None:
            raise Http404
        # Any other action saves the text; "publish" saves it and puts it on the public page.
        name = "publish" if action == "publish" else "save"
        form = PublicationForm(request.POST, instance=publication)
        if perform(PUBLICATION_ACTIONS[name], target=publication, actor=request.user, form=form).ok:
            if name == "publish":
                messages.success(request, _("The ruling is on the public rulings page."))
            else:
                messages.success(request, _("The text was saved."))
            return redirect("rulings:publication", uuid=ruling.uuid)
        publication = Publication.objects.filter(ruling=ruling).first()
        return render(
            request, self.template_name, {"ruling": ruling, "publication": publication, "form": form}, status=400
        )


# Public site -----------------------------------------------------------------------------------


class PublicRulingListView(View):
    def get(self, request):
        form = PublicationFilterForm(request.GET or None)
        data = form.cleaned_data if form.is_valid() else {}
        publications = publication_list(
            sector=data["sector"].code if data.get("sector") else "",
            outcome=data.get("outcome", ""),
            year=data.get("year"),
            q=data.get("q", ""),
        )
        return render(
            request,
            "rulings/public/list.html",
            {"form": form, "page": Paginator(publications, 25).get_page(request.GET.get("page"))},
        )


class PublicRulingDetailView(View):
    def get(self, request, uuid):
        publication = publication_list().filter(uuid=uuid).first()
        if publication is None:
            raise Http404
        return render(request, "rulings/public/detail.html", {"publication": publication})


class CaseRulingMixin:
    """The complainant's own case, from their link; any ruling of another case is not found."""

    def get_ruling(self, token, uuid) -> Ruling:
        case = case_from_token(token)
        ruling = case_ruling(case=case, ruling_uuid=uuid) if case is not None else None
        if ruling is None:
            raise Http404
        return ruling


class CaseRulingPdfView(CaseRulingMixin, View):
    def get(self, request, token, uuid):
        return pdf_response(self.get_ruling(token, uuid))


class CaseComplianceView(CaseRulingMixin, View):
    """The complainant confirms compliance or reports that the member did not comply."""

    def post(self, request, token, uuid):
        ruling = self.get_ruling(token, uuid)
        try:
            if request.POST.get("action") == "confirm":
                compliance_complainant_confirm(ruling=ruling)
                messages.success(request, _("Thank you. You confirmed that the member complied with the ruling."))
            else:
                form = NonComplianceForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(_("Say what the member did not do."))
                compliance_report_non_compliance(ruling=ruling, text=form.cleaned_data["text"])
                messages.success(request, _("Thank you. The commission will follow up your report."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("cases_public:case", token=token)


# Member back-office ----------------------------------------------------------------------------


class MemberRulingMixin(CapabilityRequiredMixin):
    required_capability = Capability.HANDLE_COMPLAINTS

    def get_ruling(self, request, case, uuid) -> Ruling:
        ruling = member_ruling(member=request.tenant, case_uuid=case, ruling_uuid=uuid)
        if ruling is None:
            raise Http404
        return ruling


class MemberRulingPdfView(MemberRulingMixin, View):
    def get(self, request, case, uuid):
        return pdf_response(self.get_ruling(request, case, uuid))


class MemberComplianceView(MemberRulingMixin, View):
    def post(self, request, case, uuid):
        ruling = self.get_ruling(request, case, uuid)
        form = MemberComplianceForm(request.POST)
        note = form.cleaned_data["note"] if form.is_valid() else ""
        try:
            compliance_member_confirm(ruling=ruling, actor=request.user, note=note)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("Thank you. The commission and the complainant can see your confirmation."))
        return redirect("member_cases:detail", uuid=ruling.case.uuid)
