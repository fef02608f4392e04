"""Tasks run by a real Celery worker (a thread of this process, not eager mode)."""

import pytest
from django.core import mail
from django.db import transaction
from django_tenants.utils import schema_context

from core.background import enqueue_on_commit
from tenants.accounts.models import Invitation
from tenants.members.tasking import MemberContextError
from tenants.office.tasks import member_onboard_task
from tenants.outbox.models import OutboundEmail
from tests.helpers import wait_for

pytestmark = [pytest.mark.worker]


def members():
    from tenants.members.models import Member

    return Member.objects.get(slug="alpha"), Member.objects.get(slug="beta")


def test_member_task_lands_in_the_right_schema(committed_db):
    alpha, beta = members()
    mail.outbox.clear()
    result = member_onboard_task.apply_async(
        kwargs={"owner_email": "boss@alpha.example.org", "owner_name": "Bo Baas"},
        headers={"_schema_name": alpha.schema_name},
    )
    result.get(timeout=30)
    with schema_context(alpha.schema_name):
        from tenants.complaints.models import Category, Cause, Regulation

        assert Invitation.objects.filter(email="boss@alpha.example.org").exists()
        # Onboarding also set up complaint handling from the member's sector (building).
        assert Regulation.objects.get().preset == "building"
        assert Category.objects.exists() and Cause.objects.filter(name="Gebrek aan informatie").exists()
        # The invitation e-mail leaves through the outbox, sent by the worker after commit.
        assert wait_for(lambda: OutboundEmail.objects.filter(to="boss@alpha.example.org", status="sent").exists())
    with schema_context(beta.schema_name):
        assert not Invitation.objects.filter(email="boss@alpha.example.org").exists()
    with schema_context("public"):
        assert not Invitation.objects.filter(email="boss@alpha.example.org").exists()
    sent = [m for m in mail.outbox if m.to == ["boss@alpha.example.org"]]
    assert len(sent) == 1 and "http://alpha.wederhoor.test/accounts/invitation/" in sent[0].body


@pytest.mark.parametrize("schema", ["public", "m_no_such_member"])
def test_member_task_refuses_to_run_outside_a_member_schema(committed_db, schema):
    result = member_onboard_task.apply_async(kwargs={"owner_email": "x@example.org"}, headers={"_schema_name": schema})
    with pytest.raises(MemberContextError):
        result.get(timeout=30)
    with schema_context("public"):
        assert not Invitation.objects.filter(email="x@example.org").exists()


def test_enqueue_on_commit_keeps_the_schema_when_the_transaction_outlives_the_context(committed_db):
    alpha, _beta = members()
    with transaction.atomic():
        with schema_context(alpha.schema_name):
            enqueue_on_commit(member_onboard_task, owner_email="late@alpha.example.org")
        # The commit happens here, back in public.
    with schema_context(alpha.schema_name):
        assert wait_for(lambda: Invitation.objects.filter(email="late@alpha.example.org").exists())


def test_outbox_sweep_fans_out_to_the_schemas_with_due_mail_only(committed_db, settings):
    from datetime import timedelta

    from django.utils import timezone

    from tenants.outbox.tasks import outbox_sweep_all_task

    alpha, beta = members()
    for member in (alpha, beta):
        with schema_context(member.schema_name):
            # Stored five minutes ago; its task never reached the broker.
            message = OutboundEmail.objects.create(
                topic="test",
                to=f"stuck@{member.slug}.example.org",
                from_email="noreply@example.org",
                subject="s",
                body_text="b",
                next_attempt_at=timezone.now() - timedelta(minutes=4),
            )
            OutboundEmail.objects.filter(pk=message.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    sent_to = outbox_sweep_all_task.apply_async().get(timeout=30)
    assert sent_to == 2  # the two members; the commission has nothing due
    for member in (alpha, beta):
        with schema_context(member.schema_name):
            assert wait_for(lambda: OutboundEmail.objects.get(to=f"stuck@{member.slug}.example.org").status == "sent")


def test_pool_refill_by_the_worker(committed_db, settings):
    from tenants.members.models import SpareSchema
    from tenants.members.tasks import pool_refill_task

    settings.MEMBER_POOL_SIZE = 2
    result = pool_refill_task.apply_async().get(timeout=120)
    assert result["ready"] == 2
    assert SpareSchema.objects.filter(is_stale=False).count() == 2
