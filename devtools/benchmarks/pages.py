"""Back-office pages measured in process, for the register figures (``devtools.benchmarks.register``):
what each request must show, the baseline views beside the member's URLconf, and the measurement
with each page's SQL statements.

The statements of a request are captured right after a trivial request to the same host, so that
the routing has the host remembered, as on most requests (its lookup once per
``TENANT_ROUTING_CACHE_SECONDS`` is measured by the routing figures).
"""

from __future__ import annotations

import csv
import itertools
import re
import statistics
import sys
import types
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from importlib import import_module

from django.conf import settings
from django.core.management.base import CommandError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.test import Client
from django.test.utils import override_settings
from django.urls import path

from core.tenancy import connection
from devtools.benchmarks.fixtures import fetch
from devtools.benchmarks.timing import Samples, Statement, interleaved, statements
from tenants.complaints.models import Complaint

PAGE_SIZE = 25
STATEMENT_REQUESTS = 5
DETAIL_LINK = re.compile(rb'href="/office/complaints/[0-9a-f-]{36}/"')


# The baselines -----------------------------------------------------------------------------------


def _register_baseline_view(request: HttpRequest, schema: str) -> HttpResponse:
    """The handler's first page as plainly as Django can: 25 rows, no routing, no template."""
    connection.set_schema(schema)
    rows = (
        Complaint.objects.filter(kind=Complaint.Kind.EXTERNAL)
        .order_by("-received_at", "-id")
        .values_list("reference", "received_at", "complainant_name", "status", "response_due_on")[:PAGE_SIZE]
    )
    return HttpResponse("\n".join(" | ".join(str(value) for value in row) for row in rows))


EXPORT_BASELINE_COLUMNS = (
    "reference", "kind", "status", "received_at", "channel", "complainant_name", "complainant_email",
    "complainant_phone", "complainant_city", "customer_number", "category__name", "cause__name", "severity",
    "handler__full_name", "employee_involved", "department__name", "response_due_on", "extended_due_on",
    "outcome", "description", "remedy_sought", "promised_action", "callback_on", "redress_given",
)  # fmt: skip


class _Echo:
    def write(self, value: str) -> str:
        return value


def _export_baseline_view(request: HttpRequest, schema: str) -> StreamingHttpResponse:
    """The same rows and columns as the export, streamed as CSV from ``values_list().iterator()``."""
    connection.set_schema(schema)
    rows = Complaint.objects.filter(kind=Complaint.Kind.EXTERNAL, category_id=int(request.GET["category"]))
    if request.GET.get("received_from"):
        rows = rows.filter(received_at__date__gte=date.fromisoformat(request.GET["received_from"]))
    values = rows.order_by("-received_at", "-id").values_list(*EXPORT_BASELINE_COLUMNS).iterator(chunk_size=2000)
    writer = csv.writer(_Echo())
    lines: Iterable[str] = itertools.chain(
        [writer.writerow(EXPORT_BASELINE_COLUMNS)], (writer.writerow(row) for row in values)
    )
    return StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")


#: The member URLconf plus the two baseline views (and a trivial one, see ``_statements``), so that
#: both sides are served by one URLconf and their requests can be interleaved.
_MEMBER_URLCONF = import_module(settings.ROOT_URLCONF)
BENCH_URLCONF = types.ModuleType(f"{__name__}_urls")
BENCH_URLCONF.urlpatterns = [  # type: ignore[attr-defined]
    path("bench/register/<str:schema>/", _register_baseline_view),
    path("bench/export/<str:schema>/", _export_baseline_view),
    path("bench/ok/", lambda request: HttpResponse("ok")),
    *_MEMBER_URLCONF.urlpatterns,
]
for _name in ("handler403", "handler404", "handler500"):
    setattr(BENCH_URLCONF, _name, getattr(_MEMBER_URLCONF, _name))
sys.modules[BENCH_URLCONF.__name__] = BENCH_URLCONF


# Pages -------------------------------------------------------------------------------------------


