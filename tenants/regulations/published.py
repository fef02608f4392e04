"""What the commission may know of a member's regulation: whether one is published, and which version.

Read by the commission's pages (a feature-to-feature import the layers allow); it reads the member's
schema and returns plain values, never the member's rows.
"""

from __future__ import annotations

from datetime import datetime

from django_tenants.utils import schema_context

from tenants.members.models import Member

from .models import RegulationVersion


def published_version_for(member: Member) -> tuple[int, datetime] | None:
    """``(number, published_at)`` of the member's current regulation, or None when none is published."""
    if not member.is_schema_ready:
        return None
    with schema_context(member.schema_name):
        row = (
            RegulationVersion.objects.filter(status=RegulationVersion.Status.PUBLISHED)
            .order_by("-number")
            .values_list("number", "published_at")
            .first()
        )
    if row is None or row[1] is None:
        return None
    return row[0], row[1]
