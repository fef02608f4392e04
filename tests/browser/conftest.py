"""Plumbing for browser tests: the live server of tests/liveserver.py and Debian's Chromium,
driven through Playwright's sync API. Chromium resolves ``<slug>.<PLATFORM_DOMAIN>`` to 127.0.0.1,
so pages are asked for by the member's real host name.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.liveserver import live_site  # noqa: F401  (shared fixture)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--host-resolver-rules=MAP *.wederhoor.test 127.0.0.1, MAP wederhoor.test 127.0.0.1",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
#: Playwright's wait for an element or a navigation; pages here answer in milliseconds.
TIMEOUT_MS = 10_000


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium for one test module; skipped where Debian's chromium is not installed."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop marked as running in this thread. Django then
    # refuses ORM calls here (the test's own queries, committed_db's clean-up): nothing
    # asynchronous touches the database in this thread, so allow them while the browser is open.
    # Django also keeps this thread's connections apart while a loop runs; close those before the
    # loop stops, or they stay open and the test database cannot be dropped at the end.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
            try:
                yield chromium
            finally:
                chromium.close()
                connections.close_all()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


#: Scripts from the page's own origin only, plus at most the request's nonce (config/csp.py).
STRICT_SCRIPTS = re.compile(r"(^|; )script-src 'self'( 'nonce-[A-Za-z0-9_-]+')?(;|$)")


def watch_content_security_policy(page) -> list[str]:
    """What breaks the Content-Security-Policy on the pages ``page`` visits, filled in as it browses:
    every violation Chromium reports on the console, and every HTML page it navigates to that came
    without the strict policy (config/csp.py)."""
    problems: list[str] = []

    def on_console(message):
        if "Content Security Policy" in message.text:
            problems.append(f"{page.url}: {message.text}")

    def on_response(response):
        request = response.request
        if not request.is_navigation_request() or request.frame != page.main_frame:
            return
        if not response.headers.get("content-type", "").startswith("text/html"):
            return
        policy = response.headers.get("content-security-policy", "")
        if not STRICT_SCRIPTS.search(policy) or "frame-ancestors 'none'" not in policy:
            problems.append(f"{response.url}: no strict Content-Security-Policy ({policy!r})")

    page.on("console", on_console)
    page.on("response", on_response)
    return problems


@pytest.fixture
def page(request, browser, tmp_path):
    """A fresh browser context (no cookies) in Dutch; a screenshot in ``tmp_path`` when the test fails.
    The test fails as well when a page it visits breaks the Content-Security-Policy."""
    from django.core.cache import cache

    # The public forms count posts per client address (127.0.0.1 here) in the cache.
    cache.clear()
    context = browser.new_context(locale="nl-NL", accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    page = context.new_page()
    policy_problems = watch_content_security_policy(page)
    try:
        yield page
    finally:
        report = getattr(request.node, "report_call", None)
        if report is not None and report.failed:
            shot = tmp_path / "failure.png"
            try:
                page.screenshot(path=str(shot), full_page=True)
                print(f"Screenshot of {page.url}: {shot}")
            except Exception as exc:  # noqa: BLE001 - a failed screenshot must not hide the failure
                print(f"No screenshot: {exc}")
        context.close()
    assert policy_problems == [], "\n".join(policy_problems)
