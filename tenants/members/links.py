"""Absolute links to pages of the commission or a member, for e-mails and printed output."""

from __future__ import annotations

from django.conf import settings
from django.db import connection


def base_url_for_host(host: str) -> str:
    port = f":{settings.PLATFORM_PORT}" if settings.PLATFORM_PORT else ""
    return f"{settings.PLATFORM_SCHEME}://{host}{port}"


def member_host(slug: str) -> str:
    return f"{slug}.{settings.PLATFORM_DOMAIN}"


def absolute_url(path: str, *, tenant=None) -> str:
    """``path`` on the primary host of ``tenant`` (default: the tenant of the current schema)."""
    tenant = tenant if tenant is not None else getattr(connection, "tenant", None)
    if tenant is None or getattr(tenant, "schema_name", "public") == "public":
        host = settings.PLATFORM_DOMAIN
    else:
        host = tenant.primary_host or member_host(tenant.slug)
    return base_url_for_host(host) + path
