"""Quarterly management information for managers and owners (docs/procedure/first-line.md,
"Reporting and learning")."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone
from django.views import View

from tenants.accounts.permissions import CapabilityRequiredMixin
from tenants.accounts.roles import Capability

from ..models import Complaint
from ..reports import Quarter, quarter_report


class ReportView(CapabilityRequiredMixin, View):
    """Quarterly management information for managers and owners."""

    required_capability = Capability.VIEW_REPORTS

    def get(self, request):
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
