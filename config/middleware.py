"""Request plumbing that must run before anything else: health checks and member routing."""

from __future__ import annotations

import copy
import json
import time

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import connection
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django_tenants.middleware.main import TenantMainMiddleware
from django_tenants.utils import remove_www

from config import health


class HealthCheckMiddleware:
    """Answers ``/healthz`` and ``/readyz`` on every host, before routing, so a load balancer that
    probes by IP address or an unknown host still gets an answer. Also answers the reverse proxy's
    question whether a host may get a TLS certificate (``/internal/tls-allowed?domain=``)."""

    PATHS = {
        "/healthz": lambda request: health.liveness(),
        "/readyz": lambda request: health.readiness(),
        "/internal/tls-allowed": lambda request: health.tls_allowed(request.GET.get("domain", "")),
    }

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        check = self.PATHS.get(request.path_info.rstrip("/"))
        if check is None:
            return self.get_response(request)
        status, body = check(request)
        return HttpResponse(
            json.dumps(body), status=status, content_type="application/json", headers={"Cache-Control": "no-store"}
        )


def _render_error(request, template: str, status: int, context: dict | None = None) -> HttpResponse:
    translation.activate(translation.get_language_from_request(request))
    request.LANGUAGE_CODE = translation.get_language()
    return HttpResponse(render_to_string(template, context or {}, request=request), status=status)


class MemberRoutingMiddleware(TenantMainMiddleware):
    """django-tenants' host routing, with case-insensitive hosts and proper error pages.

    - ``ALPHA.Example.org.`` and ``alpha.example.org`` reach the same member (API clients do not
      lowercase like browsers do);
    - an unknown or disallowed host gets the 404 page, never a 500;
    - a member whose schema is still being prepared gets a 503 page instead of queries against tables
      that do not exist yet.
    """

    #: host -> (expires at, tenant); per process, see ``get_tenant``.
    _tenants: dict[str, tuple[float, object]] = {}

    @staticmethod
    def hostname_from_request(request):
        return remove_www(request.get_host().split(":")[0].lower().rstrip("."))

    def get_tenant(self, domain_model, hostname):
        """The tenant of ``hostname``, remembered for ``TENANT_ROUTING_CACHE_SECONDS`` in this process.

        Saves the domain lookup on most requests. A change of a member (status, schema ready) reaches
        other processes within that many seconds; each request gets its own copy of the row.
        """
        ttl = settings.TENANT_ROUTING_CACHE_SECONDS
        now = time.monotonic()
        cached = self._tenants.get(hostname) if ttl else None
        if cached is not None and cached[0] > now:
            return copy.copy(cached[1])
        tenant = super().get_tenant(domain_model, hostname)
        if ttl:
            self._tenants[hostname] = (now + ttl, tenant)
            return copy.copy(tenant)
        return tenant

    @classmethod
    def forget(cls, hostname: str | None = None) -> None:
        if hostname is None:
            cls._tenants.clear()
        else:
            cls._tenants.pop(hostname, None)

    def process_request(self, request):
        connection.set_schema_to_public()
        try:
            hostname = self.hostname_from_request(request)
        except DisallowedHost:
            return _render_error(request, "errors/unknown_host.html", 404)
        domain_model = self.get_domain_model()
        try:
            tenant = self.get_tenant(domain_model, hostname)
        except domain_model.DoesNotExist:
            return _render_error(request, "errors/unknown_host.html", 404)
        if not tenant.is_schema_ready:
            return _render_error(request, "errors/member_being_prepared.html", 503, {"member": tenant})
        tenant.domain_url = hostname
        request.tenant = tenant
        connection.set_tenant(tenant)
        self.setup_url_routing(request)
        return None

    @staticmethod
    def get_domain_model():
        from django_tenants.utils import get_tenant_domain_model

        return get_tenant_domain_model()
