"""Rulings (bindend advies) of the commission, their anonymised publication and their compliance
(nakoming). Public schema only.

A ruling is a first-class record with its dates (decided, sent, effective, compliance due, court
review until), a document (the PDF) and the document's SHA-256. Once the chair approves it, the
database refuses any change or deletion (migration 0002); a correction is a new ruling that points to
the one it corrects. Publication and compliance bookkeeping live in their own tables for that reason.
"""

from __future__ import annotations

import uuid

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from commission.cases.models import Case
from commission.cases.storage import commission_storage
from tenants.members.models import Sector


class Outcome(models.TextChoices):
    INADMISSIBLE = "inadmissible", _("Inadmissible")
    UNFOUNDED = "unfounded", _("Unfounded")
    PARTLY_FOUNDED = "partly_founded", _("Partly founded")
    FOUNDED = "founded", _("Founded")


#: Outcomes that oblige the member to do something, so compliance is followed up.
OUTCOMES_TO_COMPLY = (Outcome.PARTLY_FOUNDED, Outcome.FOUNDED)

#: The sections of a ruling, in the order of the document.
SECTIONS = ("summary", "subject", "complainant_position", "member_position", "assessment", "decision")


def ruling_path(instance: Ruling, filename: str) -> str:
    return f"rulings/{instance.case.uuid}/{instance.uuid}-v{instance.version}.pdf"


class Ruling(models.Model):
    """A ruling (uitspraak, bindend advies) in a case, drafted by the secretary and approved by the chair."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")

    class FeeRefund(models.TextChoices):
        NONE = "none", _("No refund of the complaint fee")
        MEMBER = "member", _("The member reimburses the complaint fee")

    class Deposit(models.TextChoices):
        NONE = "none", _("No deposit was paid")
        TO_MEMBER = "to_member", _("The deposit goes to the member")
        TO_COMPLAINANT = "to_complainant", _("The deposit goes back to the complainant")
        SPLIT = "split", _("The deposit is split")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="rulings")
    version = models.PositiveSmallIntegerField(default=1)
    number = models.CharField(_("ruling number"), max_length=30, unique=True)
    corrects = models.ForeignKey(
        "self", verbose_name=_("corrects"), on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)

    summary = models.TextField(_("summary"), blank=True)
    subject = models.TextField(_("subject of the dispute"), blank=True)
    complainant_position = models.TextField(_("the complainant's position"), blank=True)
    member_position = models.TextField(_("the member's position"), blank=True)
    assessment = models.TextField(_("assessment"), blank=True)
    decision = models.TextField(_("decision"), blank=True)

    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    amount_awarded = models.DecimalField(
        _("amount awarded"), max_digits=10, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    fee_refund = models.CharField(_("complaint fee"), max_length=10, choices=FeeRefund.choices, default=FeeRefund.NONE)
    deposit_decision = models.CharField(_("deposit"), max_length=20, choices=Deposit.choices, default=Deposit.NONE)
    deposit_to_complainant = models.DecimalField(
        _("part of the deposit for the complainant"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    compliance_term_days = models.PositiveSmallIntegerField(
        _("compliance term (days)"), default=30, validators=[MinValueValidator(1)]
    )
    #: Whether the panel decided unanimously or by majority; unknown (None) until the draft records it,
    #: and a ruling is not approved without it (issue 10: the ruling says how the panel decided).
    unanimous = models.BooleanField(_("unanimous or by majority"), null=True, blank=True)

    drafted_by_label = models.CharField(max_length=254, blank=True)
    drafted_at = models.DateTimeField(null=True, blank=True)
    approved_by_label = models.CharField(_("approved by"), max_length=254, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    effective_on = models.DateField(_("effective from"), null=True, blank=True)
    compliance_due_on = models.DateField(_("comply by"), null=True, blank=True)
    #: The parties may ask a court to review the ruling until this date (committee rules).
    court_review_until = models.DateField(_("court review until"), null=True, blank=True)

    pdf = models.FileField(upload_to=ruling_path, storage=commission_storage, max_length=200, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    #: The HTML the PDF was rendered from, kept with the record for audits.
    html = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "version"]
        verbose_name = _("ruling")
        verbose_name_plural = _("rulings")
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="one_ruling_per_version"),
            # One ruling being drafted per case at a time.
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(status="draft"), name="one_draft_ruling_per_case"
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | (~models.Q(outcome="") & ~models.Q(pdf_sha256="") & models.Q(approved_at__isnull=False)),
                name="approved_ruling_is_complete",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def needs_compliance(self) -> bool:
        return self.outcome in OUTCOMES_TO_COMPLY


class Publication(models.Model):
    """The anonymised text of a ruling for the public rulings page: natural persons become role labels
    ([consument], [adres]); the member is named. Shown only after the secretary reviewed it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Awaiting review")
        PUBLISHED = "published", _("Published")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    ruling = models.OneToOneField(Ruling, on_delete=models.PROTECT, related_name="publication")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    member_name = models.CharField(_("member"), max_length=200)
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    decided_on = models.DateField(_("decided on"))
    summary = models.TextField(_("summary"), blank=True)
    subject = models.TextField(_("subject of the dispute"), blank=True)
    complainant_position = models.TextField(_("the complainant's position"), blank=True)
    member_position = models.TextField(_("the member's position"), blank=True)
    assessment = models.TextField(_("assessment"), blank=True)
    decision = models.TextField(_("decision"), blank=True)
    prepared_by_label = models.CharField(max_length=254, blank=True)
    prepared_at = models.DateTimeField(auto_now_add=True)
    reviewed_by_label = models.CharField(_("reviewed by"), max_length=254, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        indexes = [models.Index(fields=["status", "-decided_on"], name="publication_status_idx")]

    def __str__(self) -> str:
        return f"{self.ruling.number} ({self.get_status_display()})"


class Compliance(models.Model):
    """Compliance (nakoming) with a ruling that obliges the member: both parties confirm, the
    complainant may report non-compliance, and a daily task flags what is overdue."""

    ruling = models.OneToOneField(Ruling, on_delete=models.PROTECT, related_name="compliance")
    due_on = models.DateField(_("comply by"))
    member_confirmed_at = models.DateTimeField(_("member confirmed compliance at"), null=True, blank=True)
    member_confirmed_by_label = models.CharField(max_length=254, blank=True)
    member_note = models.TextField(_("member's note"), blank=True)
    complainant_confirmed_at = models.DateTimeField(_("complainant confirmed compliance at"), null=True, blank=True)
    complainant_reported_non_compliance_at = models.DateTimeField(
        _("complainant reported non-compliance at"), null=True, blank=True
    )
    non_compliance_text = models.TextField(_("what was not done"), blank=True)
    flagged_overdue_at = models.DateTimeField(_("flagged overdue at"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("compliance")
        verbose_name_plural = _("compliance")

    def __str__(self) -> str:
        return f"{self.ruling.number}: {self.state}"

    @property
    def state(self) -> str:
        if self.complainant_confirmed_at:
            return "complied"
        if self.complainant_reported_non_compliance_at:
            return "not_complied"
        if self.member_confirmed_at:
            return "member_confirmed"
        if self.flagged_overdue_at:
            return "overdue"
        return "open"
