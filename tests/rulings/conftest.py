"""Cases in deliberation and rulings, set up through the services."""

from __future__ import annotations

from decimal import Decimal

import pytest

from commission.cases.models import Stage
from tests.hearings.conftest import make_case, make_day  # noqa: F401  (shared hearing fixtures)
from tests.helpers import read

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
def deliberating(escalate, secretary):
    """``deliberating(member=None, **complaint_fields)``: a case in deliberation (hearing held)."""
    from commission.cases.services import case_move

    def make(member=None, **fields):
        case = escalate(member, disputed_amount=Decimal(250), **{**COMPLAINANT, **fields})
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
        data["unanimous"] = True
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
def _media(tmp_media):
    """Ruling PDFs go to a temporary MEDIA_ROOT (the shared ``tmp_media``)."""


@pytest.fixture(autouse=True)
def _reset_urlconf(reset_urlconf):
    """Every test starts from the default urlconf (the shared ``reset_urlconf``)."""


def download(client, url: str):
    """GET a file response and read it to the end: the test client then closes it, and
    ``request_finished`` resets the urlconf."""
    response = client.get(url)
    return response.status_code, read(response)
