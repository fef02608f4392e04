"""Outgoing e-mail. Every message is a row first (in the schema of the member or the commission that
sends it) and leaves through a Celery task after the transaction commits; failures are retried and
stay visible. Delivery is at least once with a stable ``Message-ID`` (docs/adr/0005-outbox-delivery.md).

Work the broker refused after a commit waits here too (``QueuedTask``) until the sweep hands it over."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboundEmail(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        #: Claimed by a worker in its own committed step before it talks to the mail server.
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    topic = models.CharField(_("topic"), max_length=60)
    to = models.EmailField(_("to"))
    from_email = models.CharField(_("from"), max_length=254)
    reply_to = models.EmailField(_("reply to"), blank=True)
    subject = models.CharField(_("subject"), max_length=250)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    #: What the message is about ("app_label.model:uuid"), so a case history can list its messages.
    about = models.CharField(max_length=120, blank=True, db_index=True)
    #: Files sent with the message: [{"filename", "content_type", "content" (base64)}], e.g. an .ics invitation.
    attachments = models.JSONField(default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    #: When the sweep takes the message up if no worker has finished it by then: the next retry of a
    #: pending message (or the moment its first task counts as lost), the end of a sending claim.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    #: ``Message-ID`` header, made once when the message is stored and sent with every attempt, so a
    #: receiver can recognise the copy a retry after a lost confirmation may deliver.
    message_id = models.CharField(max_length=255, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    #: The attempt that holds the claim; only that attempt may record the outcome.
    claim_token = models.UUIDField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx")]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"


class QueuedTask(models.Model):
    """A task that could not be handed to the broker after its transaction committed (the broker was
    down). Stored in the schema the task runs in; the outbox sweep sends it once the broker is back.
    Tasks are idempotent, so sending one twice does no harm."""

    task_name = models.CharField(max_length=200)
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.task_name
