"""The member's own compliance certificates through its API (``/api/v1/certificates/`` on its host).

The same reads and the same capability as the back-office pages (``certification.views_member``):
owners and managers list the member's certificates and download a rendered one by serial. Every
lookup starts from the member of the host, so another member's serial is 404 here, as is a
certificate still being issued.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from commission.certification.selectors import member_certificate_with_pdf, member_certificates
from commission.certification.views_member import VIEW_CERTIFICATES, certificate_pdf_response
from core.api.base import file_responses
from core.api.views import ApiView, FileDownloadMixin, not_found
from tenants.accounts.permissions import capability_permission
from tenants.members.models import Member

from .certificates import CertificateBaseSerializer


class MemberCertificateOutputSerializer(CertificateBaseSerializer):
    pdf_route = "member_api:certificate-pdf"


# A comment, not a docstring: drf-spectacular would copy a docstring into the operation.
class MemberCertificateApi(ApiView):
    permission_classes = [capability_permission(VIEW_CERTIFICATES)]
    serializer_class = MemberCertificateOutputSerializer

    def member(self) -> Member:
        """The member whose host the request came to."""
        return self.request.tenant  # type: ignore[attr-defined]  # set by django-tenants

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "today": timezone.localdate()}


class MemberCertificateListApi(MemberCertificateApi):
    @extend_schema(
        summary="List this member's compliance certificates, newest first",
        responses={200: MemberCertificateOutputSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        return self.paginated(
            MemberCertificateOutputSerializer, member_certificates(member=self.member()).select_related("member")
        )


class MemberCertificatePdfApi(FileDownloadMixin, MemberCertificateApi):
    @extend_schema(
        summary="Download the signed PDF of one of this member's certificates",
        responses={
            **file_responses(["application/pdf"], description="The certificate's signed PDF."),
            404: not_found("Not found: another member's serial, or a certificate still being issued."),
        },
    )
    def get(self, request: Request, serial: str) -> Any:
        certificate = member_certificate_with_pdf(member=self.member(), serial=serial)
        if certificate is None:
            raise NotFound
        try:
            return certificate_pdf_response(certificate)
        except Http404:
            raise NotFound from None
