"""Reads of commission cases: for commission staff, for one member's staff, for one complainant."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from tenants.accounts.actors import Actor
from tenants.accounts.roles import Capability, has_capability
from tenants.members.models import Member

from .models import Case, CaseDocument, Round, Stage, Submission

OPEN_STAGES = [s for s in Stage.values if s != Stage.CLOSED]


def case_list(*, actor: Actor | AnonymousUser, stage: str = "", q: str = "") -> QuerySet[Case]:
    """Cases for commission staff who may see them."""
    if not has_capability(actor, Capability.VIEW_CASES):
        return Case.objects.none()
    cases = Case.objects.select_related("member", "committee")
    if stage == "open":
        cases = cases.filter(stage__in=OPEN_STAGES)
    elif stage in Stage.values:
        cases = cases.filter(stage=stage)
    if q.strip():
        q = q.strip()[:100]
        cases = cases.filter(
            Q(reference__iexact=q) | Q(complainant_name__icontains=q) | Q(member__legal_name__icontains=q)
        )
    return cases


def member_case_list(*, member: Member) -> QuerySet[Case]:
    """The cases about one member, for its own back-office: always filtered by the member."""
    return Case.objects.filter(member=member).select_related("committee")


def case_documents_for_party(*, case: Case, party: str) -> QuerySet[CaseDocument]:
    """What a party sees of the file: every document except confidential ones, unless a confidential
    document is still that party's to see (the member's own file it had not shared with the
    complainant). The commission sees everything (``case.documents.all()``)."""
    visible = Q(confidential=False)
    if party:
        visible |= Q(visible_to_party=party)
    return case.documents.filter(visible).select_related("submission")


def case_submissions(*, case: Case) -> QuerySet[Submission]:
    """Every submission of both parties, in order: each party reads what the other side wrote."""
    return case.submissions.select_related("round").prefetch_related("documents")


DASHBOARD_ITEMS = 10


def dashboard(*, actor: Actor | AnonymousUser, today: date | None = None) -> dict[str, Any]:
    """Cases per stage, and the most urgent cases at risk of the ADR target and overdue steps
    (``DASHBOARD_ITEMS`` of each: the dashboard points at what to do first)."""
    today = today or timezone.localdate()
    cases = case_list(actor=actor)
    per_stage = dict(cases.values_list("stage").annotate(n=Count("id")).values_list("stage", "n"))
    open_cases = cases.filter(stage__in=OPEN_STAGES)
    return {
        "per_stage": [(value, label, per_stage.get(value, 0)) for value, label in Stage.choices],
        "at_risk": open_cases.filter(adr_due_on__isnull=False, adr_due_on__lte=today + timedelta(days=14)).order_by(
            "adr_due_on"
        )[:DASHBOARD_ITEMS],
        "incomplete_overdue": open_cases.filter(stage=Stage.FILED, completion_due_on__lt=today).order_by(
            "completion_due_on"
        )[:DASHBOARD_ITEMS],
        "fee_overdue": open_cases.filter(fee_paid_at__isnull=True, fee_due_on__lt=today).order_by("fee_due_on")[
            :DASHBOARD_ITEMS
        ],
        "rounds_overdue": Round.objects.filter(case__in=open_cases, closed_at__isnull=True, due_on__lt=today)
        .select_related("case")
        .order_by("due_on")[:DASHBOARD_ITEMS],
    }
