from __future__ import annotations

from django.db.models import QuerySet

from .models import AuditEvent


def audit_event_list(*, event_type_prefix: str = "", target_id: str = "") -> QuerySet[AuditEvent]:
    """The trail of the current schema, newest first. Who may read it is checked by the caller's
    permission class; the schema itself scopes it to one member (or the commission)."""
    events = AuditEvent.objects.all()
    if event_type_prefix:
        events = events.filter(event_type__startswith=event_type_prefix)
    if target_id:
        events = events.filter(target_id=target_id)
    return events
