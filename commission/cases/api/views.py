"""The commission API for cases, hearing days and rulings (``/api/v1/`` on the commission host).

Reads go through the selectors, so the API shows what the back-office pages show: the secretary and
the chair read cases (``VIEW_CASES``), only the secretary changes them (``MANAGE_CASES``), a panel
member sees only the hearing days whose panel they sit on. Writes are service calls; a service's
refusal is 400 in the error envelope. Anything outside the caller's scope is 404.
"""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import SAFE_METHODS, BasePermission

from commission.hearings import selectors as hearing_selectors
from commission.hearings import services as hearing_services
from commission.rulings.models import Ruling
from commission.rulings.selectors import ruling_list
from commission.rulings.views import pdf_response
from core.api.base import file_responses, service_errors
from core.api.views import INVALID, ApiView, FileDownloadMixin, not_found
from core.storage import stored_upload_response
from core.uploads import FILE_MEDIA_TYPES, check_upload
from tenants.accounts.permissions import capability_permission
from tenants.accounts.roles import Capability

from .. import services as procedure
from ..models import Case, CaseDocument, Stage
from ..selectors import case_list, case_submissions
from ..services import case_move
from . import serializers as s

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


def case_detail(case: Case) -> Case:
    """The case again, with what the detail output reads."""
    return (
        Case.objects.select_related("member", "committee")
        .prefetch_related(
            "stage_changes", "rounds", "submissions__round", "submissions__documents", "documents", "rulings__corrects"
        )
        .get(pk=case.pk)
    )


# Cases -----------------------------------------------------------------------------------------


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
                case = procedure.case_file_complete(case=case, actor=actor)
            elif target == Stage.DEFENCE and case.stage == Stage.ADMISSIBILITY:
                procedure.case_defence_request(case=case, actor=actor)
            elif target == Stage.CLOSED and data["closure"] in (Case.Closure.WITHDRAWN, Case.Closure.SETTLED):
                case = procedure.case_close(case=case, actor=actor, closure=data["closure"], note=data["note"])
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
            case = procedure.case_admissibility_decide(case=case, actor=request.user, **serializer.validated_data)
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
            document = procedure.case_document_receive(case=case, actor=request.user, upload=data.pop("file"), **data)
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
        procedure.case_document_access_record(
            document=document,
            party=CaseDocument.Party.COMMISSION,
            viewer_label=request.user.full_name or request.user.email,
        )
        try:
            return stored_upload_response(document)
        except Http404:
            raise NotFound from None


# Hearing days ----------------------------------------------------------------------------------


class HearingApi(CommissionApi):
    # Panel members see the hearing days they sit on (the selector decides which); scheduling is the
    # secretary's.
    permission_classes = [read_or_write(Capability.COMMISSION_OFFICE, Capability.MANAGE_CASES)]

    def get_day(self):
        day = hearing_selectors.hearing_day_get(actor=self.request.user, uuid=self.kwargs[self.lookup_field])
        if day is None:
            raise NotFound
        return day


class HearingDayListApi(HearingApi):
    @extend_schema(
        summary="List hearing days (a panel member sees the days they sit on)",
        responses={200: s.HearingDayListOutputSerializer(many=True)},
    )
    def get(self, request):
        return self.paginated(s.HearingDayListOutputSerializer, hearing_selectors.hearing_day_list(actor=request.user))


class HearingDayDetailApi(HearingApi):
    @extend_schema(
        summary="Retrieve one hearing day with its panel and the cases scheduled",
        responses={200: s.HearingDayDetailOutputSerializer, 404: NOT_FOUND},
    )
    def get(self, request, uuid):
        return self.output(s.HearingDayDetailOutputSerializer, self.get_day())


class HearingDaySlotsApi(HearingApi):
    @extend_schema(
        summary="Schedule a case on this hearing day and invite both parties and the panel",
        request=s.ScheduleInputSerializer,
        responses={201: s.HearingDayDetailOutputSerializer, 400: INVALID, 404: NOT_FOUND},
    )
    def post(self, request, uuid):
        day = self.get_day()
        serializer = s.ScheduleInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        case = case_list(actor=request.user).filter(pk=serializer.validated_data["case"].pk).first()
        if case is None:
            raise NotFound
        with service_errors():
            hearing_services.case_schedule(
                case=case, day=day, starts_at=serializer.validated_data["starts_at"], actor=request.user
            )
        return self.output(s.HearingDayDetailOutputSerializer, self.get_day(), status_code=status.HTTP_201_CREATED)


# Rulings ---------------------------------------------------------------------------------------


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
