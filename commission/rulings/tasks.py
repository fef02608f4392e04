"""Periodic work of rulings; runs in the public schema (the commission's tables).

Beat entry (in ``CELERY_BEAT_SCHEDULE``)::

    "ruling-compliance-overdue": {"task": "rulings.compliance_flag_overdue", "schedule": crontab(hour=6, minute=30)},
"""

from __future__ import annotations

from celery import shared_task
from django.db import connection

from .services import compliance_flag_overdue


@shared_task(name="rulings.compliance_flag_overdue")
def compliance_flag_overdue_task() -> int:
    connection.set_schema_to_public()  # type: ignore[attr-defined]  # django-tenants' connection
    return compliance_flag_overdue()
