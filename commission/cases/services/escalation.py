"""Escalation: a member's complaint becomes a commission case, in one transaction
(docs/procedure/commission.md, "Filing and the waiting period").

Runs in the member's schema (the complaint is there); the commission's tables are reached through the
search path (``"<member>", "public"``), so the case, its snapshot and the complaint's new status commit
or roll back together.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override
from django_tenants.utils import schema_context

from core import deadlines
from tenants.complaints import escalation
from tenants.complaints.escalation import Complaint
from tenants.members.links import base_url_for_host, current_organisation
from tenants.members.models import Member
from tenants.outbox.services import email_queue

from .. import events
from ..models import Case, CaseCounter, CaseDocument, CaseSnapshot, Committee, Stage, StageChange
from .intake_and_fee import case_fee_invoice
from .links import case_link

#: 2: the member's clarifications beside the complainant's words; whether each attachment was shared.
SNAPSHOT_FORMAT = 2


#: Recorded on a copied file the member had not shared with the complainant (stored in the platform's
#: language, like the reasons the secretary types).
NOT_SHARED_REASON = gettext_noop("Not shared with the complainant by the member")


class EscalationRefused(ValidationError):
    """The conditions for taking a complaint to the commission are not met (explained in the message)."""


#: The committee that hears a member whose sector has no committee of its own (created on first use).
GENERAL_COMMITTEE_NAME = "Algemene Geschillencommissie"


def committee_for(member: Member) -> Committee:
    """The committee of the member's sector, or the general committee."""
    committee = Committee.objects.filter(sectors=member.sector_id).order_by("id").first() if member.sector_id else None
    if committee is None:
        committee, _created = Committee.objects.get_or_create(name=GENERAL_COMMITTEE_NAME)
    return committee


@dataclass(frozen=True)
class Eligibility:
    allowed: bool
    reason: str = ""
    possible_from: date | None = None


def escalation_eligibility(*, complaint: Complaint, member: Member, today: date | None = None) -> Eligibility:
    """May this complaint go to the commission now? The member must be an active member; the
    complainant must have given the member the committee's waiting time (silence does not block
    escalation) and must file within the filing limit."""
    today = today or timezone.localdate()
    committee = committee_for(member)
    if complaint.escalated_case_uuid:
        return Eligibility(True)
    if member.membership_status != Member.MembershipStatus.ACTIVE:
        return Eligibility(
            False,
            _(
                "%(member)s is not an active member of the commission at the moment, so the commission cannot take the complaint."
            )
            % {"member": member.legal_name},
        )
    if not escalation.may_escalate(complaint):
        return Eligibility(False, _("This complaint cannot be taken to the commission."))
    complained_on = escalation.complained_on(complaint)
    possible_from = deadlines.add_term(complained_on, committee.term("min_wait"))
    if today < possible_from and not escalation.is_closed(complaint):
        return Eligibility(
            False,
            _(
                "Give %(member)s time to solve your complaint: you can go to the commission from %(date)s, or earlier once the member has closed it."
            )
            % {"member": member.legal_name, "date": formats.date_format(possible_from, "j F Y")},
            possible_from,
        )
    limit = deadlines.add_term(complained_on, deadlines.Term(committee.filing_limit_months, deadlines.TermUnit.MONTHS))
    if today > limit:
        return Eligibility(
            False,
            _(
                "A complaint must reach the commission within %(months)s months of complaining to the member; for this complaint that was %(date)s."
            )
            % {"months": committee.filing_limit_months, "date": formats.date_format(limit, "j F Y")},
        )
    return Eligibility(True)


