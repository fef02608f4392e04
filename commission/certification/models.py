"""The commission's criteria for a member in good standing, and the contribution ledger."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from commission.cases.storage import commission_storage
from tenants.members.models import Member, Sector


class Criteria(models.Model):
    """The criteria the commission applies (one row): which are on and their thresholds."""

    membership_active = models.BooleanField(_("membership is active"), default=True)
    contribution_paid = models.BooleanField(_("annual contribution is paid"), default=True)
    regulation_published = models.BooleanField(_("a complaints regulation is published"), default=True)
    rulings_complied = models.BooleanField(_("no ruling left uncomplied past its term"), default=True)
    first_line_acknowledged = models.BooleanField(_("complaints acknowledged in time"), default=True)
    first_line_answered = models.BooleanField(_("complaints answered in time"), default=True)
    minimum_complaints = models.PositiveSmallIntegerField(
        _("minimum number of complaints"),
        default=10,
        validators=[MinValueValidator(1)],
        help_text=_("Below this number a member is not judged on a percentage."),
    )
    acknowledged_share = models.PositiveSmallIntegerField(
        _("share acknowledged in time (%)"), default=90, validators=[MaxValueValidator(100)]
    )
    answered_share = models.PositiveSmallIntegerField(
        _("share answered in time (%)"), default=80, validators=[MaxValueValidator(100)]
    )
    period_months = models.PositiveSmallIntegerField(
        _("period (months)"), default=12, validators=[MinValueValidator(1), MaxValueValidator(36)]
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("criteria")
        verbose_name_plural = _("criteria")

    def __str__(self) -> str:
        return str(_("Criteria"))

    @classmethod
    def current(cls) -> Criteria:
        criteria, _created = cls.objects.get_or_create(pk=1)
        return criteria


class Contribution(models.Model):
    """The annual contribution a member of a sector pays for a year."""

    sector = models.ForeignKey(Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)])

    class Meta:
        ordering = ["-year", "sector__name_nl"]
        constraints = [models.UniqueConstraint(fields=["sector", "year"], name="contribution_once_per_sector_year")]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")

    def __str__(self) -> str:
        return f"{self.sector} {self.year}: {self.amount}"


class InvoiceQuerySet(models.QuerySet["Invoice"]):
    def with_paid(self) -> InvoiceQuerySet:
        return self.annotate(
            paid_amount=models.functions.Coalesce(
                Sum("payments__amount"), Decimal("0.00"), output_field=models.DecimalField()
            )
        )

    def overdue(self, *, on: object) -> InvoiceQuerySet:
        """Invoices whose due date has passed by ``on`` and that are not fully paid."""
        return self.with_paid().filter(models.Q(due_on__lt=on) & models.Q(paid_amount__lt=models.F("amount")))


class Invoice(models.Model):
    """A member's contribution invoice for a year."""

    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.CharField(_("invoice number"), max_length=20, unique=True)
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    issued_on = models.DateField(_("issued on"))
    due_on = models.DateField(_("due on"))

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "number"]
        constraints = [models.UniqueConstraint(fields=["member", "year"], name="invoice_once_per_member_year")]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")

    def __str__(self) -> str:
        return self.number


class Payment(models.Model):
    """A payment received on an invoice."""

    invoice = models.ForeignKey(Invoice, verbose_name=_("invoice"), on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(
        _("amount"), max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    paid_on = models.DateField(_("paid on"))
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    recorded_by_label = models.CharField(max_length=254, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paid_on", "id"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")

    def __str__(self) -> str:
        return f"{self.invoice.number}: {self.amount}"


def certificate_path(instance: Certificate, filename: str) -> str:
    # Keyed by member: one member's certificates never share a folder with another's.
    return f"certificates/{instance.member.uuid}/{instance.serial}.pdf"


class CertificateQuerySet(models.QuerySet["Certificate"]):
    def valid_on(self, day: date) -> CertificateQuerySet:
        """Certificates issued (not suspended or revoked) whose period covers ``day``."""
        return self.filter(status=Certificate.Status.ISSUED, valid_from__lte=day, valid_until__gte=day)


class Certificate(models.Model):
    """A compliance certificate: the commission's signed statement that a member met its criteria.

    The row is created when the certificate is asked for (with the evaluation it is issued on and the
    member's particulars as they were); a worker renders and signs the PDF and stores it with its
    SHA-256. From then on the database refuses any change except to the status (suspension,
    revocation, reinstatement) and its reason.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Being issued")
        ISSUED = "issued", _("Issued")
        SUSPENDED = "suspended", _("Suspended")
        REVOKED = "revoked", _("Revoked")

    class Route(models.TextChoices):
        YEARLY = "yearly", _("Yearly issue")
        SECRETARY = "secretary", _("Issued by the secretary")
        OWNER = "owner", _("Requested by the member")

    class Standing(models.TextChoices):
        """What the certificate says on a given day (the verification page, the badge, the API)."""

        VALID = "valid", _("Valid")
        EXPIRED = "expired", _("Expired")
        SUSPENDED = "suspended", _("Suspended")
        REVOKED = "revoked", _("Revoked")
        PENDING = "pending", _("Being issued")
        NOT_YET_VALID = "not_yet_valid", _("Not yet valid")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    serial = models.CharField(_("serial number"), max_length=20, unique=True)
    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="certificates")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    route = models.CharField(_("issued by"), max_length=20, choices=Route.choices)
    issued_on = models.DateField(_("issued on"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    # The member's particulars as they were on the day of issue (the certificate states them).
    member_name = models.CharField(_("legal name"), max_length=200)
    member_address = models.CharField(_("address"), max_length=400, blank=True)
    sector_nl = models.CharField(_("sector (Dutch)"), max_length=120)
    sector_en = models.CharField(_("sector (English)"), max_length=120)
    evaluation = models.JSONField(_("evaluation"))
    requested_by_label = models.CharField(max_length=254, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    rendered_at = models.DateTimeField(null=True, blank=True)
    pdf = models.FileField(upload_to=certificate_path, storage=commission_storage, max_length=200, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    status_reason = models.TextField(_("reason"), blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by_label = models.CharField(max_length=254, blank=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-created_at"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gt=models.F("valid_from")), name="certificate_period"
            ),
            models.CheckConstraint(
                condition=models.Q(status="pending") | ~models.Q(pdf_sha256=""), name="certificate_issued_has_pdf"
            ),
            # Asked for twice on one day (two clicks, two workers): one certificate.
            models.UniqueConstraint(
                fields=["member", "valid_from"],
                condition=~models.Q(status="revoked"),
                name="certificate_once_per_member_day",
            ),
        ]

    def __str__(self) -> str:
        return self.serial

    def standing_on(self, day: date) -> Certificate.Standing:
        if self.status == self.Status.REVOKED:
            return self.Standing.REVOKED
        if self.status == self.Status.SUSPENDED:
            return self.Standing.SUSPENDED
        if self.status == self.Status.PENDING:
            return self.Standing.PENDING
        if day < self.valid_from:
            return self.Standing.NOT_YET_VALID
        if day > self.valid_until:
            return self.Standing.EXPIRED
        return self.Standing.VALID
