"""Cases in deliberation and rulings, set up through the services."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from commission.cases.models import Stage
from tenants.accounts.roles import Role
from tests.complaints.conftest import register, staff, tomorrow  # noqa: F401  (shared complaint fixtures)
from tests.hearings.conftest import make_case, make_day  # noqa: F401  (shared hearing fixtures)

TO_DELIBERATION = [Stage.ADMISSIBILITY, Stage.DEFENCE, Stage.HEARING, Stage.DELIBERATION]

COMPLAINANT = {
    "complainant_name": "Karin de Klant",
    "complainant_email": "karin@example.org",
    "complainant_phone": "06-12345678",
    "complainant_address": "Dorpsstraat 12",
    "complainant_postal_code": "1234 AB",
    "complainant_city": "Amersfoort",
    "persons_involved": "Jan Jansen (monteur), Els Evers",
    "employee_involved": "Piet Pieterse",
}

SECTIONS = {
    "summary": "Karin de Klant vraagt terugbetaling van € 250 aan Alfa Bouw B.V.",
    "subject": "De keuken die Jan Jansen plaatste lekt; bel 06-12345678 of mail karin@example.org.",
    "complainant_position": "Mevrouw De Klant woont aan de Dorpsstraat 12, 1234 AB Amersfoort.",
    "member_position": "Alfa Bouw B.V. stelt dat Piet Pieterse het lek twee keer heeft verholpen.",
    "assessment": "De commissie acht het lek aangetoond; Els Evers bevestigde dit.",
    "decision": "Alfa Bouw B.V. betaalt Karin de Klant € 250 binnen 30 dagen.",
}


@pytest.fixture
def secretary(make_user):
    return make_user(None, Role.SECRETARY)


@pytest.fixture
def chair(make_user):
    return make_user(None, Role.CHAIR)


@pytest.fixture
def deliberating(register, in_schema, alpha, secretary):  # noqa: F811  (the imported fixture)
    """``deliberating(member=None, **complaint_fields)``: a case in deliberation (hearing held)."""
    from commission.cases.services import case_escalate, case_move

    def make(member=None, **fields):
        member = member or alpha
        complaint = register(member, received_at=timezone.now() - timedelta(weeks=6), **{**COMPLAINANT, **fields})
        with in_schema(member):
            case, _created = case_escalate(
                complaint=complaint,
                claim="Terugbetaling van € 250.",
                binding_accepted=True,
                disputed_amount=Decimal(250),
            )
        for stage in TO_DELIBERATION:
            case = case_move(case=case, to=stage, actor=secretary)
        return case

    return make


@pytest.fixture
def draft(deliberating, secretary):
    """``draft(case=None, **values)``: a complete draft ruling (founded, € 250, 30 days)."""
    from commission.rulings.services import ruling_draft_save

    def make(case=None, **values):
        case = case or deliberating()
        data = {**SECTIONS, "outcome": "founded", "amount_awarded": Decimal("250.00"), "fee_refund": "member"}
        data.update(values)
        return ruling_draft_save(case=case, actor=secretary, values=data)

    return make


@pytest.fixture
def approved(draft, chair):
    """``approved(case=None, **values)``: a ruling approved by the chair."""
    from commission.rulings.services import ruling_approve

    def make(case=None, **values):
        return ruling_approve(ruling=draft(case, **values), actor=chair)

    return make


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Ruling PDFs go to a temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def _reset_urlconf():
    """A download left unread keeps the request's urlconf on the thread (Django resets it when the
    response is closed); start every test from the default."""
    from django.urls import set_urlconf

    yield
    set_urlconf(None)


def download(client, url: str):
    """GET a file response and read it to the end: the test client then closes it, and
    ``request_finished`` resets the urlconf."""
    response = client.get(url)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, content
