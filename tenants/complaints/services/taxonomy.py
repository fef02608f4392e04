"""What complaints are about and why they arose: categories, causes and departments, with the defaults
a new member starts with (docs/procedure/first-line.md, "Causes and categories")."""

from __future__ import annotations

from typing import Any, Final

from django.db import transaction

from tenants.accounts.actors import Actor

from .. import events
from ..models import Category, Cause, Department
from .regulation import SECTOR_PRESET, regulation_apply_preset, regulation_get

DEFAULT_CAUSES: Final = ["Gebrek aan informatie", "Kwaliteit", "Hoge gebruikskosten", "Gebrek aan service"]
#: (name, serious): a complaint in a serious category goes to the head of the department.
DEFAULT_CATEGORIES: Final = [
    ("Bejegening", True),
    ("Product of dienst", False),
    ("Levering en planning", False),
    ("Factuur en betaling", False),
    ("Communicatie", False),
]

#: What ``taxonomy_save`` creates or changes.
TaxonomyItem = Category | Cause | Department


def taxonomy_seed(*, sector_code: str = "") -> None:
    """Default categories, causes and the sector's preset for a new member (idempotent)."""
    with transaction.atomic():
        regulation = regulation_get()
        if not regulation.preset:
            regulation_apply_preset(preset=SECTOR_PRESET.get(sector_code, "general"), actor=None)
        if not Cause.objects.exists():
            for position, name in enumerate(DEFAULT_CAUSES):
                Cause.objects.create(name=name, position=position)
        if not Category.objects.exists():
            for position, (name, serious) in enumerate(DEFAULT_CATEGORIES):
                Category.objects.create(name=name, is_serious=serious, position=position)


def taxonomy_save(*, instance: TaxonomyItem, actor: Actor, **fields: Any) -> TaxonomyItem:
    """Create or change a category, cause or department; the change is in the trail."""
    with transaction.atomic():
        changes: dict[str, dict[str, str | None]] = {}
        for field, value in fields.items():
            old = getattr(instance, field, None)
            if old != value:
                changes[field] = {
                    "old": str(old) if old is not None else None,
                    "new": str(value) if value is not None else None,
                }
                setattr(instance, field, value)
        if changes or instance.pk is None:
            instance.full_clean()
            instance.save()
            events.settings_changed_event(
                actor=actor, what=instance._meta.model_name or "", changes={"name": str(instance), **changes}
            )
    return instance
