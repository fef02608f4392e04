"""Users, invitations and login attempts. The app is installed in every schema: each member's staff
live in the member's schema, commission staff in ``public`` (docs/adr/0001-tenancy.md)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import roles
from .roles import Role


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Stored lowercased by the services; the constraint below also refuses case variants.
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="nl")
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def has_capability(self, capability) -> bool:
        return roles.has_capability(self, capability)


class Invitation(models.Model):
    """A link to join the member (or the commission) with a given role. Only a hash of the token is
    stored; the link itself is in the e-mail."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("e-mail address"))
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: Never stored: set by ``invitation_create`` for the one caller that may show it (the e-mail and
    #: an operator's command).
    link: str = ""
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return self.email

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()


class LoginAttempt(models.Model):
    """Every login attempt, kept to throttle guessing (per address and per client) and for the log."""

    email = models.CharField(max_length=254)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    succeeded = models.BooleanField()
    attempted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(Lower("email"), "attempted_at", name="login_attempt_email_idx"),
            models.Index(fields=["ip_address", "attempted_at"], name="login_attempt_ip_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.email} {'ok' if self.succeeded else 'failed'} {self.attempted_at:%Y-%m-%d %H:%M}"
