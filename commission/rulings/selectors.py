"""Reads of rulings: for commission staff, for one member, for one complainant, for the public."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from commission.cases.models import Case, Stage
from tenants.accounts.actors import Actor
from tenants.accounts.roles import Capability, has_capability
from tenants.members.models import Member

from .models import Publication, Ruling
from .services import current_ruling


def ruling_list(*, actor: Actor | AnonymousUser) -> QuerySet[Ruling]:
    """Rulings for commission staff who may see cases."""
    if not has_capability(actor, Capability.VIEW_CASES):
        return Ruling.objects.none()
    return Ruling.objects.select_related("case", "case__member", "corrects")


def cases_awaiting_ruling(*, actor: Actor | AnonymousUser) -> QuerySet[Case]:
    if not has_capability(actor, Capability.VIEW_CASES):
        return Case.objects.none()
    return Case.objects.filter(stage=Stage.DELIBERATION).select_related("member").order_by("adr_due_on", "id")


def member_ruling(*, member: Member, case_uuid: UUID | str, ruling_uuid: UUID | str) -> Ruling | None:
    """One approved ruling in a case about ``member``: never found through another member's case."""
    return (
        Ruling.objects.filter(
            case__member=member, case__uuid=case_uuid, uuid=ruling_uuid, status=Ruling.Status.APPROVED
        )
        .select_related("case")
        .first()
    )


def case_ruling(*, case: Case, ruling_uuid: UUID | str) -> Ruling | None:
    """An approved ruling of the complainant's own case (from their case link)."""
    return case.rulings.filter(uuid=ruling_uuid, status=Ruling.Status.APPROVED).first()


def case_outcome(case: Case | None) -> Ruling | None:
    """The ruling that holds in ``case``, for the parties' pages."""
    return current_ruling(case) if case is not None else None


def publication_list(
    *, sector: str = "", outcome: str = "", year: int | None = None, q: str = ""
) -> QuerySet[Publication]:
    """Published rulings only, filtered by sector code, outcome, year decided and words."""
    publications = Publication.objects.filter(status=Publication.Status.PUBLISHED).select_related("sector", "ruling")
    if sector:
        publications = publications.filter(sector__code=sector)
    if outcome:
        publications = publications.filter(outcome=outcome)
    if year:
        publications = publications.filter(decided_on__year=year)
    if q.strip():
        q = q.strip()[:100]
        words = Q()
        for name in ("summary", "subject", "assessment", "decision", "member_name"):
            words |= Q(**{f"{name}__icontains": q})
        publications = publications.filter(words)
    return publications
