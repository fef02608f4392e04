"""The procedure after filing (domain research §b steps 2–5): completing the file, the complaint fee,
admissibility, the written rounds (hoor en wederhoor), confidential documents, the expert, withdrawal
and settlement, and the reminders.

Every service is keyword-only, runs in one transaction in the ``public`` schema (the commission's
audit trail and outbox live there, also when a member's staff act from their own back-office) and
writes its audit event. E-mails go through the commission's outbox after commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from core import deadlines
from core.uploads import CheckedUpload, check_upload
from tenants.members.links import absolute_url

from . import events
from .models import (
    AdmissibilityDecision,
    Case,
    CaseDocument,
    DocumentAccess,
    ExpertAppointment,
    Party,
    Payment,
    Round,
    Stage,
    Submission,
)
from .services import case_link, case_move


@dataclass(frozen=True)
class PartyActor:
    """A party acting through its own page: a member's staff user (whose row lives in the member's
    schema) or the complainant with their link. The public audit trail stores the label, never a
    user id from another schema."""

    party: str
    label: str
    is_authenticated: bool = False

    @property
    def audit_label(self) -> str:
        return f"{self.party}: {self.label}"


def actor_label(actor) -> str:
    if getattr(actor, "is_authenticated", False):
        return actor.full_name or actor.email
    return getattr(actor, "label", "") or _("system")


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().select_related("committee", "member").get(pk=case.pk)


def _refuse_closed(case: Case) -> None:
    if case.stage == Stage.CLOSED:
        raise ValidationError(_("This case is closed."))


def _date(value: date | None) -> str:
    return formats.date_format(value, "j F Y") if value else ""


# E-mail --------------------------------------------------------------------------------------------


def member_case_url(case: Case) -> str:
    path = reverse("member_cases:detail", kwargs={"uuid": case.uuid}, urlconf=settings.ROOT_URLCONF)
    return absolute_url(path, tenant=case.member)


def member_staff_addresses(case: Case) -> list[tuple[str, str]]:
    """E-mail addresses and languages of the member's owners and complaint handlers (read in the
    member's own schema: users live per schema)."""
    from tenants.accounts.models import User
    from tenants.accounts.roles import Role

    with schema_context(case.member.schema_name):
        return list(
            User.objects.filter(is_active=True, role__in=[Role.OWNER, Role.HANDLER]).values_list("email", "language")
        )


def _email(*, case: Case, to: str, template: str, context: dict, language: str | None = None) -> None:
    from tenants.outbox.services import email_queue_rendered

    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"cases/emails/{template}_subject.txt", context)
        body = render_to_string(f"cases/emails/{template}_body.txt", context)
    email_queue_rendered(
        to=to, subject=subject, body_text=body, topic=f"case_{template}", about=f"cases.case:{case.uuid}"
    )


def notify(*, case: Case, template: str, complainant: bool = True, member: bool = True, **context) -> None:
    """Queue ``templates/cases/emails/<template>_*.txt`` to the complainant (with their link) and/or
    the member's staff (with the back-office link), each in their own language."""
    base = {
        "reference": case.reference,
        "member": case.member.legal_name,
        "complainant": case.complainant_name,
        "commission": settings.COMMISSION_NAME,
        **context,
    }
    if complainant:
        _email(case=case, to=case.complainant_email, template=template, context={**base, "link": case_link(case)})
    if member:
        link = member_case_url(case)
        for address, language in member_staff_addresses(case):
            _email(
                case=case, to=address, template=template, context={**base, "link": link, "for_member": True},
                language=language,
            )  # fmt: skip


# Documents -------------------------------------------------------------------------------------------


def _store_document(
    *, case: Case, kind: str, party: str, checked: CheckedUpload, label: str, submission: Submission | None = None
) -> CaseDocument:
    upload = checked.upload
    upload.seek(0)
    document = CaseDocument(
        case=case,
        kind=kind,
        party=party,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by_label=label,
        submission=submission,
    )
    document.file.save(checked.name, File(upload), save=False)
    document.save()
    return document


