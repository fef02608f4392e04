"""Writes of complaint handling. Every function is one transaction and writes its audit event;
e-mails leave through the outbox after commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import deadlines
from core.uploads import CheckedUpload
from tenants.accounts.models import User
from tenants.accounts.roles import Role
from tenants.members.links import absolute_url, current_organisation
from tenants.outbox.services import email_queue, email_queue_rendered

from . import events
from .messages import MessageKey, render_message
from .models import (
    COMPLAINANT_WORDS,
    Attachment,
    Category,
    Cause,
    Clarification,
    Complaint,
    Message,
    Note,
    ReferenceCounter,
    Regulation,
    StatusChange,
)
from .workflow import ALLOWED_TRANSITIONS, OUTCOMES_NEEDING_FINAL_ANSWER, Outcome, Status

STATUS_LINK_SALT = "complaints.status-link"

# Regulation ------------------------------------------------------------------------------------

#: Sector presets: (acknowledgment, handling, extension), each (amount, unit).
PRESETS: dict[str, dict] = {
    "general": {"acknowledgment": (5, "working_days"), "handling": (6, "weeks"), "extension": (4, "weeks")},
    # Wkkgz (care): decide within 6 weeks, extendable once by 4 weeks with notice.
    "care_wkkgz": {"acknowledgment": (5, "working_days"), "handling": (6, "weeks"), "extension": (4, "weeks")},
    # Online shops (Thuiswinkel terms): answer within 14 days, or acknowledge with an expected date.
    "webshop": {
        "acknowledgment": (3, "working_days"),
        "handling": (14, "calendar_days"),
        "extension": (14, "calendar_days"),
    },
    "building": {"acknowledgment": (5, "working_days"), "handling": (4, "weeks"), "extension": (4, "weeks")},
}
SECTOR_PRESET = {"care": "care_wkkgz", "webshops": "webshop", "building": "building"}

DEFAULT_CAUSES = ["Gebrek aan informatie", "Kwaliteit", "Hoge gebruikskosten", "Gebrek aan service"]
DEFAULT_CATEGORIES = [
    ("Bejegening", True),
    ("Product of dienst", False),
    ("Levering en planning", False),
    ("Factuur en betaling", False),
    ("Communicatie", False),
]


def regulation_get() -> Regulation:
    regulation, _created = Regulation.objects.get_or_create(singleton=True)
    return regulation


def regulation_apply_preset(*, preset: str, actor) -> Regulation:
    """Fill in the terms of a sector preset (the owner can adjust them afterwards)."""
    if preset not in PRESETS:
        raise ValidationError({"preset": _("Unknown preset.")})
    values = PRESETS[preset]
    fields = {
        "preset": preset,
        "acknowledgment_amount": values["acknowledgment"][0],
        "acknowledgment_unit": values["acknowledgment"][1],
        "handling_amount": values["handling"][0],
        "handling_unit": values["handling"][1],
        "extension_amount": values["extension"][0],
        "extension_unit": values["extension"][1],
    }
    return regulation_update(actor=actor, **fields)


REGULATION_FIELDS = {
    "preset",
    "acknowledgment_amount",
    "acknowledgment_unit",
    "handling_amount",
    "handling_unit",
    "extension_amount",
    "extension_unit",
    "reminder_lead_days",
    "closed_days",
    "include_good_friday",
    "status_link_days",
    "public_intro",
}


def regulation_update(*, actor, **fields) -> Regulation:
    """Change the regulation's terms. Complaints already registered keep the due dates they got."""
    unknown = set(fields) - REGULATION_FIELDS
    if unknown:
        raise TypeError(f"Unknown regulation fields: {sorted(unknown)}")
    with transaction.atomic():
        regulation = Regulation.objects.select_for_update().get(pk=regulation_get().pk)
        changes = {}
        for field, value in fields.items():
            if getattr(regulation, field) != value:
                changes[field] = {"old": str(getattr(regulation, field)), "new": str(value)}
                setattr(regulation, field, value)
        if changes:
            regulation.full_clean()
            regulation.save()
            events.settings_changed_event(actor=actor, what="regulation", changes=changes)
    return regulation


