"""The complaint register in the member's back-office."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core.forms import add_service_errors
from core.storage import stored_upload_response
from tenants.accounts.permissions import CapabilityRequiredMixin
from tenants.accounts.roles import Capability, has_capability

from . import services
from .forms import (
    CategoryForm,
    CauseForm,
    ClarificationForm,
    ComplaintEditForm,
    DepartmentForm,
    ExtensionForm,
    FilterForm,
    MessageTemplateForm,
    NoteForm,
    ProgressForm,
    RegisterComplaintForm,
    RegulationForm,
    StaffAttachmentForm,
    TransitionForm,
)
from .messages import PLACEHOLDERS, MessageKey, template_for
from .models import Category, Cause, Complaint, Department, MessageTemplate
from .selectors import ComplaintFilters, complaint_get, complaint_list, complaint_timeline
from .workflow import Status, allowed_targets


def filters_from(form: FilterForm) -> ComplaintFilters:
    data = form.cleaned_data if form.is_valid() else {}
    return ComplaintFilters(
        status=data.get("status") or "",
        category=data["category"].pk if data.get("category") else None,
        cause=data["cause"].pk if data.get("cause") else None,
        handler=data["handler"].pk if data.get("handler") else None,
        channel=data.get("channel") or "",
        kind=data.get("kind") or "",
        overdue=bool(data.get("overdue")),
        received_from=data.get("received_from"),
        received_until=data.get("received_until"),
        q=data.get("q") or "",
        sort=data.get("sort") or "-received",
    )


class ComplaintListView(CapabilityRequiredMixin, View):
    required_capability = Capability.HANDLE_COMPLAINTS
    page_size = 25

    def get(self, request):
        show_kind = has_capability(request.user, Capability.VIEW_INTERNAL_COMPLAINTS)
        form = FilterForm(request.GET or None, show_kind=show_kind)
        complaints = complaint_list(actor=request.user, filters=filters_from(form))
        page = Paginator(complaints, self.page_size).get_page(request.GET.get("page"))
        return render(
            request,
            "complaints/office/list.html",
            {"form": form, "page": page, "today": timezone.localdate(), "query": request.GET.urlencode()},
        )


class ComplaintExportView(CapabilityRequiredMixin, View):
    """The filtered list as CSV (streamed; the same selector as the list page)."""

    required_capability = Capability.HANDLE_COMPLAINTS

    COLUMNS = [
        ("reference", gettext_lazy("Reference")),
        ("kind", gettext_lazy("Kind")),
        ("status", gettext_lazy("Status")),
        ("received_at", gettext_lazy("Received at")),
        ("channel", gettext_lazy("Channel")),
        ("complainant_name", gettext_lazy("Complainant")),
        ("complainant_email", gettext_lazy("E-mail address")),
        ("complainant_phone", gettext_lazy("Phone")),
        ("complainant_city", gettext_lazy("City")),
        ("customer_number", gettext_lazy("Customer number")),
        ("category", gettext_lazy("Category")),
        ("cause", gettext_lazy("Cause")),
        ("severity", gettext_lazy("Severity")),
        ("handler", gettext_lazy("Handler")),
        ("employee_involved", gettext_lazy("Employee involved")),
        ("department", gettext_lazy("Department")),
        ("response_due_on", gettext_lazy("Answer by")),
        ("extended_due_on", gettext_lazy("Answer by (extended)")),
        ("outcome", gettext_lazy("Outcome")),
        ("description", gettext_lazy("Complaint")),
        ("remedy_sought", gettext_lazy("Wanted")),
        ("promised_action", gettext_lazy("Promised action")),
        ("callback_on", gettext_lazy("Callback date")),
        ("redress_given", gettext_lazy("Redress given")),
    ]

    def row(self, complaint: Complaint, labels: dict[str, dict[str, str]]) -> list[str]:
        values = {
            "kind": labels["kind"].get(complaint.kind, complaint.kind),
            "status": labels["status"].get(complaint.status, complaint.status),
            "received_at": timezone.localtime(complaint.received_at).strftime("%Y-%m-%d %H:%M"),
            "channel": labels["channel"].get(complaint.channel, complaint.channel),
            "category": str(complaint.category or ""),
            "cause": str(complaint.cause or ""),
            "severity": labels["severity"].get(complaint.severity, complaint.severity),
            "handler": complaint.handler.full_name if complaint.handler else "",
            "department": str(complaint.department or ""),
            "outcome": labels["outcome"].get(complaint.outcome, ""),
        }
        return [_csv_safe(values.get(name, getattr(complaint, name))) for name, _label in self.COLUMNS]

    @staticmethod
    def labels() -> dict[str, dict[str, str]]:
        """Choice labels translated once per export (``get_FOO_display`` per row translates every
        label of the field again, which dominated the export's time)."""
        from .workflow import Outcome

        return {
            "kind": {value: str(label) for value, label in Complaint.Kind.choices},
            "status": {value: str(label) for value, label in Status.choices},
            "channel": {value: str(label) for value, label in Complaint.Channel.choices},
            "severity": {value: str(label) for value, label in Complaint.Severity.choices},
            "outcome": {value: str(label) for value, label in Outcome.choices},
        }

    def get(self, request):
        show_kind = has_capability(request.user, Capability.VIEW_INTERNAL_COMPLAINTS)
        form = FilterForm(request.GET or None, show_kind=show_kind)
        complaints = complaint_list(actor=request.user, filters=filters_from(form))

        class Echo:
            def write(self, value):
                return value

        writer = csv.writer(Echo())

        labels = self.labels()

        def rows():
            yield "\ufeff"  # so spreadsheet programs read the file as UTF-8
            yield writer.writerow([str(label) for _name, label in self.COLUMNS])
            for complaint in complaints.iterator(chunk_size=2000):
                yield writer.writerow(self.row(complaint, labels))

        filename = f"complaints-{timezone.localdate().isoformat()}.csv"
        response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


def _csv_safe(value) -> str:
    """Text as a spreadsheet shows it, never as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    if text[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        text = "'" + text
    return text


class ComplaintRegisterView(CapabilityRequiredMixin, View):
    required_capability = Capability.HANDLE_COMPLAINTS
    template_name = "complaints/office/register.html"

    def form(self, data=None, files=None):
        return RegisterComplaintForm(
            data,
            files,
            can_register_internal=has_capability(self.request.user, Capability.VIEW_INTERNAL_COMPLAINTS),
            initial={"handler": self.request.user.pk, "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")},
        )

    def get(self, request):
        return render(request, self.template_name, {"form": self.form()})

    def post(self, request):
        form = self.form(request.POST, request.FILES)
        if form.is_valid():
            data = dict(form.cleaned_data)
            attachments = data.pop("attachments")
            send_acknowledgment = data.pop("send_acknowledgment")
            try:
                complaint = services.complaint_register(
                    actor=request.user,
                    attachments=attachments,
                    send_acknowledgment=send_acknowledgment,
                    channel=data.pop("channel"),
                    kind=data.pop("kind"),
                    received_at=data.pop("received_at"),
                    **data,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request, _("Complaint %(reference)s is registered.") % {"reference": complaint.reference}
                )
                return redirect("complaints:detail", uuid=complaint.uuid)
        return render(request, self.template_name, {"form": form}, status=400)


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
            "regulation": services.regulation_get(),
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
                final = services.FinalAnswer(
                    text=data["final_text"],
                    findings=data["findings"],
                    actions_taken=data["actions_taken"],
                    recommendations=data["recommendations"],
                )
            try:
                complaint = services.complaint_transition(
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
            services.message_send_progress(complaint=complaint, actor=request.user, text=form.cleaned_data["text"])
            return self._done(_("The update is sent to the complainant."), complaint)
        return self._again(complaint, progress=form, panel="progress")

    def do_note(self, request, complaint):
        form = NoteForm(request.POST)
        if form.is_valid():
            services.note_add(complaint=complaint, actor=request.user, body=form.cleaned_data["body"])
            return self._done(_("The note is added."), complaint)
        return self._again(complaint, note=form, panel="note")

    def do_clarify(self, request, complaint):
        form = ClarificationForm(request.POST)
        if form.is_valid():
            try:
                services.clarification_add(complaint=complaint, actor=request.user, body=form.cleaned_data["body"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return self._done(_("The clarification is added beside the complainant's words."), complaint)
        return self._again(complaint, clarification=form, panel="clarification")

    def do_extend(self, request, complaint):
        form = ExtensionForm(request.POST)
        if form.is_valid():
            try:
                complaint = services.complaint_extend(
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
                services.attachment_add(
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
            services.complaint_update(
                complaint=complaint, actor=request.user, **{name: form.cleaned_data[name] for name in form.Meta.fields}
            )
            return self._done(_("The details are saved."), complaint)
        return self._again(complaint, edit=form, panel="edit")


class ComplaintFileView(CapabilityRequiredMixin, View):
    required_capability = Capability.HANDLE_COMPLAINTS

    def get(self, request, uuid, attachment):
        try:
            complaint = complaint_get(actor=request.user, uuid=uuid)
        except Complaint.DoesNotExist:
            raise Http404 from None
        found = complaint.attachments.filter(uuid=attachment).first()
        if found is None:
            raise Http404
        return stored_upload_response(found)


# Settings (owner) ------------------------------------------------------------------------------


class RegulationView(CapabilityRequiredMixin, View):
    required_capability = Capability.MANAGE_SETTINGS
    template_name = "complaints/office/regulation.html"

    def context(self, form):
        return {"form": form, "presets": services.PRESETS, "regulation": services.regulation_get()}

    def get(self, request):
        return render(request, self.template_name, self.context(RegulationForm(instance=services.regulation_get())))

    def post(self, request):
        if request.POST.get("preset"):
            try:
                services.regulation_apply_preset(preset=request.POST["preset"], actor=request.user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("The terms of the preset are filled in."))
            return redirect("complaints:regulation")
        form = RegulationForm(request.POST, instance=services.regulation_get())
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["closed_days"] = data.pop("closed_days_text")
            services.regulation_update(actor=request.user, **data)
            messages.success(request, _("The complaints regulation is saved."))
            return redirect("complaints:regulation")
        return render(request, self.template_name, self.context(form), status=400)


class TaxonomyView(CapabilityRequiredMixin, View):
    """Categories, causes and departments."""

    required_capability = Capability.MANAGE_SETTINGS
    template_name = "complaints/office/taxonomy.html"
    KINDS = {
        "category": (Category, CategoryForm),
        "cause": (Cause, CauseForm),
        "department": (Department, DepartmentForm),
    }

    def context(self, **forms):
        return {
            "categories": Category.objects.all(),
            "causes": Cause.objects.all(),
            "departments": Department.objects.select_related("manager"),
            "category_form": forms.get("category") or CategoryForm(prefix="category"),
            "cause_form": forms.get("cause") or CauseForm(prefix="cause"),
            "department_form": forms.get("department") or DepartmentForm(prefix="department"),
        }

    def get(self, request):
        return render(request, self.template_name, self.context())

    def post(self, request):
        kind = request.POST.get("kind")
        if kind not in self.KINDS:
            raise Http404
        model, form_class = self.KINDS[kind]
        instance = model()
        if request.POST.get("id"):
            identifier = request.POST["id"]
            instance = (
                model.objects.filter(pk=identifier).first() if identifier.isascii() and identifier.isdigit() else None
            )
            if instance is None:
                raise Http404
        form = form_class(request.POST, instance=instance, prefix=kind)
        if form.is_valid():
            services.taxonomy_save(instance=instance, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Saved."))
            return redirect("complaints:taxonomy")
        return render(request, self.template_name, self.context(**{kind: form}), status=400)


class MessageTemplatesView(CapabilityRequiredMixin, View):
    """The owner's wording of the messages to complainants, per language, with a preview."""

    required_capability = Capability.MANAGE_SETTINGS
    template_name = "complaints/office/templates.html"

    def context(self, key: str, language: str, form=None, preview=None):
        subject, body = template_for(key, language)
        return {
            "keys": MessageKey.choices,
            "key": key,
            "language": language,
            "form": form
            or MessageTemplateForm(initial={"key": key, "language": language, "subject": subject, "body": body}),
            "customised": MessageTemplate.objects.filter(key=key, language=language).exists(),
            "placeholders": PLACEHOLDERS,
            "preview": preview,
            "if_help": _("Text between %(open)s and %(close)s only appears when that value is filled in.")
            % {"open": "{% if findings %}", "close": "{% endif %}"},
        }

    def selection(self, source) -> tuple[str, str]:
        key = source.get("key") if source.get("key") in MessageKey.values else MessageKey.ACKNOWLEDGMENT
        language = source.get("language") if source.get("language") in {"nl", "en"} else "nl"
        return key, language

    def get(self, request):
        key, language = self.selection(request.GET)
        return render(request, self.template_name, self.context(key, language))

    def post(self, request):
        key, language = self.selection(request.POST)
        if request.POST.get("action") == "reset":
            services.message_template_reset(key=key, language=language, actor=request.user)
            messages.success(request, _("The standard text is back."))
            return redirect(f"{request.path}?key={key}&language={language}")
        form = MessageTemplateForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, self.context(key, language, form), status=400)
        if request.POST.get("action") == "preview":
            preview = services.message_preview(
                key=key, language=language, subject=form.cleaned_data["subject"], body=form.cleaned_data["body"]
            )
            return render(request, self.template_name, self.context(key, language, form, preview))
        services.message_template_save(
            key=key,
            language=language,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            actor=request.user,
        )
        messages.success(request, _("The text is saved."))
        return redirect(f"{request.path}?key={key}&language={language}")


class ReportView(CapabilityRequiredMixin, View):
    """Quarterly management information for managers and owners."""

    required_capability = Capability.VIEW_REPORTS

    def get(self, request):
        from .reports import Quarter, quarter_report

        current = Quarter.containing(timezone.localdate())
        try:
            quarter = Quarter(
                int(request.GET.get("year", current.year)), int(request.GET.get("quarter", current.number))
            )
            if not 1 <= quarter.number <= 4 or not 2000 <= quarter.year <= 2100:
                raise ValueError
        except ValueError:
            quarter = current
        report = quarter_report(actor=request.user, quarter=quarter)
        channels = dict(Complaint.Channel.choices)
        for section in report["sections"]:
            for row in section["by_channel"]:
                row["channel"] = channels.get(row["channel"], row["channel"])
        years = range(current.year - 4, current.year + 1)
        return render(request, "complaints/office/report.html", {**report, "years": years, "quarters": range(1, 5)})
