"""The complaint register in the member's back-office: the list with its filters, the CSV export,
registering a complaint received by phone, e-mail, letter or in person, and a complaint's files."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core.storage import stored_upload_response
from tenants.accounts.permissions import CapabilityRequiredMixin
from tenants.accounts.roles import Capability, has_capability

from ..filters import RegisterPageFilter
from ..forms import RegisterComplaintForm
from ..models import CLASSIFICATION_FIELDS, COMPLAINANT_WORDS, STAFF_INVOLVED_FIELDS, Complaint
from ..selectors import complaint_get, complaint_list
from ..services.intake import complaint_register
from ..workflow import Outcome, Status


def register_filters(request: HttpRequest) -> RegisterPageFilter:
    """The register's filters of this request over the complaints the user may see (no filter at all
    while the form has errors, which the page shows)."""
    return RegisterPageFilter(
        request.GET or None,
        queryset=complaint_list(actor=request.user),
        request=request,
        show_kind=has_capability(request.user, Capability.VIEW_INTERNAL_COMPLAINTS),
    )


class ComplaintListView(CapabilityRequiredMixin, View):
    required_capability = Capability.HANDLE_COMPLAINTS
    page_size = 25

    def get(self, request):
        filters = register_filters(request)
        page = Paginator(filters.qs, self.page_size).get_page(request.GET.get("page"))
        return render(
            request,
            "complaints/office/list.html",
            {"form": filters.form, "page": page, "today": timezone.localdate(), "query": request.GET.urlencode()},
        )


#: Column headings. The export is a spreadsheet format of its own (a selection of the complainant's
#: details, the due dates and the outcome); where it shows a whole one of ``models``' field groups,
#: it takes that group.
EXPORT_HEADINGS = {
    "reference": gettext_lazy("Reference"),
    "kind": gettext_lazy("Kind"),
    "status": gettext_lazy("Status"),
    "received_at": gettext_lazy("Received at"),
    "channel": gettext_lazy("Channel"),
    "complainant_name": gettext_lazy("Complainant"),
    "complainant_email": gettext_lazy("E-mail address"),
    "complainant_phone": gettext_lazy("Phone"),
    "complainant_city": gettext_lazy("City"),
    "customer_number": gettext_lazy("Customer number"),
    "category": gettext_lazy("Category"),
    "cause": gettext_lazy("Cause"),
    "severity": gettext_lazy("Severity"),
    "handler": gettext_lazy("Handler"),
    "employee_involved": gettext_lazy("Employee involved"),
    "department": gettext_lazy("Department"),
    "response_due_on": gettext_lazy("Answer by"),
    "extended_due_on": gettext_lazy("Answer by (extended)"),
    "outcome": gettext_lazy("Outcome"),
    "description": gettext_lazy("Complaint"),
    "remedy_sought": gettext_lazy("Wanted"),
    "promised_action": gettext_lazy("Promised action"),
    "callback_on": gettext_lazy("Callback date"),
    "redress_given": gettext_lazy("Redress given"),
}
EXPORT_COLUMNS = [
    (name, EXPORT_HEADINGS[name])
    for name in (
        "reference",
        "kind",
        "status",
        "received_at",
        "channel",
        "complainant_name",
        "complainant_email",
        "complainant_phone",
        "complainant_city",
        "customer_number",
        *CLASSIFICATION_FIELDS,
        *STAFF_INVOLVED_FIELDS,
        "response_due_on",
        "extended_due_on",
        "outcome",
        *COMPLAINANT_WORDS,
        "promised_action",
        "callback_on",
        "redress_given",
    )
]


class ComplaintExportView(CapabilityRequiredMixin, View):
    """The filtered list as CSV (streamed; the same selector as the list page)."""

    required_capability = Capability.HANDLE_COMPLAINTS

    COLUMNS = EXPORT_COLUMNS

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
        return {
            "kind": {value: str(label) for value, label in Complaint.Kind.choices},
            "status": {value: str(label) for value, label in Status.choices},
            "channel": {value: str(label) for value, label in Complaint.Channel.choices},
            "severity": {value: str(label) for value, label in Complaint.Severity.choices},
            "outcome": {value: str(label) for value, label in Outcome.choices},
        }

    def get(self, request):
        complaints = register_filters(request).qs

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
                complaint = complaint_register(
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
