from __future__ import annotations

from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.utils import timezone

from .actors import Actor
from .models import Invitation, User
from .roles import Capability, has_capability


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
