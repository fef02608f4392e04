"""The panel's pages in the commission back-office (``/office/hearings/mine/``): read only.

A panel member (consumer or trade side) and the chair see the hearings they sit on and, for each case
on them, the file: parties, claim, the snapshot of the member's complaint, the documents, the
submissions of the written rounds and the expert's report. What they may see is decided in
``panel_selectors``; these views only ever answer GET (no form, no write of the case), and record
every access: the file page in the audit trail, every download as a ``DocumentAccess``.
"""

from __future__ import annotations

from typing import cast

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views import View

from commission.cases.models import CaseDocument, Stage
from commission.cases.selectors import case_submissions
from commission.cases.services import case_document_access_record
from core.storage import stored_upload_response
from tenants.accounts.actors import actor_label
from tenants.accounts.models import User
from tenants.accounts.permissions import CapabilityRequiredMixin
from tenants.accounts.roles import Capability
from tenants.audit.services import audit_record

from .models import Slot
from .panel_selectors import (
    file_is_open,
    panel_document_get,
    panel_documents,
    panel_hearings,
    panel_may_open,
    panel_seat,
    panel_slot_for_case,
)


class PanelView(CapabilityRequiredMixin, View):
    """Read only: any other method than GET (or HEAD) is refused with 405."""

    required_capability = Capability.READ_HEARING_FILES
    http_method_names = ["get", "head"]

    def slot(self, request: HttpRequest, case_uuid: str) -> Slot:
        slot = panel_slot_for_case(actor=request.user, case_uuid=case_uuid)
        if slot is None:
            raise Http404
        return slot


def panel_file_viewed(*, slot: Slot, request: HttpRequest, file_open: bool) -> None:
    """Who read which case file when, in the audit trail (an access, not a change of the case)."""
    audit_record(
        event_type="hearing.panel_file_viewed",
        actor=request.user,
        target=slot.case,
        target_label=slot.case.reference,
        data={"slot": str(slot.uid), "seat": panel_seat(actor=request.user, slot=slot), "file_open": file_open},
    )


class MyHearingsView(PanelView):
    template_name = "hearings/panel/list.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        upcoming, past = panel_hearings(actor=request.user, today=timezone.localdate())
        rows = {
            "upcoming": [(slot, panel_seat(actor=request.user, slot=slot)) for slot in upcoming],
            "past": [(slot, panel_seat(actor=request.user, slot=slot)) for slot in past],
        }
        return render(request, self.template_name, rows)


class PanelCaseView(PanelView):
    """The file of one case on a hearing the reader sits on (404 for any other case).

    Rule (docs/procedure/commission.md, "Hearings"): the panel reads the whole file from the moment
    the case is on their hearing until the chair approves the ruling, the hearing held or not; from
    then on (the case is ruled, or it ended otherwise) the page shows only that the ruling was
    approved (or how the case ended), and the documents are no longer served. A cancelled slot, a
    cancelled hearing day or a seat given to someone else ends access at once.
    """

    template_name = "hearings/panel/case.html"

    def get(self, request: HttpRequest, case: str) -> HttpResponse:
        slot = self.slot(request, case)
        case_ = slot.case
        file_open = file_is_open(slot)
        panel_file_viewed(slot=slot, request=request, file_open=file_open)
        context: dict[str, object] = {
            "slot": slot,
            "case": case_,
            "seat": panel_seat(actor=request.user, slot=slot),
            "file_open": file_open,
        }
        if file_open:
            context.update(
                snapshot=case_.snapshots.order_by("-version").first(),
                documents=[(document, panel_may_open(document)) for document in panel_documents(slot=slot)],
                submissions=case_submissions(case=case_),
                experts=case_.experts.select_related("report"),
            )
        else:
            context["ruled"] = case_.stage_changes.filter(to_stage=Stage.RULED).order_by("-changed_at").first()
        return render(request, self.template_name, context)


class PanelDocumentView(PanelView):
    def get(self, request: HttpRequest, case: str, document: str) -> FileResponse:
        slot = self.slot(request, case)
        found = panel_document_get(slot=slot, uuid=document)
        if found is None:
            raise Http404
        reader = cast(User, request.user)  # signed in: CapabilityRequiredMixin let only users through
        case_document_access_record(
            document=found, party=CaseDocument.Party.COMMISSION, viewer_label=actor_label(reader)
        )
        return stored_upload_response(found)
