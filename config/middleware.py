"""Request plumbing: health checks, member routing, the CSRF origin check, caching of private pages
and the answer to malformed input."""

from __future__ import annotations

import copy
import json
import time

from django.conf import settings
from django.core.exceptions import DisallowedHost, ValidationError
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django_tenants.middleware.main import TenantMainMiddleware
from django_tenants.utils import get_tenant_domain_model, remove_www

from config import health
from core.tenancy import connection


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
        return get_tenant_domain_model()


class OwnOriginCsrfMiddleware(CsrfViewMiddleware):
    """Django's CSRF check, but a POST is accepted only from the origin of the host it is sent to.

    Every member has its own subdomain: a trusted origin ``https://*.<domain>`` would let a page on
    one member's host post forms to another's (and to the commission). No origin list is consulted,
    wildcard or not, so ``CSRF_TRUSTED_ORIGINS`` cannot reopen that.
    """

    def _origin_verified(self, request):
        try:
            own_origin = f"{'https' if request.is_secure() else 'http'}://{request.get_host()}"
        except DisallowedHost:
            return False
        return request.META["HTTP_ORIGIN"] == own_origin

    # Used by the Referer check of HTTPS requests without an Origin header: only the host itself.
    @cached_property
    def csrf_trusted_origins_hosts(self):
        return []

    @cached_property
    def allowed_origins_exact(self):
        return set()

    @cached_property
    def allowed_origin_subdomains(self):
        return {}


class PrivatePageCacheMiddleware:
    """``Cache-Control: private, no-store`` on every answer that can hold someone's personal data, so
    neither a shared proxy nor the browser's cache keeps it after the visit:

    - every answer to a logged-in user (the back-offices);
    - every page under a signed link (status page, case link, escalation and invitation links,
      password reset), whether the link is still valid or not;
    - every page that reads a session holding data (e.g. the thanks page with the status link);
    - every file download.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if self.is_private(request, response):
            # Replace whatever a view set (e.g. a max-age on the logo): no-store wins.
            if "Cache-Control" in response:
                del response["Cache-Control"]
            patch_cache_control(response, private=True, no_store=True)
        return response

    @staticmethod
    def is_private(request, response) -> bool:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return True
        match = getattr(request, "resolver_match", None)
        if match is not None and "token" in match.kwargs:
            return True
        session = getattr(request, "session", None)
        if session is not None and session.accessed and not session.is_empty():
            return True
        return response.get("Content-Disposition", "").startswith("attachment")


def _bad_request(request, message: str) -> HttpResponse:
    if request.path_info.startswith("/api/"):
        # The API's one error envelope (core.api.base.exception_handler), not a page.
        return JsonResponse({"error": {"status": 400, "code": "invalid", "message": message, "fields": {}}}, status=400)
    return HttpResponse(
        render_to_string("errors/400.html", {"message": message}, request=request),
        status=400,
    )


class MalformedInputMiddleware:
    """A 400 page with a message, instead of a server error, for input no form would send.

    - NUL characters in the query string: PostgreSQL refuses them in any text it is given, so every
      search field and filter would fail; they are refused here once for all pages.
    - An identifier that is not one (``?id=abc`` where a UUID or number belongs) that a view passed
      to the database unchecked: Django raises ``ValidationError`` for it, which a view that catches
      the refusals of its services has not caught: it is the request that is wrong, not the server.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # After URL resolution, so the page can link to the host's own URLs.
        if any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()):
            return _bad_request(
                request,
                gettext("The address contains characters that are not allowed. Remove them and try again."),
            )
        return None

    def process_exception(self, request, exception):
        if isinstance(exception, ValidationError):
            return _bad_request(
                request, gettext("The request contains a value that is not valid. Go back and try again.")
            )
        return None
