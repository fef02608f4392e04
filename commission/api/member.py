"""The member's API for its own commission cases (``/api/v1/commission-cases/`` on the member's host).

Every lookup starts from ``selectors.member_case_list(member=request.tenant)``: a case of another
member is 404, in the list and by UUID. The member sees the file without the documents the secretary
marked confidential, and answers in its open round through ``services.case_submit``, as on its
back-office page. Complainants have no account here, so no API access either.
"""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser

from commission.cases import services as case_services
from commission.cases.models import Case, CaseDocument, Party
from commission.cases.selectors import case_documents_for_party, member_case_list
from commission.rulings.selectors import member_ruling
from commission.rulings.views import pdf_response
from core.api.base import file_responses, service_errors
from core.api.views import INVALID, ApiView, FileDownloadMixin
from core.storage import stored_upload_response
from core.uploads import FILE_MEDIA_TYPES, check_upload
from tenants.accounts.actors import actor_label
from tenants.accounts.models import User
from tenants.accounts.permissions import capability_permission
from tenants.accounts.roles import Capability
from tenants.members.models import Member

from . import serializers as s
from .base import NOT_FOUND


# Base of the member's case endpoints (a comment, not a docstring: see ``base.CommissionApi``).
class MemberCaseApi(ApiView):
    permission_classes = [capability_permission(Capability.HANDLE_COMPLAINTS)]

    def get_case(self) -> Case:
        """One of this member's cases: never found through another member."""
        case = member_case_list(member=self.member()).filter(uuid=self.kwargs[self.lookup_field]).first()
        if case is None:
            raise NotFound
        return case

    def viewer_label(self) -> str:
        user = self.request.user  # HANDLE_COMPLAINTS: a signed-in user of the member
        return f"{actor_label(user if isinstance(user, User) else None)} ({self.member().legal_name})"

    def member(self) -> Member:
        """The member whose host the request came to."""
        return self.request.tenant  # type: ignore[attr-defined]  # set by django-tenants


class MemberCaseListApi(MemberCaseApi):
    @extend_schema(
        summary="List the commission's cases about this member",
        responses={200: s.MemberCaseListOutputSerializer(many=True)},
    )
    def get(self, request):
        return self.paginated(s.MemberCaseListOutputSerializer, member_case_list(member=request.tenant))


class MemberCaseDetailApi(MemberCaseApi):
    @extend_schema(
        summary="Retrieve one case: history, rounds, submissions, hearing and approved rulings",
        responses={200: s.MemberCaseDetailOutputSerializer, 404: NOT_FOUND},
    )
    def get(self, request, uuid):
        return self.output(s.MemberCaseDetailOutputSerializer, self.get_case())


class MemberCaseDocumentsApi(MemberCaseApi):
    @extend_schema(
        summary="List the documents of the case file (without confidential ones)",
        responses={200: s.MemberCaseDocumentOutputSerializer(many=True), 404: NOT_FOUND},
    )
    def get(self, request, uuid):
        documents = case_documents_for_party(case=self.get_case(), party=Party.MEMBER).select_related("case")
        return self.paginated(s.MemberCaseDocumentOutputSerializer, documents)


class MemberCaseDocumentDownloadApi(FileDownloadMixin, MemberCaseApi):
    @extend_schema(
        summary="Download a document of the case file (the access is recorded)",
        responses={**file_responses(FILE_MEDIA_TYPES, description="The document, as a download."), 404: NOT_FOUND},
    )
    def get(self, request, uuid, document_uuid):
        case = self.get_case()
        document = case_documents_for_party(case=case, party=Party.MEMBER).filter(uuid=document_uuid).first()
        if document is None:
            raise NotFound
        case_services.case_document_access_record(
            document=document, party=CaseDocument.Party.MEMBER, viewer_label=self.viewer_label()
        )
        try:
            return stored_upload_response(document)
        except Http404:
            raise NotFound from None


class MemberCaseSubmissionsApi(MemberCaseApi):
    parser_classes = [MultiPartParser]

    @extend_schema(
        summary="Answer in your open round (text and/or documents); the complainant is told",
        request=s.MemberSubmissionInputSerializer,
        responses={201: s.SubmissionOutputSerializer, 400: INVALID, 404: NOT_FOUND},
    )
    def post(self, request, uuid):
        case = self.get_case()
        serializer = s.MemberSubmissionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        actor = case_services.PartyActor(party=Party.MEMBER, label=self.viewer_label())
        with service_errors(field="files"):
            uploads = [check_upload(upload) for upload in serializer.validated_data["files"]]
        with service_errors():
            submission = case_services.case_submit(
                case=case, actor=actor, text=serializer.validated_data["text"], uploads=uploads
            )
        return self.output(s.SubmissionOutputSerializer, submission, status_code=status.HTTP_201_CREATED)


class MemberCaseRulingPdfApi(FileDownloadMixin, MemberCaseApi):
    @extend_schema(
        summary="Download the PDF of an approved ruling in this case",
        responses={**file_responses(["application/pdf"], description="The ruling's PDF."), 404: NOT_FOUND},
    )
    def get(self, request, uuid, ruling_uuid):
        ruling = member_ruling(member=request.tenant, case_uuid=uuid, ruling_uuid=ruling_uuid)
        if ruling is None:
            raise NotFound
        try:
            return pdf_response(ruling)
        except Http404:
            raise NotFound from None
