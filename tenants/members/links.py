"""Absolute links to pages of the commission or a member, for e-mails and printed output."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.http import HttpRequest

from core.tenancy import connection

from .models import Member

if TYPE_CHECKING:

    class MemberRequest(HttpRequest):
        """A request the routing middleware sent to a host of the platform: ``tenant`` is the Member
        of that host (the commission's row on the commission's host)."""

        tenant: Member

else:
    MemberRequest = HttpRequest


def base_url_for_host(host: str) -> str:
    port = f":{settings.PLATFORM_PORT}" if settings.PLATFORM_PORT else ""
    return f"{settings.PLATFORM_SCHEME}://{host}{port}"


def member_host(slug: str) -> str:
    return f"{slug}.{settings.PLATFORM_DOMAIN}"


def current_organisation() -> Member | None:
    """The Member row of the schema the connection is in (the commission's row in ``public``).

    ``connection.tenant`` is a Member when set by routing or ``tenant_context``, but only a stand-in
    with a schema name under ``schema_context``; then the row is read from the registry.
    """
    tenant = getattr(connection, "tenant", None)
    if isinstance(tenant, Member):
        return tenant
    return Member.objects.filter(schema_name=connection.schema_name).first()


def absolute_url(path: str, *, tenant: Member | None = None) -> str:
    """``path`` on the primary host of ``tenant`` (default: the organisation of the current schema)."""
    tenant = tenant if tenant is not None else current_organisation()
    if tenant is None or tenant.schema_name == "public":
        host = settings.PLATFORM_DOMAIN
    else:
        host = tenant.primary_host or member_host(tenant.slug)
    return base_url_for_host(host) + path
