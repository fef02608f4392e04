"""The client address behind the rate limits and the login lock: forwarded headers count only when
they come from a configured proxy."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from core.ratelimit import client_address
from tenants.accounts.roles import Role
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

VALID = {
    "complainant_name": "Piet Puk",
    "complainant_email": "piet@example.org",
    "description": "De bestelde kast kwam beschadigd aan.",
    "incident_date": "2026-10-01",
    "consent": "on",
}


def request(**meta):
    return RequestFactory().get("/", **meta)


def test_without_trusted_proxies_only_the_peer_counts(settings):
    settings.TRUSTED_PROXIES = []
    forged = request(REMOTE_ADDR="203.0.113.5", HTTP_X_REAL_IP="198.51.100.1", HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert client_address(forged) == "203.0.113.5"


def test_forwarded_headers_from_a_peer_that_is_not_a_trusted_proxy_are_ignored(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    forged = request(REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="198.51.100.2", HTTP_X_REAL_IP="198.51.100.1")
    assert client_address(forged) == "203.0.113.5"


def test_a_trusted_proxy_names_the_client(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    # The proxy appends the address it saw; whatever the client wrote before it does not count.
    proxied = request(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.66, 198.51.100.2")
    assert client_address(proxied) == "198.51.100.2"
    assert client_address(request(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.3")) == "198.51.100.3"
    # A proxy that sends no (or an unreadable) chain: the proxy is all we know.
    assert client_address(request(REMOTE_ADDR="10.0.0.2")) == "10.0.0.2"
    assert client_address(request(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="not an address")) == "10.0.0.2"


def test_forged_headers_do_not_get_around_the_public_form_limit(client_for, alpha, settings):
    settings.TRUSTED_PROXIES = []
    settings.COMPLAINT_FORM_RATE_LIMIT = 2
    client = client_for(alpha)
    codes = [
        client.post(
            "/complaint/",
            dict(VALID, complainant_name=f"Naam {n}"),
            REMOTE_ADDR="203.0.113.5",
            HTTP_X_REAL_IP=f"198.51.100.{n}",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        ).status_code
        for n in range(3)
    ]
    assert codes == [302, 302, 429]


def test_clients_behind_the_trusted_proxy_are_told_apart(client_for, alpha, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    settings.COMPLAINT_FORM_RATE_LIMIT = 2
    client = client_for(alpha)

    def post(n, forwarded):
        return client.post(
            "/complaint/",
            dict(VALID, complainant_name=f"Naam {n}"),
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=forwarded,
        ).status_code

    assert [post(n, f"198.51.100.{n}") for n in range(3)] == [302, 302, 302]
    # One client behind the proxy is limited, whatever it writes in front of the proxy's entry.
    assert [post(n, f"192.0.2.{n}, 203.0.113.77") for n in range(3)] == [302, 302, 429]


def test_forged_headers_do_not_get_around_the_status_link_limit(client_for, alpha, settings):
    settings.TRUSTED_PROXIES = []
    client = client_for(alpha)
    codes = [
        client.post(
            "/status/",
            {"reference": "K-2026-0001", "email": "piet@example.org"},
            REMOTE_ADDR="203.0.113.6",
            HTTP_X_REAL_IP=f"198.51.100.{n}",
        ).status_code
        for n in range(11)
    ]
    assert codes[-1] == 429


def test_forged_headers_do_not_get_around_the_login_lock_per_client(client_for, make_user, alpha, settings):
    settings.TRUSTED_PROXIES = []
    settings.LOGIN_FAILURE_LIMIT = 2
    user = make_user(alpha, Role.HANDLER)
    client = client_for(alpha)
    for n in range(8):
        client.post(
            "/accounts/login/",
            {"email": f"guess{n}@example.org", "password": "wrong"},
            REMOTE_ADDR="203.0.113.9",
            HTTP_X_REAL_IP=f"198.51.100.{n}",
        )
    response = client.post(
        "/accounts/login/",
        {"email": user.email, "password": PASSWORD},
        REMOTE_ADDR="203.0.113.9",
        HTTP_X_REAL_IP="198.51.100.200",
    )
    assert response.wsgi_request.user.is_anonymous
