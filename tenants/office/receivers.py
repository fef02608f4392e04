"""What the back-office does when the member registry reports something."""

from __future__ import annotations

from typing import Any

from core.background import enqueue_on_commit
from tenants.members.models import Member

from .tasks import member_onboard_task


def onboard_new_member(*, member: Member, owner_email: str, owner_name: str = "", **_: Any) -> None:
    """A new member's schema is ready: its profile, taxonomy and the owner's invitation, in a worker
    inside that schema (``tenants.members.signals.member_provisioned``)."""
    enqueue_on_commit(
        member_onboard_task, owner_email=owner_email, owner_name=owner_name, schema_name=member.schema_name
    )
