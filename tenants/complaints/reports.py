"""Management information: per quarter, complaints per category and per cause are totalled and reported
to the board, and causes analysed to improve (docs/procedure/first-line.md, "Reporting and learning")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, QuerySet

from tenants.accounts.roles import Capability, has_capability

from .models import Complaint
from .selectors import overdue
from .workflow import OPEN_STATUSES, Status


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int

    @property
    def start(self) -> date:
        return date(self.year, 3 * (self.number - 1) + 1, 1)

    @property
    def end(self) -> date:
        """The first day after the quarter."""
        return date(self.year + 1, 1, 1) if self.number == 4 else date(self.year, 3 * self.number + 1, 1)

    @classmethod
    def containing(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    def __str__(self) -> str:
        return f"Q{self.number} {self.year}"


def _rows(complaints: QuerySet[Complaint], group: str) -> list[dict]:
    handling = ExpressionWrapper(F("closed_at") - F("received_at"), output_field=DurationField())
    rows = (
        complaints.values(group)
        .annotate(
            received=Count("id"),
            closed=Count("id", filter=Q(status=Status.CLOSED)),
            still_open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
            resolved=Count("id", filter=Q(outcome__in=["resolved", "partly_resolved"])),
            escalated=Count("id", filter=Q(status=Status.ESCALATED)),
            average_handling=Avg(handling, filter=Q(closed_at__isnull=False)),
        )
        .order_by(group)
    )
    return [
        {
            **row,
            "average_days": round(row["average_handling"].total_seconds() / 86400, 1)
            if row["average_handling"]
            else None,
        }
        for row in rows
    ]


def quarter_report(*, actor, quarter: Quarter) -> dict:
    """Complaints received in ``quarter``: per category, per cause and per channel, external and
    internal kept apart (internal only for roles that may see internal complaints)."""
    if not has_capability(actor, Capability.VIEW_REPORTS):
        raise PermissionError("reports")
    received = Complaint.objects.filter(received_at__date__gte=quarter.start, received_at__date__lt=quarter.end)
    kinds = [Complaint.Kind.EXTERNAL]
    if has_capability(actor, Capability.VIEW_INTERNAL_COMPLAINTS):
        kinds.append(Complaint.Kind.INTERNAL)
    sections = []
    for kind in kinds:
        of_kind = received.filter(kind=kind)
        sections.append(
            {
                "kind": Complaint.Kind(kind).label,
                "total": of_kind.count(),
                "overdue_now": overdue(Complaint.objects.filter(kind=kind)).count(),
                "by_category": _rows(of_kind, "category__name"),
                "by_cause": _rows(of_kind, "cause__name"),
                "by_channel": _rows(of_kind, "channel"),
            }
        )
    return {"quarter": quarter, "sections": sections}
