"""The member API for complaints, for handlers and for the member's own systems (``/api/v1/`` on the
member's host).

Every read goes through ``selectors.complaint_list`` / ``complaint_get``, so the API shows exactly
what the register shows (handlers never see internal complaints); every write is a service call.
A complaint outside the caller's scope, or of another member, is 404.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser

from core import uploads
from core.api.base import file_responses, service_errors
from core.api.views import INVALID, ApiView, not_found
from core.storage import stored_upload_response
from core.uploads import FILE_MEDIA_TYPES
from tenants.accounts.permissions import capability_permission
from tenants.accounts.roles import Capability

from ..filters import ComplaintFilter
from ..models import Category, Cause, Complaint, Department
from ..selectors import complaint_get, complaint_list
from ..services.attachments import attachment_add
from ..services.intake import complaint_register, complaint_update
from ..services.messages import message_send_progress
from ..services.notes import clarification_add, note_add
from ..services.terms import complaint_extend
from ..services.workflow import FinalAnswer, complaint_transition
from . import serializers as s
from .filtering import DocumentedFilterBackend

NOT_FOUND = not_found("No such complaint here (or not yours to see).")


#: What a stored file can be sent as: a type found in its content, plain text, or (an older file of
#: unknown type) octet-stream.
# Base of the complaint endpoints (a comment, not a docstring: drf-spectacular would copy a docstring
# into the description of every operation).
class MemberApi(ApiView):
    permission_classes = [capability_permission(Capability.HANDLE_COMPLAINTS)]

    def get_complaint(self) -> Complaint:
        """The complaint of the URL, through the same scoping as the register."""
        try:
            return complaint_get(actor=self.request.user, uuid=self.kwargs[self.lookup_field])
        except Complaint.DoesNotExist:
            raise NotFound from None


# Complaints ------------------------------------------------------------------------------------


class ComplaintListApi(MemberApi):
    # The register page's filters (``filters.ComplaintFilter``), for GET only.
    filter_backends = [DocumentedFilterBackend]
    filterset_class = ComplaintFilter

    @extend_schema(
        summary="List complaints (filters as on the register page)",
        responses={200: s.ComplaintListOutputSerializer(many=True), 400: INVALID},
    )
    def get(self, request):
        return self.paginated(s.ComplaintListOutputSerializer, self.filter_queryset(complaint_list(actor=request.user)))

    @extend_schema(
        summary="Register a complaint received by phone, e-mail, letter, in person or from another system",
        request=s.ComplaintCreateInputSerializer,
        responses={201: s.ComplaintDetailOutputSerializer, 400: INVALID},
    )
    def post(self, request):
        serializer = s.ComplaintCreateInputSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        with service_errors():
            complaint = complaint_register(
                actor=request.user,
                channel=data.pop("channel"),
                kind=data.pop("kind"),
                received_at=data.pop("received_at", None),
                send_acknowledgment=data.pop("send_acknowledgment"),
                **data,
            )
        return self.output(s.ComplaintDetailOutputSerializer, complaint, status_code=status.HTTP_201_CREATED)


class ComplaintDetailApi(MemberApi):
    @extend_schema(
        summary="Retrieve one complaint with its due dates, history and possible next steps",
        responses={200: s.ComplaintDetailOutputSerializer, 404: NOT_FOUND},
    )
    def get(self, request, uuid):
        return self.output(s.ComplaintDetailOutputSerializer, self.get_complaint())

    @extend_schema(
        summary="Change the registered details of a complaint (only the fields sent)",
        request=s.ComplaintUpdateInputSerializer,
        responses={200: s.ComplaintDetailOutputSerializer, 400: INVALID, 404: NOT_FOUND},
    )
    def patch(self, request, uuid):
        complaint = self.get_complaint()
        serializer = s.ComplaintUpdateInputSerializer(
            data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        with service_errors():
            complaint = complaint_update(complaint=complaint, actor=request.user, **serializer.validated_data)
        return self.output(s.ComplaintDetailOutputSerializer, complaint)


class ComplaintTransitionApi(MemberApi):
    @extend_schema(
        summary="Move a complaint to its next status (a refused step is 400 with the reason)",
        request=s.ComplaintTransitionInputSerializer,
        responses={200: s.ComplaintDetailOutputSerializer, 400: INVALID, 404: NOT_FOUND},
    )
    def post(self, request, uuid):
        complaint = self.get_complaint()
        serializer = s.ComplaintTransitionInputSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        final = data["final_answer"]
        with service_errors():
            complaint = complaint_transition(
                complaint=complaint,
                target=data["target"],
                actor=request.user,
                note=data["note"],
                outcome=data["outcome"],
                redress_given=data["redress_given"],
                final_answer=FinalAnswer(**final) if final else None,
                action_owner=data["action_owner"],
                promised_action=data["promised_action"],
                callback_on=data["callback_on"],
                callback_answer=data["callback_answer"],
                language=request.LANGUAGE_CODE,
            )
        return self.output(s.ComplaintDetailOutputSerializer, complaint)


class ComplaintExtensionApi(MemberApi):
    @extend_schema(
        summary="Extend the handling term once; the complainant is told the reason",
        request=s.ComplaintExtensionInputSerializer,
        responses={200: s.ComplaintDetailOutputSerializer, 400: INVALID, 404: NOT_FOUND},
    )
    def post(self, request, uuid):
        complaint = self.get_complaint()
        serializer = s.ComplaintExtensionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            complaint = complaint_extend(
                complaint=complaint,
                actor=request.user,
                reason=serializer.validated_data["reason"],
                language=request.LANGUAGE_CODE,
            )
        return self.output(s.ComplaintDetailOutputSerializer, complaint)


# Messages, notes and attachments of one complaint ----------------------------------------------


class ComplaintMessagesApi(MemberApi):
    @extend_schema(
        summary="List the messages to and from the complainant",
        responses={200: s.MessageOutputSerializer(many=True), 404: NOT_FOUND},
    )
    def get(self, request, uuid):
        return self.paginated(s.MessageOutputSerializer, self.get_complaint().messages.select_related("email"))

    @extend_schema(
        summary="Send the complainant a progress update",
        request=s.ProgressMessageInputSerializer,
        responses={201: s.MessageOutputSerializer, 400: INVALID, 404: NOT_FOUND},
    )
    def post(self, request, uuid):
        complaint = self.get_complaint()
        serializer = s.ProgressMessageInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            message = message_send_progress(
                complaint=complaint, actor=request.user, text=serializer.validated_data["text"]
            )
        return self.output(s.MessageOutputSerializer, message, status_code=status.HTTP_201_CREATED)


class ComplaintNotesApi(MemberApi):
    @extend_schema(
        summary="List the internal notes",
        responses={200: s.NoteOutputSerializer(many=True), 404: NOT_FOUND},
    )
    def get(self, request, uuid):
        return self.paginated(s.NoteOutputSerializer, self.get_complaint().notes.all())

    @extend_schema(
        summary="Add an internal note (never shown to the complainant)",
        request=s.NoteInputSerializer,
        responses={201: s.NoteOutputSerializer, 400: INVALID, 404: NOT_FOUND},
    )
    def post(self, request, uuid):
        complaint = self.get_complaint()
        serializer = s.NoteInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            note = note_add(complaint=complaint, actor=request.user, body=serializer.validated_data["body"])
        return self.output(s.NoteOutputSerializer, note, status_code=status.HTTP_201_CREATED)


class ComplaintClarificationsApi(MemberApi):
    @extend_schema(
        summary="List the organisation's clarifications of the complainant's words",
        responses={200: s.ClarificationOutputSerializer(many=True), 404: NOT_FOUND},
    )
    def get(self, request, uuid):
        return self.paginated(s.ClarificationOutputSerializer, self.get_complaint().clarifications.all())

    @extend_schema(
        summary="Add a clarification beside the complainant's words (which never change)",
        request=s.ClarificationInputSerializer,
        responses={201: s.ClarificationOutputSerializer, 400: INVALID, 404: NOT_FOUND},
    )
    def post(self, request, uuid):
        complaint = self.get_complaint()
        serializer = s.ClarificationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            clarification = clarification_add(
                complaint=complaint, actor=request.user, body=serializer.validated_data["body"]
            )
        return self.output(s.ClarificationOutputSerializer, clarification, status_code=status.HTTP_201_CREATED)


class ComplaintAttachmentsApi(MemberApi):
    parser_classes = [MultiPartParser]

    @extend_schema(
        summary="List the files of a complaint",
        responses={200: s.AttachmentOutputSerializer(many=True), 404: NOT_FOUND},
    )
    def get(self, request, uuid):
        return self.paginated(
            s.AttachmentOutputSerializer, self.get_complaint().attachments.select_related("complaint")
        )

    @extend_schema(
        summary="Add a file to a complaint (checked by its content, not its name)",
        request=s.AttachmentInputSerializer,
        responses={201: s.AttachmentOutputSerializer, 400: INVALID, 404: NOT_FOUND},
    )
    def post(self, request, uuid):
        complaint = self.get_complaint()
        serializer = s.AttachmentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors(field="file"):
            checked = uploads.check_upload(serializer.validated_data["file"])
            attachment = attachment_add(
                complaint=complaint,
                actor=request.user,
                checked=checked,
                shared_with_complainant=serializer.validated_data["shared_with_complainant"],
            )
        return self.output(s.AttachmentOutputSerializer, attachment, status_code=status.HTTP_201_CREATED)


class ComplaintAttachmentDownloadApi(MemberApi):
    @extend_schema(
        summary="Download a file of a complaint",
        responses={**file_responses(FILE_MEDIA_TYPES, description="The file, as a download."), 404: NOT_FOUND},
    )
    def get(self, request, uuid, attachment_uuid):
        attachment = self.get_complaint().attachments.filter(uuid=attachment_uuid).first()
        if attachment is None:
            raise NotFound
        return stored_upload_response(attachment)

    def perform_content_negotiation(self, request, force=False):
        # The file goes out as it is, whatever the client accepts; errors still come as JSON.
        return super().perform_content_negotiation(request, force=True)


# Taxonomy --------------------------------------------------------------------------------------


class CategoryListApi(MemberApi, generics.ListAPIView):
    serializer_class = s.CategoryOutputSerializer
    queryset = Category.objects.all()

    @extend_schema(summary="List the categories (what complaints are about)")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class CauseListApi(MemberApi, generics.ListAPIView):
    serializer_class = s.CauseOutputSerializer
    queryset = Cause.objects.all()

    @extend_schema(summary="List the causes (why complaints arose)")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class DepartmentListApi(MemberApi, generics.ListAPIView):
    serializer_class = s.DepartmentOutputSerializer
    queryset = Department.objects.all()

    @extend_schema(summary="List the departments")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
