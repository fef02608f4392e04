"""The pages that the other browser tests do not pass through work in Chromium under the
Content-Security-Policy: the ``page`` fixture fails a test on any violation Chromium reports and on
any HTML page that comes without the policy (tests/browser/conftest.py)."""

from __future__ import annotations

import re

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from tests.browser.conftest import CHROMIUM, watch_content_security_policy
from tests.conftest import PASSWORD
from tests.helpers import nl

pytestmark = [pytest.mark.browser, pytest.mark.worker]

SCHEMA = "m_alpha"


def test_public_pages_of_the_commission_and_a_member(committed_db, live_site, page):
    for path in ("/", "/how-it-works/", "/rulings/", "/accounts/login/"):
        response = page.goto(live_site.url(None, path))
        assert response.status == 200, path
    for path in ("/", "/complaint/", "/status/", "/accounts/login/", "/no-such-page/"):
        page.goto(live_site.url("alpha", path))
    # The member's brand colour comes from its nonce-carrying style element.
    page.goto(live_site.url("alpha", "/"))
    brand = page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--brand')")
    assert re.fullmatch(r"#[0-9a-fA-F]{6}", brand.strip()), brand


def test_register_search_swaps_results_in_with_htmx(committed_db, live_site, page):
    page.goto(live_site.url(None, "/members/"))
    results = page.locator("#member-results")
    expect(results.get_by_role("link")).not_to_have_count(0)
    page.locator("#q").fill("no member is called like this")
    # htmx swaps the results in and pushes the search into the address bar.
    expect(page).to_have_url(re.compile(r"[?&]q=no(%20|\+)member"))
    expect(results.get_by_text(nl("No members match your search."))).to_be_visible()


def test_api_documentation_renders_on_both_hosts(committed_db, live_site, page):
    for slug in (None, "alpha"):
        page.goto(live_site.url(slug, "/api/docs/"))
        expect(page.locator(".swagger-ui .info .title")).to_contain_text("Wederhoor API")
        expect(page.locator(".swagger-ui .opblock").first).to_be_visible()


def test_member_office_login_and_register(committed_db, live_site, page):
    from tenants.accounts.roles import Role
    from tenants.accounts.services import user_create

    with schema_context(SCHEMA):
        owner = user_create(
            email="eigenaar@alpha.example.org", full_name="Olga Eigenaar", role=Role.OWNER, password=PASSWORD
        )
    page.goto(live_site.url("alpha", "/accounts/login/"))
    page.locator("[name=email]").fill(owner.email)
    page.locator("[name=password]").fill(PASSWORD)
    page.get_by_role("button", name=nl("Log in")).click()
    expect(page).to_have_url(live_site.url("alpha", "/office/"))
    page.goto(live_site.url("alpha", "/office/complaints/"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto(live_site.url("alpha", "/office/settings/"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    # The API answers a browser with DRF's browsable pages.
    page.goto(live_site.url("alpha", "/api/v1/me/"))
    expect(page.locator(".response-info")).to_be_visible()


def test_the_watch_sees_a_violation(committed_db, live_site, browser):
    """The check the ``page`` fixture relies on: Chromium's report of a blocked inline script and of
    a blocked inline style reaches it."""
    assert CHROMIUM.exists()
    context = browser.new_context()
    try:
        page = context.new_page()
        problems = watch_content_security_policy(page)
        page.goto(live_site.url(None, "/"))
        page.evaluate(
            """() => {
                const script = document.createElement("script");
                script.textContent = "window.injected = true";
                document.body.append(script);
                document.body.insertAdjacentHTML("beforeend", "<p style='color: red'>x</p>");
            }"""
        )
        page.wait_for_timeout(200)
        assert page.evaluate("window.injected") is None
        assert any("script-src" in problem for problem in problems), problems
        assert any("style-src" in problem for problem in problems), problems
    finally:
        context.close()
