"""Commission API: the member register for commission staff."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics

from tenants.accounts.permissions import capability_permission
from tenants.accounts.roles import Capability
from tenants.members.selectors import member_list

from .serializers import MemberOutputSerializer


class MemberListApi(generics.ListAPIView):
    serializer_class = MemberOutputSerializer
    permission_classes = [capability_permission(Capability.VIEW_MEMBER_REGISTER)]

    def get_queryset(self):
        status = self.request.query_params.get("status", "")
        members = member_list(
            search=self.request.query_params.get("q", ""), sector=self.request.query_params.get("sector", "")
        )
        if status:
            members = members.filter(membership_status=status)
        return members.prefetch_related("domains")

    @extend_schema(summary="List members (filter: q, sector, status)")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class MemberDetailApi(generics.RetrieveAPIView):
    serializer_class = MemberOutputSerializer
    permission_classes = [capability_permission(Capability.VIEW_MEMBER_REGISTER)]
    lookup_field = "uuid"

    def get_queryset(self):
        return member_list().prefetch_related("domains")

    @extend_schema(summary="Retrieve one member")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
