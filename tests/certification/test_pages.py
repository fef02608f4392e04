"""The secretary's pages, the member detail's criteria table and the standing API."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from commission.certification.models import Criteria, Invoice, Payment
from tenants.accounts.roles import Role

pytestmark = pytest.mark.django_db

CRITERIA = "/office/standing/criteria/"
CONTRIBUTIONS = "/office/standing/contributions/"


def criteria_form(**changes):
    data = {
        "membership_active": "on", "contribution_paid": "on", "regulation_published": "on",
        "rulings_complied": "on", "first_line_acknowledged": "on", "first_line_answered": "on",
        "minimum_complaints": "10", "acknowledged_share": "90", "answered_share": "80", "period_months": "12",
    }  # fmt: skip
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize("role", [Role.SECRETARY, Role.PLATFORM_ADMIN])
def test_secretary_and_platform_admin_edit_the_criteria(role, make_user, client_for):
    client = client_for(None, make_user(None, role))
    assert client.get(CRITERIA).status_code == 200
    response = client.post(CRITERIA, criteria_form(minimum_complaints="15", rulings_complied=None))
    assert response.status_code == 302
    criteria = Criteria.current()
    assert criteria.minimum_complaints == 15 and not criteria.rulings_complied
    assert client.post(CRITERIA, criteria_form(acknowledged_share="120")).status_code == 400


def test_other_commission_roles_member_staff_and_complainants_are_refused(make_user, client_for, staff, alpha):
    for role in (Role.CHAIR, Role.PANEL_MEMBER):
        client = client_for(None, make_user(None, role))
        for url in (CRITERIA, CONTRIBUTIONS):
            assert client.get(url).status_code == 403
    anonymous = client_for(None)
    assert anonymous.get(CRITERIA).status_code == 302  # to the login page
    assert anonymous.post(CONTRIBUTIONS, {"action": "invoice"}).status_code == 302
    owner = client_for(alpha, staff["owner"])
    for url in (CRITERIA, CONTRIBUTIONS):
        assert owner.get(url).status_code == 404
    assert not Invoice.objects.exists()


def test_contributions_page_invoices_and_records_a_payment(secretary, client_for, alpha):
    client = client_for(None, secretary)
    year = timezone.localdate().year
    response = client.post(CONTRIBUTIONS, {"year": year, "sector": alpha.sector_id, "amount": "275.00"})
    assert response.status_code == 302
    assert client.post(CONTRIBUTIONS, {"year": year, "action": "invoice"}).status_code == 302
    assert client.post(CONTRIBUTIONS, {"year": year, "action": "invoice"}).status_code == 302
    invoice = Invoice.objects.get(member=alpha, year=year)
    assert invoice.amount == Decimal("275.00")
    page = client.get(CONTRIBUTIONS, {"year": year}).content.decode()
    assert invoice.number in page and alpha.legal_name in page
    url = f"/office/standing/invoices/{invoice.number}/payment/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"amount": "", "paid_on": ""}).status_code == 400
    response = client.post(url, {"amount": "275.00", "paid_on": timezone.localdate().isoformat(), "reference": "X1"})
    assert response.status_code == 302
    assert Payment.objects.get(invoice=invoice).reference == "X1"
    assert client.get("/office/standing/invoices/9999-0001/payment/").status_code == 404


def test_overdue_shows_on_the_year_list(secretary, client_for, alpha):
    today = timezone.localdate()
    Invoice.objects.create(
        member=alpha,
        year=today.year,
        number="X-1",
        amount=Decimal("10.00"),
        issued_on=today,
        due_on=today - timedelta(days=1),
    )
    page = client_for(None, secretary).get(CONTRIBUTIONS, {"year": today.year}).content.decode()
    assert "status-overdue" in page


def test_member_detail_shows_the_criteria(secretary, client_for, alpha):
    page = client_for(None, secretary).get(f"/office/members/{alpha.slug}/").content.decode()
    assert 'id="standing-heading"' in page
    assert page.count("<tr><td>") >= 6


def test_standing_api(api, secretary, make_user, alpha, staff, complaints):
    complaints(alpha, 12, ack_late=2)
    response = api(None, secretary).get(f"/api/v1/members/{alpha.uuid}/standing/")
    assert response.status_code == 200
    body = response.json()
    assert body["member"] == str(alpha.uuid) and body["passed"] is False
    results = {c["code"]: c for c in body["criteria"]}
    assert results["first_line_acknowledged"]["passed"] is False
    assert results["first_line_acknowledged"]["figure"].startswith("10 of 12")
    assert results["membership_active"] == {
        "code": "membership_active", "label": "Membership is active", "figure": "Active", "passed": True, "judged": True,
    }  # fmt: skip
    assert api(None, secretary).get("/api/v1/members/00000000-0000-0000-0000-000000000000/standing/").status_code == 404
    assert (
        api(None, make_user(None, Role.PANEL_MEMBER)).get(f"/api/v1/members/{alpha.uuid}/standing/").status_code == 403
    )
    assert api(None).get(f"/api/v1/members/{alpha.uuid}/standing/").status_code in (401, 403)
    assert api(alpha, staff["owner"]).get(f"/api/v1/members/{alpha.uuid}/standing/").status_code == 404