@dataclass
class Page:
    """One kind of request: who sends it (client), where, and what the answer must show."""

    key: str
    client: Client
    url: str
    host: str
    rows: int | None = None  # detail links expected on the page
    total: int | None = None  # the count the page must show
    streamed: bool = False
    csv_rows: int | None = None  # data rows the CSV must have

    def fetch(self) -> tuple[float, bytes]:
        return fetch(self.client, self.url, self.host)

    def seconds(self) -> float:
        return self.fetch()[0]


@dataclass
class PageResult:
    samples: Samples
    statements: list[Statement]

    @property
    def sql_seconds(self) -> float:
        return sum(seconds for _sql, seconds in self.statements)

    @property
    def slowest(self) -> Statement:
        return max(self.statements, key=lambda s: s[1]) if self.statements else ("", 0.0)


def csv_rows(body: bytes) -> int:
    return sum(1 for _ in csv.reader(body.decode("utf-8-sig").splitlines())) - 1


def _check(page: Page, body: bytes) -> None:
    """The page shows what it should: a 200 alone could be the right page with a filter ignored."""
    if page.rows is not None:
        found = len(DETAIL_LINK.findall(body))
        if found != page.rows:
            raise CommandError(f"{page.url}: {found} complaints on the page, expected {page.rows}")
    if page.total is not None and not re.search(rb"<p>%d " % page.total, body):
        raise CommandError(f"{page.url}: the page does not show the expected count {page.total}")
    if page.csv_rows is not None and csv_rows(body) != page.csv_rows:
        raise CommandError(f"{page.url}: {csv_rows(body)} CSV rows, expected {page.csv_rows}")


def _statements(page: Page) -> tuple[list[Statement], bytes]:
    """The statements of one request, the host remembered by the routing (see the module docstring)."""
    page.client.get("/bench/ok/", HTTP_HOST=page.host)
    captured, (_seconds, body) = statements(page.fetch)
    return captured, body


def _typical_statements(page: Page, requests: int) -> list[Statement]:
    """The statements of ``requests`` requests, each with its median time (the statements of a page
    are the same on every request; if they are not, the first request's list is returned as is)."""
    runs = [_statements(page)[0] for _ in range(requests)]
    if len({len(run) for run in runs}) != 1:
        return runs[0]
    return [(run_sql, statistics.median(run[i][1] for run in runs)) for i, (run_sql, _t) in enumerate(runs[0])]


def _serving(pages: list[Page]) -> override_settings:
    """DEBUG off, the pages' hosts allowed, the bench URLconf."""
    allowed_hosts = [*settings.ALLOWED_HOSTS, *{page.host for page in pages}]
    return override_settings(DEBUG=False, ALLOWED_HOSTS=allowed_hosts, ROOT_URLCONF=BENCH_URLCONF.__name__)


def measure_pages(
    pages: list[Page], *, repeat: int, warmup: int, statement_requests: int = STATEMENT_REQUESTS
) -> dict[str, PageResult]:
    """One checked request of every page, ``warmup`` more, then ``repeat`` timed requests of each,
    interleaved (DEBUG off); then ``statement_requests`` requests of each with their statements."""
    with _serving(pages):
        for page in pages:
            _check(page, page.fetch()[1])
        samples = interleaved({page.key: page.seconds for page in pages}, repeat=repeat, warmup=warmup)
        results = {
            page.key: PageResult(samples[page.key], _typical_statements(page, statement_requests)) for page in pages
        }
    connection.set_schema_to_public()
    return results


def count_statements(pages: list[Page]) -> dict[str, int]:
    """The number of statements of one checked request of each page."""
    counts = {}
    with _serving(pages):
        for page in pages:
            page.fetch()  # the same state as in measure_pages: the host is remembered
            captured, body = _statements(page)
            _check(page, body)
            counts[page.key] = len(captured)
    connection.set_schema_to_public()
    return counts


def short_sql(sql: str) -> str:
    """``SELECT COUNT(*) ...`` or ``SELECT <table> ...``: what a statement is, in a few words."""
    text = " ".join(sql.split())
    if text.upper().startswith("SELECT COUNT(*)"):
        return "COUNT(*) for the paginator"
    match = re.match(r'SELECT .*? FROM "(\w+)"', text)
    if match:
        return f"SELECT FROM {match.group(1)}"
    return text[:40]