def taxonomy_seed(*, sector_code: str = "") -> None:
    """Default categories, causes and the sector's preset for a new member (idempotent)."""
    with transaction.atomic():
        regulation = regulation_get()
        if not regulation.preset:
            regulation_apply_preset(preset=SECTOR_PRESET.get(sector_code, "general"), actor=None)
        if not Cause.objects.exists():
            for position, name in enumerate(DEFAULT_CAUSES):
                Cause.objects.create(name=name, position=position)
        if not Category.objects.exists():
            for position, (name, serious) in enumerate(DEFAULT_CATEGORIES):
                Category.objects.create(name=name, is_serious=serious, position=position)


def _closed_days(regulation: Regulation) -> frozenset[date]:
    days = set(regulation.closed_days or [])
    if regulation.include_good_friday:
        this_year = timezone.localdate().year
        for year in (this_year - 1, this_year, this_year + 1):
            days |= deadlines.dutch_public_holidays(year, include_good_friday=True) - deadlines.dutch_public_holidays(
                year
            )
    return frozenset(days)


# Registration ----------------------------------------------------------------------------------

REGISTER_FIELDS = {
    "complainant_name",
    "complainant_address",
    "complainant_postal_code",
    "complainant_city",
    "complainant_phone",
    "complainant_email",
    "customer_number",
    "on_behalf_of",
    "incident_date",
    "incident_time",
    "incident_place",
    "persons_involved",
    "employee_involved",
    "department",
    "description",
    "remedy_sought",
    "category",
    "cause",
    "severity",
    "handler",
}


def _check_kind_allowed(kind: str, actor) -> None:
    """Internal complaints (employees' grievances) are registered and moved only by roles that may
    see them (system work without a user, such as imports, is not restricted)."""
    from tenants.accounts.roles import Capability, has_capability

    if actor is None:
        return
    if kind == Complaint.Kind.INTERNAL and not has_capability(actor, Capability.VIEW_INTERNAL_COMPLAINTS):
        raise ValidationError({"kind": _("Only the owner or a manager can register internal complaints.")})


def _next_reference(year: int) -> str:
    counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"{year}-{counter.last_number:05d}"


def _actor_label(actor) -> str:
    if actor is not None and getattr(actor, "is_authenticated", False):
        return actor.full_name or actor.email
    return getattr(actor, "audit_label", "") or _("complainant")


def complaint_register(
    *,
    channel: str,
    kind: str = Complaint.Kind.EXTERNAL,
    actor=None,
    received_at: datetime | None = None,
    attachments: list[CheckedUpload] = (),
    send_acknowledgment: bool = True,
    language: str | None = None,
    **fields,
) -> Complaint:
    """Register a complaint, whatever the channel, and commit it before anything can fail.

    The terms come from the member's regulation (working days, Dutch public holidays,
    Europe/Amsterdam). A complaint in a serious category is copied to the head of the department (or
    to every manager) with a request to respond. With an e-mail address, the acknowledgment with the
    reference and a personal status link goes out through the outbox, and the complaint is
    *acknowledged*.
    """
    unknown = set(fields) - REGISTER_FIELDS
    if unknown:
        raise TypeError(f"Unknown complaint fields: {sorted(unknown)}")
    if channel not in Complaint.Channel.values:
        raise ValidationError({"channel": _("Unknown channel.")})
    _check_kind_allowed(kind, actor)
    received_at = received_at or timezone.now()
    if received_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"received_at": _("A complaint cannot be received in the future.")})
    regulation = regulation_get()
    closed = _closed_days(regulation)
    with transaction.atomic():
        complaint = Complaint(
            channel=channel,
            kind=kind,
            received_at=received_at,
            received_by=actor if getattr(actor, "is_authenticated", False) else None,
            acknowledgment_due_on=deadlines.due_date(received_at, regulation.acknowledgment_term, closed_days=closed),
            response_due_on=deadlines.due_date(received_at, regulation.handling_term, closed_days=closed),
            **fields,
        )
        if complaint.category_id and complaint.category.is_serious:
            complaint.severity = Complaint.Severity.SERIOUS
        complaint.reference = _next_reference(timezone.localtime(received_at).year)
        complaint.full_clean(exclude=["search_vector", "reference"])
        complaint.save()
        StatusChange.objects.create(
            complaint=complaint, from_status="", to_status=Status.RECEIVED, actor_label=_actor_label(actor)
        )
        for checked in attachments:
            _store_attachment(complaint=complaint, checked=checked, source=Attachment.Source.COMPLAINANT
                              if actor is None else Attachment.Source.STAFF, actor=actor)  # fmt: skip
        events.complaint_registered_event(complaint=complaint, actor=actor)
        if complaint.severity == Complaint.Severity.SERIOUS:
            _send_serious_copy(complaint=complaint)
        if send_acknowledgment and complaint.complainant_email:
            _acknowledge(complaint=complaint, actor=actor, language=language)
    return complaint


