"""Reads of hearings, and the one place that decides who may see or manage them.

The secretary (``MANAGE_CASES``) manages every hearing day. A panel member (``COMMISSION_OFFICE``)
sees only the hearing days whose panel they sit on. Nobody else sees any.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from commission.cases.models import Case
from tenants.accounts.actors import Actor
from tenants.accounts.roles import Capability, has_capability

from .models import HearingDay, PanelMember, Slot
from .services import SCHEDULABLE_STAGES


def can_manage(actor: Actor | AnonymousUser) -> bool:
    return has_capability(actor, Capability.MANAGE_CASES)


def hearing_day_list(*, actor: Actor | AnonymousUser) -> QuerySet[HearingDay]:
    days = HearingDay.objects.select_related("committee", "panel")
    if can_manage(actor):
        return days
    if not has_capability(actor, Capability.COMMISSION_OFFICE):
        return HearingDay.objects.none()
    return days.filter(
        Q(panel__chair__user=actor) | Q(panel__consumer__user=actor) | Q(panel__trade__user=actor)
    ).distinct()


def hearing_day_get(*, actor: Actor | AnonymousUser, uuid: UUID | str) -> HearingDay | None:
    return hearing_day_list(actor=actor).filter(uuid=uuid).first()


def slot_get(*, actor: Actor | AnonymousUser, day: HearingDay, uid: UUID | str) -> Slot | None:
    """A slot of a hearing day the actor may manage (never looked up without its day)."""
    if not can_manage(actor):
        return None
    return day.slots.filter(uid=uid).select_related("case", "hearing_day").first()


def schedulable_cases(*, actor: Actor | AnonymousUser, day: HearingDay) -> QuerySet[Case]:
    if not can_manage(actor):
        return Case.objects.none()
    return (
        Case.objects.filter(committee=day.committee, stage__in=SCHEDULABLE_STAGES)
        .exclude(hearing_slots__status__in=Slot.ACTIVE)
        .select_related("member")
        .order_by("reference")
    )


def panel_pool(*, actor: Actor | AnonymousUser) -> QuerySet[PanelMember]:
    if not can_manage(actor):
        return PanelMember.objects.none()
    return PanelMember.objects.select_related("user").prefetch_related(
        "sectors", "conflicts__member", "conflicts__case", "unavailable_dates"
    )
