"""Rulings: drafting, the chair's approval (PDF, hash, sending, case to *ruled*), corrections,
anonymised publication and compliance (nakoming). Each service is one transaction with its audit
event; all run in the public schema except the member's compliance confirmation, which runs in the
member's schema (the commission's tables are reached through the search path)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from commission.cases.models import Case, Stage
from commission.cases.services import case_link, case_move
from commission.hearings.models import PanelRole, Slot
from commission.hearings.services import slot_start_label
from core import deadlines
from core.pdf import RenderedPdf, render_pdf
from core.pdf_signing import sign_rendered
from tenants.accounts.actors import Actor, actor_label
from tenants.accounts.roles import Capability, Role, has_capability
from tenants.accounts.selectors import member_manager_emails
from tenants.members.links import absolute_url, current_organisation
from tenants.members.models import Member
from tenants.outbox.services import email_queue_rendered

from . import events
from .anonymise import Persons, anonymise, split_names
from .models import SECTIONS, Compliance, Outcome, Publication, Ruling

#: The fields of a draft the secretary edits.
DRAFT_FIELDS = (
    *SECTIONS,
    "outcome",
    "amount_awarded",
    "fee_refund",
    "deposit_decision",
    "deposit_to_complainant",
    "compliance_term_days",
    "unanimous",
)


class RulingRefused(ValidationError):
    """The ruling cannot be saved, approved or corrected now (explained in the message)."""


def _require(actor: Actor, capability: Capability) -> None:
    if not has_capability(actor, capability):
        raise PermissionDenied(_("You may not do this."))


def _verbose_name(model: type[Ruling] | type[Publication], name: str) -> str:
    """The label of a field of ``model`` (a section, the outcome), as the pages show it."""
    field = model._meta.get_field(name)
    return str(getattr(field, "verbose_name", name))


def current_ruling(case: Case) -> Ruling | None:
    """The ruling that holds: the latest approved version (a correction replaces what it corrects)."""
    return case.rulings.filter(status=Ruling.Status.APPROVED).order_by("-version").first()


def current_rulings() -> QuerySet[Ruling]:
    """Approved rulings that no approved correction replaced."""
    return Ruling.objects.filter(status=Ruling.Status.APPROVED).exclude(corrections__status=Ruling.Status.APPROVED)


# Drafting ------------------------------------------------------------------------------------------


def _number(case: Case, version: int) -> str:
    return f"{case.reference}/{version}"


def ruling_draft_save(*, case: Case, actor: Actor, values: dict[str, Any]) -> Ruling:
    """The secretary writes the ruling in sections, with outcome, amount, fee refund, deposit decision
    and compliance term. A first ruling can only be drafted while the case is in deliberation; a
    case's approved ruling is never edited (a correction is a new ruling, ``ruling_correct``)."""
    _require(actor, Capability.MANAGE_CASES)
    unknown = set(values) - set(DRAFT_FIELDS)
    if unknown:
        raise ValueError(f"not draft fields: {sorted(unknown)}")
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        ruling = case.rulings.filter(status=Ruling.Status.DRAFT).first()
        if ruling is None:
            if case.rulings.exists():
                raise RulingRefused(_("This case has an approved ruling; it can only be changed by a correction."))
            if case.stage != Stage.DELIBERATION:
                raise RulingRefused(
                    _("A ruling is drafted once the hearing was held (the case is at “%(stage)s”).")
                    % {"stage": Stage(case.stage).label}
                )
            ruling = Ruling(case=case, version=1, number=_number(case, 1))
        errors = {}
        if values.get("outcome") and values["outcome"] not in Outcome.values:
            errors["outcome"] = [_("Choose an outcome.")]
        for name in ("amount_awarded", "deposit_to_complainant"):
            if values.get(name) is not None and values[name] < 0:
                errors[name] = [_("The amount cannot be negative.")]
        if "compliance_term_days" in values and (values["compliance_term_days"] or 0) < 1:
            errors["compliance_term_days"] = [_("Give a term of at least one day.")]
        if values.get("unanimous") not in (None, True, False):
            errors["unanimous"] = [_("Say whether the panel decided unanimously or by majority.")]
        if errors:
            raise ValidationError(errors)
        changes = {}
        for name, value in values.items():
            if getattr(ruling, name) != value:
                changes[name] = {"old": _change_text(getattr(ruling, name)), "new": _change_text(value)}
                setattr(ruling, name, value)
        ruling.drafted_by_label = actor_label(actor)
        ruling.drafted_at = timezone.now()
        ruling.save()
        events.ruling_draft_saved_event(ruling=ruling, actor=actor, changes=changes)
    return ruling


