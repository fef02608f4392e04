from __future__ import annotations

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from core.tenancy import connection
from tenants.accounts.roles import ROLE_CAPABILITIES, roles_for_schema
from tenants.office.services import profile_get


def platform(request) -> dict:
    """What every layout needs: which audience this host serves and what the user may do (to build
    the navigation; every page checks its own capability as well)."""
    tenant = getattr(request, "tenant", None)
    user = getattr(request, "user", None)
    capabilities: frozenset = frozenset()
    if user is not None and user.is_authenticated and user.role in roles_for_schema(connection.schema_name):
        capabilities = ROLE_CAPABILITIES.get(user.role, frozenset())
    current_member = tenant if tenant is not None and not getattr(tenant, "is_commission", True) else None
    context = {
        "commission_name": settings.COMMISSION_NAME,
        "platform_domain": settings.PLATFORM_DOMAIN,
        "commission_url": f"{settings.PLATFORM_SCHEME}://{settings.PLATFORM_DOMAIN}"
        + (f":{settings.PLATFORM_PORT}" if settings.PLATFORM_PORT else ""),
        "current_member": current_member,
        "capabilities": {str(capability) for capability in capabilities},
    }
    if current_member is not None:
        # Lazy: only pages that show the member's branding read the profile.
        context["profile"] = SimpleLazyObject(profile_get)
    return context
