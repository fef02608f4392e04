"""Daily reminders, sent by a real worker to the right people in the right member."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django_tenants.utils import schema_context

from tenants.accounts.roles import Role
from tenants.accounts.services import user_create
from tenants.complaints.models import Reminder
from tenants.complaints.services import complaint_register, reminders_send
from tenants.complaints.tasks import send_reminders_all_task, send_reminders_task
from tenants.outbox.models import OutboundEmail
from tests.helpers import wait_for

AMS = ZoneInfo("Europe/Amsterdam")


def setup_member(schema: str, prefix: str):
    with schema_context(schema):
        handler = user_create(email=f"{prefix}.handler@example.org", full_name="H", role=Role.HANDLER, password=None)
        manager = user_create(email=f"{prefix}.manager@example.org", full_name="M", role=Role.MANAGER, password=None)
        # Due Friday 4 December 2026 (6 weeks after 23 October): "soon" on Wednesday 2 December.
        soon = complaint_register(channel="phone", complainant_name="Binnenkort", description="x", handler=handler,
                                  received_at=datetime(2026, 10, 23, 10, tzinfo=AMS), send_acknowledgment=False)  # fmt: skip
        # Due Friday 2 October 2026: overdue on 2 December.
        late = complaint_register(channel="phone", complainant_name="Te laat", description="y", handler=handler,
                                  received_at=datetime(2026, 8, 21, 10, tzinfo=AMS), send_acknowledgment=False)  # fmt: skip
    return handler, manager, soon, late


@pytest.mark.worker
def test_reminders_reach_the_right_people_in_the_right_member(committed_db, settings):
    settings.FAN_OUT_JITTER_SECONDS = 0
    a_handler, a_manager, a_soon, a_late = setup_member("m_alpha", "a")
    b_handler, b_manager, _b_soon, _b_late = setup_member("m_beta", "b")

    # One member, for a fixed day, by the worker:
    result = send_reminders_task.apply_async(args=["2026-12-02"], headers={"_schema_name": "m_alpha"})
    assert result.get(timeout=30) > 0
    with schema_context("m_alpha"):
        reminders = set(Reminder.objects.values_list("complaint__reference", "kind", "recipient"))
        assert (a_soon.reference, "ack_soon", a_handler.email) not in reminders  # acknowledgment is long past
        assert (a_late.reference, "overdue", a_manager.email) in reminders
        assert (a_late.reference, "overdue", a_handler.email) not in reminders
        assert wait_for(
            lambda: OutboundEmail.objects.filter(topic="reminder", to=a_manager.email, status="sent").exists()
        )
    with schema_context("m_beta"):
        assert not Reminder.objects.exists()

    # The same day again sends nothing new.
    assert (
        send_reminders_task.apply_async(args=["2026-12-02"], headers={"_schema_name": "m_alpha"}).get(timeout=30) == 0
    )

    # The daily beat entry fans out to every member (today's date).
    assert send_reminders_all_task.apply_async().get(timeout=30) == 2
    with schema_context("m_beta"):
        assert wait_for(lambda: Reminder.objects.filter(recipient=b_manager.email, kind="overdue").exists())
        assert not Reminder.objects.filter(recipient__startswith="a.").exists()


@pytest.mark.django_db
def test_due_soon_goes_to_the_handler(register, in_schema, alpha, staff):
    complaint = register(
        received_at=datetime(2026, 10, 23, 10, tzinfo=AMS), handler=staff["handler"], send_acknowledgment=False
    )
    with in_schema(alpha):
        sent = reminders_send(today=date(2026, 12, 2))
        assert sent == 1
        reminder = Reminder.objects.get()
        assert (reminder.complaint, reminder.kind, reminder.recipient) == (
            complaint,
            "answer_soon",
            staff["handler"].email,
        )
        email = OutboundEmail.objects.get(topic="reminder")
        assert complaint.reference in email.subject


@pytest.mark.django_db
def test_unassigned_complaints_are_reminded_to_the_owner(register, in_schema, alpha, staff):
    register(received_at=datetime(2026, 10, 23, 10, tzinfo=AMS), send_acknowledgment=False)
    with in_schema(alpha):
        reminders_send(today=date(2026, 12, 2))
        assert list(Reminder.objects.values_list("recipient", flat=True)) == [staff["owner"].email]


@pytest.mark.django_db
def test_callback_due_reminds_the_handler(register, in_schema, alpha, staff, tomorrow):
    from tenants.complaints.services import complaint_transition

    complaint = register(handler=staff["handler"])
    with in_schema(alpha):
        complaint_transition(complaint=complaint, target="action_agreed", actor=staff["handler"], action_owner=staff["owner"],
                             promised_action="Bellen", callback_on=tomorrow)  # fmt: skip
        reminders_send(today=tomorrow)
        assert Reminder.objects.filter(kind="callback", recipient=staff["handler"].email).exists()
