"""The three demo members, in different sectors, each with an owner, a handler and a manager, a
public page with an introduction and a brand colour, and the sector's categories and causes."""

from __future__ import annotations

from dataclasses import dataclass

from devtools.demo.staff import ensure_user
from tenants.accounts.roles import Role
from tenants.complaints.services import taxonomy_seed
from tenants.members.models import Member, Sector
from tenants.members.services import member_provision, member_schema_create
from tenants.office.services import profile_get, profile_update


@dataclass
class DemoMember:
    slug: str
    legal_name: str
    sector: str
    city: str
    street: str
    postal_code: str
    intro: str
    colour: str


DEMO_MEMBERS = [
    DemoMember(
        "degevel",
        "Bouwbedrijf De Gevel B.V.",
        "building",
        "Amersfoort",
        "Steigerweg 12",
        "3811 AB",
        "Wij bouwen en verbouwen woningen in de regio Amersfoort.",
        "#8a3b12",
    ),
    DemoMember(
        "hetanker",
        "Zorggroep Het Anker",
        "care",
        "Zwolle",
        "Havenkade 3",
        "8011 CD",
        "Thuiszorg en dagbesteding voor ouderen in Zwolle en omgeving.",
        "#0b6e4f",
    ),
    DemoMember(
        "kikker",
        "Webwinkel Kikker",
        "webshops",
        "Utrecht",
        "Vijverlaan 7",
        "3512 EF",
        "Speelgoed en kinderboeken, op werkdagen voor 22.00 uur besteld, morgen in huis.",
        "#2d6a1f",
    ),
]


def demo_member_users(slug: str) -> list[tuple[str, str, Role]]:
    """The member's demo staff: (e-mail, name, role); the first is the owner."""
    return [
        (f"eigenaar@{slug}.example.org", "Olga Eigenaar", Role.OWNER),
        (f"behandelaar@{slug}.example.org", "Hans Behandelaar", Role.HANDLER),
        (f"manager@{slug}.example.org", "Mira Manager", Role.MANAGER),
    ]


def member_ensure(demo: DemoMember) -> Member:
    """The demo member with a ready schema: provisioned if missing (run in the public schema)."""
    member = Member.objects.filter(slug=demo.slug).first()
    if member is None:
        owner_email, owner_name, _role = demo_member_users(demo.slug)[0]
        member = member_provision(
            legal_name=demo.legal_name,
            slug=demo.slug,
            sector=Sector.objects.get(code=demo.sector),
            owner_email=owner_email,
            owner_name=owner_name,
            city=demo.city,
            street=demo.street,
            postal_code=demo.postal_code,
            contact_email=f"info@{demo.slug}.example.org",
            contact_name=owner_name,
        )
    if not member.is_schema_ready:
        member = member_schema_create(member_id=member.pk)
    return member


def member_staff_ensure(demo: DemoMember) -> None:
    """The member's staff and its sector's categories and causes (run in the member's schema)."""
    for email, name, role in demo_member_users(demo.slug):
        ensure_user(email, name, role)
    taxonomy_seed(sector_code=demo.sector)


def member_profile_ensure(demo: DemoMember) -> None:
    """The member's public page, unless it has an introduction already (run in the member's schema)."""
    profile = profile_get()
    if not profile.public_intro:
        profile_update(
            actor=None,
            public_intro=demo.intro,
            brand_colour=demo.colour,
            complaints_email=f"klachten@{demo.slug}.example.org",
            complaints_phone="030 123 45 67",
        )
