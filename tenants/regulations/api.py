"""``GET /api/v1/regulation/`` on a member host: the member's current published regulation."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.views import ApiView, not_found
from tenants.accounts.permissions import capability_permission
from tenants.accounts.roles import Capability
from tenants.members.links import absolute_url

from .selectors import current_version, shown_sections


class RegulationSectionOutputSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    text = serializers.CharField(help_text="The section as readers see it: the terms filled in from the settings.")


class RegulationOutputSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    language = serializers.CharField()
    published_at = serializers.DateTimeField()
    sections = RegulationSectionOutputSerializer(many=True)
    page_url = serializers.URLField()
    pdf_url = serializers.URLField()


# A comment, not a docstring: drf-spectacular would copy a docstring into the operation.
class RegulationApi(ApiView):
    permission_classes = [capability_permission(Capability.MEMBER_OFFICE)]
    serializer_class = RegulationOutputSerializer

    @extend_schema(
        summary="The current published complaints regulation",
        responses={200: RegulationOutputSerializer, 404: not_found("No regulation is published.")},
    )
    def get(self, request: Request) -> Response:
        version = current_version()
        if version is None:
            raise NotFound("No regulation is published.")
        data = {
            "number": version.number,
            "language": version.language,
            "published_at": version.published_at,
            "sections": shown_sections(version),
            "page_url": absolute_url(reverse("regulations_public:page")),
            "pdf_url": absolute_url(reverse("regulations_public:pdf")),
        }
        return self.output(RegulationOutputSerializer, data)
