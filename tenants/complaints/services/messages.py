"""Messages to and from the complainant, and the member's wording of them.

Every message to the complainant is recorded with the complaint and, when there is an address,
e-mailed through the outbox after commit (docs/procedure/first-line.md, "Handling and the callback").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from core.uploads import CheckedUpload
from tenants.accounts.actors import Actor, actor_label
from tenants.members.links import absolute_url, base_url_for_host, current_organisation
from tenants.outbox.services import email_queue_rendered

from .. import events
from ..messages import MessageKey, regulation_url, render, render_message, validate_template_text
from ..models import Attachment, Complaint, Message, MessageTemplate
from ..workflow import Outcome
from .attachments import store_attachment
from .status_links import status_link


def commission_url() -> str:
    return base_url_for_host(settings.PLATFORM_DOMAIN) + "/"


def message_context(complaint: Complaint, actor: Actor, extra: Mapping[str, object] | None = None) -> dict[str, object]:
    """The placeholders of a message about ``complaint`` (``messages.PLACEHOLDERS``); ``render`` makes
    plain strings of them in the message's language."""
    organisation = current_organisation()
    handler = complaint.handler
    return {
        "complainant_name": complaint.complainant_name,
        "reference": complaint.reference,
        "organisation": organisation.legal_name if organisation else "",
        "received_date": formats.date_format(timezone.localtime(complaint.received_at).date(), "j F Y"),
        "due_date": formats.date_format(complaint.due_on, "j F Y"),
        "status_link": status_link(complaint),
        "commission_name": settings.COMMISSION_NAME,
        "commission_url": absolute_url("/", tenant=None) if organisation is None else commission_url(),
        "handler_name": handler.full_name if handler is not None else (actor.full_name if actor is not None else ""),
        "regulation_url": regulation_url(),
        **(extra or {}),
    }


def send_message(
    *,
    complaint: Complaint,
    key: str,
    actor: Actor,
    language: str | None = None,
    extra: Mapping[str, object] | None = None,
    **message_fields: str,
) -> Message:
    """Record a message to the complainant and e-mail it when there is an address."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(language):
        subject, body = render_message(key, language[:2], message_context(complaint, actor, extra))
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
        author_label=actor_label(actor),
        **message_fields,
    )
    events.message_sent_event(complaint=complaint, actor=actor, message=message)
    return message


def message_send_progress(*, complaint: Complaint, actor: Actor, text: str) -> Message:
    """A progress update to the complainant: every complaint is urgent to the one who made it, so keep
    them informed (docs/procedure/first-line.md, "Handling and the callback")."""
    if not text.strip():
        raise ValidationError({"text": _("Write the update.")})
    with transaction.atomic():
        complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
        return send_message(complaint=complaint, key=MessageKey.PROGRESS, actor=actor, extra={"text": text.strip()})


def message_receive(*, complaint: Complaint, text: str, attachments: Sequence[CheckedUpload] = ()) -> Message:
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
            store_attachment(complaint=complaint, checked=checked, source=Attachment.Source.COMPLAINANT, actor=None)
        events.message_received_event(complaint=complaint, message=message)
        complaint.save(update_fields=["updated_at"])
    return message


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
        send_message(complaint=complaint, key=MessageKey.STATUS_LINK, actor=None, language=language)
    return True


# The member's wording ---------------------------------------------------------------------------


def message_template_save(*, key: str, language: str, subject: str, body: str, actor: Actor) -> MessageTemplate:
    """Store the member's own wording of a message (checked: placeholders and if-blocks only)."""
    validate_template_text(subject)
    validate_template_text(body)
    with transaction.atomic():
        template, _created = MessageTemplate.objects.update_or_create(
            key=key, language=language, defaults={"subject": subject, "body": body}
        )
        events.settings_changed_event(actor=actor, what="message_template", changes={"key": key, "language": language})
    return template


def message_template_reset(*, key: str, language: str, actor: Actor) -> None:
    with transaction.atomic():
        deleted, _details = MessageTemplate.objects.filter(key=key, language=language).delete()
        if deleted:
            events.settings_changed_event(actor=actor, what="message_template", changes={"key": key, "reset": language})


def message_preview(*, key: str, language: str, subject: str, body: str) -> tuple[str, str]:
    """How a template reads with example values (for the owner's preview)."""
    validate_template_text(subject)
    validate_template_text(body)
    organisation = current_organisation()
    example: dict[str, object] = {
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
        "commission_url": commission_url(),
        "handler_name": "H. Behandelaar",
    }
    with translation.override(language):
        return render(subject, body, example)