def case_documents_add(*, case: Case, actor: PartyActor, kind: str, uploads: list[CheckedUpload]) -> list[CaseDocument]:
    """The complainant completes the file (complaint letter, the member's answer, invoice, contract)
    while the case is being filed. The member sees these documents too."""
    with schema_context("public"), transaction.atomic():
        case = _locked(case)
        if case.stage != Stage.FILED:
            raise ValidationError(_("The file is complete; send documents in a written round."))
        if kind not in CaseDocument.Kind.values or kind in (CaseDocument.Kind.SNAPSHOT_ATTACHMENT,):
            raise ValidationError({"kind": [_("Choose what the document is.")]})
        if not uploads:
            raise ValidationError({"attachments": [_("Choose at least one file.")]})
        documents = [
            _store_document(case=case, kind=kind, party=actor.party, checked=c, label=actor.label) for c in uploads
        ]
        events.case_documents_added_event(case=case, actor=actor, documents=documents)
    return documents


def case_documents_waive(*, case: Case, actor, kinds: list[str]) -> Case:
    """The secretary marks required documents as not needed (no contract exists) or received on paper."""
    with transaction.atomic():
        case = _locked(case)
        if case.stage != Stage.FILED:
            raise ValidationError(_("The file is already complete."))
        kinds = [k for k in kinds if k in case.committee.required_documents]
        old = list(case.documents_waived or [])
        case.documents_waived = kinds
        case.save(update_fields=["documents_waived", "updated_at"])
        events.case_changed_event(case=case, actor=actor, event="documents_waived", data={"old": old, "new": kinds})
    return case


