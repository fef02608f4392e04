"""Roles and what each may do: the one place where permissions are decided.

Users live per schema: member staff in their member's schema, commission staff in ``public``. A
member role is only valid in a member schema, a commission role only in ``public``.
"""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.tenancy import connection


class Role(models.TextChoices):
    # Member roles
    OWNER = "owner", _("Owner")
    HANDLER = "handler", _("Complaint handler")
    MANAGER = "manager", _("Manager")
    # Commission roles
    SECRETARY = "secretary", _("Secretary")
    PANEL_MEMBER = "panel_member", _("Panel member")
    CHAIR = "chair", _("Chair")
    PLATFORM_ADMIN = "platform_admin", _("Platform administrator")


MEMBER_ROLES = (Role.OWNER, Role.HANDLER, Role.MANAGER)
COMMISSION_ROLES = (Role.SECRETARY, Role.PANEL_MEMBER, Role.CHAIR, Role.PLATFORM_ADMIN)


class Capability(StrEnum):
    """What a page or API endpoint requires. Views name a capability, never a role."""

    # Member back-office
    MEMBER_OFFICE = "member_office"
    MANAGE_TEAM = "manage_team"
    MANAGE_SETTINGS = "manage_settings"
    HANDLE_COMPLAINTS = "handle_complaints"
    VIEW_INTERNAL_COMPLAINTS = "view_internal_complaints"
    VIEW_REPORTS = "view_reports"
    VIEW_ACTIVITY = "view_activity"
    VIEW_CERTIFICATES = "view_certificates"
    REQUEST_CERTIFICATE = "request_certificate"
    #: Commit the organisation towards the commission (e.g. ask for a hearing to be postponed).
    REPRESENT_MEMBER = "represent_member"
    # Commission back-office
    COMMISSION_OFFICE = "commission_office"
    VIEW_MEMBER_REGISTER = "view_member_register"
    MANAGE_MEMBERS = "manage_members"
    VIEW_CASES = "view_cases"
    MANAGE_CASES = "manage_cases"
    #: Read (never change) the file of the cases on the hearings one sits on, until the ruling.
    READ_HEARING_FILES = "read_hearing_files"
    MANAGE_STAFF = "manage_staff"
    VIEW_COMMISSION_ACTIVITY = "view_commission_activity"


ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    # The owner runs the member's account and may do everything a member can.
    Role.OWNER: frozenset(
        {
            Capability.MEMBER_OFFICE,
            Capability.MANAGE_TEAM,
            Capability.MANAGE_SETTINGS,
            Capability.HANDLE_COMPLAINTS,
            Capability.VIEW_INTERNAL_COMPLAINTS,
            Capability.VIEW_REPORTS,
            Capability.VIEW_ACTIVITY,
            Capability.VIEW_CERTIFICATES,
            Capability.REQUEST_CERTIFICATE,
            Capability.REPRESENT_MEMBER,
        }
    ),
    Role.HANDLER: frozenset({Capability.MEMBER_OFFICE, Capability.HANDLE_COMPLAINTS}),
    # Head of department: receives serious complaints, reads reports and the activity log.
    Role.MANAGER: frozenset(
        {
            Capability.MEMBER_OFFICE,
            Capability.HANDLE_COMPLAINTS,
            Capability.VIEW_INTERNAL_COMPLAINTS,
            Capability.VIEW_REPORTS,
            Capability.VIEW_ACTIVITY,
            Capability.VIEW_CERTIFICATES,
            Capability.REPRESENT_MEMBER,
        }
    ),
    Role.SECRETARY: frozenset(
        {Capability.COMMISSION_OFFICE, Capability.VIEW_MEMBER_REGISTER, Capability.VIEW_CASES, Capability.MANAGE_CASES}
    ),
    Role.PANEL_MEMBER: frozenset({Capability.COMMISSION_OFFICE, Capability.READ_HEARING_FILES}),
    Role.CHAIR: frozenset(
        {
            Capability.COMMISSION_OFFICE,
            Capability.VIEW_MEMBER_REGISTER,
            Capability.VIEW_CASES,
            Capability.READ_HEARING_FILES,
        }
    ),
    Role.PLATFORM_ADMIN: frozenset(
        {
            Capability.COMMISSION_OFFICE,
            Capability.VIEW_MEMBER_REGISTER,
            Capability.MANAGE_MEMBERS,
            Capability.MANAGE_STAFF,
            Capability.VIEW_COMMISSION_ACTIVITY,
        }
    ),
}


def roles_for_schema(schema_name: str) -> tuple[Role, ...]:
    return COMMISSION_ROLES if schema_name == "public" else MEMBER_ROLES


def has_capability(user, capability: Capability) -> bool:
    """True when ``user`` is an active user of the current schema whose role grants ``capability``.

    The role must belong to the schema the request is in: a commission role found in a member schema
    (or the reverse) grants nothing.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.role not in roles_for_schema(connection.schema_name):
        return False
    return capability in ROLE_CAPABILITIES.get(user.role, frozenset())
