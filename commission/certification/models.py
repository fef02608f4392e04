"""The commission's criteria for a member in good standing, and the contribution ledger."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

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
