"""A database that cannot be reached: pages answer 503 with a retry hint (Dutch by default), never
500 — also when the member routing's host lookup is what fails."""

from __future__ import annotations

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from config.middleware import MemberRoutingMiddleware
from config.outage import RETRY_AFTER_SECONDS

from .served import free_port, request, served


def unavailable_title(language: str) -> str:
    with translation.override(language):
        return gettext("Temporarily unavailable")


@pytest.mark.django_db
@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_routing_that_cannot_reach_the_database_answers_503(monkeypatch, hosts, error):
    def lookup_fails(self, domain_model, hostname):
        raise error("connection to server failed")

    monkeypatch.setattr(MemberRoutingMiddleware, "get_tenant", lookup_fails)
    response = Client(HTTP_HOST=hosts.alpha, raise_request_exception=False).get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    body = response.content.decode()
    assert '<html lang="nl">' in body and unavailable_title("nl") in body
    english = Client(HTTP_HOST=hosts.alpha, raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en").get("/")
    assert english.status_code == 503 and '<html lang="en">' in english.content.decode()


@pytest.mark.django_db
def test_other_errors_stay_server_errors(monkeypatch, hosts):
    def lookup_breaks(self, domain_model, hostname):
        raise RuntimeError("a bug, not an outage")

    monkeypatch.setattr(MemberRoutingMiddleware, "get_tenant", lookup_breaks)
    response = Client(HTTP_HOST=hosts.alpha, raise_request_exception=False).get("/")
    assert response.status_code == 500 and "Retry-After" not in response


@pytest.mark.parametrize("debug", ["true", "false"])
def test_served_platform_with_the_database_on_a_dead_port_answers_503(tmp_path, settings, debug):
    dead = f"postgresql://postgres@127.0.0.1:{free_port()}/wederhoor"
    with served(
        database_url=dead, platform_domain=settings.PLATFORM_DOMAIN, var_dir=tmp_path, DJANGO_DEBUG=debug
    ) as port:
        for host in (settings.PLATFORM_DOMAIN, f"alpha.{settings.PLATFORM_DOMAIN}"):
            response = request(port, host, "/")
            assert response.status == 503, response.body[:500]
            assert response.getheader("Retry-After") == str(RETRY_AFTER_SECONDS)
            body = response.body.decode()
            assert '<html lang="nl">' in body and unavailable_title("nl") in body
        english = request(port, settings.PLATFORM_DOMAIN, "/office/", {"Accept-Language": "en"})
        assert english.status == 503 and '<html lang="en">' in english.body.decode()
        # The readiness check names the database; liveness is unaffected.
        assert request(port, settings.PLATFORM_DOMAIN, "/readyz").status == 503
        assert request(port, settings.PLATFORM_DOMAIN, "/healthz").status == 200
