"""The commission API for cases (``/api/v1/cases/`` on the commission host).

Reads go through the selectors, so the API shows what the back-office pages show: the secretary and
the chair read cases (``VIEW_CASES``), only the secretary changes them (``MANAGE_CASES``). Writes are
service calls; a service's refusal is 400 in the error envelope. Anything outside the caller's scope
is 404.
"""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser

from commission.cases import services as case_services
from commission.cases.models import Case, CaseDocument, Stage
from commission.cases.selectors import case_list, case_submissions
from commission.cases.services import case_move
from core.api.base import file_responses, service_errors
from core.api.views import INVALID, FileDownloadMixin
from core.storage import stored_upload_response
from core.uploads import FILE_MEDIA_TYPES, check_upload
from tenants.accounts.actors import actor_label

from . import serializers as s
from .base import NOT_FOUND, CommissionApi


def case_detail(case: Case) -> Case:
    """The case again, with what the detail output reads."""
    return (
        Case.objects.select_related("member", "committee")
        .prefetch_related(
            "stage_changes", "rounds", "submissions__round", "submissions__documents", "documents", "rulings__corrects"
        )
        .get(pk=case.pk)
    )


class CaseListApi(CommissionApi):
    @extend_schema(
        summary="List cases (filters: stage or `open`, q, member, committee)",
        parameters=[s.CaseFilterSerializer],
        responses={200: s.CaseListOutputSerializer(many=True), 400: INVALID},
    )
    def get(self, request):
        filters = s.CaseFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        cases = case_list(actor=request.user, stage=data.get("stage") or "", q=data.get("q") or "")
        if data.get("member"):
            cases = cases.filter(member=data["member"])
        if data.get("committee"):
            cases = cases.filter(committee=data["committee"])
        return self.paginated(s.CaseListOutputSerializer, cases)


class CaseDetailApi(CommissionApi):
    @extend_schema(
        summary="Retrieve one case with its file, rounds, history, hearing and rulings",
        responses={200: s.CaseDetailOutputSerializer, 404: NOT_FOUND},
    )
    def get(self, request, uuid):
        return self.output(s.CaseDetailOutputSerializer, case_detail(self.get_case()))


class CaseTransitionApi(CommissionApi):
    @extend_schema(
        summary="Move a case to its next stage (a refused step is 400 with the reason)",
        request=s.CaseTransitionInputSerializer,
        responses={200: s.CaseDetailOutputSerializer, 400: INVALID, 404: NOT_FOUND},
    )
    def post(self, request, uuid):
        case = self.get_case()
        serializer = s.CaseTransitionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        target, actor = data["target"], request.user
        with service_errors():
            if target == Stage.ADMISSIBILITY and case.stage == Stage.FILED:
                case = case_services.case_file_complete(case=case, actor=actor)
            elif target == Stage.DEFENCE and case.stage == Stage.ADMISSIBILITY:
                case_services.case_defence_request(case=case, actor=actor)
            elif target == Stage.CLOSED and data["closure"] in (Case.Closure.WITHDRAWN, Case.Closure.SETTLED):
                case = case_services.case_close(case=case, actor=actor, closure=data["closure"], note=data["note"])
            elif target == Stage.CLOSED and data["closure"] == Case.Closure.NOT_COMPLIED:
                case = case_services.case_close_not_complied(case=case, actor=actor, note=data["note"])
            else:
                case = case_move(case=case, to=target, actor=actor, note=data["note"], closure=data["closure"])
        return self.output(s.CaseDetailOutputSerializer, case_detail(case))


class CaseAdmissibilityApi(CommissionApi):
    @extend_schema(
        summary="Decide admissibility with a reasoned letter (a refusal closes the case)",
        request=s.AdmissibilityInputSerializer,
        responses={200: s.CaseDetailOutputSerializer, 400: INVALID, 404: NOT_FOUND},
    )
    def post(self, request, uuid):
        case = self.get_case()
        serializer = s.AdmissibilityInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            case = case_services.case_admissibility_decide(case=case, actor=request.user, **serializer.validated_data)
        return self.output(s.CaseDetailOutputSerializer, case_detail(case))


class CaseSubmissionsApi(CommissionApi):
    @extend_schema(
        summary="List both parties' submissions in order",
        responses={200: s.SubmissionOutputSerializer(many=True), 404: NOT_FOUND},
    )
    def get(self, request, uuid):
        return self.paginated(s.SubmissionOutputSerializer, case_submissions(case=self.get_case()))


class CaseDocumentsApi(CommissionApi):
    parser_classes = [MultiPartParser]  # a received document comes as multipart

    @extend_schema(
        summary="List the documents of the case file (confidential ones included)",
        responses={200: s.DocumentOutputSerializer(many=True), 404: NOT_FOUND},
    )
    def get(self, request, uuid):
        return self.paginated(s.DocumentOutputSerializer, self.get_case().documents.select_related("case"))

    @extend_schema(
        summary="Add a document received on paper or by post for a party (the other party is told)",
        request={"multipart/form-data": s.DocumentReceiveInputSerializer},
        responses={201: s.DocumentOutputSerializer, 400: INVALID, 404: NOT_FOUND},
    )
    def post(self, request, uuid):
        case = self.get_case()
        serializer = s.DocumentReceiveInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        with service_errors(field="file"):
            check_upload(data["file"])  # the type by content and the size, reported on the ``file`` field
        with service_errors():
            document = case_services.case_document_receive(
                case=case, actor=request.user, upload=data.pop("file"), **data
            )
        return self.output(s.DocumentOutputSerializer, document, status_code=status.HTTP_201_CREATED)


class CaseDocumentDownloadApi(FileDownloadMixin, CommissionApi):
    @extend_schema(
        summary="Download a document of the case file (the access is recorded)",
        responses={**file_responses(FILE_MEDIA_TYPES, description="The document, as a download."), 404: NOT_FOUND},
    )
    def get(self, request, uuid, document_uuid):
        document = self.get_case().documents.filter(uuid=document_uuid).first()
        if document is None:
            raise NotFound
        case_services.case_document_access_record(
            document=document,
            party=CaseDocument.Party.COMMISSION,
            viewer_label=actor_label(request.user),
        )
        try:
            return stored_upload_response(document)
        except Http404:
            raise NotFound from None
