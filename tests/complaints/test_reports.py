"""Quarterly management information, with internal complaints kept apart."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tenants.complaints.models import Category
from tenants.complaints.services import FinalAnswer, complaint_transition

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


def test_quarter_report_per_category_and_kind(register, in_schema, alpha, staff, client_for):
    with in_schema(alpha):
        delivery = Category.objects.create(name="Levering")
    first = register(category=delivery, received_at=datetime(2026, 7, 2, 9, tzinfo=AMS))
    register(category=delivery, received_at=datetime(2026, 8, 2, 9, tzinfo=AMS), complainant_email="b@example.org")
    register(received_at=datetime(2026, 4, 2, 9, tzinfo=AMS), complainant_email="q2@example.org")  # another quarter
    register(
        kind="internal",
        complainant_name="Collega",
        received_at=datetime(2026, 7, 3, 9, tzinfo=AMS),
        send_acknowledgment=False,
    )
    with in_schema(alpha):
        complaint_transition(
            complaint=first,
            target="closed",
            actor=staff["handler"],
            outcome="resolved",
            final_answer=FinalAnswer(text="Opgelost"),
        )
    manager_page = (
        client_for(alpha, staff["manager"]).get("/office/complaints/reports/?year=2026&quarter=3").content.decode()
    )
    assert "Levering" in manager_page and "Q3 2026" in manager_page
    assert manager_page.count("<caption>") == 6  # external and internal, three tables each
    owner_page = client_for(alpha, staff["owner"]).get("/office/complaints/reports/?year=2026&quarter=3")
    assert owner_page.status_code == 200
    handler = client_for(alpha, staff["handler"]).get("/office/complaints/reports/")
    assert handler.status_code == 403


def test_report_counts(register, in_schema, alpha, staff):
    from tenants.complaints.reports import Quarter, quarter_report

    with in_schema(alpha):
        delivery = Category.objects.create(name="Levering")
    register(category=delivery, received_at=datetime(2026, 7, 2, 9, tzinfo=AMS))
    register(
        kind="internal",
        received_at=datetime(2026, 7, 3, 9, tzinfo=AMS),
        send_acknowledgment=False,
        complainant_email="i@example.org",
    )
    with in_schema(alpha):
        report = quarter_report(actor=staff["manager"], quarter=Quarter(2026, 3))
        external, internal = report["sections"]
        assert external["total"] == 1 and internal["total"] == 1
        assert (
            external["by_category"][0]["category__name"] == "Levering" and external["by_category"][0]["received"] == 1
        )
        with pytest.raises(PermissionError):
            quarter_report(actor=staff["handler"], quarter=Quarter(2026, 3))
