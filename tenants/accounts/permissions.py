"""Capability checks for pages and API endpoints, built on ``roles.has_capability``."""

from __future__ import annotations

from django.contrib.auth.mixins import AccessMixin
from rest_framework.permissions import BasePermission

from .roles import Capability, has_capability


class CapabilityRequiredMixin(AccessMixin):
    """A page that needs one capability: anonymous users go to the login page, users without the
    capability get 403 (hiding a link is never the check)."""

    required_capability: Capability

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not has_capability(request.user, self.required_capability):
            self.raise_exception = True
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]  # a mixin: View follows in the MRO


def capability_permission(capability: Capability) -> type[BasePermission]:
    """A DRF permission class requiring ``capability``."""

    class HasCapability(BasePermission):
        def has_permission(self, request, view):
            return has_capability(request.user, capability)

    HasCapability.__name__ = f"Has_{capability.value}"
    return HasCapability
