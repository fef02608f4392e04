"""Who sees which ruling: staff pages, the member's own case page and the complainant's links."""

from __future__ import annotations

import pytest
from django.utils import translation

from commission.cases.services import case_link_token
from commission.rulings.models import Ruling
from tenants.complaints.models import Complaint
from tenants.complaints.services import status_link_token

from .conftest import SECTIONS, download

pytestmark = pytest.mark.django_db


def outcome_label(ruling, settings) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return str(ruling.get_outcome_display())


def test_secretary_drafts_and_chair_approves_through_the_pages(deliberating, secretary, chair, client_for):
    case = deliberating()
    office = client_for(user=secretary)
    assert office.get(f"/office/rulings/cases/{case.uuid}/draft/").status_code == 200
    data = {**SECTIONS, "outcome": "partly_founded", "amount_awarded": "125.00", "fee_refund": "member"}
    data.update(deposit_decision="none", deposit_to_complainant="", compliance_term_days="30", unanimous="True")
    response = office.post(f"/office/rulings/cases/{case.uuid}/draft/", data)
    assert response.status_code == 302
    ruling = Ruling.objects.get(case=case)
    assert ruling.outcome == "partly_founded" and ruling.drafted_by_label.startswith("Test Secretary")
    assert office.get("/office/rulings/").status_code == 200
    # The secretary cannot approve; the chair can; a panel member cannot even open the pages.
    assert office.post(f"/office/rulings/{ruling.uuid}/approve/").status_code == 403
    assert client_for(user=chair).get(f"/office/rulings/cases/{case.uuid}/draft/").status_code == 403
    assert client_for(user=chair).post(f"/office/rulings/{ruling.uuid}/approve/").status_code == 302
    ruling.refresh_from_db()
    assert ruling.is_approved
    status, content = download(office, f"/office/rulings/{ruling.uuid}/pdf/")
    assert status == 200 and content.startswith(b"%PDF")


def test_panel_member_is_refused(draft, make_user, client_for):
    from tenants.accounts.roles import Role

    ruling = draft()
    panel = client_for(user=make_user(None, Role.PANEL_MEMBER))
    assert panel.get(f"/office/rulings/{ruling.uuid}/").status_code == 403
    assert panel.post(f"/office/rulings/{ruling.uuid}/approve/").status_code == 403


def test_member_sees_the_outcome_and_downloads_the_pdf(approved, staff, client_for, alpha, settings):
    ruling = approved()
    client = client_for(alpha, staff["handler"])
    page = client.get(f"/office/commission-cases/{ruling.case.uuid}/")
    html = page.content.decode()
    assert page.status_code == 200 and outcome_label(ruling, settings) in html and 'data-testid="ruling"' in html
    status, content = download(client, f"/office/commission-cases/{ruling.case.uuid}/rulings/{ruling.uuid}/pdf/")
    assert status == 200 and content.startswith(b"%PDF")


def test_the_complainant_status_page_at_the_member_shows_the_outcome(approved, client_for, alpha, in_schema, settings):
    ruling = approved()
    with in_schema(alpha):
        complaint = Complaint.objects.get(uuid=ruling.case.member_complaint_uuid)
        token = status_link_token(complaint)
    page = client_for(alpha).get(f"/status/{token}/")
    assert page.status_code == 200
    assert outcome_label(ruling, settings) in page.content.decode()


def test_a_member_cannot_reach_another_members_ruling(approved, deliberating, make_user, client_for, beta, alpha):
    from tenants.accounts.roles import Role

    theirs = approved()  # a case about alpha
    own = approved(deliberating(beta))
    alpha_owner = make_user(alpha, Role.OWNER)
    beta_owner = make_user(beta, Role.OWNER)
    client = client_for(beta, beta_owner)
    case = theirs.case
    assert client.get(f"/office/commission-cases/{case.uuid}/rulings/{theirs.uuid}/pdf/").status_code == 404
    assert client.post(f"/office/commission-cases/{case.uuid}/rulings/{theirs.uuid}/compliance/").status_code == 404
    # Beta's own case with alpha's ruling id in the URL: still not found.
    assert client.get(f"/office/commission-cases/{own.case.uuid}/rulings/{theirs.uuid}/pdf/").status_code == 404
    assert download(client, f"/office/commission-cases/{own.case.uuid}/rulings/{own.uuid}/pdf/")[0] == 200
    # Alpha's staff on alpha's host cannot reach beta's ruling either.
    alpha_client = client_for(alpha, alpha_owner)
    assert alpha_client.get(f"/office/commission-cases/{own.case.uuid}/rulings/{own.uuid}/pdf/").status_code == 404
    assert str(own.uuid) not in alpha_client.get(f"/office/commission-cases/{case.uuid}/").content.decode()


def test_the_complainant_link_shows_only_their_own_ruling(approved, deliberating, client_for, settings):
    mine = approved()
    other = approved(deliberating(complainant_email="ander@example.org", complainant_name="Otto Ander"))
    token = case_link_token(mine.case)
    client = client_for()
    page = client.get(f"/cases/{token}/")
    html = page.content.decode()
    assert page.status_code == 200 and str(mine.uuid) in html and str(other.uuid) not in html
    assert outcome_label(mine, settings) in html
    assert download(client, f"/rulings/case/{token}/{mine.uuid}/pdf/")[0] == 200
    assert client.get(f"/rulings/case/{token}/{other.uuid}/pdf/").status_code == 404
    assert client.get(f"/rulings/case/not-a-token/{mine.uuid}/pdf/").status_code == 404


def test_a_draft_is_shown_to_nobody_outside_the_commission(draft, client_for, staff, alpha):
    ruling = draft()
    token = case_link_token(ruling.case)
    assert str(ruling.uuid) not in client_for().get(f"/cases/{token}/").content.decode()
    assert client_for().get(f"/rulings/case/{token}/{ruling.uuid}/pdf/").status_code == 404
    client = client_for(alpha, staff["owner"])
    assert client.get(f"/office/commission-cases/{ruling.case.uuid}/rulings/{ruling.uuid}/pdf/").status_code == 404


def test_office_pages_of_an_approved_ruling(approved, secretary, chair, client_for):
    ruling = approved()
    office = client_for(user=secretary)
    listing = office.get("/office/rulings/")
    assert listing.status_code == 200 and ruling.number in listing.content.decode()
    detail = office.get(f"/office/rulings/{ruling.uuid}/")
    html = detail.content.decode()
    assert detail.status_code == 200 and ruling.pdf_sha256 in html and f"/office/rulings/{ruling.uuid}/correct/" in html
    assert office.post(f"/office/rulings/{ruling.uuid}/correct/", {"reason": ""}).status_code == 400
    response = office.post(f"/office/rulings/{ruling.uuid}/correct/", {"reason": "Verkeerde datum."})
    assert response.status_code == 302 and response["Location"].endswith(f"/cases/{ruling.case.uuid}/draft/")
    correction = Ruling.objects.get(corrects=ruling)
    chair_page = client_for(user=chair).get(f"/office/rulings/{correction.uuid}/")
    assert f"/office/rulings/{correction.uuid}/approve/" in chair_page.content.decode()
    assert (
        f"/office/rulings/{correction.uuid}/approve/"
        not in office.get(f"/office/rulings/{correction.uuid}/").content.decode()
    )