def _change_text(value: Any) -> str:
    """A draft field's value for the audit trail (``False``, "by majority", is a value, not a blank)."""
    return str(value) if isinstance(value, bool) else str(value or "")


def missing_for_approval(ruling: Ruling) -> list[str]:
    """Labels of what a draft still lacks before the chair can approve it. The ruling says how the
    panel decided, so unanimity must be recorded (issue 10, "The panel's work")."""
    missing = [_verbose_name(Ruling, name) for name in SECTIONS if not getattr(ruling, name).strip()]
    if not ruling.outcome:
        missing.append(_verbose_name(Ruling, "outcome"))
    if ruling.unanimous is None:
        missing.append(_verbose_name(Ruling, "unanimous"))
    return missing


# The panel named in the ruling ---------------------------------------------------------------------


@dataclass(frozen=True)
class RulingPanel:
    """Who decided a case, as the ruling names them: the seats of the panel (seat label, name) in the
    order chair, consumer side, trade side; the date of the hearing at which the case was heard, or
    ``None`` for a decision on paper; and the complaint fee (klachtengeld) of the case."""

    hearing_date: date | None
    seats: list[tuple[str, str]]
    fee: Decimal

    @property
    def heard(self) -> bool:
        return self.hearing_date is not None


def ruling_panel(*, case: Case, chair_label: str) -> RulingPanel:
    """The panel of the hearing at which the case was heard: the last held hearing of the case. A
    decision on paper (no hearing held) names the panel of the last hearing the case was scheduled
    for, if that hearing day had one (a cancelled or postponed hearing); otherwise the chair who
    approves the ruling (``chair_label``) decided alone."""
    slots = case.hearing_slots.select_related(
        "hearing_day__panel__chair__user", "hearing_day__panel__consumer__user", "hearing_day__panel__trade__user"
    ).order_by("-hearing_day__date", "-starts_at", "-id")
    held = slots.filter(held_at__isnull=False).exclude(status=Slot.Status.CANCELLED).first()
    slot = held or next((s for s in slots if hasattr(s.hearing_day, "panel")), None)
    panel = getattr(slot.hearing_day, "panel", None) if slot is not None else None
    if panel is not None:
        seats = [(str(PanelRole(seat).label), str(person)) for seat, person in panel.seats]
    else:
        seats = [(str(PanelRole.CHAIR.label), chair_label)]
    return RulingPanel(hearing_date=held.date if held else None, seats=seats, fee=case.fee_amount)


# Approval ------------------------------------------------------------------------------------------


def _render(ruling: Ruling) -> RenderedPdf:
    """The ruling's PDF, signed with the commission's key (docs/adr/0008-signed-pdfs.md)."""
    with translation.override(settings.LANGUAGE_CODE):
        rendered = render_pdf(
            "rulings/ruling.html",
            {
                "ruling": ruling,
                "case": ruling.case,
                "member": ruling.case.member,
                "committee": ruling.case.committee,
                "commission_name": settings.COMMISSION_NAME,
                "panel": ruling_panel(case=ruling.case, chair_label=ruling.approved_by_label),
            },
        )
        reason = _("Ruling %(number)s") % {"number": ruling.number}
    return sign_rendered(rendered, reason=reason, location=settings.PLATFORM_DOMAIN)


def _send(ruling: Ruling) -> None:
    """Both parties get the ruling's link through the commission's outbox (sent after commit)."""

    case = ruling.case
    context = {
        "ruling": ruling,
        "case": case,
        "member": case.member.legal_name,
        "commission": settings.COMMISSION_NAME,
        "outcome": ruling.get_outcome_display(),
        "decided_on": formats.date_format(ruling.decided_on, "j F Y") if ruling.decided_on else "",
        "compliance_due_on": formats.date_format(ruling.compliance_due_on, "j F Y") if ruling.compliance_due_on else "",
    }
    member_link = absolute_url(
        reverse("member_cases:detail", kwargs={"uuid": case.uuid}, urlconf=settings.ROOT_URLCONF), tenant=case.member
    )
    messages = [(case.complainant_email, "complainant", {"name": case.complainant_name, "link": case_link(case)})]
    messages += [(email, "member", {"link": member_link}) for email in member_manager_emails(case.member)]
    with schema_context("public"), translation.override(settings.LANGUAGE_CODE):
        for to, party, extra in messages:
            ctx = {**context, **extra}
            email_queue_rendered(
                to=to,
                subject=render_to_string("rulings/emails/ruling_sent_subject.txt", ctx),
                body_text=render_to_string(f"rulings/emails/ruling_sent_{party}_body.txt", ctx),
                topic="ruling_sent",
                about=f"rulings.ruling:{ruling.uuid}",
            )


