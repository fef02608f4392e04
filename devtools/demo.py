"""Demo data for ``make run``: the commission with its staff and three members in different sectors,
each with an owner, a handler and a manager. Idempotent: running it again changes nothing.

Every name and address is fictitious.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import transaction
from django_tenants.utils import schema_context, tenant_context

from commission.cases.models import Stage
from commission.cases.services import case_escalate
from core.pdf import pdf_rendering_available
from tenants.accounts.models import User
from tenants.accounts.roles import Role
from tenants.accounts.services import user_create
from tenants.complaints.models import Category, Complaint
from tenants.complaints.services import FinalAnswer, complaint_register, complaint_transition, taxonomy_seed
from tenants.complaints.workflow import Outcome, Status
from tenants.members.models import Member, Sector
from tenants.members.sectors import DEFAULT_SECTORS
from tenants.members.services import commission_ensure, member_provision, member_schema_create, sector_ensure
from tenants.office.services import profile_get, profile_update

logger = logging.getLogger(__name__)

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

#: The seats of the demo panel, by e-mail address (see ``COMMISSION_STAFF``).
DEMO_PANEL = {
    "chair": "panelvoorzitter@wederhoor.example.org",
    "consumer": "consumentenlid@wederhoor.example.org",
    "trade": "ondernemerslid@wederhoor.example.org",
}


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
    with schema_context("public"):
        panel_ensure()
    for demo, member in zip(DEMO_MEMBERS, members, strict=True):
        demo_cases(demo, member)
    return members


# Commission cases in every stage ---------------------------------------------------------------------


def demo_pdf(title: str, lines: tuple[str, ...] = ()) -> bytes:
    """A small, valid one-page PDF with a title and a few lines of text (ASCII)."""
    text = [f"BT /F1 16 Tf 56 780 Td ({title}) Tj ET"]
    for number, line in enumerate(lines):
        text.append(f"BT /F1 11 Tf 56 {750 - 16 * number} Td ({line}) Tj ET")
    stream = "\n".join(text).encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def demo_png(seed: int = 0, size: int = 16) -> bytes:
    """A small, valid RGB PNG (a colour gradient that differs per ``seed``)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(
        b"\x00" + b"".join(bytes(((x * 16 + seed) % 256, (y * 16) % 256, (seed * 37) % 256)) for x in range(size))
        for y in range(size)
    )
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def demo_upload(name: str, content: bytes):
    """``content`` as a checked upload, the way the forms hand files to the services."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.uploads import check_upload

    return check_upload(SimpleUploadedFile(name, content))


@dataclass
class DemoDispute:
    """A complaint that the complainant took to the commission, and how far its case has come."""

    target: str  # a ``Stage`` value, or "complied" / "settled" (closed for that reason)
    name: str
    days_ago: int
    description: str
    remedy: str
    claim: str
    amount: str | None = None
    photo: bool = False

    @property
    def email(self) -> str:
        return f"{self.name.split()[0].lower()}@geschil.example.org"


#: Three disputes per demo member; together every stage of a case (the first escalated complaint of
#: ``demo_complaints`` stays *filed*). Their complainants' addresses mark that they were created.
DEMO_DISPUTES = {
    "degevel": [
        DemoDispute(
            "expert", "Karel Kozijn", 70, "Na plaatsing van de nieuwe kozijnen lekt het bij elke regenbui.",
            "Herstel van de kozijnen.", "Het lid moet de kozijnen kosteloos herstellen of vervangen.", "2400.00",
            photo=True,
        ),
        DemoDispute(
            "hearing", "Lotte Lek", 80, "Het dak is na de renovatie nog steeds niet waterdicht.",
            "Herstel en vergoeding van de waterschade.", "Vergoeding van de waterschade aan het plafond.", "1150.00",
            photo=True,
        ),
        DemoDispute(
            "ruled", "Mees Mortel", 120, "Binnen een half jaar na de verbouwing zitten er scheuren in de muur.",
            "Herstel van de muur.", "Herstel van de scheuren door het lid, of vergoeding van de kosten.", "900.00",
        ),
    ],
    "hetanker": [
        DemoDispute(
            "admissibility", "Nora Noot", 45, "Op de factuur staan uren thuiszorg die niet zijn geleverd.",
            "Een gecorrigeerde factuur.", "Terugbetaling van de in rekening gebrachte uren die niet zijn geleverd.",
            "310.00",
        ),
        DemoDispute(
            "written_rounds", "Olaf Olm", 60, "Mijn moeder is drie keer niet bezocht terwijl dat wel was afgesproken.",
            "Excuses en een vergoeding.", "Een vergoeding voor de gemiste zorgmomenten.", "450.00",
        ),
        DemoDispute(
            "settled", "Pien Peer", 65, "De dagbesteding is zonder overleg van vijf naar drie dagen teruggebracht.",
            "Terug naar vijf dagen.", "Het lid moet de afgesproken vijf dagen dagbesteding weer bieden.",
        ),
    ],
    "kikker": [
        DemoDispute(
            "defence", "Rik Roos", 40, "Mijn bestelling is nooit aangekomen, maar ik krijg mijn geld niet terug.",
            "Terugbetaling.", "Terugbetaling van de bestelling van € 89,95.", "89.95",
        ),
        DemoDispute(
            "deliberation", "Sara Spar", 90, "Ik heb een speelgoedkeuken teruggestuurd en wacht nog op mijn geld.",
            "Terugbetaling van de koopprijs.", "Terugbetaling van € 149 voor de teruggestuurde speelgoedkeuken.",
            "149.00",
        ),
        DemoDispute(
            "complied", "Tim Tulp", 110, "Het houten treinspoor was bij levering gebroken; vervanging is geweigerd.",
            "Een nieuw treinspoor.", "Vervanging van het treinspoor of terugbetaling van € 64,50.", "64.50",
            photo=True,
        ),
    ],
}  # fmt: skip

#: The steps after filing that bring a case to each target, in order.
_STEPS_TO = {
    "filed": (),
    Stage.ADMISSIBILITY: ("complete",),
    Stage.DEFENCE: ("complete", "admit"),
    Stage.WRITTEN_ROUNDS: ("complete", "admit", "defend", "reply"),
    Stage.EXPERT: ("complete", "admit", "defend", "expert"),
    Stage.HEARING: ("complete", "admit", "defend", "schedule"),
    Stage.DELIBERATION: ("complete", "admit", "defend", "hear", "draft"),
    Stage.RULED: ("complete", "admit", "defend", "hear", "draft", "approve"),
    "complied": ("complete", "admit", "defend", "hear", "draft", "approve", "comply"),
    "settled": ("complete", "admit", "defend", "reply", "settle"),
}

DEMO_HEARING_PLACE = "Huis van Wederhoor, Voorbeeldplein 1, Utrecht"


def ruling_values(*, dispute_name: str, member_name: str, claim: str, amount, paragraphs: int = 1) -> dict:
    """A ruling's sections (founded, in the complainant's favour); ``paragraphs`` repeats the reasoning
    to make a longer document."""
    from decimal import Decimal

    def more(text: str) -> str:
        extra = (
            "De commissie heeft daarbij gelet op de stukken in het dossier, de verklaringen van partijen ter zitting "
            "en wat in de branche gebruikelijk is. Partijen hebben over en weer op elkaars standpunten kunnen "
            "reageren; geen van beide heeft de juistheid van de overgelegde stukken betwist."
        )
        return "\n\n".join([text] + [f"{n}. {extra}" for n in range(2, paragraphs + 1)])

    return {
        "summary": f"De klacht van {dispute_name} over {member_name} is gegrond.",
        "subject": more(f"Het geschil gaat over het volgende. {claim}"),
        "complainant_position": more(
            f"{dispute_name} stelt dat het lid niet heeft geleverd wat is afgesproken en dat het lid de klacht "
            "niet naar tevredenheid heeft opgelost, ook niet nadat de klager het lid daar schriftelijk om vroeg."
        ),
        "member_position": more(
            f"{member_name} erkent dat er iets mis is gegaan, maar vindt dat de klager te weinig tijd heeft "
            "gegeven om het op te lossen en dat de gevraagde vergoeding te hoog is."
        ),
        "assessment": more(
            "De commissie stelt vast dat het lid niet heeft gedaan wat het had toegezegd. De klager mocht "
            "verwachten dat het lid het gebrek binnen een redelijke termijn zou herstellen. Dat is niet gebeurd."
        ),
        "decision": "De commissie verklaart de klacht gegrond en bepaalt dat het lid het toegekende bedrag "
        "binnen dertig dagen aan de klager betaalt en het klachtengeld vergoedt.",
        "outcome": "founded",
        "amount_awarded": Decimal(amount) if amount else None,
        "fee_refund": "member",
        "compliance_term_days": 30,
    }


def panel_ensure() -> dict:
    """The demo panel members in the pool, one per seat (run in the public schema)."""
    from commission.hearings.models import PanelMember
    from commission.hearings.services import panel_member_add

    secretary = User.objects.get(email__iexact="secretaris@wederhoor.example.org")
    seats = {}
    with transaction.atomic():
        for seat, email in DEMO_PANEL.items():
            user = User.objects.get(email__iexact=email)
            panel_member = PanelMember.objects.filter(user=user).first()
            if panel_member is None:
                panel_member = panel_member_add(user=user, panel_role=seat, actor=secretary)
            seats[seat] = panel_member
    return seats


def _weekday(day, step: int):
    from datetime import timedelta

    while day.weekday() >= 5:
        day += timedelta(days=step)
    return day


def _hearing_day(*, committee, upcoming: bool, secretary):
    """The committee's demo hearing day two weeks ahead (or back), with the demo panel seated."""
    from datetime import time, timedelta

    from django.utils import timezone

    from commission.hearings.models import HearingDay, Panel
    from commission.hearings.services import hearing_day_create, panel_compose

    step = 1 if upcoming else -1
    date = _weekday(timezone.localdate() + timedelta(days=14 * step), step)
    existing = HearingDay.objects.filter(
        committee=committee, place=DEMO_HEARING_PLACE, cancelled=False, date__gte=timezone.localdate()
    )
    if not upcoming:
        existing = HearingDay.objects.filter(
            committee=committee, place=DEMO_HEARING_PLACE, cancelled=False, date__lt=timezone.localdate()
        )
    day = existing.order_by("date").first()
    if day is not None:
        return day
    # The same panel cannot sit for two committees on one date.
    while Panel.objects.filter(hearing_day__date=date).exclude(hearing_day__committee=committee).exists():
        date = _weekday(date + timedelta(days=step), step)
    day = hearing_day_create(
        committee=committee, date=date, starts_at=time(10, 0), actor=secretary, place=DEMO_HEARING_PLACE,
        room="Zaal 2", slot_minutes=30,
    )  # fmt: skip
    seats = panel_ensure()
    panel_compose(day=day, chair=seats["chair"], consumer=seats["consumer"], trade=seats["trade"], actor=secretary)
    return day


