"""Answers to other apps' questions about the regulation."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from tenants.members.links import absolute_url

from .selectors import current_version


def regulation_link(sender: object, **kwargs: Any) -> str:
    """The address of the member's published regulation, for the messages to complainants; "" when
    none is published."""
    if current_version() is None:
        return ""
    return absolute_url(reverse("regulations_public:page"))
