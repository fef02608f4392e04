"""A broker that is down must not fail the request that stored the work: the complaint, the
escalation request and the case are committed, the user gets the normal answer, and the e-mails wait
in the outbox for the sweep."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tenants.outbox.models import OutboundEmail
from tests.complaints.data import PUBLIC_FORM

pytestmark = [pytest.mark.worker, pytest.mark.usefixtures("fresh_cache")]

FORM = {**PUBLIC_FORM, "complainant_name": "Bram Brokerloos", "complainant_email": "bram@example.org"}


def test_public_complaint_is_answered_with_its_reference_when_the_broker_is_down(
    committed_db, broker_down, client_for, settings
):
    import time

    from tenants.complaints.models import Complaint
    from tenants.members.models import Member
    from tenants.outbox.tasks import outbox_sweep_all_task
    from tests.helpers import wait_for

    # Shortened from 30 s so that the test need not wait for the sweep's threshold.
    settings.OUTBOX_LOST_TASK_SECONDS = 1
    alpha = Member.objects.get(slug="alpha")
    client = client_for(alpha)
    response = client.post("/complaint/", FORM)
    assert response.status_code == 302 and response.url == "/complaint/thanks/"
    with schema_context(alpha.schema_name):
        complaint = Complaint.objects.get(complainant_email="bram@example.org")
        acknowledgment = OutboundEmail.objects.get(to="bram@example.org")
    assert acknowledgment.status == OutboundEmail.Status.PENDING
    thanks = client.get("/complaint/thanks/").content.decode()
    assert complaint.reference in thanks

    # The broker is back: the next sweep (beat runs it every 30 s) sends the acknowledgment.
    assert settings.CELERY_BEAT_SCHEDULE["outbox-sweep"]["schedule"] <= 30
    broker_down.end()
    time.sleep(1.1)
    assert outbox_sweep_all_task.apply_async().get(timeout=30) == 1
    with schema_context(alpha.schema_name):
        assert wait_for(lambda: OutboundEmail.objects.get(pk=acknowledgment.pk).status == OutboundEmail.Status.SENT)


def test_escalation_request_and_confirmation_answer_normally_when_the_broker_is_down(
    committed_db, broker_down, client_for
):
    from commission.cases.models import Case
    from tenants.complaints.services import complaint_register
    from tenants.members.models import Member

    alpha = Member.objects.get(slug="alpha")
    with schema_context(alpha.schema_name):
        complaint = complaint_register(
            channel="phone",
            complainant_name="Karin Klant",
            complainant_email="karin@example.org",
            description="Het pakket kwam niet aan.",
            received_at=timezone.now() - timedelta(weeks=6),
        )
    client = client_for(None)
    response = client.post(
        "/escalate/", {"member": alpha.pk, "reference": complaint.reference, "email": "karin@example.org"}
    )
    assert response.status_code == 200
    with schema_context("public"):
        confirmation = OutboundEmail.objects.get(topic="escalation_confirm")
    assert confirmation.status == OutboundEmail.Status.PENDING
    link = re.search(r"http://wederhoor\.test(/escalate/confirm/\S+/)", confirmation.body_text).group(1)
    response = client.post(link, {"claim": "Schadevergoeding", "binding_accepted": "on"})
    assert response.status_code == 302
    case = Case.objects.get(member_complaint_uuid=complaint.uuid)
    with schema_context("public"):
        assert OutboundEmail.objects.filter(topic="case_filed", status=OutboundEmail.Status.PENDING).exists()
    assert case.reference


def test_work_no_periodic_task_covers_is_kept_and_sent_when_the_broker_is_back(committed_db, broker_down):
    from django.db import transaction

    from core.background import enqueue_on_commit
    from tenants.accounts.models import Invitation
    from tenants.members.models import Member
    from tenants.members.tasks import pool_refill_task
    from tenants.office.tasks import member_onboard_task
    from tenants.outbox.models import QueuedTask
    from tenants.outbox.tasks import outbox_sweep_all_task
    from tests.helpers import wait_for

    alpha = Member.objects.get(slug="alpha")
    with transaction.atomic():
        enqueue_on_commit(member_onboard_task, owner_email="later@alpha.example.org", schema_name=alpha.schema_name)
        # Beat refills the pool every few minutes: nothing to keep for this one.
        enqueue_on_commit(pool_refill_task, schema_name="public")
    with schema_context(alpha.schema_name):
        queued = QueuedTask.objects.get()
        assert queued.task_name == "member_office.onboard"
        assert queued.kwargs == {"owner_email": "later@alpha.example.org"}
    with schema_context("public"):
        assert not QueuedTask.objects.exists()

    broker_down.end()
    assert outbox_sweep_all_task.apply_async().get(timeout=30) == 1
    with schema_context(alpha.schema_name):
        assert wait_for(lambda: Invitation.objects.filter(email="later@alpha.example.org").exists())
        assert not QueuedTask.objects.exists()
