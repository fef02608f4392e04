"""The member's complaints regulation: sector presets, the terms the owner sets, and the days the
organisation is closed (docs/procedure/first-line.md, "Acknowledgment and terms")."""

from __future__ import annotations

from datetime import date
from typing import Any, Final

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import deadlines
from tenants.accounts.actors import Actor

from .. import events
from ..models import Regulation

#: A term of a preset: (amount, unit).
PresetTerm = tuple[int, str]

#: Sector presets: (acknowledgment, handling, extension), each (amount, unit).
PRESETS: Final[dict[str, dict[str, PresetTerm]]] = {
    "general": {"acknowledgment": (5, "working_days"), "handling": (6, "weeks"), "extension": (4, "weeks")},
    # Wkkgz (care): decide within 6 weeks, extendable once by 4 weeks with notice (Wkkgz art. 17).
    "care_wkkgz": {"acknowledgment": (5, "working_days"), "handling": (6, "weeks"), "extension": (4, "weeks")},
    # Online shops (Thuiswinkel terms): answer within 14 days, or acknowledge with an expected date.
    "webshop": {
        "acknowledgment": (3, "working_days"),
        "handling": (14, "calendar_days"),
        "extension": (14, "calendar_days"),
    },
    "building": {"acknowledgment": (5, "working_days"), "handling": (4, "weeks"), "extension": (4, "weeks")},
}
#: The preset a new member of a sector starts with (any other sector: "general").
SECTOR_PRESET: Final[dict[str, str]] = {"care": "care_wkkgz", "webshops": "webshop", "building": "building"}

REGULATION_FIELDS: Final[frozenset[str]] = frozenset(
    {
        "preset",
        "acknowledgment_amount",
        "acknowledgment_unit",
        "handling_amount",
        "handling_unit",
        "extension_amount",
        "extension_unit",
        "reminder_lead_days",
        "closed_days",
        "include_good_friday",
        "status_link_days",
        "public_intro",
    }
)


def regulation_get() -> Regulation:
    regulation, _created = Regulation.objects.get_or_create(singleton=True)
    return regulation


def regulation_apply_preset(*, preset: str, actor: Actor) -> Regulation:
    """Fill in the terms of a sector preset (the owner can adjust them afterwards)."""
    if preset not in PRESETS:
        raise ValidationError({"preset": _("Unknown preset.")})
    values = PRESETS[preset]
    fields: dict[str, Any] = {
        "preset": preset,
        "acknowledgment_amount": values["acknowledgment"][0],
        "acknowledgment_unit": values["acknowledgment"][1],
        "handling_amount": values["handling"][0],
        "handling_unit": values["handling"][1],
        "extension_amount": values["extension"][0],
        "extension_unit": values["extension"][1],
    }
    return regulation_update(actor=actor, **fields)


def regulation_update(*, actor: Actor, **fields: Any) -> Regulation:
    """Change the regulation's terms. Complaints already registered keep the due dates they got."""
    unknown = set(fields) - REGULATION_FIELDS
    if unknown:
        raise TypeError(f"Unknown regulation fields: {sorted(unknown)}")
    with transaction.atomic():
        regulation = Regulation.objects.select_for_update().get(pk=regulation_get().pk)
        changes: dict[str, dict[str, str]] = {}
        for field, value in fields.items():
            if getattr(regulation, field) != value:
                changes[field] = {"old": str(getattr(regulation, field)), "new": str(value)}
                setattr(regulation, field, value)
        if changes:
            regulation.full_clean()
            regulation.save()
            events.settings_changed_event(actor=actor, what="regulation", changes=changes)
    return regulation


def closed_days(regulation: Regulation) -> frozenset[date]:
    """The member's own closing days, plus Good Friday (around this year) when the regulation counts
    it as a holiday: the days a working-day term skips besides the Algemene termijnenwet's."""
    days = set(regulation.closed_days or [])
    if regulation.include_good_friday:
        this_year = timezone.localdate().year
        for year in (this_year - 1, this_year, this_year + 1):
            days |= deadlines.dutch_public_holidays(year, include_good_friday=True) - deadlines.dutch_public_holidays(
                year
            )
    return frozenset(days)
