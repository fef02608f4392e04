"""Periodic work of commission cases. Runs in the ``public`` schema (commission data), so these are
plain tasks, not ``MemberTask``s, and they are not fanned out."""

from __future__ import annotations

from celery import shared_task
from django.db import connection

from .services import case_reminders_send


@shared_task(name="cases.send_reminders")
def send_reminders_task() -> dict[str, int]:
    """Daily: rounds due soon or overdue, the fee reminder, files not completed in time."""
    if connection.schema_name != "public":  # type: ignore[attr-defined]  # django-tenants' connection
        raise RuntimeError("cases.send_reminders runs in the public schema")
    return case_reminders_send()
