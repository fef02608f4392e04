"""Commission API: compliance certificates, and their public verification.

- ``certificates/`` (list, filter by member and standing), ``certificates/<serial>/`` (with the
  criteria it was issued on) and ``certificates/<serial>/pdf/``: for commission staff who may see the
  member register, as the member's standing is (``standing.py``).
- ``verify/<serial>/`` and ``verify/`` (a PDF posted as multipart): public, no login, the same answers
  as the verification page (``commission.certification.views_public``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from commission.certification.certificates import verification_url
from commission.certification.evaluation import Evaluation
from commission.certification.models import Certificate
from commission.certification.selectors import (
    PdfCheck,
    PdfOutcome,
    canonical_serial,
    certificate_by_serial,
    certificate_pdf_check,
    certificate_register,
)
from commission.certification.views_public import (
    VERIFY_UPLOAD_BUCKET,
    VERIFY_UPLOAD_RATE_LIMIT,
    pdf_check_message,
    pdf_upload_read,
    sector_of,
    standing_message,
)
from core.api.base import ErrorOutputSerializer, NamedChoiceField, file_responses
from core.api.views import INVALID, ApiView, FileDownloadMixin, not_found
from core.ratelimit import rate_limited
from core.storage import stored_file_response
from tenants.accounts.permissions import capability_permission
from tenants.accounts.roles import Capability

from .serializers.common import absolute
from .standing import CriterionResultSerializer

NOT_FOUND = not_found("No certificate with this serial number (or not yours to see).")


def standing_field(**kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField(Certificate.Standing.choices, enum_name="CertificateStandingEnum", **kwargs)


# Commission staff -------------------------------------------------------------------------------


# The fields of a certificate both APIs give (the commission's and the member's own); a subclass names
# the route its PDF is downloaded from (``pdf_route``, on the host the request came to). A comment, not
# a docstring: drf-spectacular would copy a docstring into the schema of every subclass.
class CertificateBaseSerializer(serializers.Serializer[Certificate]):
    pdf_route: str

    serial = serializers.CharField()
    member = serializers.UUIDField(source="member.uuid", help_text="The member's UUID.")
    status = serializers.SerializerMethodField(help_text="What the certificate says today.")
    valid_from = serializers.DateField()
    valid_until = serializers.DateField()
    issued_on = serializers.DateField()
    route = NamedChoiceField(Certificate.Route.choices, enum_name="CertificateRouteEnum")
    verification_url = serializers.SerializerMethodField(
        help_text="The certificate's page on the commission's site, where anyone can check it."
    )
    pdf_url = serializers.SerializerMethodField(help_text="The signed PDF; null while it is being issued.")

    @extend_schema_field(standing_field())
    def get_status(self, certificate: Certificate) -> str:
        return str(certificate.standing_on(self.context.get("today") or timezone.localdate()).value)

    @extend_schema_field(serializers.URLField())
    def get_verification_url(self, certificate: Certificate) -> str:
        return verification_url(certificate.serial)

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_pdf_url(self, certificate: Certificate) -> str | None:
        if certificate.status == Certificate.Status.PENDING or not certificate.pdf:
            return None
        return absolute(self.context, reverse(self.pdf_route, args=[certificate.serial]))


class CertificateOutputSerializer(CertificateBaseSerializer):
    member_name = serializers.CharField(help_text="The member's legal name as the certificate states it.")
    pdf_sha256 = serializers.CharField(
        allow_null=True, help_text="The SHA-256 of the signed PDF; null while it is being issued."
    )

    pdf_route = "commission_api:certificate-pdf"

    def to_representation(self, instance: Certificate) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["pdf_sha256"] = data["pdf_sha256"] or None
        return data


class CertificateDetailOutputSerializer(CertificateOutputSerializer):
    member_address = serializers.CharField(help_text="As the certificate states it.")
    sector_nl = serializers.CharField()
    sector_en = serializers.CharField()
    status_reason = serializers.CharField(help_text="Why it was last suspended, reinstated or revoked; empty if never.")
    status_changed_at = serializers.DateTimeField(allow_null=True)
    status_changed_by = serializers.CharField(source="status_changed_by_label")
    evaluated_on = serializers.SerializerMethodField(help_text="The day the criteria were evaluated on.")
    criteria = serializers.SerializerMethodField(help_text="The criteria the certificate was issued on.")

    @extend_schema_field(serializers.DateField())
    def get_evaluated_on(self, certificate: Certificate) -> str:
        return Evaluation.from_json(certificate.evaluation).on.isoformat()

    @extend_schema_field(CriterionResultSerializer(many=True))
    def get_criteria(self, certificate: Certificate) -> Any:
        return CriterionResultSerializer(Evaluation.from_json(certificate.evaluation).results, many=True).data


class CertificateFilterSerializer(serializers.Serializer[Any]):
    member = serializers.UUIDField(required=False, allow_null=True, help_text="A member's UUID.")
    status = standing_field(required=False, allow_blank=True, help_text="What the certificates say today.")


# A comment, not a docstring: drf-spectacular would copy a docstring into the operation.
class CertificateApi(ApiView):
    permission_classes = [capability_permission(Capability.VIEW_MEMBER_REGISTER)]

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "today": timezone.localdate()}

    def get_certificate(self, serial: str) -> Certificate:
        """The certificate of the URL, through the same selector as the list."""
        canonical = canonical_serial(serial)
        certificate = (
            certificate_register(actor=self.request.user, on=timezone.localdate()).filter(serial=canonical).first()
            if canonical
            else None
        )
        if certificate is None:
            raise NotFound
        return certificate


class CertificateListApi(CertificateApi):
    @extend_schema(
        summary="List every member's certificates, newest first (filter: member UUID, status)",
        parameters=[CertificateFilterSerializer],
        responses={200: CertificateOutputSerializer(many=True), 400: INVALID},
    )
    def get(self, request: Request) -> Response:
        filters = CertificateFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        certificates = certificate_register(
            actor=request.user,
            on=timezone.localdate(),
            member=filters.validated_data.get("member"),
            standing=filters.validated_data.get("status") or "",
        )
        return self.paginated(CertificateOutputSerializer, certificates)


class CertificateDetailApi(CertificateApi):
    @extend_schema(
        summary="Retrieve one certificate with the criteria it was issued on",
        responses={200: CertificateDetailOutputSerializer, 404: NOT_FOUND},
    )
    def get(self, request: Request, serial: str) -> Response:
        return self.output(CertificateDetailOutputSerializer, self.get_certificate(serial))


class CertificatePdfApi(FileDownloadMixin, CertificateApi):
    @extend_schema(
        summary="Download a certificate's signed PDF",
        responses={
            **file_responses(["application/pdf"], description="The certificate's signed PDF."),
            404: not_found("No such certificate, or it is still being issued."),
        },
    )
    def get(self, request: Request, serial: str) -> Any:
        certificate = self.get_certificate(serial)
        if certificate.status == Certificate.Status.PENDING or not certificate.pdf:
            raise NotFound
        try:
            return stored_file_response(certificate.pdf, filename=f"{certificate.serial}.pdf")
        except Http404:
            raise NotFound from None


# Public verification ----------------------------------------------------------------------------


class VerificationOutputSerializer(serializers.Serializer[Certificate]):
    serial = serializers.CharField()
    member_name = serializers.CharField(help_text="The member's legal name as the certificate states it.")
    member_slug = serializers.CharField(source="member.slug", help_text="The member's entry in the public register.")
    sector = serializers.SerializerMethodField(help_text="As the certificate states it, in the language asked for.")
    status = serializers.SerializerMethodField(help_text="What the certificate says today.")
    valid_from = serializers.DateField()
    valid_until = serializers.DateField()
    issued_on = serializers.DateField()
    status_changed_on = serializers.SerializerMethodField(help_text="When it was suspended or revoked; else null.")
    status_reason = serializers.SerializerMethodField(help_text="Why it was suspended or revoked; else null.")
    message = serializers.SerializerMethodField(help_text="What the certificate says today, in one sentence.")
    verification_url = serializers.SerializerMethodField()

    def _stopped(self, certificate: Certificate) -> bool:
        return certificate.status in (Certificate.Status.SUSPENDED, Certificate.Status.REVOKED)

    @extend_schema_field(serializers.CharField())
    def get_sector(self, certificate: Certificate) -> str:
        return sector_of(certificate)

    @extend_schema_field(standing_field())
    def get_status(self, certificate: Certificate) -> str:
        return str(certificate.standing_on(timezone.localdate()).value)

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_status_changed_on(self, certificate: Certificate) -> str | None:
        if not self._stopped(certificate) or certificate.status_changed_at is None:
            return None
        return timezone.localdate(certificate.status_changed_at).isoformat()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_status_reason(self, certificate: Certificate) -> str | None:
        return certificate.status_reason if self._stopped(certificate) else None

    @extend_schema_field(serializers.CharField())
    def get_message(self, certificate: Certificate) -> str:
        return standing_message(certificate)

    @extend_schema_field(serializers.URLField())
    def get_verification_url(self, certificate: Certificate) -> str:
        return verification_url(certificate.serial)


class PdfVerificationOutputSerializer(serializers.Serializer[PdfCheck]):
    outcome = NamedChoiceField(PdfOutcome.choices, enum_name="CertificatePdfOutcomeEnum")
    message = serializers.SerializerMethodField(help_text="The answer in plain words.")
    sha256 = serializers.CharField(help_text="The SHA-256 of the file that was checked.")
    signer_name = serializers.CharField(allow_null=True, help_text="Who signed the file; null if it is not signed.")
    signed_at = serializers.DateTimeField(allow_null=True)
    certificate = VerificationOutputSerializer(
        allow_null=True, help_text="The certificate this file is, when the commission issued it; else null."
    )

    @extend_schema_field(serializers.CharField())
    def get_message(self, check: PdfCheck) -> str:
        return pdf_check_message(check)

    def to_representation(self, instance: PdfCheck) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["signer_name"] = data["signer_name"] or None
        return data


class PdfVerificationInputSerializer(serializers.Serializer[Any]):
    pdf = serializers.FileField(help_text="The certificate's PDF file (at most 10 MB); checked, not kept.")

    def validate_pdf(self, upload: Any) -> bytes:
        try:
            return pdf_upload_read(upload)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc


# Public: no authentication is asked for (a token or session sent along is not even read), and the
# answers hold nothing the verification page does not show to anyone.
class VerifyApi(ApiView):
    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []


class VerifySerialApi(VerifyApi):
    @extend_schema(
        summary="Verify a certificate by its serial number (public)",
        responses={200: VerificationOutputSerializer, 404: not_found("The commission issued no such certificate.")},
    )
    def get(self, request: Request, serial: str) -> Response:
        certificate = certificate_by_serial(serial)
        if certificate is None:
            raise NotFound
        return self.output(VerificationOutputSerializer, certificate)


class VerifyPdfApi(VerifyApi):
    parser_classes = [MultiPartParser]

    @extend_schema(
        summary="Verify a certificate's PDF: issued by the commission, and unchanged? (public)",
        request={"multipart/form-data": PdfVerificationInputSerializer},
        responses={
            200: PdfVerificationOutputSerializer,
            400: INVALID,
            429: OpenApiResponse(ErrorOutputSerializer, description="Too many checks from this address: wait an hour."),
        },
    )
    def post(self, request: Request) -> Response:
        if rate_limited(request._request, VERIFY_UPLOAD_BUCKET, VERIFY_UPLOAD_RATE_LIMIT, 60 * 60):
            raise Throttled(wait=60 * 60)
        data = PdfVerificationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self.output(PdfVerificationOutputSerializer, certificate_pdf_check(data.validated_data["pdf"]))
