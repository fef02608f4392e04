"""Serializers of the case APIs: the commission's (``views``) and the member's view of its own cases
(``member``). Cases, documents, submissions, hearing days, slots and rulings are addressed by UUID;
committees by id. Every choice field is a named enum (see ``NamedChoiceField``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from commission.hearings.models import HearingDay, PanelRole, Slot
from commission.rulings.models import Outcome, Ruling
from core.api.base import NamedChoiceField, OptionalEmailField, OptionalURLField
from core.api.history import TransitionOutputSerializer
from core.uploads import MAX_FILES
from tenants.members.models import Member

from ..models import AdmissibilityDecision, Case, CaseDocument, Committee, Round, Stage, Submission
from ..models import Party as RoundParty

# Fields ----------------------------------------------------------------------------------------


def stage_field(**kwargs) -> NamedChoiceField:
    return NamedChoiceField(Stage.choices, enum_name="CaseStageEnum", **kwargs)


def closure_field(**kwargs) -> NamedChoiceField:
    return NamedChoiceField(Case.Closure.choices, enum_name="CaseClosureEnum", **kwargs)


def round_party_field(**kwargs) -> NamedChoiceField:
    return NamedChoiceField(RoundParty.choices, enum_name="RoundPartyEnum", **kwargs)


def absolute(context: dict, path: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(path) if request else path


# Shared output parts ---------------------------------------------------------------------------


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


class RulingOutputSerializer(serializers.ModelSerializer):
    """A ruling's record: its dates, outcome and the SHA-256 of its PDF (the text is in the PDF)."""

    case = serializers.UUIDField(source="case.uuid")
    case_reference = serializers.CharField(source="case.reference")
    status = NamedChoiceField(Ruling.Status.choices, enum_name="RulingStatusEnum")
    outcome = NamedChoiceField(
        Outcome.choices, enum_name="RulingOutcomeEnum", allow_null=True, help_text="Null while a draft has none."
    )
    corrects = serializers.UUIDField(source="corrects.uuid", allow_null=True, help_text="The ruling this one corrects.")
    pdf_url = serializers.SerializerMethodField(help_text="Null until the chair approved the ruling.")

    pdf_view = "commission_api:ruling-pdf"

    class Meta:
        model = Ruling
        fields = [
            "uuid",
            "number",
            "version",
            "case",
            "case_reference",
            "status",
            "outcome",
            "amount_awarded",
            "corrects",
            "correction_reason",
            "approved_by_label",
            "approved_at",
            "decided_on",
            "sent_on",
            "effective_on",
            "compliance_due_on",
            "court_review_until",
            "pdf_sha256",
            "pdf_url",
        ]
        read_only_fields = fields

    @extend_schema_field(OptionalURLField())
    def get_pdf_url(self, ruling: Ruling) -> str | None:
        if not ruling.is_approved:
            return None
        return absolute(self.context, reverse(self.pdf_view, kwargs=self.pdf_kwargs(ruling)))

    def pdf_kwargs(self, ruling: Ruling) -> dict:
        return {"uuid": ruling.uuid}


class SlotOutputSerializer(serializers.ModelSerializer):
    uid = serializers.UUIDField()
    hearing_day = serializers.UUIDField(source="hearing_day.uuid")
    date = serializers.DateField()
    status = NamedChoiceField(Slot.Status.choices, enum_name="SlotStatusEnum")
    location = serializers.CharField(source="hearing_day.location")

    class Meta:
        model = Slot
        fields = ["uid", "hearing_day", "date", "starts_at", "status", "location", "held_at"]
        read_only_fields = fields


class SnapshotOutputSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    schema_version = serializers.IntegerField()
    sha256 = serializers.CharField()
    taken_at = serializers.DateTimeField()


# Commission: cases -----------------------------------------------------------------------------


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
    def get_hearing(self, case: Case) -> dict | None:
        slot = (
            case.hearing_slots.exclude(status=Slot.Status.CANCELLED)
            .select_related("hearing_day")
            .order_by("-created_at")
            .first()
        )
        return SlotOutputSerializer(slot, context=self.context).data if slot else None

    @extend_schema_field(serializers.ListField(child=stage_field()))
    def get_allowed_transitions(self, case: Case) -> list[str]:
        from ..workflow import ALLOWED

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


