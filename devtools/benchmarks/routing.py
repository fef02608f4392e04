"""Section 4 of ``manage.py bench``: the cost of routing a request to a member, in process with
``django.test.Client`` (no network), microseconds per request, median of R (``--requests``),
requests of every kind interleaved.

*Baseline*: a trivial view (``HttpResponse("ok")``) behind the project's middleware without the
health-check and member-routing middleware. *Ours*: the same view behind the full middleware on a
member's host name, so it pays for the host lookup and the schema switch. The difference is the
routing overhead; statements per request are counted too (including ``SET search_path``). The
member's real public page (``/``) is shown for information.
"""

from __future__ import annotations

import sys
import types
from dataclasses import dataclass, field

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.test.utils import override_settings
from django.urls import path
from django.utils.module_loading import import_string

from core.tenancy import connection
from devtools.benchmarks.fixtures import BenchRun, Figures, fetch, full_client, plain_client
from devtools.benchmarks.timing import Row, Samples, Timed, interleaved, sample, spread, statements, times_costlier
from tenants.members.links import member_host

ROUTING_WARMUP = 20
TRIVIAL_PATH = "/bench/ok/"
#: The routing middleware as settings name it; its ``forget()`` empties the host cache.
ROUTING_MIDDLEWARE_PATH = "config.middleware.MemberRoutingMiddleware"


def trivial_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


#: A URLconf that only serves the trivial view; used by both sides of the routing comparison.
BENCH_URLCONF = types.ModuleType(f"{__name__}_urls")
BENCH_URLCONF.urlpatterns = [path(TRIVIAL_PATH.strip("/") + "/", trivial_view)]  # type: ignore[attr-defined]
sys.modules[BENCH_URLCONF.__name__] = BENCH_URLCONF


@dataclass
class RoutingResult:
    plain: Samples
    member: Samples
    member_uncached: Samples
    page: Samples
    plain_statements: list[str] = field(default_factory=list)
    member_statements: list[str] = field(default_factory=list)
    member_uncached_statements: list[str] = field(default_factory=list)
    page_statements: list[str] = field(default_factory=list)


def _get(client: Client, url: str, host: str) -> Timed:
    return lambda: fetch(client, url, host)[0]


def _statements(client: Client, url: str, host: str) -> list[str]:
    return [sql for sql, _seconds in statements(lambda: fetch(client, url, host))[0]]


def measure_routing(host: str, requests: int) -> RoutingResult:
    forget = import_string(ROUTING_MIDDLEWARE_PATH).forget
    plain_client_, member_client = plain_client(), full_client()
    allowed_hosts = [*settings.ALLOWED_HOSTS, host]

    def uncached() -> float:
        # The host-to-member lookup on every request (what a cold process or TTL 0 pays).
        forget()
        return fetch(member_client, TRIVIAL_PATH, host)[0]

    # DEBUG off as in production (no query log); both sides serve the same URLconf and host name.
    with override_settings(DEBUG=False, ALLOWED_HOSTS=allowed_hosts, ROOT_URLCONF=BENCH_URLCONF.__name__):
        samples = interleaved(
            {
                "plain": _get(plain_client_, TRIVIAL_PATH, host),
                "member": _get(member_client, TRIVIAL_PATH, host),
                "member_uncached": uncached,
            },
            repeat=requests,
            warmup=ROUTING_WARMUP,
        )
        plain_statements = _statements(plain_client_, TRIVIAL_PATH, host)
        member_statements = _statements(member_client, TRIVIAL_PATH, host)
        forget()
        member_uncached_statements = _statements(member_client, TRIVIAL_PATH, host)

    page_client = full_client()
    with override_settings(DEBUG=False, ALLOWED_HOSTS=allowed_hosts):
        page = sample(_get(page_client, "/", host), repeat=requests, warmup=ROUTING_WARMUP)
        page_statements = _statements(page_client, "/", host)
    connection.set_schema_to_public()
    return RoutingResult(
        samples["plain"],
        samples["member"],
        samples["member_uncached"],
        page,
        plain_statements,
        member_statements,
        member_uncached_statements,
        page_statements,
    )


def _set_search_path_count(statements: list[str]) -> int:
    return sum(1 for s in statements if s.lstrip().upper().startswith("SET SEARCH_PATH"))


def routing_rows(requests: int, routing: RoutingResult) -> list[Row]:
    overhead = routing.member.median - routing.plain.median
    page_sets = _set_search_path_count(routing.page_statements)
    return [
        Row(
            f"4. route a request to a trivial view (R={requests})",
            spread(routing.member),
            spread(routing.plain),
            times_costlier(routing.member.median, routing.plain.median),
            f"routing overhead {overhead * 1e6:+.0f} µs/request; ours: member host, full middleware, host "
            f"remembered (TENANT_ROUTING_CACHE_SECONDS); baseline: without routing",
        ),
        Row(
            "   same, host looked up every request",
            spread(routing.member_uncached),
            spread(routing.plain),
            times_costlier(routing.member_uncached.median, routing.plain.median),
            f"routing overhead {(routing.member_uncached.median - routing.plain.median) * 1e6:+.0f} µs/request; "
            "host forgotten before each request (a cold process, or TENANT_ROUTING_CACHE_SECONDS=0)",
        ),
        Row(
            "   SQL statements per request",
            f"{len(routing.member_statements)} / {len(routing.member_uncached_statements)}",
            str(len(routing.plain_statements)),
            "–",
            "member with remembered host / looked up every request (a domain lookup + SET search_path)",
        ),
        Row(
            "   member public page '/' (information)",
            spread(routing.page),
            "–",
            "–",
            f"{len(routing.page_statements)} SQL statements per request ({page_sets} SET search_path)",
        ),
    ]


def run(bench: BenchRun) -> Figures:
    bench.schemas()  # bench-0001 among them
    bench.log("4. routing")
    host = member_host("bench-0001")
    return Figures(routing_rows(bench.options.requests, measure_routing(host, bench.options.requests)))
