"""Periodic complaint work: one beat entry fans out to one task per member."""

from __future__ import annotations

from datetime import date

from celery import shared_task

from tenants.members.tasking import MemberTask, fan_out

from .services.reminders import reminders_send


@shared_task(name="complaints.send_reminders", base=MemberTask, acks_late=True)
def send_reminders_task(today: str | None = None) -> int:
    return reminders_send(today=date.fromisoformat(today) if today else None)


@shared_task(name="complaints.send_reminders_all")
def send_reminders_all_task() -> int:
    """Beat entry (daily): one reminder run per member schema, spread over the jitter window."""
    return fan_out(send_reminders_task)
