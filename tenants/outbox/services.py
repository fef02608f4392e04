"""Queueing and sending e-mail through the outbox."""

from __future__ import annotations

import base64
import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import OutboundEmail

logger = logging.getLogger(__name__)


def email_queue(
    *,
    to: str,
    template: str,
    context: dict,
    topic: str,
    language: str | None = None,
    about: str = "",
    reply_to: str = "",
) -> OutboundEmail:
    """Render ``templates/emails/<template>_{subject,body}.txt`` (+ ``.html`` when present) in the
    recipient's language and queue the message (see ``email_queue_rendered``)."""
    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        subject = render_to_string(f"emails/{template}_subject.txt", context)
        body_text = render_to_string(f"emails/{template}_body.txt", context)
        try:
            body_html = render_to_string(f"emails/{template}_body.html", context)
        except TemplateDoesNotExist:
            body_html = ""
    return email_queue_rendered(
        to=to, subject=subject, body_text=body_text, body_html=body_html, topic=topic, about=about, reply_to=reply_to
    )


def email_attachment(*, filename: str, content: bytes | str, content_type: str) -> dict:
    """An attachment as stored on the message (base64, so the row stays plain JSON)."""
    raw = content.encode() if isinstance(content, str) else content
    return {"filename": filename, "content_type": content_type, "content": base64.b64encode(raw).decode("ascii")}


def email_queue_rendered(
    *,
    to: str,
    subject: str,
    body_text: str,
    topic: str,
    body_html: str = "",
    about: str = "",
    reply_to: str = "",
    attachments: list[dict] | None = None,
) -> OutboundEmail:
    """Store a message; a worker sends it once the caller's transaction commits. The row exists even
    when sending fails, so nothing is lost, and the failure stays visible. ``attachments`` are made
    with ``email_attachment``."""
    from config.celery import enqueue_on_commit

    from .tasks import outbox_send_task

    message = OutboundEmail.objects.create(
        topic=topic,
        to=to,
        from_email=settings.DEFAULT_FROM_EMAIL,
        reply_to=reply_to,
        subject=" ".join(subject.split())[:250],
        body_text=body_text,
        body_html=body_html,
        about=about,
        attachments=attachments or [],
    )
    enqueue_on_commit(outbox_send_task, message.pk)
    return message


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(30 * 2 ** (attempts - 1), 3600))


def email_send(*, email_id: int) -> OutboundEmail | None:
    """Send one queued message (idempotent: a sent message is not sent again). Returns the message,
    with ``status`` telling the outcome; a failure schedules the next attempt until the limit."""
    with transaction.atomic():
        message = OutboundEmail.objects.select_for_update(skip_locked=True).filter(pk=email_id).first()
        if message is None or message.status != OutboundEmail.Status.PENDING:
            return message
        mail = EmailMultiAlternatives(
            subject=message.subject,
            body=message.body_text,
            from_email=message.from_email,
            to=[message.to],
            reply_to=[message.reply_to] if message.reply_to else None,
            headers={"X-Wederhoor-Message": str(message.uuid)},
        )
        if message.body_html:
            mail.attach_alternative(message.body_html, "text/html")
        for attachment in message.attachments:
            mail.attach(attachment["filename"], base64.b64decode(attachment["content"]), attachment["content_type"])
        message.attempts += 1
        try:
            mail.send(fail_silently=False)
        except Exception as exc:  # noqa: BLE001 - any transport failure is retried
            message.last_error = f"{exc.__class__.__name__}: {exc}"[:2000]
            if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
                message.status = OutboundEmail.Status.FAILED
                message.next_attempt_at = None
            else:
                message.next_attempt_at = timezone.now() + _backoff(message.attempts)
            logger.warning("outbox_send_failed id=%s attempts=%s error=%s", message.pk, message.attempts, exc)
        else:
            message.status = OutboundEmail.Status.SENT
            message.sent_at = timezone.now()
            message.next_attempt_at = None
            message.last_error = ""
        message.save(update_fields=["status", "attempts", "last_error", "next_attempt_at", "sent_at"])
    return message


def email_retry(*, email: OutboundEmail) -> OutboundEmail:
    """Put a failed message back in the queue (an operator's action after fixing the cause)."""
    from config.celery import enqueue_on_commit

    from .tasks import outbox_send_task

    with transaction.atomic():
        email.status = OutboundEmail.Status.PENDING
        email.next_attempt_at = None
        email.save(update_fields=["status", "next_attempt_at"])
        enqueue_on_commit(outbox_send_task, email.pk)
    return email


def due_email_ids(*, now=None) -> list[int]:
    """Pending messages whose next attempt is due, or that have waited over a minute without one
    (their task was lost, e.g. the broker was down at commit)."""
    now = now or timezone.now()
    from django.db.models import Q

    due = OutboundEmail.objects.filter(status=OutboundEmail.Status.PENDING).filter(
        Q(next_attempt_at__lte=now) | Q(next_attempt_at__isnull=True, created_at__lte=now - timedelta(minutes=1))
    )
    return list(due.values_list("pk", flat=True)[:500])
