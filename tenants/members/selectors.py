"""Reads of the member registry."""

from __future__ import annotations

from collections.abc import Collection

from django.db.models import Q, QuerySet

from .models import Member, Sector

#: Who the public register lists unless asked otherwise: those still members, active or suspended.
CURRENT_MEMBERSHIP: tuple[str, ...] = (Member.MembershipStatus.ACTIVE, Member.MembershipStatus.SUSPENDED)


def member_list(*, include_inactive: bool = True, search: str = "", sector: str = "") -> QuerySet[Member]:
    members = Member.objects.filter(kind=Member.Kind.MEMBER).select_related("sector")
    if not include_inactive:
        members = members.filter(membership_status=Member.MembershipStatus.ACTIVE)
    if search:
        members = members.filter(Q(legal_name__icontains=search) | Q(city__icontains=search))
    if sector:
        members = members.filter(sector__code=sector)
    return members


def public_member_list(
    *,
    search: str = "",
    sector: str = "",
    city: str = "",
    statuses: Collection[str] = CURRENT_MEMBERSHIP,
) -> QuerySet[Member]:
    """The public register: members with one of ``statuses`` (by default those still members,
    active or suspended; an ended member keeps its entry, so ``statuses`` may include it).

    A member whose schema is not ready yet is not listed: it has no complaint form or regulation
    to point to. The commission's own row is never a member. ``search`` matches the name or the
    city, ``city`` the city only.
    """
    members = member_list(search=search, sector=sector).filter(
        schema_status=Member.SchemaStatus.READY, membership_status__in=list(statuses)
    )
    if city:
        members = members.filter(city__icontains=city)
    return members


def member_get(*, slug: str, public: bool = False) -> Member:
    """One member by its slug; ``public``: as the public register knows it, whatever its status."""
    members = public_member_list(statuses=Member.MembershipStatus.values) if public else member_list()
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
