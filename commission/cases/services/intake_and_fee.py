"""Completing the file and the complaint fee (docs/procedure/commission.md, "Completing the file
and the fee"): waived documents, the invoice, payments, the one reminder, stopping an unpaid case, and
the complete file that starts the ADR clock.

How the complainant pays (``fee_instructions``, ``case_fee_invoice_pdf``) is rendered from the case
and the commission's bank account whenever it is asked for, never stored: see
``commission/cases/payment_codes.py`` for why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from core import deadlines
from core.pdf import RenderedPdf, render_pdf
from core.qr import qr_svg_data_uri
from tenants.accounts.actors import Actor, actor_label

from .. import events
from ..models import Case, CaseDocument, Payment, Stage
from ..payment_codes import (
    BankAccount,
    creditor_reference,
    epc_payload,
    format_creditor_reference,
    format_iban,
    normalise_iban,
)
from .common import locked, long_date, refuse_closed
from .notifications import notify
from .rounds import close_rounds
from .stages import case_move


def case_documents_waive(*, case: Case, actor: Actor, kinds: list[str]) -> Case:
    """The secretary marks required documents as not needed (no contract exists) or received on paper."""
    with transaction.atomic():
        case = locked(case)
        if case.stage != Stage.FILED:
            raise ValidationError(_("The file is already complete."))
        kinds = [k for k in kinds if k in case.committee.required_documents]
        old = list(case.documents_waived or [])
        case.documents_waived = kinds
        case.save(update_fields=["documents_waived", "updated_at"])
        events.case_changed_event(case=case, actor=actor, event="documents_waived", data={"old": old, "new": kinds})
    return case


def case_fee_invoice(*, case: Case, actor: Actor = None, today: date | None = None) -> Case:
    """Invoice the complaint fee (klachtengeld): due within the committee's payment term."""
    today = today or timezone.localdate()
    with schema_context("public"), transaction.atomic():
        case = locked(case)
        refuse_closed(case)
        if case.fee_paid_at or case.fee_invoiced_at:
            raise ValidationError(_("The complaint fee was already invoiced."))
        case.fee_invoice_number = case.reference
        case.fee_invoiced_at = timezone.now()
        case.fee_due_on = deadlines.add_term(
            today, deadlines.Term(case.committee.payment_term_days, deadlines.TermUnit.CALENDAR_DAYS)
        )
        case.save(update_fields=["fee_invoice_number", "fee_invoiced_at", "fee_due_on", "updated_at"])
        events.case_changed_event(
            case=case,
            actor=actor,
            event="fee_invoiced",
            data={"amount": str(case.fee_amount), "due": str(case.fee_due_on)},
        )
        notify(
            case=case, template="fee_invoice", member=False, amount=case.fee_amount,
            invoice=case.fee_invoice_number, due_on=long_date(case.fee_due_on),
            deposit=case.deposit_amount if case.deposit_amount and not case.deposit_paid_at else None,
        )  # fmt: skip
    return case


def case_payment_register(
    *, case: Case, actor: Actor, kind: str, amount: Decimal, paid_on: date, reference: str = ""
) -> Payment:
    """Register a payment of the fee or the deposit; the fee (or deposit) counts as paid once the
    payments reach its amount. A payment cannot be dated in the future."""
    with transaction.atomic():
        case = locked(case)
        refuse_closed(case)
        if amount is None or amount <= 0:
            raise ValidationError({"amount": [_("Enter an amount above zero.")]})
        if kind not in Payment.Kind.values:
            raise ValidationError({"kind": [_("Choose what was paid.")]})
        if kind == Payment.Kind.DEPOSIT and not case.deposit_amount:
            raise ValidationError({"kind": [_("No deposit is asked in this case.")]})
        if paid_on is not None and paid_on > timezone.localdate():
            # A payment is registered once it was received, on the day it was received.
            raise ValidationError(
                {
                    "paid_on": [
                        _("%(date)s is in the future; enter the day the payment was received.")
                        % {"date": long_date(paid_on)}
                    ]
                }
            )
        payment = Payment.objects.create(
            case=case, kind=kind, amount=amount, paid_on=paid_on, reference=reference.strip(),
            registered_by_label=actor_label(actor),
        )  # fmt: skip
        total = sum((p.amount for p in case.payments.filter(kind=kind)), Decimal("0"))
        if kind == Payment.Kind.FEE and case.fee_paid_at is None and total >= case.fee_amount:
            case.fee_paid_at = timezone.now()
            case.save(update_fields=["fee_paid_at", "updated_at"])
        deposit = case.deposit_amount  # set: a deposit payment was refused above otherwise
        if kind == Payment.Kind.DEPOSIT and case.deposit_paid_at is None and deposit is not None and total >= deposit:
            case.deposit_paid_at = timezone.now()
            case.save(update_fields=["deposit_paid_at", "updated_at"])
        events.case_changed_event(
            case=case, actor=actor, event="payment_registered",
            data={"kind": kind, "amount": str(amount), "paid_on": str(paid_on), "total": str(total)},
        )  # fmt: skip
    return payment