def case_document_confidential(*, case: Case, actor, document: CaseDocument, reason: str) -> CaseDocument:
    """Only the secretary hides a document from the other party, and only with a reason (kept on
    the document and in the audit trail). The commission still sees it."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason why this document is confidential.")]})
    with transaction.atomic():
        document = CaseDocument.objects.select_for_update().get(pk=document.pk, case=case)
        document.confidential = True
        document.confidential_reason = reason
        document.confidential_marked_by_label = actor_label(actor)
        document.save(update_fields=["confidential", "confidential_reason", "confidential_marked_by_label"])
        events.case_changed_event(
            case=case, actor=actor, event="document_confidential",
            data={"document": str(document.uuid), "name": document.original_name, "reason": reason},
        )  # fmt: skip
    return document


def case_document_disclose(*, case: Case, actor, document: CaseDocument) -> CaseDocument:
    """The secretary decides that a confidential document is for both parties after all (such as a
    file the member had not shared with the complainant). Whoever did not see it yet is told; the
    reason it was confidential stays in the audit trail."""
    with transaction.atomic():
        document = CaseDocument.objects.select_for_update().get(pk=document.pk, case=case)
        if not document.confidential:
            raise ValidationError({"document": [_("This document is not confidential.")]})
        reason, seen_by = document.confidential_reason, document.visible_to_party
        document.confidential = False
        document.confidential_reason = ""
        document.confidential_marked_by_label = ""
        document.visible_to_party = ""
        document.save(
            update_fields=["confidential", "confidential_reason", "confidential_marked_by_label", "visible_to_party"]
        )
        events.case_changed_event(
            case=case, actor=actor, event="document_disclosed",
            data={"document": str(document.uuid), "name": document.original_name, "reason_was": reason},
        )  # fmt: skip
        notify(
            case=case, template="document_disclosed", complainant=seen_by != Party.COMPLAINANT,
            member=seen_by != Party.MEMBER, name=document.original_name,
        )  # fmt: skip
    return document


#: The parties for whom the commission can receive a document on paper or by post.
RECEIVED_DOCUMENT_PARTIES = (CaseDocument.Party.COMPLAINANT, CaseDocument.Party.MEMBER)


def case_document_receive(
    *, case: Case, actor, party: str, kind: str, upload, confidential: bool = False, confidential_reason: str = ""
) -> CaseDocument:
    """The commission received a document of a party on paper or by post and adds it to the file
    (scanned). The file is checked by its content; the other party is told that a new document is
    there to read, unless the secretary marks it confidential (which needs a reason)."""
    errors = {}
    if party not in RECEIVED_DOCUMENT_PARTIES:
        errors["party"] = [_("Choose the party the document comes from.")]
    if kind not in CaseDocument.Kind.values or kind == CaseDocument.Kind.SNAPSHOT_ATTACHMENT:
        errors["kind"] = [_("Choose what the document is.")]
    confidential_reason = (confidential_reason or "").strip()
    if confidential and not confidential_reason:
        errors["confidential_reason"] = [_("Give the reason why this document is confidential.")]
    checked = None
    if not upload:
        errors["upload"] = [_("Choose a file.")]
    else:
        try:
            checked = check_upload(upload)
        except ValidationError as exc:
            errors["upload"] = exc.messages
    if errors:
        raise ValidationError(errors)
    label = actor_label(actor)
    with schema_context("public"), transaction.atomic():
        case = _locked(case)
        _refuse_closed(case)
        document = _store_document(case=case, kind=kind, party=party, checked=checked, label=label)
        if confidential:
            document.confidential = True
            document.confidential_reason = confidential_reason
            document.confidential_marked_by_label = label
            document.save(update_fields=["confidential", "confidential_reason", "confidential_marked_by_label"])
        events.case_changed_event(
            case=case, actor=actor, event="document_received",
            data={"document": str(document.uuid), "name": document.original_name, "party": party, "kind": kind,
                  "sha256": document.sha256, "confidential": confidential, "reason": confidential_reason},
        )  # fmt: skip
        if not confidential:
            notify(
                case=case, template="submission_received", complainant=party == Party.MEMBER,
                member=party == Party.COMPLAINANT, round=document.get_kind_display(),
            )  # fmt: skip
    return document


def case_document_access_record(*, document: CaseDocument, party: str, viewer_label: str) -> DocumentAccess:
    """Who saw which document and when (append-only), from every download view."""
    with schema_context("public"):
        return DocumentAccess.objects.create(document=document, party=party, viewer_label=viewer_label[:254])


# Fee and payments ---------------------------------------------------------------------------------


def case_fee_invoice(*, case: Case, actor=None, today: date | None = None) -> Case:
    """Invoice the complaint fee (klachtengeld): due within the committee's payment term."""
    today = today or timezone.localdate()
    with schema_context("public"), transaction.atomic():
        case = _locked(case)
        _refuse_closed(case)
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
            invoice=case.fee_invoice_number, due_on=_date(case.fee_due_on),
            deposit=case.deposit_amount if case.deposit_amount and not case.deposit_paid_at else None,
        )  # fmt: skip
    return case


def case_payment_register(
    *, case: Case, actor, kind: str, amount: Decimal, paid_on: date, reference: str = ""
) -> Payment:
    """Register a payment of the fee or the deposit; the fee (or deposit) counts as paid once the
    payments reach its amount. A payment cannot be dated in the future."""
    with transaction.atomic():
        case = _locked(case)
        _refuse_closed(case)
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
                        % {"date": _date(paid_on)}
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
        if kind == Payment.Kind.DEPOSIT and case.deposit_paid_at is None and total >= case.deposit_amount:
            case.deposit_paid_at = timezone.now()
            case.save(update_fields=["deposit_paid_at", "updated_at"])
        events.case_changed_event(
            case=case, actor=actor, event="payment_registered",
            data={"kind": kind, "amount": str(amount), "paid_on": str(paid_on), "total": str(total)},
        )  # fmt: skip
    return payment


