"""Writes inside a member's schema: onboarding and the member's own settings."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from core.tenancy import connection
from tenants.accounts.actors import Actor
from tenants.accounts.models import Invitation, User
from tenants.accounts.roles import Role
from tenants.accounts.services import invitation_create
from tenants.audit.services import audit_record
from tenants.complaints.services import taxonomy_seed
from tenants.members.links import current_organisation

from .models import MemberProfile
from .uploads import validate_logo


def profile_get() -> MemberProfile:
    profile, _created = MemberProfile.objects.get_or_create(singleton=True)
    return profile


def member_onboard(*, owner_email: str, owner_name: str = "") -> Invitation | None:
    """First steps in a new member's schema: its profile and an invitation for the owner.

    Idempotent: nothing is sent again when the owner already has an account or an open invitation.
    """
    assert connection.schema_name != "public", "onboarding runs in a member schema"
    with transaction.atomic():
        profile_get()
        organisation = current_organisation()
        sector = organisation.sector if organisation is not None else None
        taxonomy_seed(sector_code=sector.code if sector is not None else "")
        if User.objects.filter(email__iexact=owner_email).exists():
            return None
        open_invitation = Invitation.objects.filter(
            email__iexact=owner_email, accepted_at__isnull=True, revoked_at__isnull=True
        ).first()
        if open_invitation is not None and open_invitation.is_open:
            return open_invitation
        return invitation_create(email=owner_email, full_name=owner_name, role=Role.OWNER)


def profile_update(
    *, actor: Actor, logo: UploadedFile[bytes] | None = None, remove_logo: bool = False, **fields: Any
) -> MemberProfile:
    """Change the member's branding and public details; the logo is checked by its content."""
    allowed = {"brand_colour", "public_intro", "complaints_email", "complaints_phone"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unknown profile fields: {sorted(unknown)}")
    with transaction.atomic():
        profile = MemberProfile.objects.select_for_update().get(pk=profile_get().pk)
        changes = {}
        for field, value in fields.items():
            if getattr(profile, field) != value:
                changes[field] = {"old": getattr(profile, field), "new": value}
                setattr(profile, field, value)
        if logo is not None:
            validate_logo(logo)
            if profile.logo:
                profile.logo.delete(save=False)
            profile.logo.save(logo.name or "logo", logo, save=False)
            changes["logo"] = {"old": None, "new": profile.logo.name}
        elif remove_logo and profile.logo:
            profile.logo.delete(save=False)
            changes["logo"] = {"old": "removed", "new": None}
        profile.full_clean()
        profile.save()
        if changes:
            audit_record(
                event_type="settings.updated",
                actor=actor,
                target=profile,
                target_label="profile",
                data={"changes": changes},
            )
    return profile
