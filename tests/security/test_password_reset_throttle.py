"""Password reset sends a limited number of e-mails per address and per client, and answers the
same whether it sent one or not."""

from __future__ import annotations

import pytest

from tenants.accounts.roles import Role
from tenants.outbox.models import OutboundEmail

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("on_commission", [False, True])
def test_reset_requests_for_one_address_are_throttled(on_commission, client_for, make_user, alpha, in_schema, settings):
    member = None if on_commission else alpha
    user = make_user(member, Role.SECRETARY if on_commission else Role.OWNER)
    answers = []
    for n in range(8):
        # Every request from another client: the per-address limit must hold on its own.
        response = client_for(member).post(
            "/accounts/password-reset/", {"email": user.email}, REMOTE_ADDR=f"203.0.113.{n + 1}"
        )
        answers.append((response.status_code, response.get("Location")))
    with in_schema(member or "public"):
        sent = OutboundEmail.objects.filter(topic="password_reset", to=user.email).count()
    assert sent == settings.PASSWORD_RESET_ADDRESS_LIMIT
    # The same answer every time: nobody learns from it that the limit was reached.
    assert len(set(answers)) == 1 and answers[0][0] == 302


def test_reset_requests_from_one_client_are_throttled(client_for, make_user, alpha, in_schema, settings):
    users = [make_user(alpha, Role.HANDLER) for _ in range(settings.PASSWORD_RESET_CLIENT_LIMIT + 3)]
    client = client_for(alpha)
    answers = set()
    for user in users:
        response = client.post("/accounts/password-reset/", {"email": user.email}, REMOTE_ADDR="198.51.100.23")
        answers.add((response.status_code, response.get("Location")))
    with in_schema(alpha):
        sent = OutboundEmail.objects.filter(topic="password_reset", to__in=[u.email for u in users]).count()
    assert sent == settings.PASSWORD_RESET_CLIENT_LIMIT
    assert len(answers) == 1
    # Another client is not held back by the first one.
    client_for(alpha).post("/accounts/password-reset/", {"email": users[-1].email}, REMOTE_ADDR="198.51.100.24")
    with in_schema(alpha):
        assert OutboundEmail.objects.filter(topic="password_reset", to=users[-1].email).count() == 1
