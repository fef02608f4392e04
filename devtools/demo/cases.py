"""Commission cases in every stage: the demo disputes (``devtools.demo.disputes``) escalated from
the member's schema and taken through the procedure services to their stage, with hearings, rulings
and compliance."""

from __future__ import annotations

import logging
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context

from commission.cases.models import AdmissibilityDecision, Case, CaseDocument, Party, Payment, Round
from commission.cases.services import (
    PartyActor,
    case_admissibility_decide,
    case_close,
    case_defence_request,
    case_documents_add,
    case_documents_waive,
    case_escalate,
    case_expert_appoint,
    case_fee_invoice,
    case_file_complete,
    case_payment_register,
    case_round_open,
    case_submit,
)
from commission.hearings.services import attendance_record, hearing_held
from commission.rulings.models import Ruling
from commission.rulings.services import compliance_complainant_confirm, ruling_approve, ruling_draft_save
from core.pdf import pdf_rendering_available
from devtools.demo.disputes import DEMO_DISPUTES, STEPS_TO, DemoDispute
from devtools.demo.files import demo_pdf, demo_png, demo_upload
from devtools.demo.hearings import schedule
from devtools.demo.members import DemoMember
from devtools.demo.rulings import ruling_values
from devtools.demo.staff import DEMO_PANEL, SECRETARY_EMAIL, staff_member
from tenants.accounts.models import User
from tenants.accounts.roles import Role
from tenants.complaints.models import Category, Complaint
from tenants.complaints.services import complaint_register, complaint_transition
from tenants.complaints.workflow import Status
from tenants.members.models import Member

logger = logging.getLogger(__name__)


def _advance(
    case: Case, dispute: DemoDispute, *, member: Member, handler_name: str, secretary: User, chair: User
) -> Case:
    """Take a filed case through the procedure services up to ``dispute.target``."""
    today = timezone.localdate()
    complainant = PartyActor(party=Party.COMPLAINANT, label=case.complainant_name)
    member_actor = PartyActor(party=Party.MEMBER, label=f"{handler_name} ({member.legal_name})")
    ruling: Ruling | None = None
    for step in STEPS_TO[dispute.target]:
        case = Case.objects.get(pk=case.pk)
        if step == "complete":
            letter = demo_pdf("Klachtbrief", (f"Van: {case.complainant_name}", dispute.description[:90]))
            case_documents_add(
                case=case, actor=complainant, kind=CaseDocument.Kind.COMPLAINT_LETTER,
                uploads=[demo_upload("klachtbrief.pdf", letter)],
            )  # fmt: skip
            case_documents_waive(
                case=case, actor=secretary,
                kinds=[CaseDocument.Kind.MEMBER_ANSWER, CaseDocument.Kind.INVOICE, CaseDocument.Kind.CONTRACT],
            )  # fmt: skip
            case_fee_invoice(case=case, actor=secretary)
            case_payment_register(
                case=case, actor=secretary, kind=Payment.Kind.FEE, amount=case.fee_amount,
                paid_on=today - timedelta(days=1), reference=f"Betaling {case.reference}",
            )  # fmt: skip
            case_file_complete(case=case, actor=secretary)
        elif step == "admit":
            case_admissibility_decide(
                case=case, actor=secretary, decision=AdmissibilityDecision.ADMISSIBLE,
                letter="De klacht is ontvankelijk: de klager heeft het lid eerst de gelegenheid gegeven de klacht "
                "op te lossen en de klacht is binnen twaalf maanden ingediend.",
            )  # fmt: skip
            case_defence_request(case=case, actor=secretary)
        elif step == "defend":
            case_submit(
                case=case, actor=member_actor, uploads=[],
                text="Wij betreuren dat de klant ontevreden is. Wij hebben herstel aangeboden, maar de klant is "
                "daar niet op ingegaan. De gevraagde vergoeding vinden wij te hoog.",
            )  # fmt: skip
        elif step == "reply":
            case_round_open(
                case=case, actor=secretary, party=Party.COMPLAINANT, kind=Round.Kind.REPLY,
                due_on=today + timedelta(days=14),
            )  # fmt: skip
        elif step == "expert":
            case_expert_appoint(
                case=case, actor=secretary, name="Ing. Erik Expertise", email="expert@deskundige.example.org"
            )
        elif step == "schedule":
            schedule(case, upcoming=True, secretary=secretary)
        elif step == "hear":
            slot = schedule(case, upcoming=False, secretary=secretary)
            attendance_record(
                slot=slot, actor=secretary,
                attended={"complainant": True, "member": True, "chair": True, "consumer": True, "trade": True},
            )  # fmt: skip
            hearing_held(slot=slot, actor=secretary)
        elif step == "draft":
            ruling = ruling_draft_save(
                case=case, actor=secretary,
                values=ruling_values(
                    dispute_name=case.complainant_name, member_name=member.legal_name, claim=case.claim,
                    amount=dispute.amount,
                ),
            )  # fmt: skip
        elif step == "approve":
            if not pdf_rendering_available():
                # Without Pango (see README) the ruling stays a draft: the case waits in deliberation.
                logger.warning("demo_ruling_not_approved reason=weasyprint_unavailable case=%s", case.reference)
                break
            assert ruling is not None, "a ruling is drafted before it is approved"
            ruling = ruling_approve(ruling=ruling, actor=chair)
        elif step == "comply":
            assert ruling is not None, "a ruling is approved before it is complied with"
            compliance_complainant_confirm(ruling=ruling)
        elif step == "settle":
            case_close(
                case=case, actor=secretary, closure=Case.Closure.SETTLED,
                note="Partijen hebben een regeling getroffen: het lid biedt weer vijf dagen dagbesteding.",
            )  # fmt: skip
        else:  # pragma: no cover
            raise ValueError(step)
    return Case.objects.get(pk=case.pk)


