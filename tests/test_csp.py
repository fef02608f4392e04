"""Every HTML page of every host carries a Content-Security-Policy that allows no inline script, no
inline style, no plugins and no framing (except, by nonce, the member's brand colour and the API
documentation's start script); the pages themselves need nothing more (the browser tests watch
for violations on every page they visit)."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tenants.accounts.roles import Role
from tenants.complaints.services import status_link_token

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def policy(response) -> dict[str, list[str]]:
    header = response.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.wsgi_request.get_full_path()}"
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def nonces(sources: list[str]) -> set[str]:
    return {source[len("'nonce-") : -1] for source in sources if source.startswith("'nonce-")}


def assert_strict(response, *, form_action=("'self'",), script_nonce=False):
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"][0] == "'self'"
    assert len(directives["script-src"]) == (2 if script_nonce else 1), directives["script-src"]
    assert directives["style-src"][0] == "'self'"
    assert len(nonces(directives["script-src"])) == len(directives["script-src"]) - 1, directives["script-src"]
    assert all(source.startswith(("'nonce-", "'sha256-")) for source in directives["style-src"][1:])
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == list(form_action)
    assert directives["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
    return directives


class InlineCode(HTMLParser):
    """Collects what a strict policy would block in a page: event-handler attributes, ``javascript:``
    URLs, style attributes, and the nonces of inline scripts and ``<style>`` elements."""

    def __init__(self):
        super().__init__()
        self.problems: list[str] = []
        self.script_nonces: list[str | None] = []
        self.style_nonces: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and not attributes.get("src"):
            self.script_nonces.append(attributes.get("nonce"))
        if tag == "style":
            self.style_nonces.append(attributes.get("nonce"))
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name == "style":
                self.problems.append(f"<{tag} style=…>")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"<{tag} {name}=javascript:…>")


def assert_needs_nothing_more(response, **strict):
    """The strict policy, and the page itself stays within it: nothing inline but what carries the
    nonce."""
    directives = assert_strict(response, **strict)
    parser = InlineCode()
    parser.feed(response.content.decode())
    assert parser.problems == []
    for found, directive in ((parser.script_nonces, "script-src"), (parser.style_nonces, "style-src")):
        assert all(nonce in nonces(directives[directive]) for nonce in found), (directive, found, directives)
    return directives


@pytest.fixture
def complaint_token(register, in_schema, alpha):
    complaint = register()
    with in_schema(alpha):
        return status_link_token(complaint)


def test_every_kind_of_page_carries_the_policy(client_for, make_user, alpha, complaint_token):
    owner = make_user(alpha, Role.OWNER)
    pages = [
        (client_for(), "/"),
        (client_for(), "/how-it-works/"),
        (client_for(), "/members/"),
        (client_for(), "/rulings/"),
        (client_for(), "/accounts/login/"),
        (client_for(), "/api/docs/"),
        (client_for(alpha), "/"),
        (client_for(alpha), "/complaint/"),
        (client_for(alpha), "/status/"),
        (client_for(alpha), f"/status/{complaint_token}/"),
        (client_for(alpha), "/accounts/login/"),
        (client_for(alpha), "/api/docs/"),
        (client_for(alpha, owner), "/office/"),
        (client_for(alpha, owner), "/office/complaints/"),
        (client_for(alpha, owner), "/office/settings/"),
    ]
    for client, path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert_needs_nothing_more(response, script_nonce=path == "/api/docs/")


def test_commission_office_pages_carry_the_policy(client_for, make_user):
    secretary = make_user(None, Role.SECRETARY)
    for path in ("/office/", "/office/cases/", "/office/members/", "/office/hearings/"):
        response = client_for(None, secretary).get(path)
        assert response.status_code == 200, path
        assert_needs_nothing_more(response)


def test_brand_colour_is_the_only_inline_style_and_it_carries_the_nonce(client_for, alpha):
    member_home = client_for(alpha).get("/")
    directives = assert_strict(member_home)
    (nonce,) = nonces(directives["style-src"])
    assert f'<style nonce="{nonce}">' in member_home.content.decode()
    # The next page gets a fresh nonce; pages without the brand style get none at all.
    assert nonces(policy(client_for(alpha).get("/"))["style-src"]) != {nonce}
    assert policy(client_for().get("/"))["style-src"] == ["'self'"]
    assert policy(client_for().get("/accounts/login/"))["style-src"] == ["'self'"]


def test_escalation_form_may_send_its_answer_on_to_the_commission(client_for, alpha, complaint_token, in_schema):
    commission = f"{settings.PLATFORM_SCHEME}://{settings.PLATFORM_DOMAIN}"
    response = client_for(alpha).get(f"/status/{complaint_token}/commission/")
    assert_strict(response, form_action=("'self'", commission))
    # Nowhere else: the status page itself and the public form post only to their own host.
    assert_strict(client_for(alpha).get(f"/status/{complaint_token}/"))
    assert_strict(client_for(alpha).get("/complaint/"))


def test_commission_origin_follows_the_platform_port(client_for, alpha, complaint_token, settings):
    settings.PLATFORM_PORT = "8123"
    response = client_for(alpha).get(f"/status/{complaint_token}/commission/")
    assert policy(response)["form-action"] == ["'self'", f"http://{settings.PLATFORM_DOMAIN}:8123"]


def test_error_pages_carry_the_policy(client_for, alpha, monkeypatch):
    assert_needs_nothing_more(client_for().get("/no-such-page/"))
    assert_needs_nothing_more(client_for(alpha).get("/no-such-page/"))
    unknown = Client(HTTP_HOST=f"nobody.{settings.PLATFORM_DOMAIN}").get("/")
    assert unknown.status_code == 404
    assert_needs_nothing_more(unknown)

    from commission.site import views

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(views.HowItWorksView, "get", broken)
    client = client_for()
    client.raise_request_exception = False
    failed = client.get("/how-it-works/")
    assert failed.status_code == 500
    assert_needs_nothing_more(failed)
    assert "Er ging iets mis" in failed.content.decode()


def test_refused_csrf_check_answers_with_a_page_within_the_policy(alpha):
    client = Client(HTTP_HOST=f"alpha.{settings.PLATFORM_DOMAIN}", enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"email": "karin@example.org", "password": "x"})
    assert response.status_code == 403
    assert_needs_nothing_more(response)


def test_member_being_prepared_page_carries_the_policy(client_for, alpha):
    from tenants.members.models import Member

    Member.objects.filter(pk=alpha.pk).update(schema_status=Member.SchemaStatus.PENDING)
    response = client_for(alpha).get("/")
    assert response.status_code == 503
    assert_needs_nothing_more(response)


def test_api_docs_start_script_is_the_only_inline_script_and_carries_the_nonce(client_for, alpha):
    for client in (client_for(), client_for(alpha)):
        page = client.get("/api/docs/")
        directives = assert_needs_nothing_more(page, script_nonce=True)
        assert directives["style-src"] == ["'self'"]
        (nonce,) = nonces(directives["script-src"])
        start = re.search(rf'<script nonce="{re.escape(nonce)}">(.*?)</script>', page.content.decode(), re.DOTALL)
        assert start and "SwaggerUIBundle(" in start.group(1)
        assert "<style" not in page.content.decode()


def test_only_the_api_docs_allow_data_images(client_for, alpha):
    assert policy(client_for(alpha).get("/api/docs/"))["img-src"] == ["'self'", "data:"]
    assert policy(client_for(alpha).get("/"))["img-src"] == ["'self'"]


def test_browsable_api_pages_allow_style_attributes_and_nothing_else_inline(client_for, make_user, alpha):
    owner = make_user(alpha, Role.OWNER)
    response = client_for(alpha, owner).get("/api/v1/me/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    directives = assert_strict(response)
    assert directives["style-src-attr"] == ["'unsafe-inline'"]
    # Pygments' stylesheet, by its hash.
    (code_style,) = re.findall(r"<style>(.*?)</style>", response.content.decode(), re.DOTALL)
    digest = base64.b64encode(hashlib.sha256(code_style.encode()).digest()).decode()
    assert directives["style-src"] == ["'self'", f"'sha256-{digest}'"]
    assert "style-src-attr" not in policy(client_for(alpha, owner).get("/office/"))
    assert "Content-Security-Policy" not in client_for(alpha, owner).get("/api/v1/me/", HTTP_ACCEPT="application/json")


def test_json_and_files_are_left_alone(client_for):
    assert "Content-Security-Policy" not in client_for().get("/api/schema/")
    assert "Content-Security-Policy" not in client_for().get("/healthz")


def test_a_view_with_its_own_policy_keeps_it(rf, settings):
    from django.http import HttpResponse

    from config.csp import ContentSecurityPolicyMiddleware

    own = "default-src 'none'"
    middleware = ContentSecurityPolicyMiddleware(lambda request: HttpResponse(headers={"Content-Security-Policy": own}))
    assert middleware(rf.get("/"))["Content-Security-Policy"] == own


def test_django_debug_pages_are_left_alone_only_with_debug_on(rf, settings):
    from django.http import HttpResponseServerError

    from config.csp import ContentSecurityPolicyMiddleware

    debug_page = b'<!DOCTYPE html><html><head><meta name="robots" content="NONE,NOARCHIVE"><style>x{}</style>'
    middleware = ContentSecurityPolicyMiddleware(lambda request: HttpResponseServerError(debug_page))
    settings.DEBUG = True
    assert "Content-Security-Policy" not in middleware(rf.get("/"))
    settings.DEBUG = False
    assert "Content-Security-Policy" in middleware(rf.get("/"))


# What the templates may contain --------------------------------------------------------------------

INLINE_PATTERNS = {
    "inline <script> without the nonce": re.compile(
        r"<script(?![^>]*\bsrc=)(?![^>]*nonce=\"\{\{ request\.csp_nonce\.script \}\}\")[^>]*>", re.IGNORECASE
    ),
    "event-handler attribute": re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
    "style attribute": re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE),
    "<style> without the nonce": re.compile(r"<style(?![^>]*nonce=\"\{\{ request\.csp_nonce\.style \}\}\")[^>]*>"),
}


def test_templates_hold_no_inline_script_or_style():
    """Pages, e-mails and PDFs alike: PDFs ignore the header, but one rule for every template keeps
    the check simple (PDF styles live in static/css/documents.css)."""
    found = []
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text()
        for what, pattern in INLINE_PATTERNS.items():
            if pattern.search(text):
                found.append(f"{template.relative_to(TEMPLATES)}: {what}")
    assert found == []
