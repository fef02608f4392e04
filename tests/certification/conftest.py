"""Complaints with known terms, written straight into a member's schema, and the ruling fixtures."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from tests.hearings.conftest import make_case  # noqa: F401  (the ruling fixtures build on it)
from tests.rulings.conftest import _media, _reset_urlconf, approved, deliberating, draft  # noqa: F401


@pytest.fixture
def complaints(in_schema):
    """``complaints(member, count, ack_late=0, answer_late=0, days_ago=60, **fields)``: external
    complaints received ``days_ago`` days ago (acknowledgment term 5 days, answer term 42 days);
    the first ``ack_late`` were acknowledged after their term, the first ``answer_late`` answered
    after theirs, the others in time."""
    from tenants.complaints.models import Complaint

    counter = {"n": 0}

    def make(member, count, *, ack_late=0, answer_late=0, days_ago=60, answered=True, **fields):
        received_on = timezone.localdate() - timedelta(days=days_ago)
        received_at = timezone.make_aware(datetime.combine(received_on, time(12)))
        rows = []
        for i in range(count):
            counter["n"] += 1
            ack_due = received_on + timedelta(days=5)
            answer_due = received_on + timedelta(days=42)
            rows.append(
                Complaint(
                    reference=f"T-{member.slug}-{counter['n']:05d}",
                    channel=Complaint.Channel.EMAIL,
                    received_at=received_at,
                    complainant_name="Karin Klant",
                    description="Het pakket kwam niet aan.",
                    acknowledgment_due_on=ack_due,
                    response_due_on=answer_due,
                    acknowledged_at=fields.get(
                        "acknowledged_at", received_at + timedelta(days=9 if i < ack_late else 1)
                    ),
                    closed_at=(received_at + timedelta(days=50 if i < answer_late else 20)) if answered else None,
                    status="closed" if answered else "acknowledged",
                    outcome="resolved" if answered else "",
                    **{k: v for k, v in fields.items() if k != "acknowledged_at"},
                )
            )
        with in_schema(member):
            Complaint.objects.bulk_create(rows)

    return make


@pytest.fixture
def platform_admin(make_user):
    from tenants.accounts.roles import Role

    return make_user(None, Role.PLATFORM_ADMIN)


@pytest.fixture(autouse=True)
def _published_regulation(monkeypatch):
    """Every member has published version 1 of its regulation, unless a test says otherwise: the
    regulations app answers for itself in its own tests."""
    from commission.certification import evaluation

    monkeypatch.setattr(evaluation, "_regulation_lookup", lambda: lambda member: (1, timezone.now()))
