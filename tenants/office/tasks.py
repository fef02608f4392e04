"""Tasks that run inside one member's schema (fail closed elsewhere)."""

from __future__ import annotations

from celery import shared_task

from tenants.members.tasking import MemberTask

from .services import member_onboard


@shared_task(name="member_office.onboard", base=MemberTask, acks_late=True)
def member_onboard_task(owner_email: str, owner_name: str = "") -> str:
    invitation = member_onboard(owner_email=owner_email, owner_name=owner_name)
    return str(invitation.uuid) if invitation else "owner-exists"