def _schedule(case, *, upcoming: bool, secretary):
    from datetime import datetime, timedelta

    from commission.hearings.models import Slot
    from commission.hearings.services import case_schedule

    day = _hearing_day(committee=case.committee, upcoming=upcoming, secretary=secretary)
    taken = day.slots.filter(status__in=Slot.ACTIVE).count()
    starts_at = (datetime.combine(day.date, day.starts_at) + timedelta(minutes=day.slot_minutes * taken)).time()
    return case_schedule(case=case, day=day, starts_at=starts_at, actor=secretary)


def _advance(case, dispute: DemoDispute, *, member: Member, handler_name: str, secretary, chair):
    """Take a filed case through the procedure services up to ``dispute.target``."""
    from datetime import timedelta

    from django.utils import timezone

    from commission.cases import procedure
    from commission.cases.models import AdmissibilityDecision, Case, CaseDocument, Party, Payment, Round
    from commission.hearings.services import attendance_record, hearing_held
    from commission.rulings.services import compliance_complainant_confirm, ruling_approve, ruling_draft_save

    today = timezone.localdate()
    complainant = procedure.PartyActor(party=Party.COMPLAINANT, label=case.complainant_name)
    member_actor = procedure.PartyActor(party=Party.MEMBER, label=f"{handler_name} ({member.legal_name})")
    ruling = None
    for step in _STEPS_TO[dispute.target]:
        case = Case.objects.get(pk=case.pk)
        if step == "complete":
            letter = demo_pdf("Klachtbrief", (f"Van: {case.complainant_name}", dispute.description[:90]))
            procedure.case_documents_add(
                case=case, actor=complainant, kind=CaseDocument.Kind.COMPLAINT_LETTER,
                uploads=[demo_upload("klachtbrief.pdf", letter)],
            )  # fmt: skip
            procedure.case_documents_waive(
                case=case, actor=secretary,
                kinds=[CaseDocument.Kind.MEMBER_ANSWER, CaseDocument.Kind.INVOICE, CaseDocument.Kind.CONTRACT],
            )  # fmt: skip
            procedure.case_fee_invoice(case=case, actor=secretary)
            procedure.case_payment_register(
                case=case, actor=secretary, kind=Payment.Kind.FEE, amount=case.fee_amount,
                paid_on=today - timedelta(days=1), reference=f"Betaling {case.reference}",
            )  # fmt: skip
            procedure.case_file_complete(case=case, actor=secretary)
        elif step == "admit":
            procedure.case_admissibility_decide(
                case=case, actor=secretary, decision=AdmissibilityDecision.ADMISSIBLE,
                letter="De klacht is ontvankelijk: de klager heeft het lid eerst de gelegenheid gegeven de klacht "
                "op te lossen en de klacht is binnen twaalf maanden ingediend.",
            )  # fmt: skip
            procedure.case_defence_request(case=case, actor=secretary)
        elif step == "defend":
            procedure.case_submit(
                case=case, actor=member_actor, uploads=[],
                text="Wij betreuren dat de klant ontevreden is. Wij hebben herstel aangeboden, maar de klant is "
                "daar niet op ingegaan. De gevraagde vergoeding vinden wij te hoog.",
            )  # fmt: skip
        elif step == "reply":
            procedure.case_round_open(
                case=case, actor=secretary, party=Party.COMPLAINANT, kind=Round.Kind.REPLY,
                due_on=today + timedelta(days=14),
            )  # fmt: skip
        elif step == "expert":
            procedure.case_expert_appoint(
                case=case, actor=secretary, name="Ing. Erik Expertise", email="expert@deskundige.example.org"
            )
        elif step == "schedule":
            _schedule(case, upcoming=True, secretary=secretary)
        elif step == "hear":
            slot = _schedule(case, upcoming=False, secretary=secretary)
            attendance_record(
                slot=slot, actor=secretary,
                attended={"complainant": True, "member": True, "chair": True, "consumer": True, "trade": True},
            )  # fmt: skip
            hearing_held(slot=slot, actor=secretary)
        elif step == "draft":
            ruling = ruling_draft_save(
                case=case, actor=secretary,
                values=ruling_values(
                    dispute_name=case.complainant_name, member_name=member.legal_name, claim=case.claim,
                    amount=dispute.amount,
                ),
            )  # fmt: skip
        elif step == "approve":
            if not pdf_rendering_available():
                # Without Pango (see README) the ruling stays a draft: the case waits in deliberation.
                logger.warning("demo_ruling_not_approved reason=weasyprint_unavailable case=%s", case.reference)
                break
            ruling = ruling_approve(ruling=ruling, actor=chair)
        elif step == "comply":
            compliance_complainant_confirm(ruling=ruling)
        elif step == "settle":
            procedure.case_close(
                case=case, actor=secretary, closure=Case.Closure.SETTLED,
                note="Partijen hebben een regeling getroffen: het lid biedt weer vijf dagen dagbesteding.",
            )  # fmt: skip
        else:  # pragma: no cover
            raise ValueError(step)
    return Case.objects.get(pk=case.pk)


