"""Content-Security-Policy on every HTML page of every host (Django 5.2 has none built in).

The policy allows only what the pages are made of: scripts and stylesheets from the platform's own
origin (htmx and the stylesheet are served from /static/), no inline script, no event-handler
attributes, no plugins, no ``<base>`` elsewhere, forms that post to the page's own host, and no
framing. The exceptions are narrow and named here:

- A member's public layout sets its brand colour in a ``<style>`` element, and the API
  documentation page (drf-spectacular's Swagger UI, ``templates/api/swagger_ui.html``) starts with
  an inline script that holds the CSRF token. Each carries the request's nonce
  (``{{ request.csp_nonce.style }}``, ``{{ request.csp_nonce.script }}``); a directive names the
  nonce only on pages whose template used it, so every other page allows nothing inline at all.
- The escalation form on a member's host answers with a redirect to the case on the commission's
  host, and Chromium applies ``form-action`` to that redirect as well: that one view may also
  send its form to the commission's origin.
- The API documentation draws its icons from ``data:`` images.
- The API's browsable pages (Django REST framework's HTML renderer) lay themselves out with style
  attributes and embed Pygments' fixed stylesheet in a ``<style>`` element: those pages allow style
  attributes (``style-src-attr``) and that one stylesheet by its hash, still no inline script.

A view that needs its own policy sets the ``Content-Security-Policy`` header itself; the
middleware leaves such a header alone.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import secrets
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.html import conditional_escape
from rest_framework.compat import pygments_css

from tenants.members.links import base_url_for_host

HEADER = "Content-Security-Policy"

#: The policy of every HTML page; values are the sources of each directive.
BASE_POLICY: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "script-src": ("'self'",),
    "style-src": ("'self'",),
    "img-src": ("'self'",),
    "font-src": ("'self'",),
    "connect-src": ("'self'",),
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "form-action": ("'self'",),
    "frame-ancestors": ("'none'",),
}


def commission_origin(request: HttpRequest) -> str:
    """The commission's origin as the platform writes it in links and redirects (case links)."""
    return base_url_for_host(settings.PLATFORM_DOMAIN)


#: Extra sources per view (``namespace:url_name``), each with the reason it is needed.
VIEW_ALLOWANCES: dict[str, dict[str, Callable[[HttpRequest], str]]] = {
    # The complainant's escalation (status page → commission) redirects to the new case's page on
    # the commission's host right after the form is posted.
    "member_cases:escalate": {"form-action": commission_origin},
    # Swagger UI draws its icons from SVG data: URLs in its stylesheet.
    "api-docs": {"img-src": lambda request: "data:"},
}


class RequestNonce:
    """One random value per request, made on first use; remembers for which directives a template
    asked for it, so the policy names it only there."""

    def __init__(self) -> None:
        self.value = ""
        self.used_for: set[str] = set()

    def _use(self, directive: str) -> str:
        if not self.value:
            self.value = secrets.token_urlsafe(18)
        self.used_for.add(directive)
        return self.value

    @property
    def style(self) -> str:
        return self._use("style-src")

    @property
    def script(self) -> str:
        return self._use("script-src")


@functools.cache
def _browsable_api_code_style_hash(code_style: str) -> str:
    """The hash source of the ``<style>`` element DRF's browsable page embeds: Pygments' stylesheet,
    escaped as its template prints it (empty where Pygments is not installed)."""
    css = pygments_css(code_style)
    if not css:
        return ""
    digest = hashlib.sha256(str(conditional_escape(css)).encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def policy_for(request: HttpRequest, response: HttpResponse | None = None) -> str:
    """The header value for ``response``, the page answering ``request``."""
    policy = {directive: list(sources) for directive, sources in BASE_POLICY.items()}
    renderer = getattr(response, "accepted_renderer", None)
    if renderer is not None and getattr(renderer, "format", None) == "api":
        policy["style-src-attr"] = ["'unsafe-inline'"]
        code_style = _browsable_api_code_style_hash(renderer.code_style)
        if code_style:
            policy["style-src"].append(code_style)
    nonce = getattr(request, "csp_nonce", None)
    if isinstance(nonce, RequestNonce):
        for directive in sorted(nonce.used_for):
            policy[directive].append(f"'nonce-{nonce.value}'")
    match = getattr(request, "resolver_match", None)
    if match is not None:
        for directive, source in VIEW_ALLOWANCES.get(match.view_name, {}).items():
            value = source(request)
            if value not in policy[directive]:
                policy[directive].append(value)
    return "; ".join(f"{directive} {' '.join(sources)}" for directive, sources in policy.items())


def _is_django_debug_page(response: HttpResponse) -> bool:
    """Django's technical error pages (DEBUG only) are built from inline styles and scripts."""
    if not settings.DEBUG or response.status_code < 400 or getattr(response, "streaming", False):
        return False
    return b'<meta name="robots" content="NONE,NOARCHIVE">' in response.content[:2000]


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.csp_nonce = RequestNonce()  # type: ignore[attr-defined]
        response = self.get_response(request)
        content_type = response.get("Content-Type", "")
        if (
            content_type.split(";")[0].strip().lower() == "text/html"
            and HEADER not in response
            and not _is_django_debug_page(response)
        ):
            response[HEADER] = policy_for(request, response)
            # The routing middleware's own pages (unknown host, member being prepared) answer
            # before Django's clickjacking middleware sees them.
            response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        return response
