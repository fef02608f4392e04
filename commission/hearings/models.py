"""Hearings (zittingen): hearing days with their panel of three, the pool of panel members with their
conflicts and unavailable dates, cases scheduled into slots, and who attended.

docs/procedure/commission.md, "Hearings": a hearing takes about 30 minutes; the panel is an independent chair, a
member nominated by the consumer side and one nominated by the trade side.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commission.cases.models import Case, Committee
from tenants.members.models import Member, Sector


class PanelRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    CONSUMER = "consumer", _("Consumer side")
    TRADE = "trade", _("Trade side")


class PanelMember(models.Model):
    """A commission user who can sit on hearing panels, for one seat (chair, consumer or trade side)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="panel_membership"
    )
    panel_role = models.CharField(_("seat"), max_length=10, choices=PanelRole.choices)
    sectors = models.ManyToManyField(Sector, verbose_name=_("sectors"), related_name="panel_members", blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["panel_role", "user__full_name"]
        verbose_name = _("panel member")
        verbose_name_plural = _("panel members")

    def __str__(self) -> str:
        return self.user.full_name or self.user.email


class Unavailability(models.Model):
    """A date on which a panel member cannot sit."""

    panel_member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="unavailable_dates")
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["panel_member", "date"], name="one_unavailability_per_date")]

    def __str__(self) -> str:
        return f"{self.panel_member} {self.date}"


class Conflict(models.Model):
    """A declared conflict of interest: the panel member may not hear cases of this member, or this case."""

    panel_member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="conflicts")
    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["declared_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False, case__isnull=True) | Q(member__isnull=True, case__isnull=False),
                name="conflict_member_or_case",
            )
        ]

    def __str__(self) -> str:
        return f"{self.panel_member}: {self.member or self.case}"


class HearingDay(models.Model):
    """A session day of a committee: at a place and room, or by video."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    committee = models.ForeignKey(Committee, verbose_name=_("committee"), on_delete=models.PROTECT)
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    room = models.CharField(_("room"), max_length=100, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    slot_minutes = models.PositiveSmallIntegerField(_("minutes per case"), default=30)
    cancelled = models.BooleanField(_("cancelled"), default=False)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "starts_at"]
        verbose_name = _("hearing day")
        verbose_name_plural = _("hearing days")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.committee}"

    @property
    def location(self) -> str:
        return ", ".join(part for part in (self.place, self.room) if part) or self.video_link


class Panel(models.Model):
    """The three seats of a hearing day's panel."""

    hearing_day = models.OneToOneField(HearingDay, on_delete=models.CASCADE, related_name="panel")
    chair = models.ForeignKey(PanelMember, verbose_name=_("chair"), on_delete=models.PROTECT, related_name="+")
    consumer = models.ForeignKey(
        PanelMember, verbose_name=_("consumer side"), on_delete=models.PROTECT, related_name="+"
    )
    trade = models.ForeignKey(PanelMember, verbose_name=_("trade side"), on_delete=models.PROTECT, related_name="+")
    composed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.chair}, {self.consumer}, {self.trade}"

    @property
    def seats(self) -> list[tuple[str, PanelMember]]:
        return [(PanelRole.CHAIR, self.chair), (PanelRole.CONSUMER, self.consumer), (PanelRole.TRADE, self.trade)]


class Slot(models.Model):
    """A case on a hearing day. The row keeps its ``uid`` through reschedules so calendar updates replace
    the earlier invitation; ``sequence`` rises with every change (RFC 5545)."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        RESCHEDULED = "rescheduled", _("Rescheduled")
        CANCELLED = "cancelled", _("Cancelled")

    ACTIVE = (Status.SCHEDULED, Status.RESCHEDULED)

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    hearing_day = models.ForeignKey(HearingDay, on_delete=models.PROTECT, related_name="slots")
    starts_at = models.TimeField(_("starts at"))
    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="hearing_slots")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SCHEDULED)
    sequence = models.PositiveIntegerField(default=0)
    held_at = models.DateTimeField(_("held at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["hearing_day__date", "starts_at"]
        constraints = [
            # A case has at most one hearing planned at a time.
            models.UniqueConstraint(
                fields=["case"], condition=~Q(status="cancelled"), name="one_planned_hearing_per_case"
            ),
            models.UniqueConstraint(
                fields=["hearing_day", "starts_at"], condition=~Q(status="cancelled"), name="one_case_per_slot_time"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.starts_at:%H:%M}"

    @property
    def start(self) -> datetime:
        return datetime.combine(self.hearing_day.date, self.starts_at, tzinfo=timezone.get_default_timezone())

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.hearing_day.slot_minutes)

    @property
    def date(self) -> date:
        return self.hearing_day.date


class Attendance(models.Model):
    """Who attended a hearing: each party and each panel seat, once."""

    class Party(models.TextChoices):
        COMPLAINANT = "complainant", _("Complainant")
        MEMBER = "member", _("Member")
        CHAIR = "chair", _("Chair")
        CONSUMER = "consumer", _("Consumer side")
        TRADE = "trade", _("Trade side")

    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="attendance")
    party = models.CharField(_("party"), max_length=12, choices=Party.choices)
    attended = models.BooleanField(_("attended"))
    recorded_by_label = models.CharField(max_length=254)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slot", "id"]
        constraints = [models.UniqueConstraint(fields=["slot", "party"], name="one_attendance_per_party")]

    def __str__(self) -> str:
        return f"{self.slot}: {self.party}={self.attended}"


class PostponementRequest(models.Model):
    """A party's request to postpone its scheduled hearing (verzoek om uitstel), with the reason; the
    secretary grants it (the hearing is cancelled and the case waits to be scheduled again) or refuses
    it with a note. A party has at most one open request per hearing."""

    class Party(models.TextChoices):
        COMPLAINANT = "complainant", _("Complainant")
        MEMBER = "member", _("Member")

    class Decision(models.TextChoices):
        GRANTED = "granted", _("Granted")
        REFUSED = "refused", _("Refused")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="postponement_requests")
    party = models.CharField(_("party"), max_length=12, choices=Party.choices)
    reason = models.TextField(_("reason"))
    requested_by_label = models.CharField(max_length=254)
    requested_at = models.DateTimeField(auto_now_add=True)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by_label = models.CharField(max_length=254, blank=True)
    decision_note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["requested_at", "id"]
        verbose_name = _("postponement request")
        verbose_name_plural = _("postponement requests")
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "party"], condition=Q(decision=""), name="one_open_postponement_per_party"
            )
        ]

    def __str__(self) -> str:
        return f"{self.slot}: {self.party} {self.decision or 'open'}"

    @property
    def is_open(self) -> bool:
        return not self.decision
