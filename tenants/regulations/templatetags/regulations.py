"""Template tags that show where a member's regulation is, on other apps' pages (the complaint form,
the commission's member page) without those apps importing this one."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from tenants.members.models import Member

from ..published import published_version_for
from ..selectors import current_version

register = template.Library()


@register.simple_tag
def published_regulation_url() -> str:
    """The path of the current member's published regulation, or "" when none is published."""
    return reverse("regulations_public:page") if current_version() is not None else ""


@register.simple_tag
def published_regulation_of(member: Member) -> dict[str, Any] | None:
    """``{"number", "published_at"}`` of ``member``'s current regulation, or None (commission pages)."""
    found = published_version_for(member)
    return None if found is None else {"number": found[0], "published_at": found[1]}
