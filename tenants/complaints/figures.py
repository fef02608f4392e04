"""The published figures of a member's first-line handling, for the commission's criteria.

The commission (``commission.certification``) imports this module only, beside the escalation
interface; the complaints app's models and terms can change behind it. It works in the schema that
is active, which is the member's, and asks the database one statement whatever the number of
complaints (docs/procedure/first-line.md, "Acknowledgment and terms").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, TruncDate

from .models import Complaint, StatusChange
from .workflow import Status

__all__ = ["FirstLineFigures", "first_line_figures"]


@dataclass(frozen=True)
class FirstLineFigures:
    """External complaints received from ``since`` up to and including ``until``.

    A term is judged once it is met or has passed: ``acknowledgment_judged`` counts the complaints
    that were acknowledged or whose acknowledgment term ended before ``until``; ``answer_judged`` the
    same for the answer (the handling term after its extension). A complaint still within its term
    is counted neither in time nor late.
    """

    since: date
    until: date
    received: int
    acknowledgment_judged: int
    acknowledged_in_time: int
    answer_judged: int
    answered_in_time: int


def first_line_figures(*, since: date, until: date) -> FirstLineFigures:
    """The figures of the active schema's member over ``since`` .. ``until`` (both included)."""
    # A complaint registered in person may leave *received* without a written acknowledgment: its
    # first step to anything but the commission acknowledges it (docs/procedure/first-line.md,
    # "Acknowledgment and terms").
    first_step = (
        StatusChange.objects.filter(complaint=OuterRef("pk"), from_status=Status.RECEIVED)
        .exclude(to_status=Status.ESCALATED)
        .order_by("changed_at")
        .values("changed_at")[:1]
    )
    complaints = (
        Complaint.objects.filter(
            kind=Complaint.Kind.EXTERNAL, received_at__date__gte=since, received_at__date__lte=until
        )
        .annotate(
            acknowledged_on=TruncDate(Coalesce("acknowledged_at", Subquery(first_step))),
            answered_on=TruncDate("closed_at"),
            answer_due=Coalesce("extended_due_on", "response_due_on"),
        )
        .order_by()
    )
    totals = complaints.aggregate(
        received=Count("pk"),
        acknowledgment_judged=Count("pk", filter=Q(acknowledged_on__isnull=False) | Q(acknowledgment_due_on__lt=until)),
        acknowledged_in_time=Count("pk", filter=Q(acknowledged_on__lte=F("acknowledgment_due_on"))),
        answer_judged=Count("pk", filter=Q(answered_on__isnull=False) | Q(answer_due__lt=until)),
        answered_in_time=Count("pk", filter=Q(answered_on__lte=F("answer_due"))),
    )
    return FirstLineFigures(since=since, until=until, **totals)
