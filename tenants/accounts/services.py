"""Writes for users: creation, invitations, roles, login throttling."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from core.tenancy import connection
from tenants.members.links import absolute_url, current_organisation
from tenants.outbox.services import email_queue

from . import events
from .actors import Actor
from .models import Invitation, LoginAttempt, User
from .roles import Role, roles_for_schema


def _validate_role(role: str) -> None:
    if role not in roles_for_schema(connection.schema_name):
        raise ValidationError({"role": _("This role does not exist here.")})


def _email_taken(email: str) -> bool:
    return User.objects.filter(email__iexact=email).exists()


def user_create(
    *, email: str, full_name: str, role: str, password: str | None = None, language: str = "nl", actor: Actor = None
) -> User:
    """Create a user of the current schema (a member's staff, or commission staff in ``public``).

    Without a password the account cannot log in until a password is set (reset link or invitation).
    """
    email = email.strip().lower()
    _validate_role(role)
    if _email_taken(email):
        raise ValidationError({"email": _("A user with this e-mail address already exists.")})
    with transaction.atomic():
        user = User(email=email, full_name=full_name.strip(), role=role, language=language)
        if password:
            validate_password(password, user)
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        events.user_created_event(user=user, actor=actor)
    return user


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_create(
    *, email: str, role: str, invited_by: Actor = None, full_name: str = "", language: str = "nl"
) -> Invitation:
    """Invite someone to join with ``role``; the e-mail carries a single-use link valid for
    ``INVITATION_VALID_DAYS`` days. Earlier open invitations for the same address are revoked."""
    email = email.strip().lower()
    _validate_role(role)
    if _email_taken(email):
        raise ValidationError({"email": _("A user with this e-mail address already exists.")})
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        Invitation.objects.filter(email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        invitation = Invitation.objects.create(
            email=email,
            full_name=full_name,
            role=role,
            token_hash=_token_hash(token),
            invited_by=invited_by if getattr(invited_by, "is_authenticated", False) else None,
            expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        organisation = current_organisation()
        link = absolute_url(reverse("accounts:invitation_accept", kwargs={"token": token}))
        email_queue(
            to=email,
            template="invitation",
            topic="invitation",
            language=language,
            about=f"accounts.invitation:{invitation.uuid}",
            context={
                "organisation": organisation.legal_name if organisation else settings.COMMISSION_NAME,
                "role": Role(role).label,
                "inviter": invited_by.full_name if invited_by is not None and invited_by.is_authenticated else "",
                "link": link,
                "valid_days": settings.INVITATION_VALID_DAYS,
            },
        )
        events.user_invited_event(invitation=invitation, actor=invited_by)
    # Not stored: only the e-mail (and an operator's command) ever see the link.
    invitation.link = link
    return invitation


def invitation_find(*, token: str) -> Invitation | None:
    """The open invitation for ``token``, or None (unknown, used, revoked or expired alike)."""
    invitation = Invitation.objects.filter(token_hash=_token_hash(token)).first()
    if invitation is None or not invitation.is_open:
        return None
    return invitation


def invitation_accept(*, token: str, full_name: str, password: str) -> User:
    """Turn an open invitation into an active user with the invited role."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().filter(token_hash=_token_hash(token)).first()
        if invitation is None or not invitation.is_open:
            raise ValidationError(_("This invitation is no longer valid. Ask for a new one."))
        if _email_taken(invitation.email):
            raise ValidationError(_("An account for this e-mail address already exists. Log in instead."))
        user = User(email=invitation.email, full_name=full_name.strip(), role=invitation.role)
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ValidationError({"password1": exc.messages}) from exc
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save()
        invitation.accepted_at = timezone.now()
        invitation.accepted_user = user
        invitation.save(update_fields=["accepted_at", "accepted_user"])
        events.invitation_accepted_event(invitation=invitation, user=user)
    return user


def invitation_revoke(*, invitation: Invitation, actor: Actor) -> Invitation:
    with transaction.atomic():
        if invitation.revoked_at is None and invitation.accepted_at is None:
            invitation.revoked_at = timezone.now()
            invitation.save(update_fields=["revoked_at"])
            events.invitation_revoked_event(invitation=invitation, actor=actor)
    return invitation


def user_update(
    *, user: User, actor: Actor, role: str | None = None, is_active: bool | None = None, full_name: str | None = None
) -> User:
    """Change a user's role, name or whether the account may log in.

    The last active owner (or platform administrator) cannot be demoted or deactivated: the member
    (or commission) would be left without anyone who can manage users.
    """
    changes: dict[str, dict[str, Any]] = {}
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if role is not None and role != user.role:
            _validate_role(role)
            changes["role"] = {"old": user.role, "new": role}
        if is_active is not None and is_active != user.is_active:
            changes["is_active"] = {"old": user.is_active, "new": is_active}
        if full_name is not None and full_name.strip() and full_name.strip() != user.full_name:
            changes["full_name"] = {"old": user.full_name, "new": full_name.strip()}
        if not changes:
            return user
        manager_role = Role.PLATFORM_ADMIN if connection.schema_name == "public" else Role.OWNER
        loses_management = (
            user.role == manager_role and user.is_active and (("role" in changes) or (is_active is False))
        )
        if loses_management:
            others = User.objects.filter(role=manager_role, is_active=True).exclude(pk=user.pk).exists()
            if not others:
                raise ValidationError(
                    _("At least one active %(role)s must remain.") % {"role": Role(manager_role).label}
                )
        for field, change in changes.items():
            setattr(user, field, change["new"])
        user.save(update_fields=list(changes))
        events.user_updated_event(user=user, actor=actor, changes=changes)
    return user


def user_set_password(*, user: User, password: str, how: str) -> User:
    validate_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        events.password_changed_event(user=user, how=how)
    return user


def api_token_get_or_create(*, user: User, actor: Actor = None, via: str = "command") -> tuple[Token, bool]:
    """The API token of ``user`` in the current schema (one per user; it only works at this host)."""
    if not user.is_active:
        raise ValidationError(_("A deactivated user cannot have an API token."))
    with transaction.atomic():
        token, created = Token.objects.get_or_create(user=user)
        if created:
            events.api_token_created_event(user=user, actor=actor, via=via)
    return token, created


# Login throttling -----------------------------------------------------------------------------


def login_is_locked(*, email: str, ip_address: str | None) -> bool:
    """Too many failed logins recently, for this address or from this client.

    Per address: ``LOGIN_FAILURE_LIMIT`` failures within the window since the last success. Per
    client: four times that, across addresses (guessing many accounts from one place).
    """
    since = timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    limit = settings.LOGIN_FAILURE_LIMIT
    attempts = LoginAttempt.objects.filter(attempted_at__gte=since)
    by_email = attempts.annotate(email_lower=Lower("email")).filter(email_lower=email.strip().lower())
    last_success = (
        by_email.filter(succeeded=True).order_by("-attempted_at").values_list("attempted_at", flat=True).first()
    )
    email_failures = by_email.filter(succeeded=False)
    if last_success:
        email_failures = email_failures.filter(attempted_at__gt=last_success)
    if email_failures.count() >= limit:
        return True
    if ip_address and attempts.filter(ip_address=ip_address, succeeded=False).count() >= limit * 4:
        return True
    return False


def login_record_attempt(
    *, email: str, ip_address: str | None, succeeded: bool, user: User | None = None, locked: bool = False
) -> None:
    LoginAttempt.objects.create(email=email.strip().lower()[:254], ip_address=ip_address, succeeded=succeeded)
    if succeeded:
        events.login_succeeded_event(user=user, ip_address=ip_address)
    else:
        events.login_failed_event(email=email, ip_address=ip_address, locked=locked)


def login_attempts_prune(*, older_than_days: int = 90) -> int:
    deleted, _details = LoginAttempt.objects.filter(
        attempted_at__lt=timezone.now() - timedelta(days=older_than_days)
    ).delete()
    return deleted