def _managers_for(complaint: Complaint) -> list[User]:
    if complaint.department_id and complaint.department.manager_id and complaint.department.manager.is_active:
        return [complaint.department.manager]
    return list(User.objects.filter(role=Role.MANAGER, is_active=True))


def _send_serious_copy(*, complaint: Complaint) -> None:
    """Seed 004: a serious complaint is copied to the head of the department with a request to respond."""
    recipients = _managers_for(complaint)
    for manager in recipients:
        email_queue(
            to=manager.email,
            template="serious_complaint",
            topic="serious_copy",
            language=manager.language,
            about=f"complaints.complaint:{complaint.uuid}",
            context={
                "manager_name": manager.get_short_name(),
                "reference": complaint.reference,
                "category": str(complaint.category or ""),
                "department": str(complaint.department or ""),
                "complainant_name": complaint.complainant_name,
                "description": complaint.description,
                "remedy_sought": complaint.remedy_sought,
                "link": absolute_url(reverse("complaints:detail", kwargs={"uuid": complaint.uuid})),
            },
        )
    events.serious_copy_sent_event(complaint=complaint, recipients=[m.email for m in recipients])


# Status links ----------------------------------------------------------------------------------


def status_link_token(complaint: Complaint) -> str:
    return signing.dumps({"c": str(complaint.uuid), "v": complaint.status_link_version}, salt=STATUS_LINK_SALT)


def status_link(complaint: Complaint) -> str:
    return absolute_url(reverse("complaints_public:status", kwargs={"token": status_link_token(complaint)}))


class StatusLinkInvalid(Exception):
    def __init__(self, expired: bool):
        self.expired = expired
        super().__init__("expired" if expired else "invalid")