def case_fee_remind(*, case: Case, actor=None, today: date | None = None) -> Case:
    """One reminder after the payment term, with the committee's extra days."""
    today = today or timezone.localdate()
    with schema_context("public"), transaction.atomic():
        case = _locked(case)
        _refuse_closed(case)
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
            invoice=case.fee_invoice_number, due_on=_date(case.fee_due_on),
        )  # fmt: skip
    return case


def case_fee_stop(*, case: Case, actor, today: date | None = None) -> Case:
    """Stop the case when the fee is still unpaid after the reminder's term."""
    today = today or timezone.localdate()
    with transaction.atomic():
        case = _locked(case)
        if case.fee_paid_at:
            raise ValidationError(_("The complaint fee is paid."))
        if not case.fee_reminded_at or not case.fee_due_on or case.fee_due_on >= today:
            raise ValidationError(_("A case can only be stopped after the reminder's term has passed."))
        case = case_move(
            case=case, to=Stage.CLOSED, actor=actor, closure=Case.Closure.UNPAID, note=_("Complaint fee not paid.")
        )
        _close_rounds(case)
        notify(case=case, template="case_closed", closure=case.get_closure_display(), note="")
    return case


# Completeness and admissibility ------------------------------------------------------------------


def case_file_complete(*, case: Case, actor) -> Case:
    """The file is complete when every required document is in (or waived), the fee is paid and the
    deposit (if asked) is paid. Then the ADR clock starts (``case_move`` to admissibility)."""
    with transaction.atomic():
        case = _locked(case)
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
        notify(case=case, template="file_complete", adr_due_on=_date(case.adr_due_on))
    return case


