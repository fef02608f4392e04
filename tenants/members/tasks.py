"""Registry tasks; they run in the public schema."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from core.background import send_to_schema


@shared_task(name="members.pool_refill")
def pool_refill_task() -> dict:
    from .pool import pool_refill

    result = pool_refill(target=settings.MEMBER_POOL_SIZE)
    return result.__dict__


@shared_task(name="members.schema_create", acks_late=True, autoretry_for=(Exception,), max_retries=3, retry_backoff=10)
def member_schema_create_task(member_id: int, owner_email: str = "", owner_name: str = "") -> str:
    from tenants.office.tasks import member_onboard_task

    from .services import member_schema_create

    member = member_schema_create(member_id=member_id)
    if owner_email:
        send_to_schema(
            member_onboard_task, owner_email=owner_email, owner_name=owner_name, schema_name=member.schema_name
        )
    return member.schema_name