def _too_early_to_decide(case: Case) -> str | None:
    """Why the case cannot be decided yet, or None. A ruling follows the hearing: every hearing of the
    case must have taken place (its start passed and it was marked held). A decision on paper (no
    hearing held) follows the written rounds: none may still be open. Rows recorded out of order before
    the hearings refused it (held before the hearing's date) are caught here too."""
    now = timezone.now()
    slots = list(case.hearing_slots.exclude(status=Slot.Status.CANCELLED).select_related("hearing_day"))
    for slot in slots:
        if slot.held_at is None or slot.held_at > now or slot.start > now:
            return _(
                "The hearing of %(start)s has not taken place yet; the ruling can be approved once it was held."
            ) % {"start": slot_start_label(slot)}
    if slots:
        return None
    # A round whose term has passed is closed even without an answer (the party let it lapse).
    still_open = (
        case.rounds.filter(closed_at__isnull=True, due_on__gte=timezone.localdate()).order_by("-due_on").first()
    )
    if still_open is not None:
        return _(
            "The written round “%(round)s” is open until %(date)s; without a hearing, the ruling can be "
            "approved once the last written round closed."
        ) % {"round": still_open.get_kind_display(), "date": formats.date_format(still_open.due_on, "j F Y")}
    return None


def ruling_approve(*, ruling: Ruling, actor: Actor) -> Ruling:
    """Only the chair approves a ruling (signed by the chair; docs/procedure/commission.md, "Rulings"). On approval the ruling
    is rendered to PDF, hashed and stored; from then on the database refuses any change. Both parties
    are sent their link, the case moves from deliberation to *ruled*, and when the outcome obliges the
    member, compliance is followed up from the compliance term. A correction replaces an approved
    ruling of a case that is already ruled. Refused before the hearing took place or, for a decision
    without a hearing, while a written round is still open."""
    if getattr(actor, "role", None) != Role.CHAIR or not has_capability(actor, Capability.VIEW_CASES):
        raise PermissionDenied(_("Only the chair approves a ruling."))
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=ruling.case_id)
        ruling = Ruling.objects.select_for_update().get(pk=ruling.pk)
        if ruling.is_approved:
            raise RulingRefused(_("This ruling was approved already."))
        missing = missing_for_approval(ruling)
        if missing:
            raise RulingRefused(_("The ruling is not complete: %(missing)s.") % {"missing": ", ".join(missing)})
        if ruling.corrects_id is None and case.stage != Stage.DELIBERATION:
            raise RulingRefused(
                _("A ruling can only be approved while the case is in deliberation; this case is at “%(stage)s”.")
                % {"stage": Stage(case.stage).label}
            )
        too_early = _too_early_to_decide(case)
        if too_early:
            raise RulingRefused(too_early)
        today = timezone.localdate()
        ruling.status = Ruling.Status.APPROVED
        ruling.approved_by_label = actor_label(actor)
        ruling.approved_at = timezone.now()
        # Sent the moment it is approved (the e-mails leave on commit) and binding from then on.
        ruling.decided_on = ruling.sent_on = ruling.effective_on = today
        ruling.compliance_due_on = (
            today + timedelta(days=ruling.compliance_term_days) if ruling.needs_compliance else None
        )
        ruling.court_review_until = deadlines.add_term(
            today, deadlines.Term(case.committee.court_review_months, deadlines.TermUnit.MONTHS)
        )
        ruling.case = case
        rendered = _render(ruling)
        ruling.html = rendered.html
        ruling.pdf_sha256 = rendered.sha256
        ruling.pdf.save(f"{ruling.uuid}.pdf", ContentFile(rendered.pdf), save=False)
        ruling.save()
        if ruling.compliance_due_on is not None:  # set above exactly when the outcome needs compliance
            Compliance.objects.create(ruling=ruling, due_on=ruling.compliance_due_on)
        if ruling.corrects_id is None:
            case_move(case=case, to=Stage.RULED, actor=actor, note=ruling.number)
        events.ruling_approved_event(ruling=ruling, actor=actor)
        _send(ruling)
    return ruling


