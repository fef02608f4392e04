"""The commission API for rulings: records, drafts included, and the PDF of an approved ruling."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound

from commission.rulings.models import Ruling
from commission.rulings.selectors import ruling_list
from commission.rulings.views import pdf_response
from core.api.base import file_responses
from core.api.views import INVALID, FileDownloadMixin

from . import serializers as s
from .base import NOT_FOUND, CommissionApi


class RulingApi(CommissionApi):
    def get_ruling(self) -> Ruling:
        ruling = ruling_list(actor=self.request.user).filter(uuid=self.kwargs[self.lookup_field]).first()
        if ruling is None:
            raise NotFound
        return ruling


class RulingListApi(RulingApi):
    @extend_schema(
        summary="List rulings, drafts included (filter: case UUID)",
        parameters=[s.RulingFilterSerializer],
        responses={200: s.RulingOutputSerializer(many=True), 400: INVALID},
    )
    def get(self, request):
        filters = s.RulingFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        rulings = ruling_list(actor=request.user).order_by("-created_at", "-id")
        if filters.validated_data.get("case"):
            rulings = rulings.filter(case__uuid=filters.validated_data["case"])
        if filters.validated_data.get("status"):
            rulings = rulings.filter(status=filters.validated_data["status"])
        return self.paginated(s.RulingOutputSerializer, rulings)


class RulingDetailApi(RulingApi):
    @extend_schema(
        summary="Retrieve one ruling's record (dates, outcome, PDF hash)",
        responses={200: s.RulingOutputSerializer, 404: NOT_FOUND},
    )
    def get(self, request, uuid):
        return self.output(s.RulingOutputSerializer, self.get_ruling())


class RulingPdfApi(FileDownloadMixin, RulingApi):
    @extend_schema(
        summary="Download the PDF of an approved ruling",
        responses={**file_responses(["application/pdf"], description="The ruling's PDF."), 404: NOT_FOUND},
    )
    def get(self, request, uuid):
        ruling = self.get_ruling()
        if not ruling.is_approved:
            raise NotFound
        try:
            return pdf_response(ruling)
        except Http404:
            raise NotFound from None
