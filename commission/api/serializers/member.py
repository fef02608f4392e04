"""A member's own cases, as its API shows them (no confidential documents, approved rulings only)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from commission.cases.models import AdmissibilityDecision, Case
from commission.cases.models import Party as RoundParty
from commission.cases.selectors import case_submissions
from commission.rulings.models import Ruling
from core.api.base import NamedChoiceField
from core.uploads import MAX_FILES

from .cases import hearing_output
from .common import (
    CommitteeReferenceSerializer,
    DocumentOutputSerializer,
    RoundOutputSerializer,
    StageChangeOutputSerializer,
    SubmissionOutputSerializer,
    closure_field,
    stage_field,
)
from .hearings import SlotOutputSerializer
from .rulings import RulingOutputSerializer


class MemberCaseDocumentOutputSerializer(DocumentOutputSerializer):
    download_view = "member_api:commission-case-document-download"

    class Meta(DocumentOutputSerializer.Meta):
        fields = [f for f in DocumentOutputSerializer.Meta.fields if f not in ("confidential", "confidential_reason")]
        read_only_fields = fields


class MemberRulingOutputSerializer(RulingOutputSerializer):
    pdf_view = "member_api:commission-case-ruling-pdf"

    class Meta(RulingOutputSerializer.Meta):
        fields = [f for f in RulingOutputSerializer.Meta.fields if f not in ("status", "approved_by_label")]
        read_only_fields = fields

    def pdf_kwargs(self, ruling: Ruling) -> dict:
        return {"uuid": ruling.case.uuid, "ruling_uuid": ruling.uuid}


class MemberCaseListOutputSerializer(serializers.ModelSerializer):
    stage = stage_field()
    closure = closure_field(allow_null=True, help_text="Null while the case is open.")
    committee = CommitteeReferenceSerializer()

    class Meta:
        model = Case
        fields = [
            "uuid",
            "reference",
            "stage",
            "closure",
            "committee",
            "member_complaint_uuid",
            "member_complaint_reference",
            "complainant_name",
            "disputed_amount",
            "filed_at",
            "adr_due_on",
        ]
        read_only_fields = fields


class MemberCaseDetailOutputSerializer(MemberCaseListOutputSerializer):
    admissibility_decision = NamedChoiceField(
        AdmissibilityDecision.choices,
        enum_name="AdmissibilityDecisionEnum",
        allow_null=True,
        help_text="Null until admissibility is decided.",
    )
    stage_history = StageChangeOutputSerializer(source="stage_changes", many=True)
    rounds = RoundOutputSerializer(many=True)
    open_round = serializers.SerializerMethodField(help_text="Your open round: submit before its due date.")
    submissions = serializers.SerializerMethodField()
    hearing = serializers.SerializerMethodField(help_text="The hearing planned or held, if any.")
    rulings = serializers.SerializerMethodField(help_text="The approved rulings.")

    class Meta(MemberCaseListOutputSerializer.Meta):
        fields = [
            *MemberCaseListOutputSerializer.Meta.fields,
            "claim",
            "first_complained_on",
            "admissibility_decision",
            "admissibility_letter",
            "stage_history",
            "rounds",
            "open_round",
            "submissions",
            "hearing",
            "rulings",
        ]
        read_only_fields = fields

    @extend_schema_field(RoundOutputSerializer(allow_null=True))
    def get_open_round(self, case: Case) -> dict | None:
        round_ = case.rounds.filter(party=RoundParty.MEMBER, closed_at__isnull=True).first()
        return RoundOutputSerializer(round_).data if round_ else None

    @extend_schema_field(SubmissionOutputSerializer(many=True))
    def get_submissions(self, case: Case) -> list[dict[str, Any]]:
        context = {**self.context, "hide_confidential": True}
        return list(SubmissionOutputSerializer(case_submissions(case=case), many=True, context=context).data)

    @extend_schema_field(SlotOutputSerializer(allow_null=True))
    def get_hearing(self, case: Case) -> dict[str, Any] | None:
        return hearing_output(case, self.context)

    @extend_schema_field(MemberRulingOutputSerializer(many=True))
    def get_rulings(self, case: Case) -> list[dict[str, Any]]:
        rulings = case.rulings.filter(status=Ruling.Status.APPROVED).select_related("case", "corrects")
        return list(MemberRulingOutputSerializer(rulings, many=True, context=self.context).data)


class MemberSubmissionInputSerializer(serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, default="", help_text="Your answer in the round.")
    files = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        default=list,
        max_length=MAX_FILES,
        help_text="PDF, image, Word, OpenDocument or text; checked by their content.",
    )
