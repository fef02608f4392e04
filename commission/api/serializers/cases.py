"""Cases for commission staff: the list, the full file, and the secretary's inputs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from commission.cases.models import AdmissibilityDecision, Case, CaseDocument, Committee, Stage
from commission.cases.workflow import ALLOWED
from commission.hearings.models import Slot
from core.api.base import NamedChoiceField, OptionalEmailField
from tenants.members.models import Member

from .common import (
    CommitteeReferenceSerializer,
    DocumentOutputSerializer,
    MemberReferenceSerializer,
    RoundOutputSerializer,
    SnapshotOutputSerializer,
    StageChangeOutputSerializer,
    SubmissionOutputSerializer,
    closure_field,
    stage_field,
)
from .hearings import SlotOutputSerializer
from .rulings import RulingOutputSerializer


def hearing_output(case: Case, context: Mapping[str, Any]) -> dict[str, Any] | None:
    """The hearing planned or held in ``case`` (the latest that is not cancelled), if any."""
    slot = (
        case.hearing_slots.exclude(status=Slot.Status.CANCELLED)
        .select_related("hearing_day")
        .order_by("-created_at")
        .first()
    )
    return SlotOutputSerializer(slot, context=context).data if slot else None


class CaseFilterSerializer(serializers.Serializer):
    """The case list's filters as query parameters."""

    stage = serializers.ChoiceField(
        choices=[("open", _("Open")), *Stage.choices],
        required=False,
        allow_blank=True,
        help_text="A stage, or `open` for every stage but closed.",
    )
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="An exact case number, or part of the complainant's or member's name.",
    )
    member = serializers.SlugRelatedField(
        slug_field="uuid", queryset=Member.objects.all(), required=False, allow_null=True, help_text="A member's UUID."
    )
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all(), required=False, allow_null=True)


class CaseListOutputSerializer(serializers.ModelSerializer):
    stage = stage_field()
    closure = closure_field(allow_null=True, help_text="Null while the case is open.")
    member = MemberReferenceSerializer()
    committee = CommitteeReferenceSerializer()

    class Meta:
        model = Case
        fields = [
            "uuid",
            "reference",
            "stage",
            "closure",
            "member",
            "committee",
            "member_complaint_reference",
            "complainant_name",
            "disputed_amount",
            "filed_at",
            "completion_due_on",
            "file_completed_at",
            "adr_due_on",
        ]
        read_only_fields = fields


class CaseDetailOutputSerializer(CaseListOutputSerializer):
    admissibility_decision = NamedChoiceField(
        AdmissibilityDecision.choices,
        enum_name="AdmissibilityDecisionEnum",
        allow_null=True,
        help_text="Null until admissibility is decided.",
    )
    complainant_email = OptionalEmailField(read_only=True, help_text="Null when the complainant gave none.")
    snapshot = serializers.SerializerMethodField(help_text="The latest snapshot of the member's dossier.")
    stage_history = StageChangeOutputSerializer(source="stage_changes", many=True)
    rounds = RoundOutputSerializer(many=True)
    submissions = SubmissionOutputSerializer(many=True)
    documents = DocumentOutputSerializer(many=True)
    hearing = serializers.SerializerMethodField(help_text="The hearing planned or held, if any.")
    rulings = RulingOutputSerializer(many=True)
    missing_documents = serializers.ListField(
        child=NamedChoiceField(CaseDocument.Kind.choices, enum_name="CaseDocumentKindEnum")
    )
    allowed_transitions = serializers.SerializerMethodField(
        help_text="The stages this case can move to now (through the transitions endpoint)."
    )

    class Meta(CaseListOutputSerializer.Meta):
        fields = [
            *CaseListOutputSerializer.Meta.fields,
            "member_complaint_uuid",
            "complainant_email",
            "complainant_phone",
            "complainant_address",
            "complainant_postal_code",
            "complainant_city",
            "claim",
            "first_complained_on",
            "binding_accepted_at",
            "fee_amount",
            "fee_due_on",
            "fee_paid_at",
            "deposit_amount",
            "deposit_paid_at",
            "admissibility_decision",
            "admissibility_letter",
            "admissibility_decided_at",
            "updated_at",
            "snapshot",
            "stage_history",
            "rounds",
            "submissions",
            "documents",
            "missing_documents",
            "hearing",
            "rulings",
            "allowed_transitions",
        ]
        read_only_fields = fields

    @extend_schema_field(SnapshotOutputSerializer(allow_null=True))
    def get_snapshot(self, case: Case) -> dict | None:
        snapshot = case.snapshots.order_by("-version").first()
        return SnapshotOutputSerializer(snapshot).data if snapshot else None

    @extend_schema_field(SlotOutputSerializer(allow_null=True))
    def get_hearing(self, case: Case) -> dict[str, Any] | None:
        return hearing_output(case, self.context)

    @extend_schema_field(serializers.ListField(child=stage_field()))
    def get_allowed_transitions(self, case: Case) -> list[str]:
        # A case is ruled when the chair approves its ruling, never by a transition.
        return [target for target in ALLOWED.get(case.stage, {}) if target != Stage.RULED]


class CaseTransitionInputSerializer(serializers.Serializer):
    """A step in the procedure. *admissibility* checks that the file is complete (documents, fee,
    deposit); *defence* asks the member's defence once the case is admissible (see the admissibility
    endpoint); *closed* needs a closure: withdrawn or settled at any stage before the ruling, complied
    or not complied after it. Inadmissible and not competent are decided through the admissibility
    endpoint; a case is ruled when the chair approves its ruling."""

    target = stage_field(help_text="One of the case's `allowed_transitions`.")
    note = serializers.CharField(required=False, allow_blank=True, default="", help_text="For the stage history.")
    closure = closure_field(required=False, allow_blank=True, default="")

    def validate(self, attrs):
        target, closure = attrs["target"], attrs["closure"]
        if target == Stage.RULED:
            raise serializers.ValidationError({"target": [_("A case is ruled when the chair approves its ruling.")]})
        if target == Stage.CLOSED and closure in (Case.Closure.INADMISSIBLE, Case.Closure.NOT_COMPETENT):
            raise serializers.ValidationError(
                {"closure": [_("Decide admissibility through the admissibility endpoint, with a reasoned letter.")]}
            )
        return attrs


class AdmissibilityInputSerializer(serializers.Serializer):
    decision = NamedChoiceField(AdmissibilityDecision.choices, enum_name="AdmissibilityDecisionEnum")
    letter = serializers.CharField(help_text="The reasoned letter, e-mailed to both parties.")


class DocumentReceiveInputSerializer(serializers.Serializer):
    """A document the commission received on paper or by post for a party (multipart)."""

    party = NamedChoiceField(
        [(p, CaseDocument.Party(p).label) for p in (CaseDocument.Party.COMPLAINANT, CaseDocument.Party.MEMBER)],
        enum_name="ReceivedDocumentPartyEnum",
        help_text="The party the document comes from; the other party is told unless it is confidential.",
    )
    kind = NamedChoiceField(CaseDocument.Kind.choices, enum_name="CaseDocumentKindEnum")
    file = serializers.FileField(help_text="PDF, image, Word, OpenDocument or text; checked by its content.")
    confidential = serializers.BooleanField(required=False, default=False)
    confidential_reason = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Required when the document is confidential."
    )
