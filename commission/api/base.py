"""What every commission API view shares: the permission that splits reading from writing, and the
base view whose lookups go through the case selector.
"""

from __future__ import annotations

from rest_framework.exceptions import NotFound
from rest_framework.permissions import SAFE_METHODS, BasePermission

from commission.cases.models import Case
from commission.cases.selectors import case_list
from core.api.views import ApiView, not_found
from tenants.accounts.permissions import capability_permission
from tenants.accounts.roles import Capability

NOT_FOUND = not_found()


def read_or_write(read: Capability, write: Capability) -> type[BasePermission]:
    """Reading needs ``read``, anything else ``write``."""
    readers, writers = capability_permission(read), capability_permission(write)

    class ReadOrWrite(BasePermission):
        def has_permission(self, request, view):
            needed = readers if request.method in SAFE_METHODS else writers
            return needed().has_permission(request, view)

    ReadOrWrite.__name__ = f"Read_{read.value}_write_{write.value}"
    return ReadOrWrite


# Base of the case endpoints (a comment, not a docstring: drf-spectacular would copy a docstring
# into the description of every operation).
class CommissionApi(ApiView):
    permission_classes = [read_or_write(Capability.VIEW_CASES, Capability.MANAGE_CASES)]

    def get_case(self) -> Case:
        """The case of the URL, through the same selector as the case list."""
        case = case_list(actor=self.request.user).filter(uuid=self.kwargs[self.lookup_field]).first()
        if case is None:
            raise NotFound
        return case
