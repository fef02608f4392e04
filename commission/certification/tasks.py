"""Background work of certification; it runs in the public schema (the commission's tables) and reads
a member's schema only through the evaluation.

Beat entry (in ``CELERY_BEAT_SCHEDULE``)::

    "certificates-issue": {"task": "certification.issue_due", "schedule": crontab(hour=4, minute=15)},

Every night the members that are due (no certificate lasting beyond the renewal window) get one
task each; a member that passes is issued its certificate for the year. Run nightly, not once a
year, so a member that meets the criteria later (a contribution paid) is certified the next day and
a run lost to a broker outage is made good by the next one.
"""

from __future__ import annotations

import random

from celery import shared_task
from django.conf import settings

from core.background import send_to_schema
from core.tenancy import connection

from . import certificates


def _public() -> None:
    connection.set_schema_to_public()


@shared_task(
    name="certification.render_certificate",
    acks_late=True,
    autoretry_for=(Exception,),
    max_retries=5,
    retry_backoff=5,
)
def render_certificate_task(certificate_id: int) -> str:
    """Render, sign and store one certificate (idempotent: a certificate already issued is left)."""
    _public()
    return certificates.certificate_render(certificate_id=certificate_id).status


@shared_task(name="certification.issue_for_member", acks_late=True, autoretry_for=(Exception,), max_retries=3,
             retry_backoff=10)  # fmt: skip
def issue_for_member_task(member_id: int) -> str | None:
    """The yearly route for one member: its certificate's serial, or None when it is not due or fails."""
    _public()
    certificate = certificates.certificate_issue_due(member_id=member_id)
    return certificate.serial if certificate is not None else None


@shared_task(name="certification.issue_due")
def issue_due_task(jitter_seconds: int | None = None) -> int:
    """Fan out: one ``issue_for_member`` task per member that is due; and render again what a lost
    task left pending. Returns the number of members sent."""
    _public()
    for certificate_id in certificates.pending_certificates():
        send_to_schema(render_certificate_task, certificate_id, schema_name="public")
    spread = settings.FAN_OUT_JITTER_SECONDS if jitter_seconds is None else jitter_seconds
    due = certificates.members_due()
    for member_id in due:
        send_to_schema(
            issue_for_member_task,
            member_id,
            schema_name="public",
            countdown=random.uniform(0, spread) if spread else None,
        )
    return len(due)