def complaint_from_status_token(token: str) -> Complaint:
    """The complaint a status link opens, in this member's schema only. Raises StatusLinkInvalid for a
    forged, foreign, superseded or expired link."""
    max_age = regulation_get().status_link_days * 24 * 60 * 60
    try:
        payload = signing.loads(token, salt=STATUS_LINK_SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise StatusLinkInvalid(expired=True) from None
    except signing.BadSignature:
        raise StatusLinkInvalid(expired=False) from None
    complaint = Complaint.objects.filter(uuid=payload.get("c")).first()
    if complaint is None or complaint.status_link_version != payload.get("v"):
        raise StatusLinkInvalid(expired=False)
    return complaint


def status_link_resend(*, reference: str, email: str, language: str | None = None) -> bool:
    """Send a fresh status link when reference and e-mail address match (earlier links stop working).

    Returns whether one was sent; callers must answer the same either way, so that nobody can find
    out which references exist.
    """
    with transaction.atomic():
        complaint = (
            Complaint.objects.select_for_update()
            .filter(reference=reference.strip(), complainant_email__iexact=email.strip())
            .first()
        )
        if complaint is None:
            return False
        complaint.status_link_version += 1
        complaint.save(update_fields=["status_link_version"])
        _send_message(complaint=complaint, key=MessageKey.STATUS_LINK, actor=None, language=language)
    return True


# Messages --------------------------------------------------------------------------------------


def _message_context(complaint: Complaint, actor, extra: dict | None = None) -> dict[str, str]:
    organisation = current_organisation()
    return {
        "complainant_name": complaint.complainant_name,
        "reference": complaint.reference,
        "organisation": organisation.legal_name if organisation else "",
        "received_date": formats.date_format(timezone.localtime(complaint.received_at).date(), "j F Y"),
        "due_date": formats.date_format(complaint.due_on, "j F Y"),
        "status_link": status_link(complaint),
        "commission_name": settings.COMMISSION_NAME,
        "commission_url": absolute_url("/", tenant=None) if organisation is None else _commission_url(),
        "handler_name": (complaint.handler.full_name if complaint.handler_id else _actor_name(actor)),
        **(extra or {}),
    }


def _commission_url() -> str:
    from tenants.members.links import base_url_for_host

    return base_url_for_host(settings.PLATFORM_DOMAIN) + "/"


def _actor_name(actor) -> str:
    return actor.full_name if getattr(actor, "is_authenticated", False) else ""


def _send_message(
    *, complaint: Complaint, key: str, actor, language: str | None = None, extra: dict | None = None, **message_fields
) -> Message:
    """Record a message to the complainant and e-mail it when there is an address."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(language):
        subject, body = render_message(key, language[:2], _message_context(complaint, actor, extra))
    outbound = None
    if complaint.complainant_email:
        outbound = email_queue_rendered(
            to=complaint.complainant_email,
            subject=subject,
            body_text=body,
            topic=f"complaint_{key}",
            about=f"complaints.complaint:{complaint.uuid}",
        )
    message = Message.objects.create(
        complaint=complaint,
        direction=Message.Direction.TO_COMPLAINANT,
        kind=key,
        subject=subject,
        body=body,
        email=outbound,
        author_label=_actor_label(actor) if actor is not None else _("system"),
        **message_fields,
    )
    events.message_sent_event(complaint=complaint, actor=actor, message=message)
    return message


def _record_status(complaint: Complaint, target: str, actor, note: str = "") -> None:
    old = complaint.status
    complaint.status = target
    StatusChange.objects.create(
        complaint=complaint,
        from_status=old,
        to_status=target,
        actor_label=_actor_label(actor) if actor else _("system"),
        note=note,
    )
    events.complaint_transitioned_event(complaint=complaint, actor=actor, old=old, new=target, note=note)


def _acknowledge(*, complaint: Complaint, actor, language: str | None = None) -> None:
    _send_message(complaint=complaint, key=MessageKey.ACKNOWLEDGMENT, actor=actor, language=language)
    complaint.acknowledged_at = timezone.now()
    _record_status(complaint, Status.ACKNOWLEDGED, actor, note=_("Acknowledgment sent"))
    complaint.save(update_fields=["status", "acknowledged_at", "updated_at"])


def message_send_progress(*, complaint: Complaint, actor, text: str) -> Message:
    """A progress update to the complainant (every complaint is urgent: keep them informed, seed 001)."""
    if not text.strip():
        raise ValidationError({"text": _("Write the update.")})
    with transaction.atomic():
        complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
        return _send_message(complaint=complaint, key=MessageKey.PROGRESS, actor=actor, extra={"text": text.strip()})


def message_receive(*, complaint: Complaint, text: str, attachments: list[CheckedUpload] = ()) -> Message:
    """Information the complainant adds through the status page."""
    if not text.strip() and not attachments:
        raise ValidationError({"text": _("Write a message or attach a file.")})
    with transaction.atomic():
        complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
        message = Message.objects.create(
            complaint=complaint,
            direction=Message.Direction.FROM_COMPLAINANT,
            kind=Message.Kind.INFORMATION,
            subject=_("Information from the complainant"),
            body=text.strip(),
            author_label=complaint.complainant_name,
        )
        for checked in attachments:
            _store_attachment(complaint=complaint, checked=checked, source=Attachment.Source.COMPLAINANT, actor=None)
        events.message_received_event(complaint=complaint, message=message)
        complaint.save(update_fields=["updated_at"])
    return message


def note_add(*, complaint: Complaint, actor, body: str) -> Note:
    if not body.strip():
        raise ValidationError({"body": _("Write the note.")})
    with transaction.atomic():
        note = Note.objects.create(
            complaint=complaint, body=body.strip(), author=actor, author_label=_actor_label(actor)
        )
        events.note_added_event(complaint=complaint, actor=actor)
    return note


def clarification_add(*, complaint: Complaint, actor, body: str) -> Clarification:
    """Add the organisation's clarification of a complaint. It is shown beside the complainant's own
    words, labelled as the organisation's, and goes with the complaint to the commission; the
    complainant's words themselves never change."""
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write the clarification.")})
    with transaction.atomic():
        complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
        clarification = Clarification.objects.create(
            complaint=complaint, body=body, author=actor, author_label=_actor_label(actor)
        )
        events.clarification_added_event(complaint=complaint, actor=actor, clarification=clarification)
        complaint.save(update_fields=["updated_at"])
    return clarification


def _store_attachment(*, complaint: Complaint, checked: CheckedUpload, source: str, actor) -> Attachment:
    attachment = Attachment(
        complaint=complaint,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        source=source,
        uploaded_by_label=_actor_label(actor) if actor is not None else complaint.complainant_name,
    )
    attachment.file.save(checked.name, checked.upload, save=False)
    attachment.save()
    events.attachment_added_event(complaint=complaint, actor=actor, attachment=attachment)
    return attachment


def attachment_add(
    *, complaint: Complaint, actor, checked: CheckedUpload, shared_with_complainant: bool = False
) -> Attachment:
    with transaction.atomic():
        attachment = _store_attachment(
            complaint=complaint, checked=checked, source=Attachment.Source.STAFF, actor=actor
        )
        if attachment.shared_with_complainant != shared_with_complainant:
            attachment.shared_with_complainant = shared_with_complainant
            attachment.save(update_fields=["shared_with_complainant"])
    return attachment


# Workflow --------------------------------------------------------------------------------------


@dataclass
class FinalAnswer:
    text: str
    findings: str = ""
    actions_taken: str = ""
    recommendations: str = ""


class TransitionRefused(ValidationError):
    pass


def complaint_transition(
    *,
    complaint: Complaint,
    target: str,
    actor,
    note: str = "",
    outcome: str = "",
    redress_given: str = "",
    final_answer: FinalAnswer | None = None,
    action_owner: User | None = None,
    promised_action: str = "",
    callback_on: date | None = None,
    callback_answer: str = "",
    language: str | None = None,
) -> Complaint:
    """Move a complaint along the workflow table, with what each step needs:

    - *action agreed*: the employee who must act, the promised action and a callback date (seed 004);
    - *callback*: reached only after checking the action; leaving it needs the complainant's answer,
      and "not carried out" restarts the procedure (*investigating*);
    - *closed*: an outcome; resolved, partly resolved and rejected also need the final written answer
      (findings, actions, recommendations, and how to escalate — seed 002), which is sent;
    - *acknowledged*: sends the acknowledgment;
    - *escalated*: only the commission's escalation does this.
    """
    with transaction.atomic():
        complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
        source = complaint.status
        if target not in ALLOWED_TRANSITIONS.get(source, {}):
            raise TransitionRefused(
                _("A complaint that is “%(source)s” cannot become “%(target)s”.")
                % {
                    "source": Status(source).label,
                    "target": Status(target).label if target in Status.values else target,
                }
            )
        if target == Status.ESCALATED and getattr(actor, "is_authenticated", False):
            raise TransitionRefused(_("Only the complainant can take a complaint to the commission."))
        errors: dict[str, list[str]] = {}
        if target == Status.ACTION_AGREED:
            if action_owner is None:
                errors["action_owner"] = [_("Choose the employee who must act.")]
            if not promised_action.strip():
                errors["promised_action"] = [_("Describe the promised action.")]
            if callback_on is None:
                errors["callback_on"] = [_("Choose the callback date.")]
            elif callback_on < timezone.localdate():
                errors["callback_on"] = [_("The callback date cannot be in the past.")]
        if source == Status.CALLBACK and not callback_answer.strip():
            errors["callback_answer"] = [_("Record what the complainant said.")]
        if target == Status.CLOSED:
            if outcome not in Outcome.values:
                errors["outcome"] = [_("Choose the outcome.")]
            elif outcome in OUTCOMES_NEEDING_FINAL_ANSWER and (final_answer is None or not final_answer.text.strip()):
                errors["final_answer"] = [_("Write the final answer to the complainant.")]
        if target == Status.INVESTIGATING and source == Status.CLOSED and not note.strip():
            errors["note"] = [_("Say why the complaint is reopened.")]
        if errors:
            raise TransitionRefused(errors)

        update = ["status", "updated_at"]
        if target == Status.ACTION_AGREED:
            complaint.action_owner = action_owner
            complaint.promised_action = promised_action.strip()
            complaint.callback_on = callback_on
            update += ["action_owner", "promised_action", "callback_on"]
        if source == Status.CALLBACK:
            complaint.callback_answer = callback_answer.strip()
            update.append("callback_answer")
        if target == Status.ACKNOWLEDGED:
            _send_message(complaint=complaint, key=MessageKey.ACKNOWLEDGMENT, actor=actor, language=language)
            complaint.acknowledged_at = timezone.now()
            update.append("acknowledged_at")
        if target == Status.CLOSED:
            complaint.outcome = outcome
            complaint.redress_given = redress_given.strip()
            complaint.closed_at = timezone.now()
            update += ["outcome", "redress_given", "closed_at"]
            if final_answer is not None and final_answer.text.strip():
                _send_message(
                    complaint=complaint,
                    key=MessageKey.FINAL_ANSWER,
                    actor=actor,
                    language=language,
                    extra={
                        "text": final_answer.text.strip(),
                        "findings": final_answer.findings.strip(),
                        "actions_taken": final_answer.actions_taken.strip(),
                        "recommendations": final_answer.recommendations.strip(),
                        "outcome": Outcome(outcome).label,
                    },
                    findings=final_answer.findings.strip(),
                    actions_taken=final_answer.actions_taken.strip(),
                    recommendations=final_answer.recommendations.strip(),
                )
        if source == Status.CLOSED:
            complaint.outcome = ""
            complaint.closed_at = None
            update += ["outcome", "closed_at"]
        _record_status(complaint, target, actor, note=note.strip())
        complaint.save(update_fields=list(dict.fromkeys(update)))
    return complaint


def complaint_extend(*, complaint: Complaint, actor, reason: str, language: str | None = None) -> Complaint:
    """Extend the handling term once, by the regulation's extension, and tell the complainant why."""
    regulation = regulation_get()
    with transaction.atomic():
        complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
        if regulation.extension_term is None:
            raise ValidationError(_("Your regulation does not allow an extension."))
        if complaint.extended_due_on is not None:
            raise ValidationError(_("The term has already been extended once."))
        if not complaint.is_open:
            raise ValidationError(_("Only an open complaint can be extended."))
        if not reason.strip():
            raise ValidationError({"reason": _("Give the reason; the complainant receives it.")})
        old_due = complaint.response_due_on
        complaint.extended_due_on = deadlines.extended_due_date(
            old_due, regulation.extension_term, closed_days=_closed_days(regulation)
        )
        complaint.extension_reason = reason.strip()
        complaint.save(update_fields=["extended_due_on", "extension_reason", "updated_at"])
        _send_message(
            complaint=complaint,
            key=MessageKey.EXTENSION,
            actor=actor,
            language=language,
            extra={
                "extension_reason": complaint.extension_reason,
                "due_date": formats.date_format(old_due, "j F Y"),
                "new_due_date": formats.date_format(complaint.extended_due_on, "j F Y"),
            },
        )
        events.complaint_extended_event(complaint=complaint, actor=actor, reason=complaint.extension_reason)
    return complaint


EDITABLE_FIELDS = REGISTER_FIELDS | {"kind", "redress_given"}
WORDS_ARE_FIXED = gettext_lazy(
    "The complainant's own words cannot be changed once registered; add a clarification instead."
)


def complaint_update(*, complaint: Complaint, actor, **fields) -> Complaint:
    """Change the registered details; each change is in the history (old and new value).

    What the complainant submitted (their own words and the remedy they asked for) is fixed once
    registered, whoever wrote it down: staff add a clarification (``clarification_add``) instead.
    """
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"Unknown complaint fields: {sorted(unknown)}")
    if "kind" in fields and fields["kind"] != complaint.kind:
        _check_kind_allowed(Complaint.Kind.INTERNAL, actor)
    with transaction.atomic():
        complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
        refused = {}
        for name in COMPLAINANT_WORDS:
            # The words sent back unchanged (a form that shows them) are no change.
            if name in fields and fields.pop(name) != getattr(complaint, name):
                refused[name] = [WORDS_ARE_FIXED]
        if refused:
            raise ValidationError(refused)
        changes = {}
        for field, value in fields.items():
            old = getattr(complaint, field)
            if old != value:
                changes[field] = {
                    "old": str(old) if old is not None else None,
                    "new": str(value) if value is not None else None,
                }
                setattr(complaint, field, value)
        if "category" in changes and complaint.category_id and complaint.category.is_serious:
            if complaint.severity != Complaint.Severity.SERIOUS:
                changes["severity"] = {"old": complaint.severity, "new": Complaint.Severity.SERIOUS}
                complaint.severity = Complaint.Severity.SERIOUS
                _send_serious_copy(complaint=complaint)
        if changes:
            complaint.full_clean(exclude=["search_vector"])
            complaint.save()
            events.complaint_updated_event(complaint=complaint, actor=actor, changes=changes)
    return complaint


