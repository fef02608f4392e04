"""Queueing and sending e-mail through the outbox.

Sending is three steps, each committed on its own (docs/adr/0005-outbox-delivery.md): claim the
message, hand it to the mail server, record the outcome. A worker that dies between the first two
leaves a claim that expires, and the sweep sends the message again; one that dies after the server
accepted the message but before the outcome was recorded causes a second copy with the same
``Message-ID``.
"""

from __future__ import annotations

import base64
import logging
import smtplib
import uuid
from datetime import datetime, timedelta
from typing import Any

from celery import current_app
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.background import enqueue_on_commit
from core.tenancy import connection

from .models import OutboundEmail, QueuedTask

logger = logging.getLogger(__name__)


def email_queue(
    *,
    to: str,
    template: str,
    context: dict[str, Any],
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
            body_html: str = render_to_string(f"emails/{template}_body.html", context)
        except TemplateDoesNotExist:
            body_html = ""
    return email_queue_rendered(
        to=to, subject=subject, body_text=body_text, body_html=body_html, topic=topic, about=about, reply_to=reply_to
    )


def email_attachment(*, filename: str, content: bytes | str, content_type: str) -> dict[str, str]:
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
    attachments: list[dict[str, str]] | None = None,
) -> OutboundEmail:
    """Store a message; a worker sends it once the caller's transaction commits. The row exists even
    when sending fails, so nothing is lost, and the failure stays visible. Should the task be lost
    (the broker was down at commit), the sweep sends the message after ``OUTBOX_LOST_TASK_SECONDS``.
    ``attachments`` are made with ``email_attachment``."""
    from .tasks import outbox_send_task  # the tasks call these services: imported here to avoid a cycle

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
        message_id=_new_message_id(),
        next_attempt_at=timezone.now() + timedelta(seconds=settings.OUTBOX_LOST_TASK_SECONDS),
    )
    enqueue_on_commit(outbox_send_task, message.pk)
    return message


def _new_message_id() -> str:
    # Not ``make_msgid()``: it looks up the host name, which can take seconds, and the id must be
    # known before the first attempt so that every attempt carries the same one.
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or settings.PLATFORM_DOMAIN
    return f"<{uuid.uuid4().hex}@{domain}>"


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(settings.OUTBOX_RETRY_BASE_SECONDS * 2 ** (attempts - 1), 3600))


def _permanent_refusal(exc: Exception) -> int | None:
    """The SMTP reply code when the server refused the message for good (5xx), else None.

    A refused login (535) is left out: it says our configuration is wrong, not the message, and
    the message will go once an operator fixes it.
    """
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _reply in exc.recipients.values()]
        return min(codes) if codes and all(code >= 500 for code in codes) else None
    if isinstance(exc, smtplib.SMTPResponseException) and not isinstance(exc, smtplib.SMTPAuthenticationError):
        return exc.smtp_code if exc.smtp_code >= 500 else None
    return None


def email_claim(*, email_id: int) -> tuple[OutboundEmail | None, uuid.UUID | None]:
    """Claim a message for one attempt, committed before the mail server is contacted.

    A pending message is claimable, and so is one whose earlier claim expired (its worker died).
    Returns the message and the claim token, or no token when there is nothing to send (already
    sent, failed, or claimed by a live attempt).
    """
    with transaction.atomic():
        message = OutboundEmail.objects.select_for_update(skip_locked=True).filter(pk=email_id).first()
        if message is None:
            # Missing, or another worker is claiming it right now.
            return OutboundEmail.objects.filter(pk=email_id).first(), None
        now = timezone.now()
        claim_expired = message.status == OutboundEmail.Status.SENDING and (
            message.next_attempt_at is None or message.next_attempt_at <= now
        )
        if message.status != OutboundEmail.Status.PENDING and not claim_expired:
            return message, None
        token = uuid.uuid4()
        message.status = OutboundEmail.Status.SENDING
        message.claimed_at = now
        message.claim_token = token
        message.attempts += 1
        message.next_attempt_at = now + timedelta(seconds=settings.OUTBOX_CLAIM_SECONDS)
        if not message.message_id:
            message.message_id = _new_message_id()
        message.save(update_fields=["status", "claimed_at", "claim_token", "attempts", "next_attempt_at", "message_id"])
    return message, token


def _email_message(message: OutboundEmail) -> EmailMultiAlternatives:
    mail = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=message.from_email,
        to=[message.to],
        reply_to=[message.reply_to] if message.reply_to else None,
        headers={"Message-ID": message.message_id, "X-Wederhoor-Message": str(message.uuid)},
    )
    if message.body_html:
        mail.attach_alternative(message.body_html, "text/html")
    for attachment in message.attachments:
        mail.attach(attachment["filename"], base64.b64decode(attachment["content"]), attachment["content_type"])
    return mail


