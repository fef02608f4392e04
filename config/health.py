"""Liveness and readiness checks (``/healthz``, ``/readyz``)."""

from __future__ import annotations

from django.conf import settings
from django_tenants.utils import get_tenant_domain_model
from kombu import Connection

from core.tenancy import connection


def liveness() -> tuple[int, dict]:
    """The process is alive and serving requests; checks nothing else."""
    return 200, {"status": "ok"}


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _check_broker() -> str:
    with Connection(
        settings.CELERY_BROKER_URL,
        transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS,
        connect_timeout=2,
    ) as broker:
        broker.ensure_connection(max_retries=1, timeout=2)
    return "ok"


CHECKS = {"database": _check_database, "broker": _check_broker}


def readiness() -> tuple[int, dict]:
    """The database and the broker answer. A 503 names every part that failed."""
    results: dict[str, str] = {}
    failing: list[str] = []
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as exc:  # noqa: BLE001 - any failure makes the part unavailable
            results[name] = f"unavailable: {exc.__class__.__name__}"
            failing.append(name)
    if failing:
        return 503, {"status": "unavailable", "failing": failing, "checks": results}
    return 200, {"status": "ok", "checks": results}


def tls_allowed(domain: str) -> tuple[int, dict]:
    """200 when ``domain`` routes to the commission or a member (the proxy may then obtain a
    certificate for it on demand), 404 otherwise."""
    host = domain.strip().lower().rstrip(".")
    connection.set_schema_to_public()
    if host and get_tenant_domain_model().objects.filter(domain=host).exists():
        return 200, {"domain": host, "allowed": True}
    return 404, {"domain": host, "allowed": False}