# Settings the owner manages --------------------------------------------------------------------


def taxonomy_save(*, instance, actor, **fields):
    """Create or change a category, cause or department; the change is in the trail."""
    with transaction.atomic():
        changes = {}
        for field, value in fields.items():
            old = getattr(instance, field, None)
            if old != value:
                changes[field] = {
                    "old": str(old) if old is not None else None,
                    "new": str(value) if value is not None else None,
                }
                setattr(instance, field, value)
        if changes or instance.pk is None:
            instance.full_clean()
            instance.save()
            events.settings_changed_event(
                actor=actor, what=instance._meta.model_name, changes={"name": str(instance), **changes}
            )
    return instance


def message_template_save(*, key: str, language: str, subject: str, body: str, actor):
    """Store the member's own wording of a message (checked: placeholders and if-blocks only)."""
    from .messages import validate_template_text
    from .models import MessageTemplate

    validate_template_text(subject)
    validate_template_text(body)
    with transaction.atomic():
        template, _created = MessageTemplate.objects.update_or_create(
            key=key, language=language, defaults={"subject": subject, "body": body}
        )
        events.settings_changed_event(actor=actor, what="message_template", changes={"key": key, "language": language})
    return template


def message_template_reset(*, key: str, language: str, actor) -> None:
    from .models import MessageTemplate

    with transaction.atomic():
        deleted, _details = MessageTemplate.objects.filter(key=key, language=language).delete()
        if deleted:
            events.settings_changed_event(actor=actor, what="message_template", changes={"key": key, "reset": language})


