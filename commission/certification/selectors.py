"""Reading the contribution ledger."""

from __future__ import annotations

from datetime import date

from django.db.models import BooleanField, Case, F, Q, Value, When

from .models import Invoice, InvoiceQuerySet


def invoice_list(*, year: int, on: date) -> InvoiceQuerySet:
    """The year's invoices with what was paid and whether each is paid in full or overdue on ``on``."""
    invoices: InvoiceQuerySet = Invoice.objects.filter(year=year).with_paid().select_related("member")
    return invoices.annotate(
        is_paid=Case(
            When(Q(paid_amount__gte=F("amount")), then=Value(True)), default=Value(False), output_field=BooleanField()
        ),
        is_overdue=Case(
            When(Q(due_on__lt=on) & Q(paid_amount__lt=F("amount")), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    ).order_by("number")
