"""Serializers of the member API for complaints: one input serializer per write endpoint and output
serializers for what comes back. Complaints, users and attachments are addressed by UUID;
categories, causes and departments by id."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.base import NamedChoiceField, OptionalEmailField
from core.api.history import TransitionOutputSerializer
from tenants.accounts.models import User
from tenants.accounts.roles import Capability, has_capability
from tenants.outbox.models import OutboundEmail

from ..models import (
    CLASSIFICATION_FIELDS,
    COMPLAINANT_FIELDS,
    COMPLAINANT_WORDS,
    CORRECTABLE_FIELDS,
    INCIDENT_FIELDS,
    STAFF_INVOLVED_FIELDS,
    Attachment,
    Category,
    Cause,
    Clarification,
    Complaint,
    Department,
    Message,
    Note,
)
from ..services.intake import WORDS_ARE_FIXED
from ..workflow import Outcome, Status, allowed_targets

# Fields ----------------------------------------------------------------------------------------


def status_field(**kwargs) -> NamedChoiceField:
    return NamedChoiceField(Status.choices, enum_name="ComplaintStatusEnum", **kwargs)


def complaint_kind_field(**kwargs) -> NamedChoiceField:
    return NamedChoiceField(Complaint.Kind.choices, enum_name="ComplaintKindEnum", **kwargs)


class UserByUuidField(serializers.SlugRelatedField):
    """An active user of this member, by UUID."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="uuid", queryset=User.objects.filter(is_active=True), **kwargs)


#: Channels a complaint can be registered through here; the web form registers its own complaints.
REGISTRATION_CHANNELS = [
    (choice.value, choice.label) for choice in Complaint.Channel if choice != Complaint.Channel.WEB_FORM
]

#: The registered details as the API shows and takes them (the groups of ``models``, in this order).
DETAIL_FIELDS = [*COMPLAINANT_FIELDS, *INCIDENT_FIELDS, *STAFF_INVOLVED_FIELDS, *COMPLAINANT_WORDS]


def _refuse_internal_without_capability(serializer: serializers.Serializer, value: str) -> str:
    """Internal complaints (employees' grievances) are for roles that may see them."""
    user = serializer.context["request"].user
    if value == Complaint.Kind.INTERNAL and not has_capability(user, Capability.VIEW_INTERNAL_COMPLAINTS):
        raise serializers.ValidationError(_("You may not register or edit internal complaints."))
    return value


# Shared output parts ---------------------------------------------------------------------------


class UserReferenceSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    full_name = serializers.CharField()


class TaxonomyReferenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


# Complaints: output ----------------------------------------------------------------------------


class StatusChangeOutputSerializer(TransitionOutputSerializer):
    state_field = staticmethod(status_field)


class ComplaintListOutputSerializer(serializers.ModelSerializer):
    status = status_field()
    kind = complaint_kind_field()
    category = TaxonomyReferenceSerializer(allow_null=True)
    cause = TaxonomyReferenceSerializer(allow_null=True)
    handler = UserReferenceSerializer(allow_null=True)
    due_on = serializers.DateField(help_text="The answer is due on this date (the extended date, if extended).")
    outcome = NamedChoiceField(
        Outcome.choices, enum_name="OutcomeEnum", allow_null=True, help_text="Null until the complaint is closed."
    )

    class Meta:
        model = Complaint
        fields = [
            "uuid",
            "reference",
            "kind",
            "channel",
            "status",
            "severity",
            "received_at",
            "complainant_name",
            "category",
            "cause",
            "handler",
            "acknowledgment_due_on",
            "response_due_on",
            "extended_due_on",
            "due_on",
            "outcome",
            "closed_at",
        ]
        read_only_fields = fields


class ClarificationOutputSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author_label")

    class Meta:
        model = Clarification
        fields = ["uuid", "body", "author", "created_at"]
        read_only_fields = fields


