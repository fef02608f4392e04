"""Reads of the member registry."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .models import Member, Sector


def member_list(*, include_inactive: bool = True, search: str = "", sector: str = "") -> QuerySet[Member]:
    members = Member.objects.filter(kind=Member.Kind.MEMBER).select_related("sector")
    if not include_inactive:
        members = members.filter(membership_status=Member.MembershipStatus.ACTIVE)
    if search:
        members = members.filter(Q(legal_name__icontains=search) | Q(city__icontains=search))
    if sector:
        members = members.filter(sector__code=sector)
    return members


def public_member_list(*, search: str = "", sector: str = "") -> QuerySet[Member]:
    """The public register: active members only, whatever the state of their schema."""
    return member_list(include_inactive=False, search=search, sector=sector)


def member_get(*, slug: str, public: bool = False) -> Member:
    members = public_member_list() if public else member_list()
    return members.get(slug=slug)


def ready_member_schemas() -> QuerySet[Member, str]:
    return (
        Member.objects.filter(kind=Member.Kind.MEMBER, schema_status=Member.SchemaStatus.READY)
        .order_by("schema_name")
        .values_list("schema_name", flat=True)
    )


def sector_list() -> QuerySet[Sector]:
    return Sector.objects.all()


def commission() -> Member | None:
    return Member.objects.filter(kind=Member.Kind.COMMISSION).first()
