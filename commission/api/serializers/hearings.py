"""Hearing days and the hearings scheduled on them."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from commission.cases.models import Case
from commission.hearings.models import HearingDay, PanelRole, Slot
from core.api.base import NamedChoiceField, OptionalURLField

from .common import CommitteeReferenceSerializer


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
    def get_panel(self, day: HearingDay) -> list[dict[str, Any]]:
        panel = getattr(day, "panel", None)
        if panel is None:
            return []
        return [
            {"seat": seat, "panel_member": member.uuid, "name": member.user.full_name or member.user.email}
            for seat, member in panel.seats
        ]

    @extend_schema_field(HearingSlotOutputSerializer(many=True))
    def get_slots(self, day: HearingDay) -> list[dict[str, Any]]:
        slots = day.slots.select_related("case").order_by("starts_at")
        return list(HearingSlotOutputSerializer(slots, many=True, context=self.context).data)


class ScheduleInputSerializer(serializers.Serializer):
    case = serializers.SlugRelatedField(slug_field="uuid", queryset=Case.objects.all(), help_text="The case's UUID.")
    starts_at = serializers.TimeField(help_text="HH:MM, at or after the day's start.")
