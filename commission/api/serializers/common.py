"""Fields and output parts the commission's API documents share."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from commission.cases.models import Case, CaseDocument, Round, Stage, Submission
from commission.cases.models import Party as RoundParty
from core.api.base import NamedChoiceField
from core.api.history import TransitionOutputSerializer


def stage_field(**kwargs) -> NamedChoiceField:
    return NamedChoiceField(Stage.choices, enum_name="CaseStageEnum", **kwargs)


def closure_field(**kwargs) -> NamedChoiceField:
    return NamedChoiceField(Case.Closure.choices, enum_name="CaseClosureEnum", **kwargs)


def round_party_field(**kwargs) -> NamedChoiceField:
    return NamedChoiceField(RoundParty.choices, enum_name="RoundPartyEnum", **kwargs)


def absolute(context: Mapping[str, Any], path: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(path) if request else path


class CommitteeReferenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class MemberReferenceSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    legal_name = serializers.CharField()
    slug = serializers.CharField()


class StageChangeOutputSerializer(TransitionOutputSerializer):
    state_field = staticmethod(stage_field)
    from_source = "from_stage"
    to_source = "to_stage"


class RoundOutputSerializer(serializers.ModelSerializer):
    kind = NamedChoiceField(Round.Kind.choices, enum_name="RoundKindEnum")
    party = round_party_field()
    is_open = serializers.SerializerMethodField()

    class Meta:
        model = Round
        fields = ["kind", "party", "due_on", "opened_at", "closed_at", "is_open"]
        read_only_fields = fields

    def get_is_open(self, round_: Round) -> bool:
        return round_.closed_at is None


class SubmissionOutputSerializer(serializers.ModelSerializer):
    party = round_party_field()
    round = NamedChoiceField(
        Round.Kind.choices,
        enum_name="RoundKindEnum",
        source="round.kind",
        allow_null=True,
        help_text="Empty when no round.",
    )
    submitted_by = serializers.CharField(source="submitted_by_label")
    documents = serializers.SerializerMethodField(help_text="UUIDs of the documents sent with it (that you may see).")

    class Meta:
        model = Submission
        fields = ["uuid", "party", "round", "text", "submitted_by", "submitted_at", "documents"]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.UUIDField()))
    def get_documents(self, submission: Submission) -> list[str]:
        hide_confidential = self.context.get("hide_confidential", False)
        return [str(d.uuid) for d in submission.documents.all() if not (hide_confidential and d.confidential)]


class DocumentOutputSerializer(serializers.ModelSerializer):
    """A document of the case file (metadata; the file through ``download_url``)."""

    kind = NamedChoiceField(CaseDocument.Kind.choices, enum_name="CaseDocumentKindEnum")
    party = NamedChoiceField(CaseDocument.Party.choices, enum_name="CaseDocumentPartyEnum")
    name = serializers.CharField(source="original_name")
    uploaded_by = serializers.CharField(source="uploaded_by_label")
    download_url = serializers.SerializerMethodField()

    #: The URL name of the download endpoint (the member API has its own).
    download_view = "commission_api:case-document-download"

    class Meta:
        model = CaseDocument
        fields = [
            "uuid",
            "kind",
            "party",
            "name",
            "content_type",
            "size",
            "sha256",
            "confidential",
            "confidential_reason",
            "uploaded_by",
            "uploaded_at",
            "download_url",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, document: CaseDocument) -> str:
        path = reverse(self.download_view, kwargs={"uuid": document.case.uuid, "document_uuid": document.uuid})
        return absolute(self.context, path)


class SnapshotOutputSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    schema_version = serializers.IntegerField()
    sha256 = serializers.CharField()
    taken_at = serializers.DateTimeField()