def ruling_correct(*, ruling: Ruling, actor: Actor, reason: str) -> Ruling:
    """An approved ruling is never changed: a correction is a new draft (next version) that points
    to it, starting from its text, and goes through the chair's approval again."""
    _require(actor, Capability.MANAGE_CASES)
    if not reason.strip():
        raise ValidationError({"reason": [_("Say what the correction is for.")]})
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=ruling.case_id)
        if not ruling.is_approved or current_ruling(case) != ruling:
            raise RulingRefused(_("Only the ruling that holds now can be corrected."))
        if case.rulings.filter(status=Ruling.Status.DRAFT).exists():
            raise RulingRefused(_("A correction of this ruling is being drafted already."))
        version = (case.rulings.order_by("-version").values_list("version", flat=True).first() or 0) + 1
        correction = Ruling.objects.create(
            case=case,
            version=version,
            number=_number(case, version),
            corrects=ruling,
            correction_reason=reason.strip(),
            drafted_by_label=actor_label(actor),
            drafted_at=timezone.now(),
            **{name: getattr(ruling, name) for name in DRAFT_FIELDS},
        )
        events.ruling_corrected_event(ruling=correction, actor=actor, corrects=ruling)
    return correction


# Publication ---------------------------------------------------------------------------------------


def persons_in(case: Case) -> Persons:
    """The natural persons of a case: the complainant's details and the persons named in the member's
    dossier (latest snapshot)."""
    snapshot = case.snapshots.order_by("-version").first()
    complaint = (snapshot.data.get("complaint") if snapshot else None) or {}
    return Persons(
        complainant_name=case.complainant_name,
        email=case.complainant_email,
        phone=case.complainant_phone,
        street=case.complainant_address,
        postal_code=case.complainant_postal_code,
        city=case.complainant_city,
        others=split_names(complaint.get("persons_involved") or "") + split_names(complaint.get("on_behalf_of") or ""),
        employees=split_names(complaint.get("employee_involved") or "") + split_names(complaint.get("handler") or ""),
        company_name=case.member.legal_name,
    )


def publication_prepare(*, ruling: Ruling, actor: Actor) -> Publication:
    """An anonymised copy of the ruling that holds, for the secretary to review before it appears on
    the public rulings page. Preparing again replaces an unpublished text."""
    _require(actor, Capability.MANAGE_CASES)
    with transaction.atomic():
        if not ruling.is_approved or current_ruling(ruling.case) != ruling:
            raise RulingRefused(_("Only the ruling that holds now can be published."))
        publication = Publication.objects.select_for_update().filter(ruling=ruling).first()
        if publication is not None and publication.status == Publication.Status.PUBLISHED:
            raise RulingRefused(_("This ruling is published already."))
        persons = persons_in(ruling.case)
        values: dict[str, Any] = {name: anonymise(getattr(ruling, name), persons) for name in SECTIONS}
        values.update(
            member_name=ruling.case.member.legal_name,
            sector=ruling.case.member.sector,
            outcome=ruling.outcome,
            decided_on=ruling.decided_on,
            prepared_by_label=actor_label(actor),
        )
        publication, _created = Publication.objects.update_or_create(ruling=ruling, defaults=values)
        events.publication_prepared_event(ruling=ruling, actor=actor)
    return publication


def publication_update(*, publication: Publication, actor: Actor, values: dict[str, Any]) -> Publication:
    """The secretary edits the anonymised text while reviewing it."""
    _require(actor, Capability.MANAGE_CASES)
    with transaction.atomic():
        publication = Publication.objects.select_for_update().get(pk=publication.pk)
        if publication.status == Publication.Status.PUBLISHED:
            raise RulingRefused(_("This ruling is published already."))
        changed = [name for name in SECTIONS if name in values and getattr(publication, name) != values[name]]
        for name in changed:
            setattr(publication, name, values[name])
        publication.save()
        events.publication_updated_event(ruling=publication.ruling, actor=actor, fields=changed)
    return publication


def publication_approve(*, publication: Publication, actor: Actor, today: date | None = None) -> Publication:
    """The secretary reviewed the anonymised text: it appears on the public rulings page. Refused while
    the text still names a natural person of the case."""
    _require(actor, Capability.MANAGE_CASES)
    with transaction.atomic():
        publication = Publication.objects.select_for_update().select_related("ruling__case").get(pk=publication.pk)
        if publication.status == Publication.Status.PUBLISHED:
            raise RulingRefused(_("This ruling is published already."))
        persons = persons_in(publication.ruling.case)
        leaking = [
            _verbose_name(Publication, name)
            for name in SECTIONS
            if anonymise(getattr(publication, name), persons) != getattr(publication, name)
        ]
        if leaking:
            raise RulingRefused(
                _("These sections still contain personal data: %(sections)s.") % {"sections": ", ".join(leaking)}
            )
        publication.status = Publication.Status.PUBLISHED
        publication.reviewed_by_label = actor_label(actor)
        publication.published_on = today or timezone.localdate()
        publication.save(update_fields=["status", "reviewed_by_label", "published_on"])
        events.publication_published_event(ruling=publication.ruling, actor=actor)
    return publication