def message_preview(*, key: str, language: str, subject: str, body: str) -> tuple[str, str]:
    """How a template reads with example values (for the owner's preview)."""
    from .messages import render, validate_template_text

    validate_template_text(subject)
    validate_template_text(body)
    organisation = current_organisation()
    example = {
        "complainant_name": "J. Jansen",
        "reference": f"{timezone.localdate().year}-00042",
        "organisation": organisation.legal_name if organisation else "",
        "received_date": formats.date_format(timezone.localdate(), "j F Y"),
        "due_date": formats.date_format(timezone.localdate() + timedelta(weeks=6), "j F Y"),
        "new_due_date": formats.date_format(timezone.localdate() + timedelta(weeks=10), "j F Y"),
        "status_link": absolute_url("/status/voorbeeld/"),
        "text": _("(what the handler writes)"),
        "extension_reason": _("(the reason for the extension)"),
        "findings": _("(findings)"),
        "actions_taken": _("(actions taken)"),
        "recommendations": _("(recommendations)"),
        "outcome": Outcome.RESOLVED.label,
        "commission_name": settings.COMMISSION_NAME,
        "commission_url": _commission_url(),
        "handler_name": "H. Behandelaar",
    }
    with translation.override(language):
        return render(subject, body, example)


# Reminders -------------------------------------------------------------------------------------