def case_admissibility_decide(*, case: Case, actor, decision: str, letter: str) -> Case:
    """Admissible, inadmissible or not competent, always with a reasoned letter that is e-mailed to
    both parties. A refusal closes the case."""
    letter = letter.strip()
    errors = {}
    if decision not in AdmissibilityDecision.values:
        errors["decision"] = [_("Choose a decision.")]
    if not letter:
        errors["letter"] = [_("Write the reasoned letter to both parties.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        case = _locked(case)
        if case.stage != Stage.ADMISSIBILITY or case.admissibility_decision:
            raise ValidationError(_("Admissibility is decided once, after the file is complete."))
        case.admissibility_decision = decision
        case.admissibility_letter = letter
        case.admissibility_decided_at = timezone.now()
        case.save(update_fields=["admissibility_decision", "admissibility_letter", "admissibility_decided_at"])
        events.case_changed_event(case=case, actor=actor, event="admissibility_decided", data={"decision": decision})
        if decision != AdmissibilityDecision.ADMISSIBLE:
            case = case_move(case=case, to=Stage.CLOSED, actor=actor, closure=decision, note=letter)
        notify(case=case, template="admissibility", decision=case.get_admissibility_decision_display(), letter=letter)
    return case


# Written rounds --------------------------------------------------------------------------------------


def _close_rounds(case: Case) -> None:
    case.rounds.filter(closed_at__isnull=True).update(closed_at=timezone.now())


def _open_round(*, case: Case, actor, kind: str, party: str, due_on: date) -> Round:
    if case.rounds.filter(party=party, closed_at__isnull=True).exists():
        raise ValidationError({"party": [_("This party already has an open round.")]})
    round_ = Round.objects.create(case=case, kind=kind, party=party, due_on=due_on, opened_by_label=actor_label(actor))
    events.case_changed_event(
        case=case, actor=actor, event="round_opened", data={"kind": kind, "party": party, "due": str(due_on)}
    )
    notify(
        case=case, template="round_opened", complainant=party == Party.COMPLAINANT, member=party == Party.MEMBER,
        round=round_.get_kind_display(), due_on=_date(due_on),
    )  # fmt: skip
    return round_


def case_defence_request(*, case: Case, actor, today: date | None = None) -> Round:
    """An admissible case: the member is asked for its defence (verweer) within the committee's
    defence term, through its own back-office; the complainant is told."""
    today = today or timezone.localdate()
    with schema_context("public"), transaction.atomic():
        case = _locked(case)
        if case.stage != Stage.ADMISSIBILITY or case.admissibility_decision != AdmissibilityDecision.ADMISSIBLE:
            raise ValidationError(_("The defence is asked once the case is admissible."))
        case = case_move(case=case, to=Stage.DEFENCE, actor=actor, note=_("Defence requested."))
        due_on = deadlines.add_term(today, case.committee.term("defence"))
        round_ = _open_round(case=case, actor=actor, kind=Round.Kind.DEFENCE, party=Party.MEMBER, due_on=due_on)
        notify(case=case, template="defence_requested_info", member=False, due_on=_date(due_on))
    return round_


def case_round_open(*, case: Case, actor, party: str, kind: str, due_on: date) -> Round:
    """A further written round as the secretary decides: a reply for the complainant, a rejoinder for
    the member. The first one after the defence moves the case to written rounds."""
    errors = {}
    if party not in Party.values:
        errors["party"] = [_("Choose the party.")]
    if kind not in (Round.Kind.REPLY, Round.Kind.REJOINDER):
        errors["kind"] = [_("Choose the round.")]
    if due_on is None or due_on <= timezone.localdate():
        errors["due_on"] = [_("The deadline must be in the future.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        case = _locked(case)
        if case.stage not in (Stage.DEFENCE, Stage.WRITTEN_ROUNDS, Stage.EXPERT):
            raise ValidationError(_("Written rounds are open after the defence was requested."))
        if case.stage == Stage.DEFENCE:
            case = case_move(case=case, to=Stage.WRITTEN_ROUNDS, actor=actor, note=Round.Kind(kind).label)
        return _open_round(case=case, actor=actor, kind=kind, party=party, due_on=due_on)


ROUND_DOCUMENT_KIND = {
    Round.Kind.DEFENCE: CaseDocument.Kind.DEFENCE,
    Round.Kind.REPLY: CaseDocument.Kind.REPLY,
    Round.Kind.REJOINDER: CaseDocument.Kind.DEFENCE,
    Round.Kind.EXPERT_COMMENT: CaseDocument.Kind.COMMENT,
}


def open_round(case: Case, party: str) -> Round | None:
    return case.rounds.filter(party=party, closed_at__isnull=True).first()


def case_submit(*, case: Case, actor: PartyActor, text: str, uploads: list[CheckedUpload]) -> Submission:
    """A party answers in its open round (text and/or documents). The round closes, and the other
    party is told that the submission is there to read and answer (hoor en wederhoor)."""
    text = text.strip()
    with schema_context("public"), transaction.atomic():
        case = _locked(case)
        _refuse_closed(case)
        round_ = case.rounds.select_for_update().filter(party=actor.party, closed_at__isnull=True).first()
        if round_ is None:
            raise ValidationError(_("There is no open round for you in this case."))
        if not text and not uploads:
            raise ValidationError({"text": [_("Write your answer or add a document.")]})
        submission = Submission.objects.create(
            case=case, round=round_, party=actor.party, text=text, submitted_by_label=actor.label
        )
        for checked in uploads:
            _store_document(
                case=case, kind=ROUND_DOCUMENT_KIND[round_.kind], party=actor.party, checked=checked,
                label=actor.label, submission=submission,
            )  # fmt: skip
        round_.closed_at = timezone.now()
        round_.save(update_fields=["closed_at"])
        events.case_changed_event(
            case=case, actor=actor, event="submitted",
            data={"round": round_.kind, "party": actor.party, "documents": len(uploads)},
        )  # fmt: skip
        notify(
            case=case, template="submission_received", complainant=actor.party == Party.MEMBER,
            member=actor.party == Party.COMPLAINANT, round=round_.get_kind_display(),
        )  # fmt: skip
    return submission


# Withdrawal and settlement ----------------------------------------------------------------------------


def case_close(*, case: Case, actor, closure: str, note: str = "") -> Case:
    """Withdrawal (by the complainant) or settlement (schikking) ends a case at any stage before the
    ruling; open rounds close and both parties are told."""
    if closure not in (Case.Closure.WITHDRAWN, Case.Closure.SETTLED):
        raise ValidationError({"closure": [_("Choose withdrawn or settled.")]})
    with transaction.atomic():
        case = _locked(case)
        case = case_move(case=case, to=Stage.CLOSED, actor=actor, closure=closure, note=note)
        _close_rounds(case)
        notify(case=case, template="case_closed", closure=case.get_closure_display(), note=note.strip())
    return case


# Expert -----------------------------------------------------------------------------------------------


def case_expert_appoint(*, case: Case, actor, name: str, email: str) -> ExpertAppointment:
    """The committee appoints an expert (deskundige); both parties are told who."""
    if not name.strip() or not email.strip():
        raise ValidationError(_("Enter the expert's name and e-mail address."))
    with transaction.atomic():
        case = _locked(case)
        if case.stage in (Stage.DEFENCE, Stage.WRITTEN_ROUNDS):
            case = case_move(case=case, to=Stage.EXPERT, actor=actor, note=name.strip())
        elif case.stage != Stage.EXPERT:
            raise ValidationError(_("An expert is appointed after the defence was requested."))
        expert = ExpertAppointment.objects.create(
            case=case, name=name.strip(), email=email.strip(), appointed_by_label=actor_label(actor)
        )
        events.case_changed_event(case=case, actor=actor, event="expert_appointed", data={"expert": expert.name})
        notify(case=case, template="expert_appointed", expert=expert.name)
    return expert


def case_expert_report(
    *, case: Case, actor, expert: ExpertAppointment, checked: CheckedUpload, today: date | None = None
) -> ExpertAppointment:
    """The expert's report goes to both parties at once; each gets the committee's comment term in an
    open round."""
    today = today or timezone.localdate()
    with transaction.atomic():
        case = _locked(case)
        expert = ExpertAppointment.objects.select_for_update().get(pk=expert.pk, case=case)
        if case.stage != Stage.EXPERT:
            raise ValidationError(_("The case is not at the expert stage."))
        if expert.report_id:
            raise ValidationError(_("This expert's report is already in."))
        if case.rounds.filter(closed_at__isnull=True).exists():
            raise ValidationError(_("Close the open rounds first: both parties get a round to comment."))
        document = _store_document(
            case=case, kind=CaseDocument.Kind.EXPERT_REPORT, party=CaseDocument.Party.EXPERT, checked=checked,
            label=expert.name,
        )  # fmt: skip
        expert.report = document
        expert.report_received_at = timezone.now()
        expert.comment_due_on = deadlines.add_term(today, case.committee.term("expert_comment"))
        expert.save(update_fields=["report", "report_received_at", "comment_due_on"])
        for party in (Party.COMPLAINANT, Party.MEMBER):
            Round.objects.create(
                case=case, kind=Round.Kind.EXPERT_COMMENT, party=party, due_on=expert.comment_due_on,
                opened_by_label=actor_label(actor),
            )  # fmt: skip
        events.case_changed_event(
            case=case, actor=actor, event="expert_report",
            data={"expert": expert.name, "sha256": document.sha256, "comment_due": str(expert.comment_due_on)},
        )  # fmt: skip
        notify(case=case, template="expert_report", expert=expert.name, due_on=_date(expert.comment_due_on))
    return expert


# Reminders ------------------------------------------------------------------------------------------------


def case_reminders_send(*, today: date | None = None) -> dict[str, int]:
    """The daily reminders: a party's round due soon or overdue (once each), the one fee reminder
    after the payment term, and the complainant's file still incomplete after its term (once)."""
    from datetime import timedelta

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
                    member=round_.party == Party.MEMBER, round=round_.get_kind_display(), due_on=_date(round_.due_on),
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
