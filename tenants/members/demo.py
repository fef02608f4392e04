"""Demo data for ``make run``: the commission with its staff and three members in different sectors,
each with an owner, a handler and a manager. Idempotent: running it again changes nothing.

Every name and address is fictitious.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django_tenants.utils import schema_context, tenant_context

from commission.cases.services import case_escalate
from tenants.accounts.models import User
from tenants.accounts.roles import Role
from tenants.accounts.services import user_create
from tenants.complaints.models import Category, Complaint
from tenants.complaints.services import FinalAnswer, complaint_register, complaint_transition, taxonomy_seed
from tenants.complaints.workflow import Outcome, Status
from tenants.office.services import profile_get, profile_update

from .models import Member, Sector
from .sectors import DEFAULT_SECTORS
from .services import commission_ensure, member_provision, member_schema_create, sector_ensure

DEMO_PASSWORD = "demo-wachtwoord-2026"

COMMISSION_STAFF = [
    ("beheer@wederhoor.example.org", "Bea Beheer", Role.PLATFORM_ADMIN),
    ("secretaris@wederhoor.example.org", "Sam Secretaris", Role.SECRETARY),
    ("voorzitter@wederhoor.example.org", "Vera Voorzitter", Role.CHAIR),
    ("lid@wederhoor.example.org", "Luuk Ledenpanel", Role.PANEL_MEMBER),
]


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
    return [
        (f"eigenaar@{slug}.example.org", "Olga Eigenaar", Role.OWNER),
        (f"behandelaar@{slug}.example.org", "Hans Behandelaar", Role.HANDLER),
        (f"manager@{slug}.example.org", "Mira Manager", Role.MANAGER),
    ]


def demo_complaints(demo: DemoMember) -> None:
    """A handful of complaints in different stages, registered and handled through the services."""
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    handler = User.objects.get(role=Role.HANDLER)
    owner = User.objects.get(role=Role.OWNER)
    now = timezone.now()
    categories = list(Category.objects.order_by("position"))

    def register(days_ago: int, name: str, description: str, channel=Complaint.Channel.WEB_FORM, **extra):
        return complaint_register(
            channel=channel,
            actor=None if channel == Complaint.Channel.WEB_FORM else handler,
            received_at=now - timedelta(days=days_ago, hours=2),
            complainant_name=name,
            complainant_email=f"{name.split()[0].lower()}@klant.example.org",
            complainant_city=demo.city,
            description=description,
            handler=handler,
            **extra,
        )

    register(1, "Anna Appel", "Ik wacht al drie weken op een reactie op mijn e-mail.", remedy_sought="Een reactie.",
             category=categories[4])  # fmt: skip
    investigating = register(6, "Bram Boom", "De monteur kwam niet op de afgesproken dag.", Complaint.Channel.PHONE,
                             category=categories[2], complainant_phone="06 12345678")  # fmt: skip
    complaint_transition(
        complaint=investigating, target=Status.INVESTIGATING, actor=handler, note="Planning nagevraagd"
    )
    agreed = register(10, "Cora Citroen", "Het geleverde product was beschadigd.", category=categories[1],
                      remedy_sought="Vervanging van het product.")  # fmt: skip
    complaint_transition(
        complaint=agreed,
        target=Status.ACTION_AGREED,
        actor=handler,
        action_owner=owner,
        promised_action="Nieuw exemplaar leveren en beschadigd exemplaar ophalen.",
        callback_on=timezone.localdate() + timedelta(days=3),
    )
    closed = register(20, "Daan Dadel", "De factuur bevatte een dubbele post.", category=categories[3],
                      remedy_sought="Een gecorrigeerde factuur.")  # fmt: skip
    complaint_transition(complaint=closed, target=Status.INVESTIGATING, actor=handler)
    complaint_transition(
        complaint=closed,
        target=Status.CLOSED,
        actor=handler,
        outcome=Outcome.RESOLVED,
        redress_given="Gecorrigeerde factuur verstuurd.",
        final_answer=FinalAnswer(
            text="Wij hebben uw factuur gecontroleerd en gecorrigeerd.",
            findings="De post was door een invoerfout twee keer gefactureerd.",
            actions_taken="De factuur is gecorrigeerd en opnieuw verstuurd.",
            recommendations="Facturen worden voortaan door een tweede medewerker gecontroleerd.",
        ),
    )
    overdue = register(60, "Eva Eik", "Mijn klacht over de bejegening is nooit beantwoord.", category=categories[0])
    complaint_transition(complaint=overdue, target=Status.INVESTIGATING, actor=handler)
    escalated = register(45, "Gijs Gras", "De reparatie is twee keer mislukt en de kosten worden niet vergoed.",
                         category=categories[1], remedy_sought="Vergoeding van de herstelkosten.")  # fmt: skip
    complaint_transition(complaint=escalated, target=Status.INVESTIGATING, actor=handler)
    case_escalate(
        complaint=escalated,
        claim="Vergoeding van de herstelkosten van € 380 door een andere vakman.",
        binding_accepted=True,
        disputed_amount=Decimal("380.00"),
    )
    complaint_register(
        channel=Complaint.Channel.IN_PERSON,
        kind=Complaint.Kind.INTERNAL,
        actor=owner,
        received_at=now - timedelta(days=3),
        complainant_name="Fien Fazant (medewerker)",
        description="De roosters worden te laat bekendgemaakt.",
        send_acknowledgment=False,
    )


def _ensure_user(email: str, name: str, role: Role) -> None:
    if not User.objects.filter(email__iexact=email).exists():
        user_create(email=email, full_name=name, role=role, password=DEMO_PASSWORD)


def load_demo() -> list[Member]:
    """Create (or find) the demo commission and members; returns the members."""
    with schema_context("public"):
        commission_ensure()
        for code, name_nl, name_en in DEFAULT_SECTORS:
            sector_ensure(code=code, name_nl=name_nl, name_en=name_en)
        with transaction.atomic():
            for email, name, role in COMMISSION_STAFF:
                _ensure_user(email, name, role)
        members = []
        for demo in DEMO_MEMBERS:
            member = Member.objects.filter(slug=demo.slug).first()
            if member is None:
                member = member_provision(
                    legal_name=demo.legal_name,
                    slug=demo.slug,
                    sector=Sector.objects.get(code=demo.sector),
                    owner_email=demo_member_users(demo.slug)[0][0],
                    owner_name=demo_member_users(demo.slug)[0][1],
                    city=demo.city,
                    street=demo.street,
                    postal_code=demo.postal_code,
                    contact_email=f"info@{demo.slug}.example.org",
                    contact_name=demo_member_users(demo.slug)[0][1],
                )
            if not member.is_schema_ready:
                member = member_schema_create(member_id=member.pk)
            members.append(member)
    for demo, member in zip(DEMO_MEMBERS, members, strict=True):
        with tenant_context(member), transaction.atomic():
            for email, name, role in demo_member_users(demo.slug):
                _ensure_user(email, name, role)
            taxonomy_seed(sector_code=demo.sector)
            if not Complaint.objects.exists():
                demo_complaints(demo)
            profile = profile_get()
            if not profile.public_intro:
                profile_update(
                    actor=None,
                    public_intro=demo.intro,
                    brand_colour=demo.colour,
                    complaints_email=f"klachten@{demo.slug}.example.org",
                    complaints_phone="030 123 45 67",
                )
    return members
