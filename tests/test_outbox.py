"""E-mail through the outbox: stored first, sent after commit, retried on failure, visible."""

import pytest

from tenants.outbox.models import OutboundEmail
from tenants.outbox.services import due_email_ids, email_queue, email_retry, email_send

pytestmark = pytest.mark.django_db


def queue(to="someone@example.org"):
    return email_queue(
        to=to,
        template="password_reset",
        topic="password_reset",
        context={"user_name": "Sam", "link": "http://x.example.org/"},
    )


def test_message_is_stored_before_anything_is_sent(in_schema, alpha, django_capture_on_commit_callbacks, mailoutbox):
    with in_schema(alpha), django_capture_on_commit_callbacks() as callbacks:
        message = queue()
    assert message.status == OutboundEmail.Status.PENDING
    assert mailoutbox == []
    assert len(callbacks) == 1


def test_send_marks_sent_and_is_idempotent(in_schema, alpha, mailoutbox):
    with in_schema(alpha):
        message = queue()
        email_send(email_id=message.pk)
        email_send(email_id=message.pk)
        message.refresh_from_db()
    assert message.status == OutboundEmail.Status.SENT and message.attempts == 1
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["someone@example.org"]
    assert mailoutbox[0].extra_headers["X-Wederhoor-Message"] == str(message.uuid)


def test_failed_send_is_retried_and_finally_visible_as_failed(in_schema, alpha, settings):
    settings.EMAIL_BACKEND = "tests.failing_email.FailingBackend"
    settings.OUTBOX_MAX_ATTEMPTS = 2
    with in_schema(alpha):
        message = queue()
        email_send(email_id=message.pk)
        message.refresh_from_db()
        assert message.status == OutboundEmail.Status.PENDING
        assert message.attempts == 1 and "SMTP server unreachable" in message.last_error
        assert message.next_attempt_at is not None
        email_send(email_id=message.pk)
        message.refresh_from_db()
        assert message.status == OutboundEmail.Status.FAILED and message.attempts == 2
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        email_retry(email=message)
        email_send(email_id=message.pk)
        message.refresh_from_db()
        assert message.status == OutboundEmail.Status.SENT


def test_sweeper_finds_messages_whose_task_was_lost(in_schema, alpha):
    from datetime import timedelta

    from django.utils import timezone

    with in_schema(alpha):
        message = queue()
        assert message.pk not in due_email_ids()
        assert message.pk in due_email_ids(now=timezone.now() + timedelta(minutes=2))


def test_messages_follow_the_recipients_language(in_schema, alpha):
    with in_schema(alpha):
        dutch = email_queue(
            to="a@example.org", template="password_reset", topic="t", language="nl", context={"link": "http://x/"}
        )
        english = email_queue(
            to="b@example.org", template="password_reset", topic="t", language="en", context={"link": "http://x/"}
        )
    assert dutch.subject != english.subject
    assert english.subject == "Choose a new password"


def test_outbox_page_lists_failures_and_requeues(client_for, make_user, alpha, beta, in_schema, settings):
    from tenants.accounts.roles import Role

    settings.EMAIL_BACKEND = "tests.failing_email.FailingBackend"
    settings.OUTBOX_MAX_ATTEMPTS = 1
    with in_schema(alpha):
        message = queue("lost@example.org")
        email_send(email_id=message.pk)
    owner = make_user(alpha, Role.OWNER)
    client = client_for(alpha, owner)
    page = client.get("/office/outbox/?status=failed").content.decode()
    assert "lost@example.org" in page and "SMTP server unreachable" in page
    assert client.post("/office/outbox/", {"email": str(message.uuid)}).status_code == 302
    with in_schema(alpha):
        message.refresh_from_db()
    assert message.status == OutboundEmail.Status.PENDING
    handler = make_user(alpha, Role.HANDLER)
    assert client_for(alpha, handler).get("/office/outbox/").status_code == 403
    beta_owner = make_user(beta, Role.OWNER)
    assert "lost@example.org" not in client_for(beta, beta_owner).get("/office/outbox/").content.decode()


def test_a_claimed_message_is_left_alone_until_the_claim_expires_then_sent_with_the_same_message_id(
    in_schema, alpha, mailoutbox, settings
):
    from datetime import timedelta

    from django.utils import timezone

    from tenants.outbox.services import email_claim

    with in_schema(alpha):
        message = queue()
        # A worker claimed it and died before it recorded anything.
        claimed, token = email_claim(email_id=message.pk)
        assert token is not None and claimed.status == OutboundEmail.Status.SENDING
        assert email_send(email_id=message.pk).status == OutboundEmail.Status.SENDING
        assert mailoutbox == [] and message.pk not in due_email_ids()
        later = timezone.now() + timedelta(seconds=settings.OUTBOX_CLAIM_SECONDS + 1)
        assert message.pk in due_email_ids(now=later)
        OutboundEmail.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
        sent = email_send(email_id=message.pk)
    assert sent.status == OutboundEmail.Status.SENT and sent.attempts == 2
    assert mailoutbox[0].extra_headers["Message-ID"] == message.message_id != ""


def test_permanent_refusal_is_not_retried(in_schema, alpha, settings):
    settings.EMAIL_BACKEND = "tests.failing_email.RefusingBackend"
    with in_schema(alpha):
        message = email_send(email_id=queue("nobody@example.org").pk)
    assert message.status == OutboundEmail.Status.FAILED and message.attempts == 1
    assert "550" in message.last_error and message.next_attempt_at is None
