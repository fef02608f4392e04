"""An e-mail backend whose server is down, to test retries through the outbox."""

from django.core.mail.backends.base import BaseEmailBackend


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP server unreachable")


class RefusingBackend(BaseEmailBackend):
    """The server refuses every recipient for good (550)."""

    def send_messages(self, email_messages):
        import smtplib

        raise smtplib.SMTPRecipientsRefused(
            {address: (550, b"5.1.1 No such mailbox") for message in email_messages for address in message.to}
        )
