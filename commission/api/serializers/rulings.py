"""Rulings in the commission's API: the record of a ruling (its text is in the PDF)."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from commission.rulings.models import Outcome, Ruling
from core.api.base import NamedChoiceField, OptionalURLField

from .common import absolute


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


class RulingFilterSerializer(serializers.Serializer):
    case = serializers.UUIDField(required=False, allow_null=True, help_text="A case's UUID.")
    status = NamedChoiceField(Ruling.Status.choices, enum_name="RulingStatusEnum", required=False, allow_blank=True)
