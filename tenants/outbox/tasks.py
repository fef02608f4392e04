"""Outbox tasks. They run in whichever schema sent the message (a member's or ``public``)."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone
from django_tenants.utils import get_public_schema_name

from core.background import send_to_schema
from core.tenancy import connection
from tenants.members.selectors import ready_member_schemas

from .models import OutboundEmail
from .services import due_email_ids, email_requeue, email_send, queued_tasks_send, schemas_with_due_work


@shared_task(name="outbox.send", acks_late=True)
def outbox_send_task(email_id: int) -> str:
    message = email_send(email_id=email_id)
    if message is None:
        return "missing"
    if message.status == OutboundEmail.Status.PENDING and message.next_attempt_at:
        # Retry at the planned time, in the same schema (the sweep covers it should this task be lost).
        countdown = max(0.0, (message.next_attempt_at - timezone.now()).total_seconds())
        send_to_schema(outbox_send_task, email_id, schema_name=connection.schema_name, countdown=countdown)
    return message.status


@shared_task(name="outbox.sweep")
def outbox_sweep_task() -> int:
    """Queue again what is due in the current schema: e-mail whose retry is due, whose task was lost
    or whose worker died mid-send, and tasks the broker refused after their commit."""
    ids = due_email_ids()
    # Noted before the tasks go out, so that a fast task's outcome is not overwritten.
    email_requeue(email_ids=ids)
    for email_id in ids:
        send_to_schema(outbox_send_task, email_id, schema_name=connection.schema_name)
    return len(ids) + queued_tasks_send()


@shared_task(name="outbox.sweep_all")
def outbox_sweep_all_task() -> int:
    """Beat entry (every 30 seconds): one query finds the schemas (members and the commission) with
    work due, and only those get a sweep, without jitter, so mail held up by a broker outage leaves
    within a minute of the broker's return."""
    schemas = schemas_with_due_work(schemas=[get_public_schema_name(), *ready_member_schemas()])
    for schema in schemas:
        send_to_schema(outbox_sweep_task, schema_name=schema)
    return len(schemas)
