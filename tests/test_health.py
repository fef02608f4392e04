"""/healthz and /readyz answer on every host, before routing."""

import json

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("host", ["wederhoor.test", "alpha.wederhoor.test", "unknown.example.org", "10.0.0.5"])
def test_healthz_on_every_host(client, host):
    response = client.get("/healthz", HTTP_HOST=host)
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok"}


@pytest.mark.parametrize("host", ["wederhoor.test", "beta.wederhoor.test", "unknown.example.org"])
def test_readyz_checks_database_and_broker(client, host):
    response = client.get("/readyz", HTTP_HOST=host)
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["checks"] == {"database": "ok", "broker": "ok"}


def test_readyz_names_the_failing_part(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/readyz", HTTP_HOST="wederhoor.test")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["failing"] == ["broker"]
    assert body["checks"]["database"] == "ok"


def test_readyz_reports_database_failure(client, monkeypatch):
    from config import health

    def broken():
        raise ConnectionError("database down")

    monkeypatch.setitem(health.CHECKS, "database", broken)
    response = client.get("/readyz", HTTP_HOST="wederhoor.test")
    assert response.status_code == 503
    assert json.loads(response.content)["failing"] == ["database"]


def test_tls_ask_endpoint_knows_only_platform_hosts(client):
    assert client.get("/internal/tls-allowed?domain=alpha.wederhoor.test", HTTP_HOST="web:8000").status_code == 200
    assert client.get("/internal/tls-allowed?domain=WEDERHOOR.test", HTTP_HOST="web").status_code == 200
    assert client.get("/internal/tls-allowed?domain=evil.example.org", HTTP_HOST="web").status_code == 404
