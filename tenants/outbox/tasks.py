"""Outbox tasks. They run in whichever schema sent the message (a member's or ``public``)."""

from __future__ import annotations

from config.celery import app, fan_out, send_to_schema


@app.task(name="outbox.send", acks_late=True)
def outbox_send_task(email_id: int) -> str:
    from django.db import connection
    from django.utils import timezone

    from .models import OutboundEmail
    from .services import email_send

    message = email_send(email_id=email_id)
    if message is None:
        return "missing"
    if message.status == OutboundEmail.Status.PENDING and message.next_attempt_at:
        # Retry at the planned time, in the same schema.
        countdown = max(0.0, (message.next_attempt_at - timezone.now()).total_seconds())
        send_to_schema(outbox_send_task, email_id, schema_name=connection.schema_name, countdown=countdown)
    return message.status


@app.task(name="outbox.sweep")
def outbox_sweep_task() -> int:
    """Re-send what is due in the current schema."""
    from django.db import connection

    from .services import due_email_ids

    ids = due_email_ids()
    for email_id in ids:
        send_to_schema(outbox_send_task, email_id, schema_name=connection.schema_name)
    return len(ids)


@app.task(name="outbox.sweep_all")
def outbox_sweep_all_task() -> int:
    """Beat entry: one sweep per member schema and one for the commission."""
    return fan_out(outbox_sweep_task, include_public=True)
