"""One complaint in the back-office: its timeline and everything a handler does with it (each action
a form posted to the same page)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from core.forms import add_service_errors
from tenants.accounts.permissions import CapabilityRequiredMixin
from tenants.accounts.roles import Capability

from ..forms import (
    ClarificationForm,
    ComplaintEditForm,
    ExtensionForm,
    NoteForm,
    ProgressForm,
    StaffAttachmentForm,
    TransitionForm,
)
from ..models import Complaint
from ..selectors import complaint_get, complaint_timeline
from ..services.attachments import attachment_add
from ..services.intake import complaint_update
from ..services.messages import message_send_progress
from ..services.notes import clarification_add, note_add
from ..services.regulation import regulation_get
from ..services.terms import complaint_extend
from ..services.workflow import FinalAnswer, complaint_transition
from ..workflow import Status, allowed_targets


class ComplaintDetailView(CapabilityRequiredMixin, View):
    required_capability = Capability.HANDLE_COMPLAINTS
    template_name = "complaints/office/detail.html"

    def get_complaint(self, uuid) -> Complaint:
        try:
            return complaint_get(actor=self.request.user, uuid=uuid)
        except Complaint.DoesNotExist:
            raise Http404 from None

    def context(self, complaint: Complaint, **forms):
        targets = [t for t in allowed_targets(complaint.status) if t != Status.ESCALATED]
        return {
            "complaint": complaint,
            "timeline": complaint_timeline(complaint),
            "transition_form": forms.get("transition") or TransitionForm(targets=targets) if targets else None,
            "progress_form": forms.get("progress") or ProgressForm(),
            "note_form": forms.get("note") or NoteForm(),
            "clarification_form": forms.get("clarification") or ClarificationForm(),
            "clarifications": complaint.clarifications.all(),
            "extension_form": forms.get("extension") or ExtensionForm(),
            "attachment_form": forms.get("attachment") or StaffAttachmentForm(),
            "edit_form": forms.get("edit") or ComplaintEditForm(instance=complaint),
            "regulation": regulation_get(),
            "today": timezone.localdate(),
            "callback_script": complaint.status == Status.CALLBACK,
            "open_panel": forms.get("panel", ""),
        }

    def get(self, request, uuid):
        complaint = self.get_complaint(uuid)
        return render(request, self.template_name, self.context(complaint))

    def post(self, request, uuid):
        complaint = self.get_complaint(uuid)
        action = request.POST.get("action", "")
        handler = getattr(self, f"do_{action}", None)
        if handler is None:
            raise Http404
        return handler(request, complaint)

    def _done(self, message: str, complaint: Complaint):
        messages.success(self.request, message)
        return redirect("complaints:detail", uuid=complaint.uuid)

    def _again(self, complaint: Complaint, **forms):
        return render(self.request, self.template_name, self.context(complaint, **forms), status=400)

    def do_transition(self, request, complaint):
        targets = [t for t in allowed_targets(complaint.status) if t != Status.ESCALATED]
        form = TransitionForm(request.POST, targets=targets)
        if form.is_valid():
            data = form.cleaned_data
            final = None
            if data["final_text"]:
                final = FinalAnswer(
                    text=data["final_text"],
                    findings=data["findings"],
                    actions_taken=data["actions_taken"],
                    recommendations=data["recommendations"],
                )
            try:
                complaint = complaint_transition(
                    complaint=complaint,
                    target=data["target"],
                    actor=request.user,
                    note=data["note"],
                    outcome=data["outcome"],
                    redress_given=data["redress_given"],
                    final_answer=final,
                    action_owner=data["action_owner"],
                    promised_action=data["promised_action"],
                    callback_on=data["callback_on"],
                    callback_answer=data["callback_answer"],
                    language=request.LANGUAGE_CODE,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return self._done(
                    _("The complaint is now “%(status)s”.") % {"status": complaint.get_status_display()}, complaint
                )
        return self._again(complaint, transition=form, panel="transition")

    def do_progress(self, request, complaint):
        form = ProgressForm(request.POST)
        if form.is_valid():
            message_send_progress(complaint=complaint, actor=request.user, text=form.cleaned_data["text"])
            return self._done(_("The update is sent to the complainant."), complaint)
        return self._again(complaint, progress=form, panel="progress")

    def do_note(self, request, complaint):
        form = NoteForm(request.POST)
        if form.is_valid():
            note_add(complaint=complaint, actor=request.user, body=form.cleaned_data["body"])
            return self._done(_("The note is added."), complaint)
        return self._again(complaint, note=form, panel="note")

    def do_clarify(self, request, complaint):
        form = ClarificationForm(request.POST)
        if form.is_valid():
            try:
                clarification_add(complaint=complaint, actor=request.user, body=form.cleaned_data["body"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return self._done(_("The clarification is added beside the complainant's words."), complaint)
        return self._again(complaint, clarification=form, panel="clarification")

    def do_extend(self, request, complaint):
        form = ExtensionForm(request.POST)
        if form.is_valid():
            try:
                complaint = complaint_extend(
                    complaint=complaint,
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                    language=request.LANGUAGE_CODE,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return self._done(_("The term is extended; the complainant is told why."), complaint)
        return self._again(complaint, extension=form, panel="extension")

    def do_attach(self, request, complaint):
        form = StaffAttachmentForm(request.POST, request.FILES)
        if form.is_valid() and form.cleaned_data["attachments"]:
            for checked in form.cleaned_data["attachments"]:
                attachment_add(
                    complaint=complaint,
                    actor=request.user,
                    checked=checked,
                    shared_with_complainant=form.cleaned_data["shared_with_complainant"],
                )
            return self._done(_("The files are added."), complaint)
        if form.is_valid():
            form.add_error("attachments", _("Choose at least one file."))
        return self._again(complaint, attachment=form, panel="attachment")

    def do_edit(self, request, complaint):
        form = ComplaintEditForm(request.POST, instance=Complaint.objects.get(pk=complaint.pk))
        if form.is_valid():
            complaint_update(
                complaint=complaint, actor=request.user, **{name: form.cleaned_data[name] for name in form.Meta.fields}
            )
            return self._done(_("The details are saved."), complaint)
        return self._again(complaint, edit=form, panel="edit")
