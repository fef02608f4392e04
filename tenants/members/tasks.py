"""Registry tasks; they run in the public schema."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.conf import settings

from .models import Member
from .pool import pool_refill
from .services import member_schema_create
from .signals import member_provisioned


@shared_task(name="members.pool_refill")
def pool_refill_task() -> dict[str, Any]:
    result = pool_refill(target=settings.MEMBER_POOL_SIZE)
    return result.__dict__


@shared_task(name="members.schema_create", acks_late=True, autoretry_for=(Exception,), max_retries=3, retry_backoff=10)
def member_schema_create_task(member_id: int, owner_email: str = "", owner_name: str = "") -> str:
    member = member_schema_create(member_id=member_id)
    if owner_email:
        member_provisioned.send(sender=Member, member=member, owner_email=owner_email, owner_name=owner_name)
    return member.schema_name
