from __future__ import annotations

from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.utils import timezone
from django_tenants.utils import schema_context

from tenants.members.models import Member

from .actors import Actor
from .models import Invitation, User
from .roles import Capability, Role, has_capability


def user_list(*, actor: Actor | AnonymousUser) -> QuerySet[User]:
    """The users of the current schema, for those who manage them."""
    if not (has_capability(actor, Capability.MANAGE_TEAM) or has_capability(actor, Capability.MANAGE_STAFF)):
        return User.objects.none()
    return User.objects.order_by("-is_active", "full_name")


def user_get(*, actor: Actor | AnonymousUser, uuid: UUID | str) -> User:
    return user_list(actor=actor).get(uuid=uuid)


def open_invitation_list(*, actor: Actor | AnonymousUser) -> QuerySet[Invitation]:
    if not (has_capability(actor, Capability.MANAGE_TEAM) or has_capability(actor, Capability.MANAGE_STAFF)):
        return Invitation.objects.none()
    return Invitation.objects.filter(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).select_related("invited_by")


def member_manager_emails(member: Member) -> list[str]:
    """Whom the commission writes to about a member: its active owners and managers (read in its
    schema), or its contact address when it has none."""
    with schema_context(member.schema_name):
        emails = list(
            User.objects.filter(role__in=[Role.OWNER, Role.MANAGER], is_active=True)
            .order_by("email")
            .values_list("email", flat=True)
        )
    return emails or ([member.contact_email] if member.contact_email else [])