def case_fee_remind(*, case: Case, actor: Actor = None, today: date | None = None) -> Case:
    """One reminder after the payment term, with the committee's extra days."""
    today = today or timezone.localdate()
    with schema_context("public"), transaction.atomic():
        case = locked(case)
        refuse_closed(case)
        if case.fee_paid_at:
            raise ValidationError(_("The complaint fee is paid."))
        if not case.fee_invoiced_at:
            raise ValidationError(_("Send the fee invoice first."))
        if case.fee_reminded_at:
            raise ValidationError(_("The one reminder was already sent."))
        case.fee_reminded_at = timezone.now()
        case.fee_due_on = deadlines.add_term(
            today, deadlines.Term(case.committee.payment_reminder_days, deadlines.TermUnit.CALENDAR_DAYS)
        )
        case.save(update_fields=["fee_reminded_at", "fee_due_on", "updated_at"])
        events.case_changed_event(case=case, actor=actor, event="fee_reminded", data={"due": str(case.fee_due_on)})
        notify(
            case=case, template="fee_reminder", member=False, amount=case.fee_amount,
            invoice=case.fee_invoice_number, due_on=long_date(case.fee_due_on),
        )  # fmt: skip
    return case


def case_fee_stop(*, case: Case, actor: Actor, today: date | None = None) -> Case:
    """Stop the case when the fee is still unpaid after the reminder's term."""
    today = today or timezone.localdate()
    with transaction.atomic():
        case = locked(case)
        if case.fee_paid_at:
            raise ValidationError(_("The complaint fee is paid."))
        if not case.fee_reminded_at or not case.fee_due_on or case.fee_due_on >= today:
            raise ValidationError(_("A case can only be stopped after the reminder's term has passed."))
        case = case_move(
            case=case, to=Stage.CLOSED, actor=actor, closure=Case.Closure.UNPAID, note=_("Complaint fee not paid.")
        )
        close_rounds(case)
        notify(case=case, template="case_closed", closure=case.get_closure_display(), note="")
    return case


def case_file_complete(*, case: Case, actor: Actor) -> Case:
    """The file is complete when every required document is in (or waived), the fee is paid and the
    deposit (if asked) is paid. Then the ADR clock starts (``case_move`` to admissibility)."""
    with transaction.atomic():
        case = locked(case)
        if case.stage != Stage.FILED:
            raise ValidationError(_("The file is already complete."))
        problems = []
        missing = case.missing_documents
        if missing:
            labels = ", ".join(str(CaseDocument.Kind(k).label) for k in missing)
            problems.append(_("Documents missing: %(documents)s.") % {"documents": labels})
        if not case.fee_paid_at:
            problems.append(_("The complaint fee is not paid."))
        if case.deposit_amount and not case.deposit_paid_at:
            problems.append(_("The deposit is not paid."))
        if problems:
            raise ValidationError(problems)
        case = case_move(case=case, to=Stage.ADMISSIBILITY, actor=actor, note=_("File complete."))
        notify(case=case, template="file_complete", adr_due_on=long_date(case.adr_due_on))
    return case


# How the fee is paid ----------------------------------------------------------------------------


class BankAccountNotConfigured(ImproperlyConfigured):
    """The commission's bank account is missing or wrong in the settings: no invoice can be rendered."""


def commission_bank_account() -> BankAccount:
    """The account the complaint fee is paid to (``COMMISSION_IBAN``, ``COMMISSION_BIC``,
    ``COMMISSION_BENEFICIARY``), checked: an invoice with a wrong IBAN sends the money nowhere."""
    account = BankAccount(
        iban=normalise_iban(settings.COMMISSION_IBAN or ""),
        bic=(settings.COMMISSION_BIC or "").replace(" ", "").upper(),
        beneficiary=settings.COMMISSION_BENEFICIARY or settings.COMMISSION_NAME,
    )
    problems = account.problems()
    if problems:
        raise BankAccountNotConfigured(
            "The complaint fee cannot be invoiced without the commission's bank account: "
            + " ".join(problems)
            + " Set it in the environment (deploy/env.example)."
        )
    return account


@dataclass(frozen=True)
class FeeInstructions:
    """Everything the complainant needs to pay the complaint fee, and the bank to match it."""

    case: Case
    invoice_number: str
    invoiced_on: date
    due_on: date | None
    amount: Decimal
    account: BankAccount
    #: ISO 11649 structured creditor reference made from the invoice number.
    reference: str
    #: The EPC QR code's text (payment_codes.epc_payload).
    epc_payload: str

    @property
    def iban_display(self) -> str:
        return format_iban(self.account.iban)

    @property
    def reference_display(self) -> str:
        return format_creditor_reference(self.reference)


def fee_instructions(*, case: Case) -> FeeInstructions | None:
    """How to pay this case's complaint fee: the case's invoice (number, date, amount, due date) and
    the commission's account. ``None`` while the fee is not invoiced. Raises
    ``BankAccountNotConfigured`` when the settings have no valid account."""
    if not case.fee_invoiced_at or not case.fee_invoice_number:
        return None
    account = commission_bank_account()
    reference = creditor_reference(case.fee_invoice_number)
    return FeeInstructions(
        case=case,
        invoice_number=case.fee_invoice_number,
        invoiced_on=timezone.localdate(case.fee_invoiced_at),
        due_on=case.fee_due_on,
        amount=case.fee_amount,
        account=account,
        reference=reference,
        epc_payload=epc_payload(account=account, amount=case.fee_amount, reference=reference),
    )


def case_fee_invoice_pdf(*, case: Case) -> RenderedPdf:
    """The fee invoice as a PDF: addressed to the complainant, with the amount, the due date, the
    account, the structured reference and the EPC QR code that banking apps scan. Refused while the
    fee is not invoiced."""
    instructions = fee_instructions(case=case)
    if instructions is None:
        raise ValidationError(_("The complaint fee is not invoiced yet."))
    return render_pdf(
        "cases/fee_invoice.html",
        {
            "case": case,
            "fee": instructions,
            "commission_name": settings.COMMISSION_NAME,
            "qr": qr_svg_data_uri(instructions.epc_payload),
        },
    )