def _next_reference(year: int) -> str:
    counter, _created = CaseCounter.objects.select_for_update().get_or_create(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"GC-{year}-{counter.last_number:05d}"


def _snapshot_data(complaint: Complaint, member: Member) -> dict[str, Any]:
    """The dossier as values (never references to rows that may change), with the member it came from."""
    return {
        "format": SNAPSHOT_FORMAT,
        "member": {
            "uuid": str(member.uuid),
            "legal_name": member.legal_name,
            "slug": member.slug,
            "schema": member.schema_name,
        },
        **escalation.dossier(complaint),
    }


def _canonical(data: dict[str, Any]) -> tuple[dict[str, Any], str]:
    text = json.dumps(data, sort_keys=True, cls=DjangoJSONEncoder, ensure_ascii=False)
    return json.loads(text), hashlib.sha256(text.encode()).hexdigest()


def case_escalate(
    *,
    complaint: Complaint,
    claim: str,
    binding_accepted: bool,
    disputed_amount: Decimal | None = None,
    today: date | None = None,
) -> tuple[Case, bool]:
    """Take a member complaint to the commission. Returns ``(case, created)``.

    In one transaction: an immutable, versioned snapshot of the dossier (with the attachments copied
    to commission storage and a SHA-256 of the snapshot) becomes a case at the committee of the
    member's sector, and the complaint becomes *escalated* with a link to the case. A second request
    for the same complaint returns the same case.

    A file the member had not shared with the complainant stays out of the complainant's sight: it
    arrives confidential, still visible to the member, with that reason, until the secretary decides.
    """
    member = current_organisation()
    if member is None or member.is_commission:
        raise RuntimeError("escalation runs in the member's schema")
    with transaction.atomic():
        complaint = escalation.complaint_locked(complaint)
        existing = Case.objects.filter(member=member, member_complaint_uuid=complaint.uuid).first()
        if existing is not None:
            return existing, False
        eligibility = escalation_eligibility(complaint=complaint, member=member, today=today)
        if not eligibility.allowed:
            raise EscalationRefused(eligibility.reason)
        errors = {}
        if not claim.strip():
            errors["claim"] = [_("Say what you ask the commission to decide.")]
        if not binding_accepted:
            errors["binding_accepted"] = [
                _("The commission can only handle the complaint when you accept that its ruling is binding.")
            ]
        if disputed_amount is not None and disputed_amount < 0:
            errors["disputed_amount"] = [_("The amount cannot be negative.")]
        if errors:
            raise ValidationError(errors)
        if not complaint.complainant_email:
            raise ValidationError(_("The commission needs an e-mail address to reach you."))
        committee = committee_for(member)
        now = timezone.now()
        data, digest = _canonical(_snapshot_data(complaint, member))
        case = Case.objects.create(
            reference=_next_reference(timezone.localdate().year),
            committee=committee,
            member=member,
            member_complaint_uuid=complaint.uuid,
            member_complaint_reference=complaint.reference,
            complainant_name=complaint.complainant_name,
            complainant_email=complaint.complainant_email,
            complainant_phone=complaint.complainant_phone,
            complainant_address=complaint.complainant_address,
            complainant_postal_code=complaint.complainant_postal_code,
            complainant_city=complaint.complainant_city,
            claim=claim.strip(),
            disputed_amount=disputed_amount,
            first_complained_on=escalation.complained_on(complaint),
            binding_accepted_at=now,
            completion_due_on=deadlines.add_term(timezone.localdate(now), committee.term("completion")),
            fee_amount=committee.fee_for(disputed_amount),
            deposit_amount=disputed_amount if committee.deposit_required else None,
        )
        CaseSnapshot.objects.create(case=case, version=1, schema_version=SNAPSHOT_FORMAT, data=data, sha256=digest)
        StageChange.objects.create(
            case=case, from_stage="", to_stage=Stage.FILED, actor_label=complaint.complainant_name
        )
        for file in escalation.escalated_files(complaint):
            document = CaseDocument(
                case=case,
                kind=CaseDocument.Kind.SNAPSHOT_ATTACHMENT,
                party=CaseDocument.Party.MEMBER if file.from_member else CaseDocument.Party.COMPLAINANT,
                original_name=file.name,
                content_type=file.content_type,
                size=len(file.content),
                sha256=hashlib.sha256(file.content).hexdigest(),
                uploaded_by_label=file.uploaded_by_label,
            )
            if not file.shared_with_complainant:
                document.confidential = True
                with override(settings.LANGUAGE_CODE):
                    document.confidential_reason = _(NOT_SHARED_REASON)
                document.confidential_marked_by_label = member.legal_name
                document.visible_to_party = CaseDocument.Party.MEMBER
            document.file.save(file.name, ContentFile(file.content), save=False)
            if document.sha256 != file.sha256:
                raise ValidationError(_("An attachment changed since it was stored; escalation stopped."))
            document.save()
        escalation.mark_escalated(complaint, case_uuid=case.uuid, case_reference=case.reference)
        events.case_escalated_event(case=case, member_slug=member.slug, sha256=digest)
    return case, True


def _notify_complainant(case: Case) -> None:
    """Tell the complainant the case exists, with their link (from the commission's outbox)."""

    with schema_context("public"):
        email_queue(
            to=case.complainant_email,
            template="case_filed",
            topic="case_filed",
            about=f"cases.case:{case.uuid}",
            context={
                "name": case.complainant_name,
                "reference": case.reference,
                "member": case.member.legal_name,
                "commission": settings.COMMISSION_NAME,
                "link": case_link(case),
                "fee": case.fee_amount,
                "completion_due_on": formats.date_format(case.completion_due_on, "j F Y"),
            },
        )


def case_escalate_and_notify(
    *, complaint: Complaint, claim: str, binding_accepted: bool, disputed_amount: Decimal | None = None
) -> tuple[Case, bool]:
    """``case_escalate`` plus the e-mail to the complainant for a new case."""
    with transaction.atomic():
        case, created = case_escalate(
            complaint=complaint, claim=claim, binding_accepted=binding_accepted, disputed_amount=disputed_amount
        )
        if created:
            _notify_complainant(case)
            case_fee_invoice(case=case)
    return case, created


ESCALATION_REQUEST_SALT = "cases.escalation-request"


ESCALATION_REQUEST_HOURS = 72


def escalation_request(*, member: Member, reference: str, email: str) -> bool:
    """A complainant asks at the commission's site to take a member complaint further.

    When the member's register has a complaint with that reference and e-mail address, a
    confirmation link goes to that address. Returns whether one was sent; the caller answers the same
    either way, so nobody can find out which references exist at a member.
    """

    if not member.is_schema_ready or member.is_commission:
        return False
    with schema_context(member.schema_name):
        complaint = escalation.complaint_by_reference(reference=reference, email=email)
    if complaint is None:
        return False
    token = signing.dumps({"m": str(member.uuid), "c": str(complaint.uuid)}, salt=ESCALATION_REQUEST_SALT)
    with schema_context("public"), transaction.atomic():
        email_queue(
            to=email.strip(),
            template="escalation_confirm",
            topic="escalation_confirm",
            context={
                "name": complaint.complainant_name,
                "reference": complaint.reference,
                "member": member.legal_name,
                "commission": settings.COMMISSION_NAME,
                "link": base_url_for_host(settings.PLATFORM_DOMAIN)
                + reverse(
                    "cases_public:escalate_confirm", kwargs={"token": token}, urlconf=settings.PUBLIC_SCHEMA_URLCONF
                ),
                "hours": ESCALATION_REQUEST_HOURS,
            },
        )
    return True


def escalation_request_from_token(token: str) -> tuple[Member, Complaint] | None:
    """The member and complaint a confirmation link was sent for, or None when it is forged or expired."""
    try:
        payload = signing.loads(token, salt=ESCALATION_REQUEST_SALT, max_age=ESCALATION_REQUEST_HOURS * 3600)
    except signing.BadSignature:
        return None
    member = Member.objects.filter(uuid=payload.get("m"), kind=Member.Kind.MEMBER).first()
    if member is None or not member.is_schema_ready:
        return None
    with schema_context(member.schema_name):
        complaint = escalation.complaint_by_uuid(payload.get("c"))
    return (member, complaint) if complaint is not None else None