def _escalate(demo: DemoMember, disputes: list[DemoDispute]) -> tuple[list[tuple[Case, DemoDispute]], str]:
    """Register the disputes' complaints and escalate them (run in the member's schema): the cases
    with their dispute, and the name of the member's handler."""
    handler = User.objects.get(role=Role.HANDLER)
    categories = list(Category.objects.order_by("position"))
    now = timezone.now()
    escalated = []
    for number, dispute in enumerate(disputes):
        attachments = [
            demo_upload(f"foto-{n + 1}.png", demo_png(seed=number * 3 + n)) for n in range(2 if dispute.photo else 0)
        ]
        complaint = complaint_register(
            channel=Complaint.Channel.WEB_FORM,
            received_at=now - timedelta(days=dispute.days_ago, hours=3),
            complainant_name=dispute.name,
            complainant_email=dispute.email,
            complainant_city=demo.city,
            description=dispute.description,
            remedy_sought=dispute.remedy,
            category=categories[number % len(categories)] if categories else None,
            handler=handler,
            attachments=attachments,
        )
        complaint_transition(complaint=complaint, target=Status.INVESTIGATING, actor=handler)
        case, _created = case_escalate(
            complaint=complaint,
            claim=dispute.claim,
            binding_accepted=True,
            disputed_amount=Decimal(dispute.amount) if dispute.amount else None,
        )
        escalated.append((case, dispute))
    return escalated, handler.full_name


def demo_cases(demo: DemoMember, member: Member) -> None:
    """Escalate this member's demo disputes (in its schema) and take each case to its stage (in the
    public schema), all through the services. Done once: skipped when one of these cases exists."""
    disputes = DEMO_DISPUTES.get(demo.slug, [])
    with schema_context("public"):
        if not disputes or Case.objects.filter(member=member, complainant_email__in=[d.email for d in disputes]):
            return
        secretary = staff_member(SECRETARY_EMAIL)
        chair = staff_member(DEMO_PANEL["chair"])
    with transaction.atomic():
        with tenant_context(member):
            escalated, handler_name = _escalate(demo, disputes)
        with schema_context("public"):
            for case, dispute in escalated:
                _advance(case, dispute, member=member, handler_name=handler_name, secretary=secretary, chair=chair)