class ClarificationInputSerializer(serializers.Serializer):
    body = serializers.CharField(
        help_text="The organisation's clarification, shown beside the complainant's own words and labelled as "
        "the organisation's (the complainant's words never change)."
    )


class ComplaintDetailOutputSerializer(ComplaintListOutputSerializer):
    department = TaxonomyReferenceSerializer(allow_null=True)
    complainant_email = OptionalEmailField(read_only=True, help_text="Null when the complainant gave none.")
    clarifications = ClarificationOutputSerializer(
        many=True, help_text="The organisation's clarifications of `description`, oldest first."
    )
    received_by = UserReferenceSerializer(allow_null=True)
    action_owner = UserReferenceSerializer(allow_null=True)
    status_history = StatusChangeOutputSerializer(source="status_changes", many=True)
    allowed_transitions = serializers.SerializerMethodField(
        help_text="The statuses this complaint can move to now (through the transitions endpoint)."
    )

    class Meta(ComplaintListOutputSerializer.Meta):
        fields = [
            *ComplaintListOutputSerializer.Meta.fields,
            *DETAIL_FIELDS,
            "clarifications",
            "received_by",
            "action_owner",
            "promised_action",
            "callback_on",
            "callback_answer",
            "redress_given",
            "extension_reason",
            "acknowledged_at",
            "created_at",
            "updated_at",
            "status_history",
            "allowed_transitions",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=status_field()))
    def get_allowed_transitions(self, complaint: Complaint) -> list[str]:
        # Only the complainant's escalation moves a complaint to the commission.
        return [target for target in allowed_targets(complaint.status) if target != Status.ESCALATED]


# Complaints: input -----------------------------------------------------------------------------


class ComplaintCreateInputSerializer(serializers.ModelSerializer):
    channel = NamedChoiceField(
        REGISTRATION_CHANNELS,
        enum_name="RegistrationChannelEnum",
        default=Complaint.Channel.API,
        help_text="How the complaint came in; `api` when it comes straight from another system.",
    )
    kind = complaint_kind_field(
        default=Complaint.Kind.EXTERNAL,
        help_text="`internal` (an employee's grievance) needs the capability to see internal complaints.",
    )
    received_at = serializers.DateTimeField(required=False, help_text="Defaults to now; never in the future.")
    send_acknowledgment = serializers.BooleanField(
        default=True, help_text="E-mail the acknowledgment with the reference and status link now (needs an address)."
    )
    category = serializers.PrimaryKeyRelatedField(
        queryset=Category.objects.filter(is_active=True), required=False, allow_null=True
    )
    cause = serializers.PrimaryKeyRelatedField(
        queryset=Cause.objects.filter(is_active=True), required=False, allow_null=True
    )
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all(), required=False, allow_null=True)
    handler = UserByUuidField(required=False, allow_null=True)

    class Meta:
        model = Complaint
        fields = [
            "channel",
            "kind",
            "received_at",
            "send_acknowledgment",
            *DETAIL_FIELDS,
            *CLASSIFICATION_FIELDS,
        ]

    def validate_kind(self, value: str) -> str:
        return _refuse_internal_without_capability(self, value)


class ComplaintUpdateInputSerializer(serializers.ModelSerializer):
    """The registered details that can be changed (sent as PATCH: only the fields given change). The
    complainant's own words (`description`, `remedy_sought`) are fixed once registered: add a
    clarification instead."""

    kind = complaint_kind_field(required=False)
    category = serializers.PrimaryKeyRelatedField(queryset=Category.objects.all(), required=False, allow_null=True)
    cause = serializers.PrimaryKeyRelatedField(queryset=Cause.objects.all(), required=False, allow_null=True)
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all(), required=False, allow_null=True)
    handler = UserByUuidField(required=False, allow_null=True)

    class Meta:
        model = Complaint
        fields = ["kind", *CORRECTABLE_FIELDS]

    def validate_kind(self, value: str) -> str:
        return _refuse_internal_without_capability(self, value)

    def validate(self, attrs):
        # Not silently ignored: a client that sends them must learn that they did not change.
        sent = [name for name in COMPLAINANT_WORDS if name in self.initial_data]
        if sent:
            raise serializers.ValidationError({name: [WORDS_ARE_FIXED] for name in sent})
        return attrs


