"""The demo commission's staff and its hearing panel; every demo login uses ``DEMO_PASSWORD``."""

from __future__ import annotations

from django.db import transaction

from commission.hearings.models import PanelMember
from commission.hearings.services import panel_member_add
from tenants.accounts.models import User
from tenants.accounts.roles import Role
from tenants.accounts.services import user_create

DEMO_PASSWORD = "demo-wachtwoord-2026"

COMMISSION_STAFF = [
    ("beheer@wederhoor.example.org", "Bea Beheer", Role.PLATFORM_ADMIN),
    ("secretaris@wederhoor.example.org", "Sam Secretaris", Role.SECRETARY),
    ("voorzitter@wederhoor.example.org", "Vera Voorzitter", Role.CHAIR),
    ("lid@wederhoor.example.org", "Luuk Ledenpanel", Role.PANEL_MEMBER),
    # The demo hearing panel: one person per seat (chair, consumer side, trade side).
    ("panelvoorzitter@wederhoor.example.org", "Pim Paneelvoorzitter", Role.CHAIR),
    ("consumentenlid@wederhoor.example.org", "Connie Consumentenkant", Role.PANEL_MEMBER),
    ("ondernemerslid@wederhoor.example.org", "Harm Handelskant", Role.PANEL_MEMBER),
]
SECRETARY_EMAIL = "secretaris@wederhoor.example.org"

#: The seats of the demo panel, by e-mail address (see ``COMMISSION_STAFF``).
DEMO_PANEL = {
    "chair": "panelvoorzitter@wederhoor.example.org",
    "consumer": "consumentenlid@wederhoor.example.org",
    "trade": "ondernemerslid@wederhoor.example.org",
}


def ensure_user(email: str, name: str, role: Role) -> None:
    """The user with ``email`` in the current schema, created with the demo password if missing."""
    if not User.objects.filter(email__iexact=email).exists():
        user_create(email=email, full_name=name, role=role, password=DEMO_PASSWORD)


def commission_staff_ensure() -> None:
    """The commission's demo staff (run in the public schema)."""
    with transaction.atomic():
        for email, name, role in COMMISSION_STAFF:
            ensure_user(email, name, role)


def staff_member(email: str) -> User:
    """A demo staff member of the commission (run in the public schema)."""
    return User.objects.get(email__iexact=email)


def panel_ensure() -> dict[str, PanelMember]:
    """The demo panel members in the pool, one per seat (run in the public schema)."""
    secretary = staff_member(SECRETARY_EMAIL)
    seats = {}
    with transaction.atomic():
        for seat, email in DEMO_PANEL.items():
            user = staff_member(email)
            panel_member = PanelMember.objects.filter(user=user).first()
            if panel_member is None:
                panel_member = panel_member_add(user=user, panel_role=seat, actor=secretary)
            seats[seat] = panel_member
    return seats
