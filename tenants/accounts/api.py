"""``/api/v1/me/`` on every host: who is calling and what they may do here."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.tenancy import connection

from .roles import ROLE_CAPABILITIES, roles_for_schema


class MeOutputSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    email = serializers.EmailField()
    full_name = serializers.CharField()
    role = serializers.CharField()
    capabilities = serializers.ListField(child=serializers.CharField())
    organisation = serializers.CharField()


class MeApi(APIView):
    @extend_schema(summary="The authenticated user and their capabilities on this host", responses=MeOutputSerializer)
    def get(self, request):
        user = request.user
        capabilities = (
            ROLE_CAPABILITIES.get(user.role, frozenset())
            if user.role in roles_for_schema(connection.schema_name)
            else ()
        )
        data = {
            "uuid": user.uuid,
            "email": user.email,
            "full_name": user.full_name,
            "role": user.role,
            "capabilities": sorted(str(c) for c in capabilities),
            "organisation": request.tenant.legal_name,
        }
        return Response(MeOutputSerializer(data).data)
