"""Writing to the audit trail. Each app has an ``events.py`` with one function per event type that
calls ``audit_record``; services call those functions inside their own transaction."""

from __future__ import annotations

from typing import Any

from django.db import models

from .models import AuditEvent


def _actor_fields(actor: object | None) -> dict[str, Any]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        label = getattr(actor, "audit_label", "") if actor is not None else ""
        return {"actor_id": None, "actor_label": label or "system"}
    return {"actor_id": getattr(actor, "pk", None), "actor_label": getattr(actor, "email", str(actor))}


def audit_record(
    *,
    event_type: str,
    # A user of this schema, another signed-in party (with an ``audit_label``) or None for the system.
    # The trail sits below the accounts app, so it cannot name its User model.
    actor: object | None = None,
    target: models.Model | None = None,
    target_label: str = "",
    data: dict[str, Any] | None = None,
    ip_address: str | None = None,
) -> AuditEvent:
    """Append one event to the trail of the current schema."""
    target_type = target_id = ""
    if target is not None:
        target_type = target._meta.label_lower
        target_id = str(getattr(target, "uuid", None) or target.pk)
        target_label = target_label or str(target)
    return AuditEvent.objects.create(
        event_type=event_type,
        target_type=target_type,
        target_id=target_id,
        target_label=target_label[:254],
        data=data or {},
        ip_address=ip_address,
        **_actor_fields(actor),
    )


def changes(instance: models.Model, new_values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Old and new values of the fields that ``new_values`` changes, for an event's data."""
    diff = {}
    for field, new in new_values.items():
        old = getattr(instance, field)
        if old != new:
            diff[field] = {"old": old, "new": new}
    return diff