def email_send(*, email_id: int) -> OutboundEmail | None:
    """Send one queued message at least once (a sent message is not sent again). Returns the
    message, with ``status`` telling the outcome: a permanent refusal (5xx) fails it at once, a
    temporary failure (4xx, no connection) schedules the next attempt until the limit."""
    message, token = email_claim(email_id=email_id)
    if token is None:
        return message
    assert message is not None  # a claim comes with its message
    try:
        _email_message(message).send(fail_silently=False)
    except Exception as exc:  # noqa: BLE001 - every transport failure is recorded on the message
        error = f"{exc.__class__.__name__}: {exc}"[:2000]
        permanent = _permanent_refusal(exc)
        outcome: dict[str, Any]
        if permanent is not None or message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
            outcome = {"status": OutboundEmail.Status.FAILED, "next_attempt_at": None}
        else:
            outcome = {
                "status": OutboundEmail.Status.PENDING,
                "next_attempt_at": timezone.now() + _backoff(message.attempts),
            }
        outcome["last_error"] = error
        logger.warning(
            "outbox_send_failed id=%s attempts=%s permanent_code=%s status=%s error=%s",
            message.pk,
            message.attempts,
            permanent,
            outcome["status"],
            error,
        )
    else:
        outcome = {
            "status": OutboundEmail.Status.SENT,
            "sent_at": timezone.now(),
            "next_attempt_at": None,
            "last_error": "",
        }
    with transaction.atomic():
        recorded = OutboundEmail.objects.filter(pk=message.pk, claim_token=token).update(**outcome)
    if not recorded:
        # The claim expired and another attempt took the message over; that attempt records the outcome.
        logger.warning("outbox_claim_lost id=%s", message.pk)
    message.refresh_from_db()
    return message


def email_retry(*, email: OutboundEmail) -> OutboundEmail:
    """Put a failed message back in the queue (an operator's action after fixing the cause)."""
    from .tasks import outbox_send_task  # the tasks call these services: imported here to avoid a cycle

    with transaction.atomic():
        email.status = OutboundEmail.Status.PENDING
        email.next_attempt_at = timezone.now() + timedelta(seconds=settings.OUTBOX_LOST_TASK_SECONDS)
        email.save(update_fields=["status", "next_attempt_at"])
        enqueue_on_commit(outbox_send_task, email.pk)
    return email


def _due(now: datetime) -> Q:
    # Pending messages past their next attempt (a retry, or a first task presumed lost) and claims
    # whose worker died: one condition on the (status, next_attempt_at) index.
    return Q(status__in=[OutboundEmail.Status.PENDING, OutboundEmail.Status.SENDING], next_attempt_at__lte=now)


def due_email_ids(*, now: datetime | None = None, limit: int = 500) -> list[int]:
    """Messages the sweep must queue again: their retry is due, their task was lost (still pending
    ``OUTBOX_LOST_TASK_SECONDS`` after they were stored, e.g. the broker was down at commit), or
    their worker died while holding the claim."""
    now = now or timezone.now()
    return list(
        OutboundEmail.objects.filter(_due(now)).order_by("next_attempt_at").values_list("pk", flat=True)[:limit]
    )


def email_requeue(*, email_ids: list[int], now: datetime | None = None) -> None:
    """Note that the sweep queued these messages again, so the next sweep leaves them to that task
    for another ``OUTBOX_LOST_TASK_SECONDS`` (a claim on the way keeps its own expiry)."""
    now = now or timezone.now()
    OutboundEmail.objects.filter(pk__in=email_ids, status=OutboundEmail.Status.PENDING).update(
        next_attempt_at=now + timedelta(seconds=settings.OUTBOX_LOST_TASK_SECONDS)
    )


def schemas_with_due_work(*, schemas: list[str], now: datetime | None = None) -> list[str]:
    """Which of ``schemas`` hold e-mail due for the sweep or tasks the broker refused: one query for
    all of them (an index probe each), so the sweep fans out only where there is work."""
    now = now or timezone.now()
    found: list[str] = []
    for start in range(0, len(schemas), 200):
        chunk = schemas[start : start + 200]
        parts: list[str] = []
        params: list[Any] = []
        for schema in chunk:
            quoted = connection.ops.quote_name(schema)
            parts.append(
                f"SELECT %s WHERE EXISTS (SELECT 1 FROM {quoted}.outbox_outboundemail"
                " WHERE status IN ('pending', 'sending') AND next_attempt_at <= %s)"
                f" OR EXISTS (SELECT 1 FROM {quoted}.outbox_queuedtask)"
            )
            params += [schema, now]
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            found += [row[0] for row in cursor.fetchall()]
    return found


def queued_tasks_send(*, limit: int = 500) -> int:
    """Hand the tasks the broker refused earlier to the broker, in the current schema; a task leaves
    the table only once the broker took it. Returns how many were sent."""
    schema = connection.schema_name
    sent = 0
    for queued in QueuedTask.objects.all()[:limit]:
        current_app.send_task(
            queued.task_name, args=queued.args, kwargs=queued.kwargs, headers={"_schema_name": schema}
        )
        logger.info("queued_task_sent task=%s id=%s", queued.task_name, queued.pk)
        queued.delete()
        sent += 1
    return sent
