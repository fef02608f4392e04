"""A form on one host accepts a POST only from its own origin: members' hosts do not trust each
other, nor the commission's."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def csrf_client(host):
    client = Client(HTTP_HOST=host, enforce_csrf_checks=True)
    client.get("/accounts/login/")
    return client, client.cookies["csrftoken"].value


def login_post(host, origin):
    client, token = csrf_client(host)
    return client.post(
        "/accounts/login/",
        {"email": "nobody@example.org", "password": "wrong-password", "csrfmiddlewaretoken": token},
        HTTP_ORIGIN=origin,
    )


@pytest.mark.parametrize(
    "host,foreign",
    [
        ("alpha.{domain}", "http://beta.{domain}"),
        ("alpha.{domain}", "http://{domain}"),
        ("{domain}", "http://alpha.{domain}"),
        ("alpha.{domain}", "http://evil.example.org"),
    ],
)
def test_a_post_from_another_host_of_the_platform_is_refused(host, foreign, alpha, beta, settings):
    # Even with the wildcard that used to be the default, only the host's own origin counts.
    settings.CSRF_TRUSTED_ORIGINS = [f"http://{settings.PLATFORM_DOMAIN}", f"http://*.{settings.PLATFORM_DOMAIN}"]
    host, foreign = host.format(domain=settings.PLATFORM_DOMAIN), foreign.format(domain=settings.PLATFORM_DOMAIN)
    assert login_post(host, foreign).status_code == 403
    # Its own origin passes the check (the login itself fails: 200 with the form again).
    assert login_post(host, f"http://{host}").status_code == 200


def test_a_secure_post_without_origin_needs_a_referer_of_its_own_host(alpha, settings):
    settings.CSRF_TRUSTED_ORIGINS = [f"https://*.{settings.PLATFORM_DOMAIN}"]
    host = f"alpha.{settings.PLATFORM_DOMAIN}"
    client, token = csrf_client(host)
    data = {"email": "nobody@example.org", "password": "wrong-password", "csrfmiddlewaretoken": token}
    foreign = client.post(
        "/accounts/login/", data, secure=True, HTTP_REFERER=f"https://beta.{settings.PLATFORM_DOMAIN}/office/"
    )
    assert foreign.status_code == 403
    own = client.post("/accounts/login/", data, secure=True, HTTP_REFERER=f"https://{host}/accounts/login/")
    assert own.status_code == 200
