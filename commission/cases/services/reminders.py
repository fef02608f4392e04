"""The daily reminders of the procedure: rounds due, the unpaid fee, an incomplete file."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tenants.utils import schema_context

from ..models import Case, CaseDocument, Party, Round, Stage
from .common import long_date
from .intake_and_fee import case_fee_remind
from .notifications import notify


def case_reminders_send(*, today: date | None = None) -> dict[str, int]:
    """The daily reminders: a party's round due soon or overdue (once each), the one fee reminder
    after the payment term, and the complainant's file still incomplete after its term (once)."""
    today = today or timezone.localdate()
    sent = {"rounds": 0, "fee": 0, "completion": 0}
    with schema_context("public"):
        rounds = Round.objects.filter(closed_at__isnull=True, reminded_at__isnull=True).exclude(
            case__stage=Stage.CLOSED
        )
        for round_ in rounds.select_related("case__committee", "case__member"):
            if round_.due_on > today + timedelta(days=round_.case.committee.reminder_days_before):
                continue
            with transaction.atomic():
                Round.objects.filter(pk=round_.pk).update(reminded_at=timezone.now())
                notify(
                    case=round_.case, template="round_reminder", complainant=round_.party == Party.COMPLAINANT,
                    member=round_.party == Party.MEMBER, round=round_.get_kind_display(), due_on=long_date(round_.due_on),
                    overdue=round_.due_on < today,
                )  # fmt: skip
            sent["rounds"] += 1
        unpaid = Case.objects.filter(
            fee_paid_at__isnull=True, fee_invoiced_at__isnull=False, fee_reminded_at__isnull=True, fee_due_on__lt=today
        ).exclude(stage=Stage.CLOSED)
        for case in unpaid:
            case_fee_remind(case=case, today=today)
            sent["fee"] += 1
        incomplete = Case.objects.filter(
            Q(stage=Stage.FILED), completion_due_on__lt=today, completion_reminded_at__isnull=True
        )
        for case in incomplete:
            with transaction.atomic():
                Case.objects.filter(pk=case.pk).update(completion_reminded_at=timezone.now())
                notify(
                    case=case, template="completion_overdue", member=False,
                    missing=", ".join(str(CaseDocument.Kind(k).label) for k in case.missing_documents),
                )  # fmt: skip
            sent["completion"] += 1
    return sent
