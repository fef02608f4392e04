"""The mail server's answer decides what happens to a message: a permanent refusal (5xx) fails it at
once, visible with the reason in the outbox; a temporary one (4xx) is retried with back-off."""

from __future__ import annotations

import pytest
from django.db import transaction
from django_tenants.utils import schema_context

from tenants.outbox.models import OutboundEmail
from tests.helpers import wait_for

from .smtp_sink import SmtpSink

pytestmark = [pytest.mark.worker]


@pytest.fixture
def sink(settings):
    with SmtpSink() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = server.port
        settings.EMAIL_TIMEOUT = 5
        settings.OUTBOX_RETRY_BASE_SECONDS = 1
        yield server


def queue(schema: str, to: str) -> OutboundEmail:
    from tenants.outbox.services import email_queue_rendered

    with schema_context(schema), transaction.atomic():
        return email_queue_rendered(to=to, subject="Ontvangstbevestiging", body_text="Tekst.", topic="refusal_test")


def status_of(schema: str, message: OutboundEmail) -> OutboundEmail:
    with schema_context(schema):
        return OutboundEmail.objects.get(pk=message.pk)


def test_permanent_refusal_fails_at_once_and_shows_the_reason(committed_db, sink, client_for, make_user):
    from tenants.accounts.roles import Role
    from tenants.members.models import Member

    alpha = Member.objects.get(slug="alpha")
    sink.recipient_replies["nobody@example.org"] = (550, "5.1.1 No such mailbox")
    message = queue(alpha.schema_name, "nobody@example.org")
    assert wait_for(lambda: status_of(alpha.schema_name, message).status == OutboundEmail.Status.FAILED, timeout=20)
    message = status_of(alpha.schema_name, message)
    assert message.attempts == 1 and sink.rcpt_attempts["nobody@example.org"] == 1
    assert "550" in message.last_error and message.next_attempt_at is None
    owner = make_user(alpha, Role.OWNER)
    page = client_for(alpha, owner).get("/office/outbox/?status=failed").content.decode()
    assert "nobody@example.org" in page and "No such mailbox" in page


def test_temporary_refusal_is_retried_until_the_server_accepts(committed_db, sink):
    from tenants.members.models import Member

    alpha = Member.objects.get(slug="alpha")
    sink.recipient_replies["busy@example.org"] = [(451, "4.7.1 Try again later"), (250, "OK")]
    message = queue(alpha.schema_name, "busy@example.org")
    assert wait_for(lambda: status_of(alpha.schema_name, message).status == OutboundEmail.Status.SENT, timeout=20)
    message = status_of(alpha.schema_name, message)
    assert message.attempts == 2 and sink.rcpt_attempts["busy@example.org"] == 2
    assert [received.message_id for received in sink.messages()] == [message.message_id]