# Commission: hearing days ----------------------------------------------------------------------


class PanelSeatOutputSerializer(serializers.Serializer):
    seat = NamedChoiceField(PanelRole.choices, enum_name="PanelSeatEnum")
    panel_member = serializers.UUIDField()
    name = serializers.CharField()


class HearingSlotOutputSerializer(serializers.ModelSerializer):
    uid = serializers.UUIDField()
    status = NamedChoiceField(Slot.Status.choices, enum_name="SlotStatusEnum")
    case = serializers.UUIDField(source="case.uuid")
    case_reference = serializers.CharField(source="case.reference")

    class Meta:
        model = Slot
        fields = ["uid", "starts_at", "status", "case", "case_reference", "held_at"]
        read_only_fields = fields


class HearingDayListOutputSerializer(serializers.ModelSerializer):
    committee = CommitteeReferenceSerializer()
    video_link = OptionalURLField(read_only=True, help_text="Null for a day without a video link.")

    class Meta:
        model = HearingDay
        fields = [
            "uuid",
            "committee",
            "date",
            "starts_at",
            "place",
            "room",
            "video_link",
            "slot_minutes",
            "cancelled",
        ]
        read_only_fields = fields


class HearingDayDetailOutputSerializer(HearingDayListOutputSerializer):
    panel = serializers.SerializerMethodField(help_text="The three seats; empty until the panel is composed.")
    slots = serializers.SerializerMethodField()

    class Meta(HearingDayListOutputSerializer.Meta):
        fields = [*HearingDayListOutputSerializer.Meta.fields, "panel", "slots"]
        read_only_fields = fields

    @extend_schema_field(PanelSeatOutputSerializer(many=True))
    def get_panel(self, day: HearingDay) -> list[dict]:
        panel = getattr(day, "panel", None)
        if panel is None:
            return []
        return [
            {"seat": seat, "panel_member": member.uuid, "name": member.user.full_name or member.user.email}
            for seat, member in panel.seats
        ]

    @extend_schema_field(HearingSlotOutputSerializer(many=True))
    def get_slots(self, day: HearingDay) -> list[dict]:
        slots = day.slots.select_related("case").order_by("starts_at")
        return HearingSlotOutputSerializer(slots, many=True, context=self.context).data


class ScheduleInputSerializer(serializers.Serializer):
    case = serializers.SlugRelatedField(slug_field="uuid", queryset=Case.objects.all(), help_text="The case's UUID.")
    starts_at = serializers.TimeField(help_text="HH:MM, at or after the day's start.")


# Member: its own cases -------------------------------------------------------------------------


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
    def get_submissions(self, case: Case) -> list[dict]:
        from ..selectors import case_submissions

        context = {**self.context, "hide_confidential": True}
        return SubmissionOutputSerializer(case_submissions(case=case), many=True, context=context).data

    @extend_schema_field(SlotOutputSerializer(allow_null=True))
    def get_hearing(self, case: Case) -> dict | None:
        return CaseDetailOutputSerializer.get_hearing(self, case)

    @extend_schema_field(MemberRulingOutputSerializer(many=True))
    def get_rulings(self, case: Case) -> list[dict]:
        rulings = case.rulings.filter(status=Ruling.Status.APPROVED).select_related("case", "corrects")
        return MemberRulingOutputSerializer(rulings, many=True, context=self.context).data


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


class MemberSubmissionInputSerializer(serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, default="", help_text="Your answer in the round.")
    files = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        default=list,
        max_length=MAX_FILES,
        help_text="PDF, image, Word, OpenDocument or text; checked by their content.",
    )


# Commission: rulings ---------------------------------------------------------------------------


class RulingFilterSerializer(serializers.Serializer):
    case = serializers.UUIDField(required=False, allow_null=True, help_text="A case's UUID.")
    status = NamedChoiceField(Ruling.Status.choices, enum_name="RulingStatusEnum", required=False, allow_blank=True)