class FinalAnswerInputSerializer(serializers.Serializer):
    text = serializers.CharField(help_text="The answer to the complainant.")
    findings = serializers.CharField(required=False, allow_blank=True, default="")
    actions_taken = serializers.CharField(required=False, allow_blank=True, default="")
    recommendations = serializers.CharField(required=False, allow_blank=True, default="")


class ComplaintTransitionInputSerializer(serializers.Serializer):
    """A step in the workflow. What a step needs: *action_agreed* an action owner, the promised action
    and a callback date; leaving *callback* the complainant's answer; *closed* an outcome and, unless
    withdrawn, the final answer; reopening a closed complaint a note."""

    target = status_field(help_text="One of the complaint's `allowed_transitions`.")
    note = serializers.CharField(required=False, allow_blank=True, default="", help_text="For the status history.")
    outcome = NamedChoiceField(Outcome.choices, enum_name="OutcomeEnum", required=False, allow_blank=True, default="")
    redress_given = serializers.CharField(required=False, allow_blank=True, default="")
    final_answer = FinalAnswerInputSerializer(required=False, allow_null=True, default=None)
    action_owner = UserByUuidField(required=False, allow_null=True, default=None)
    promised_action = serializers.CharField(required=False, allow_blank=True, default="")
    callback_on = serializers.DateField(required=False, allow_null=True, default=None)
    callback_answer = serializers.CharField(required=False, allow_blank=True, default="")


class ComplaintExtensionInputSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="Sent to the complainant.")


# Messages, notes, attachments ------------------------------------------------------------------


class MessageOutputSerializer(serializers.ModelSerializer):
    kind = NamedChoiceField(Message.Kind.choices, enum_name="MessageKindEnum")
    author = serializers.CharField(source="author_label")
    email_status = serializers.ChoiceField(
        source="email.status",
        choices=OutboundEmail.Status.choices,
        allow_null=True,
        help_text="Whether the e-mail to the complainant left; empty when there was no address to send to.",
    )

    class Meta:
        model = Message
        fields = [
            "uuid",
            "direction",
            "kind",
            "subject",
            "body",
            "findings",
            "actions_taken",
            "recommendations",
            "author",
            "created_at",
            "email_status",
        ]
        read_only_fields = fields


class ProgressMessageInputSerializer(serializers.Serializer):
    text = serializers.CharField(help_text="The update for the complainant (e-mailed when there is an address).")


class NoteOutputSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author_label")

    class Meta:
        model = Note
        fields = ["body", "author", "created_at"]
        read_only_fields = fields


class NoteInputSerializer(serializers.Serializer):
    body = serializers.CharField(help_text="Internal: never shown to the complainant.")


class AttachmentOutputSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name")
    uploaded_by = serializers.CharField(source="uploaded_by_label")
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = [
            "uuid",
            "name",
            "content_type",
            "size",
            "sha256",
            "source",
            "shared_with_complainant",
            "uploaded_by",
            "created_at",
            "download_url",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, attachment: Attachment) -> str:
        path = reverse(
            "member_api:complaint-attachment-download",
            kwargs={"uuid": attachment.complaint.uuid, "attachment_uuid": attachment.uuid},
        )
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class AttachmentInputSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="PDF, image (PNG, JPEG, WebP, HEIC), Word, OpenDocument or text; checked by its content."
    )
    shared_with_complainant = serializers.BooleanField(
        default=False, help_text="The complainant sees the file on their status page."
    )


# Taxonomy --------------------------------------------------------------------------------------


class CategoryOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "name", "is_serious", "is_active"]
        read_only_fields = fields


class CauseOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Cause
        fields = ["id", "name", "is_active"]
        read_only_fields = fields


class DepartmentOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "name"]
        read_only_fields = fields
