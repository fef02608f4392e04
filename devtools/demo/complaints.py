"""A handful of complaints per demo member, in different stages, registered and handled through
the services (run in the member's schema)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from commission.cases.services import case_escalate
from devtools.demo.members import DemoMember
from tenants.accounts.models import User
from tenants.accounts.roles import Role
from tenants.complaints.models import Category, Complaint
from tenants.complaints.services import FinalAnswer, complaint_register, complaint_transition
from tenants.complaints.workflow import Outcome, Status


def demo_complaints(demo: DemoMember) -> None:
    """Seven complaints: new, investigating, action agreed, closed with a final answer, overdue,
    escalated to the commission (its case stays *filed*), and one internal complaint."""
    handler = User.objects.get(role=Role.HANDLER)
    owner = User.objects.get(role=Role.OWNER)
    now = timezone.now()
    categories = list(Category.objects.order_by("position"))

    def register(
        days_ago: int, name: str, description: str, channel: str = Complaint.Channel.WEB_FORM, **extra: Any
    ) -> Complaint:
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