# Compliance (nakoming) -----------------------------------------------------------------------------


def _compliance_for_update(ruling: Ruling) -> Compliance:
    compliance = Compliance.objects.select_for_update().filter(ruling=ruling).first()
    if compliance is None or current_ruling(ruling.case) != ruling:
        raise RulingRefused(_("This ruling asks nothing of the member."))
    return compliance


class _Complainant:
    audit_label = "complainant"


def compliance_member_confirm(*, ruling: Ruling, actor: Actor, note: str = "") -> Compliance:
    """The member confirms it did what the ruling says (from its own back-office, in its schema)."""
    _require(actor, Capability.HANDLE_COMPLAINTS)
    member = current_organisation()
    if member is None or member.pk != ruling.case.member_id:
        raise PermissionDenied(_("You may not do this."))
    with transaction.atomic():
        compliance = _compliance_for_update(ruling)
        if compliance.member_confirmed_at:
            return compliance
        compliance.member_confirmed_at = timezone.now()
        compliance.member_confirmed_by_label = actor_label(actor)
        compliance.member_note = note.strip()
        compliance.save(update_fields=["member_confirmed_at", "member_confirmed_by_label", "member_note"])
        events.compliance_event(ruling=ruling, actor=actor, what="member_confirmed", note=note.strip())
    return compliance


def compliance_complainant_confirm(*, ruling: Ruling) -> Compliance:
    """The complainant confirms the member complied: the case is closed as complied with."""
    with transaction.atomic():
        compliance = _compliance_for_update(ruling)
        if compliance.complainant_confirmed_at:
            return compliance
        compliance.complainant_confirmed_at = timezone.now()
        compliance.save(update_fields=["complainant_confirmed_at"])
        events.compliance_event(ruling=ruling, actor=_Complainant(), what="complainant_confirmed")
        case = Case.objects.get(pk=ruling.case_id)
        if case.stage == Stage.RULED:
            case_move(
                case=case,
                to=Stage.CLOSED,
                closure=Case.Closure.COMPLIED,
                actor=None,
                note=_("Confirmed by the complainant"),
            )
    return compliance


def compliance_report_non_compliance(*, ruling: Ruling, text: str) -> Compliance:
    """The complainant reports that the member did not (fully) comply; the secretary follows it up
    (the trade association's guarantee; docs/procedure/commission.md, "Compliance")."""
    if not text.strip():
        raise ValidationError({"text": [_("Say what the member did not do.")]})
    with transaction.atomic():
        compliance = _compliance_for_update(ruling)
        if compliance.complainant_confirmed_at:
            raise RulingRefused(_("You confirmed already that the member complied."))
        compliance.complainant_reported_non_compliance_at = timezone.now()
        compliance.non_compliance_text = text.strip()
        compliance.save(update_fields=["complainant_reported_non_compliance_at", "non_compliance_text"])
        events.compliance_event(ruling=ruling, actor=_Complainant(), what="not_complied_reported", note=text.strip())
    return compliance


def compliance_flag_overdue(*, today: date | None = None) -> int:
    """Flag compliance that is past its term without any confirmation (daily, in public). Returns how
    many were flagged; each counts against the member's standing."""
    today = today or timezone.localdate()
    with transaction.atomic():
        due = (
            Compliance.objects.select_for_update()
            .filter(
                due_on__lt=today,
                member_confirmed_at__isnull=True,
                complainant_confirmed_at__isnull=True,
                flagged_overdue_at__isnull=True,
                ruling__in=current_rulings(),
            )
            .select_related("ruling")
        )
        flagged = 0
        now = timezone.now()
        for compliance in due:
            compliance.flagged_overdue_at = now
            compliance.save(update_fields=["flagged_overdue_at"])
            events.compliance_event(ruling=compliance.ruling, actor=None, what="flagged_overdue")
            flagged += 1
    return flagged


def member_standing(member: Member) -> dict[str, int]:
    """How a member deals with rulings (for its certificate): rulings that hold, and of those that
    oblige it, how many were complied with, are overdue or were reported as not complied with."""
    rulings = current_rulings().filter(case__member=member)
    compliance = list(Compliance.objects.filter(ruling__in=rulings))
    states = [c.state for c in compliance]
    return {
        "rulings": rulings.count(),
        "to_comply": len(compliance),
        "complied": sum(s in ("complied", "member_confirmed") for s in states),
        "overdue": sum(c.flagged_overdue_at is not None and c.state in ("overdue", "not_complied") for c in compliance),
        "not_complied": states.count("not_complied"),
    }
