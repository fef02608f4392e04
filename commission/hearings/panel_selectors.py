"""Reads for the panel: the hearings a panel member sits on and the file of the cases on them.

The one place that decides what a panel member reads (docs/procedure/commission.md, "Hearings"):

- only the cases of the hearings whose panel they sit on: a scheduled or rescheduled slot on a
  hearing day that is not cancelled, with the reader in one of its panel's three seats (as an active
  panel member). A case on another panel, a case not scheduled, a cancelled slot: nothing;
- the file while the case is still to be decided; once the ruling is approved (the case is ruled)
  or the case ended otherwise (closed), the file is closed to the panel;
- every document of the file is listed; a confidential one can be opened only when the secretary
  decided it is the commission's alone (a reason, no party left seeing it). A file the member had not
  shared with the complainant, still waiting for the secretary's decision, is listed but not opened.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from commission.cases.models import CaseDocument, Stage
from tenants.accounts.actors import Actor
from tenants.accounts.roles import Capability, has_capability

from .models import PanelRole, Slot

#: Stages in which the file is closed to the panel: the ruling is approved, or the case ended.
FILE_CLOSED_STAGES = (Stage.RULED, Stage.CLOSED)


def _sits_on(actor: Actor | AnonymousUser) -> Q:
    seats = Q()
    for seat in PanelRole.values:
        seats |= Q(**{f"hearing_day__panel__{seat}__user": actor, f"hearing_day__panel__{seat}__active": True})
    return seats


def panel_slot_list(*, actor: Actor | AnonymousUser) -> QuerySet[Slot]:
    """The hearings (active slots) the actor sits on as a panel member, earliest first."""
    if not has_capability(actor, Capability.READ_HEARING_FILES):
        return Slot.objects.none()
    return (
        Slot.objects.filter(_sits_on(actor), status__in=Slot.ACTIVE, hearing_day__cancelled=False)
        .select_related("hearing_day__committee", "hearing_day__panel", "case__member")
        .order_by("hearing_day__date", "starts_at", "id")
    )


def panel_hearings(*, actor: Actor | AnonymousUser, today: date) -> tuple[list[Slot], list[Slot]]:
    """The actor's hearings from ``today`` on (earliest first), then the past ones (latest first)."""
    slots = panel_slot_list(actor=actor)
    upcoming = list(slots.filter(hearing_day__date__gte=today))
    past = list(slots.filter(hearing_day__date__lt=today).order_by("-hearing_day__date", "-starts_at", "-id"))
    return upcoming, past


def panel_slot_for_case(*, actor: Actor | AnonymousUser, case_uuid: UUID | str) -> Slot | None:
    """The actor's hearing of one case, or None when they do not sit on it (a case has at most one
    active slot)."""
    return panel_slot_list(actor=actor).filter(case__uuid=case_uuid).first()


def panel_seat(*, actor: Actor | AnonymousUser, slot: Slot) -> str:
    """The seat (``PanelRole``) the actor holds on the slot's panel; empty if none."""
    panel = slot.hearing_day.panel
    return next((seat for seat, member in panel.seats if member.user_id == getattr(actor, "pk", None)), "")


def file_is_open(slot: Slot) -> bool:
    """The panel reads the file until the ruling is approved (or the case ended)."""
    return slot.case.stage not in FILE_CLOSED_STAGES


def panel_may_open(document: CaseDocument) -> bool:
    """Open to the panel: every document both parties see, and a confidential one the secretary
    decided is the commission's alone; not a file still waiting for that decision."""
    return not document.confidential or not document.visible_to_party


def panel_documents(*, slot: Slot) -> QuerySet[CaseDocument]:
    """Every document of the case file while it is open to the panel; none afterwards."""
    if not file_is_open(slot):
        return CaseDocument.objects.none()
    return slot.case.documents.select_related("submission")


def panel_document_get(*, slot: Slot, uuid: UUID | str) -> CaseDocument | None:
    """A document of the slot's case the panel may open (never looked up without its slot)."""
    document = panel_documents(slot=slot).filter(uuid=uuid).first()
    if document is None or not panel_may_open(document):
        return None
    return document