def _remind(
    *, complaint: Complaint, kind: str, due_on: date, recipient: User, what: str, overdue_days: int = 0
) -> bool:
    """Send one reminder unless it was sent before (one per complaint, kind, due date and person)."""
    from .models import Reminder

    _reminder, created = Reminder.objects.get_or_create(
        complaint=complaint, kind=kind, due_on=due_on, recipient=recipient.email
    )
    if not created:
        return False
    with translation.override(recipient.language):
        email_queue(
            to=recipient.email,
            template="complaint_reminder",
            topic="reminder",
            language=recipient.language,
            about=f"complaints.complaint:{complaint.uuid}",
            context={
                "name": recipient.get_short_name(),
                "reference": complaint.reference,
                "due_date": formats.date_format(due_on, "j F Y"),
                "what": str(what),
                "overdue": overdue_days > 0,
                "days_late": overdue_days,
                "link": absolute_url(reverse("complaints:detail", kwargs={"uuid": complaint.uuid})),
            },
        )
    events.reminder_sent_event(complaint=complaint, kind=kind, recipient=recipient.email)
    return True


def reminders_send(*, today: date | None = None) -> int:
    """The daily reminders of one member: handlers before a due date (the regulation's lead time in
    working days), managers once a complaint is overdue, handlers when a callback is due.

    Complaints without a handler are reminded to the owners, who divide the work. Returns how many
    reminders were sent; running twice on one day sends nothing new.
    """
    from .models import Reminder
    from .workflow import OPEN_STATUSES

    today = today or timezone.localdate()
    regulation = regulation_get()
    closed = _closed_days(regulation)
    lead = regulation.reminder_lead_days
    owners = list(User.objects.filter(role=Role.OWNER, is_active=True))
    sent = 0
    open_complaints = Complaint.objects.filter(status__in=OPEN_STATUSES).select_related(
        "handler", "action_owner", "department__manager"
    )
    for complaint in open_complaints.iterator(chunk_size=500):
        handlers = [complaint.handler] if complaint.handler_id and complaint.handler.is_active else owners
        with transaction.atomic():
            if complaint.status == Status.RECEIVED and deadlines.is_due_soon(
                complaint.acknowledgment_due_on, today, lead, closed_days=closed
            ):
                for person in handlers:
                    sent += _remind(complaint=complaint, kind=Reminder.Kind.ACKNOWLEDGMENT_SOON,
                                    due_on=complaint.acknowledgment_due_on, recipient=person, what=_("acknowledgment"))  # fmt: skip
            due = complaint.due_on
            late = deadlines.days_overdue(due, today, closed_days=closed)
            if late > 0:
                for person in _managers_for(complaint) or owners:
                    sent += _remind(complaint=complaint, kind=Reminder.Kind.OVERDUE, due_on=due, recipient=person,
                                    what=_("answer"), overdue_days=late)  # fmt: skip
            elif deadlines.is_due_soon(due, today, lead, closed_days=closed):
                for person in handlers:
                    sent += _remind(complaint=complaint, kind=Reminder.Kind.ANSWER_SOON, due_on=due, recipient=person,
                                    what=_("answer"))  # fmt: skip
            if (
                complaint.status in (Status.ACTION_AGREED, Status.CHECKING)
                and complaint.callback_on
                and complaint.callback_on <= today
            ):
                for person in handlers:
                    sent += _remind(complaint=complaint, kind=Reminder.Kind.CALLBACK, due_on=complaint.callback_on,
                                    recipient=person, what=_("callback"))  # fmt: skip
    return sent