def demo_cases(demo: DemoMember, member: Member) -> None:
    """Escalate this member's demo disputes (in its schema) and take each case to its stage (in the
    public schema), all through the services. Done once: skipped when one of these cases exists."""
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    from commission.cases.models import Case

    disputes = DEMO_DISPUTES.get(demo.slug, [])
    with schema_context("public"):
        if not disputes or Case.objects.filter(member=member, complainant_email__in=[d.email for d in disputes]):
            return
        secretary = User.objects.get(email__iexact="secretaris@wederhoor.example.org")
        chair = User.objects.get(email__iexact=DEMO_PANEL["chair"])
    with transaction.atomic():
        escalated = []
        with tenant_context(member):
            handler = User.objects.get(role=Role.HANDLER)
            categories = list(Category.objects.order_by("position"))
            now = timezone.now()
            for number, dispute in enumerate(disputes):
                attachments = [
                    demo_upload(f"foto-{n + 1}.png", demo_png(seed=number * 3 + n))
                    for n in range(2 if dispute.photo else 0)
                ]
                complaint = complaint_register(
                    channel=Complaint.Channel.WEB_FORM,
                    received_at=now - timedelta(days=dispute.days_ago, hours=3),
                    complainant_name=dispute.name,
                    complainant_email=dispute.email,
                    complainant_city=demo.city,
                    description=dispute.description,
                    remedy_sought=dispute.remedy,
                    category=categories[number % len(categories)] if categories else None,
                    handler=handler,
                    attachments=attachments,
                )
                complaint_transition(complaint=complaint, target=Status.INVESTIGATING, actor=handler)
                case, _created = case_escalate(
                    complaint=complaint,
                    claim=dispute.claim,
                    binding_accepted=True,
                    disputed_amount=Decimal(dispute.amount) if dispute.amount else None,
                )
                escalated.append((case, dispute))
            handler_name = handler.full_name
        with schema_context("public"):
            for case, dispute in escalated:
                _advance(case, dispute, member=member, handler_name=handler_name, secretary=secretary, chair=chair)
