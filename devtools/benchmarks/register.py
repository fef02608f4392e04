"""Section 5 of ``manage.py bench`` (``--only register``): the complaint register in the back-office.

The members are provisioned the way the platform does it (``fixtures.provision_member``), then
seeded (``devtools.benchmarks.seeding``):

* ``bench-register``: the register of the issue, N = ``--complaints`` (default 100,000); the intake
  figures submit the public form to it afterwards (``BenchRun.register_member``).
* ``bench-register-small``: 1,010 external complaints with exactly one status change each, for the
  constancy checks (1,010 = 40 full pages of 25 and a last page of 10 rows).

Server time in process: ``django.test.Client`` (no network) with the member's host name, through the
full middleware, the view, the selector and the template, DEBUG off, logged in as a handler (who sees
external complaints only) and as the owner (who sees internal complaints too). ``REGISTER_REQUESTS``
requests per page after ``REGISTER_WARMUP`` warm-up requests, all pages and the baseline
interleaved; median and min-max. Before that, one request of each page is checked: it must list the
expected number of complaints and show the expected total (a filter silently dropped by an invalid
form would otherwise go unnoticed). Then ``STATEMENT_REQUESTS`` more requests of each page are made
with their SQL statements captured and timed; the notes give the number of statements, the sum of
their median times (the rest of the server time is Python: middleware, form, model instances,
template) and the slowest statement, whose plan is logged to stderr with ``EXPLAIN ANALYZE``.

a. first page ``/office/complaints/`` (handler; and the owner, who sees internal complaints too);
b. a filtered page ``?status=open&category=<id>&overdue=on``;
c. a search ``?q=vloerverwarming``: the word occurs in about 1% of the complaint texts;
d. page 200 of the unfiltered list (deep pagination, for information).

*Baseline*: a plain Django view behind the project's middleware without the health-check and
member-routing middleware, without a template: it sets the member's schema with
``connection.set_schema()`` and returns the 25 newest external complaints (the handler's first page)
from ``.values_list(...)[:25]`` as text. The ratio (ours ÷ baseline) is what the register page costs
on top of reading its 25 rows: routing, session and user, the filter form, the count for the
paginator, the model instances and the template.

*Constancy*: the number of statements must not depend on the page size or the length of the
history. The page size is fixed (25), so the number of rows on a page is varied instead: the
statements of the first page are counted for the big register, for the small one, for the small
one's last page (10 rows), and for the small one's first page after five more status changes were
added to every complaint. All four must be equal.

*CSV export* of a filtered list of about 10,000 rows (``?category=<id>&received_from=<date>``),
``EXPORT_REQUESTS`` requests after one checked warm-up, the whole streamed body read. The export
iterates with ``.iterator()``, so its number of statements must be the same for 10,000 rows as for
the same filter on the small register. *Baseline*: a plain view (no routing middleware, no model
instances) that streams the same rows and columns as CSV from ``.values_list(...).iterator()``; both
sides are checked to write exactly the rows the selector counts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlencode

from django.core.management.base import CommandError
from django.utils import timezone
from django_tenants.utils import tenant_context

from core.tenancy import connection
from devtools.benchmarks.fixtures import (
    BenchMember,
    BenchRun,
    Figures,
    Options,
    logged_in,
    plain_client,
    provision_member,
)
from devtools.benchmarks.pages import PAGE_SIZE, Page, PageResult, count_statements, measure_pages, short_sql
from devtools.benchmarks.seeding import SEARCH_WORD, SeedResult, add_history, seed_complaints
from devtools.benchmarks.timing import Log, Row, duration, spread, times_costlier
from tenants.complaints.models import Complaint
from tenants.complaints.selectors import ComplaintFilters, complaint_list
from tenants.members.models import Member

REGISTER_SLUG = "bench-register"
SMALL_SLUG = "bench-register-small"
SMALL_COMPLAINTS = 1010
SMALL_EXTRA_HISTORY = 5
DEEP_PAGE = 200
REGISTER_REQUESTS = 30
REGISTER_WARMUP = 5
EXPORT_ROWS = 10_000
EXPORT_REQUESTS = 5
TARGET_MEDIAN = 0.150
OFFICE_LIST = "/office/complaints/"


@dataclass
class RegisterResult:
    complaints: int
    seed: SeedResult
    small_seed: SeedResult
    pages: dict[str, PageResult]
    small_last_rows: int
    counts: dict[str, int]
    constancy: dict[str, int]
    export: dict[str, PageResult]
    export_rows: int
    export_statements_small: int
    small_export_rows: int
    search_matches: int
    deep_page: int
    pages_total: int
    member: BenchMember


def _seeded(
    slug: str, count: int, *, log: Log, internal_share: float = 0.05, fixed_history: int | None = None
) -> tuple[BenchMember, SeedResult]:
    bench = provision_member(slug)
    with tenant_context(bench.member):
        seed = seed_complaints(
            count, bench.taxonomy, internal_share=internal_share, fixed_history=fixed_history, log=log
        )
    connection.set_schema_to_public()
    return bench, seed


def _explain(member: Member, sql: str) -> list[str]:
    if not sql.lstrip().upper().startswith("SELECT"):
        return []
    with tenant_context(member), connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + sql)
        lines = [row[0] for row in cursor.fetchall()]
    connection.set_schema_to_public()
    return lines


def _export_filter(bench: BenchMember) -> tuple[dict[str, str], int]:
    """A filter on one category and a receipt date from which about EXPORT_ROWS complaints match."""
    with tenant_context(bench.member):
        category = max(
            bench.taxonomy.categories, key=lambda c: Complaint.objects.filter(category=c, kind="external").count()
        )
        base = complaint_list(actor=bench.handler, filters=ComplaintFilters(category=category.pk))
        params = {"category": str(category.pk)}
        if base.count() > EXPORT_ROWS:
            at = base.values_list("received_at", flat=True)[EXPORT_ROWS - 1]
            params["received_from"] = timezone.localtime(at).date().isoformat()
        filters = ComplaintFilters(
            category=category.pk,
            received_from=date.fromisoformat(params["received_from"]) if "received_from" in params else None,
        )
        rows = complaint_list(actor=bench.handler, filters=filters).count()
    connection.set_schema_to_public()
    return params, rows


def measure_register(complaints: int, *, log: Log) -> RegisterResult:
    log(f"  provisioning {REGISTER_SLUG} and seeding {complaints:,} complaints")
    bench, seed = _seeded(REGISTER_SLUG, complaints, log=log)
    log(f"  provisioning {SMALL_SLUG} ({SMALL_COMPLAINTS:,} complaints, one status change each)")
    small, small_seed = _seeded(SMALL_SLUG, SMALL_COMPLAINTS, log=log, internal_share=0.0, fixed_history=1)

    handler = logged_in(bench.handler, bench.member)
    owner = logged_in(bench.owner, bench.member)
    plain = plain_client()
    host = bench.host

    with tenant_context(bench.member):
        category = bench.taxonomy.categories[1]
        external = complaint_list(actor=bench.handler).count()
        everything = complaint_list(actor=bench.owner).count()
        filtered = complaint_list(
            actor=bench.handler, filters=ComplaintFilters(status="open", category=category.pk, overdue=True)
        ).count()
        search_matches = complaint_list(actor=bench.handler, filters=ComplaintFilters(q=SEARCH_WORD)).count()
    connection.set_schema_to_public()
    pages_total = max(1, math.ceil(external / PAGE_SIZE))
    deep = min(DEEP_PAGE, pages_total)
    deep_rows = PAGE_SIZE if deep < pages_total else external - PAGE_SIZE * (pages_total - 1)
    base = OFFICE_LIST
    filtered_query = urlencode({"status": "open", "category": category.pk, "overdue": "on"})
    pages = [
        Page("first", handler, base, host, min(PAGE_SIZE, external), external),
        Page("filtered", handler, f"{base}?{filtered_query}", host, min(PAGE_SIZE, filtered), filtered),
        Page("search", handler, f"{base}?q={SEARCH_WORD}", host, min(PAGE_SIZE, search_matches), search_matches),
        Page("deep", handler, f"{base}?page={deep}", host, deep_rows, external),
        Page("owner", owner, base, host, min(PAGE_SIZE, everything), everything),
        Page("baseline", plain, f"/bench/register/{bench.schema}/", host),
    ]
    log(f"  register pages: {REGISTER_REQUESTS} requests each after {REGISTER_WARMUP} warm-up, interleaved")
    results = measure_pages(pages, repeat=REGISTER_REQUESTS, warmup=REGISTER_WARMUP)
    for key, result in results.items():
        sql, seconds = result.slowest
        log(
            f"    {key}: median {duration(result.samples.median)}, {len(result.statements)} statements, "
            f"slowest {duration(seconds)}: {' '.join(sql.split())[:300]}"
        )
        for line in _explain(bench.member, sql)[:14]:
            log(f"      | {line}")

    # Constancy of the number of statements: rows in the table, rows on the page, length of the history.
    small_handler = logged_in(small.handler, small.member)
    small_pages = math.ceil(SMALL_COMPLAINTS / PAGE_SIZE)
    small_last_rows = SMALL_COMPLAINTS - PAGE_SIZE * (small_pages - 1)
    constancy = count_statements(
        [
            Page("big", handler, base, host, PAGE_SIZE, external),
            Page("small", small_handler, base, small.host, PAGE_SIZE, SMALL_COMPLAINTS),
            Page("small_last", small_handler, f"{base}?page={small_pages}", small.host, small_last_rows),
        ]
    )
    with tenant_context(small.member):
        add_history(SMALL_EXTRA_HISTORY)
    connection.set_schema_to_public()
    constancy |= count_statements([Page("small_history", small_handler, base, small.host, PAGE_SIZE, SMALL_COMPLAINTS)])

    # The CSV export of about EXPORT_ROWS rows.
    params, export_rows = _export_filter(bench)
    query = urlencode(params)
    export_pages = [
        Page("export", handler, f"{base}export.csv?{query}", host, streamed=True, csv_rows=export_rows),
        Page("baseline", plain, f"/bench/export/{bench.schema}/?{query}", host, streamed=True, csv_rows=export_rows),
    ]
    log(f"  CSV export of {export_rows:,} rows: {EXPORT_REQUESTS} requests each after 1 checked warm-up")
    export = measure_pages(export_pages, repeat=EXPORT_REQUESTS, warmup=0, statement_requests=1)
    # The same filter (category and receipt date) on the small register: far fewer rows.
    small_params, small_export_rows = _export_filter(small)
    small_params.setdefault("received_from", (timezone.localdate() - timedelta(days=4 * 365)).isoformat())
    small_export = Page(
        "small_export",
        small_handler,
        f"{base}export.csv?{urlencode(small_params)}",
        small.host,
        streamed=True,
        csv_rows=small_export_rows,
    )
    export_statements_small = count_statements([small_export])["small_export"]
    log(
        f"    export: median {duration(export['export'].samples.median)}, "
        f"{len(export['export'].statements)} statements; baseline {duration(export['baseline'].samples.median)}"
    )
    return RegisterResult(
        complaints=complaints,
        seed=seed,
        small_seed=small_seed,
        pages=results,
        small_last_rows=small_last_rows,
        counts={"external": external, "everything": everything, "filtered": filtered},
        constancy=constancy,
        export=export,
        export_rows=export_rows,
        export_statements_small=export_statements_small,
        small_export_rows=small_export_rows,
        search_matches=search_matches,
        deep_page=deep,
        pages_total=pages_total,
        member=bench,
    )


def _target(seconds: float) -> str:
    return "under 150 ms" if seconds < TARGET_MEDIAN else "OVER 150 ms"


def register_rows(result: RegisterResult) -> list[Row]:
    pages, base = result.pages, result.pages["baseline"]
    n = result.complaints

    def row(label: str, key: str, note: str) -> Row:
        page = pages[key]
        sql, seconds = page.slowest
        return Row(
            label,
            spread(page.samples),
            spread(base.samples),
            times_costlier(page.samples.median, base.samples.median),
            f"{_target(page.samples.median)}; {len(page.statements)} SQL (Σ {duration(page.sql_seconds)}), slowest "
            f"{duration(seconds)} ({short_sql(sql)}); {note}",
        )

    counts = result.counts
    c = result.constancy
    constant = len(set(c.values())) == 1
    export, export_base = result.export["export"], result.export["baseline"]
    export_constant = len(export.statements) == result.export_statements_small
    return [
        row(
            f"5. register first page, handler (N={n:,})",
            "first",
            f"{counts['external']:,} external complaints; baseline: 25 rows, values_list, no routing, no template",
        ),
        row("   filtered: open + category + overdue", "filtered", f"{counts['filtered']:,} match"),
        row(
            f"   search q={SEARCH_WORD}",
            "search",
            f"{result.search_matches:,} match ({result.search_matches / max(counts['external'], 1):.1%})",
        ),
        row(
            f"   page {result.deep_page} of {result.pages_total:,} (information)",
            "deep",
            f"OFFSET {(result.deep_page - 1) * PAGE_SIZE:,}",
        ),
        row("   first page, owner (sees internal too)", "owner", f"{counts['everything']:,} complaints"),
        Row(
            "   SQL statements per page, constancy",
            f"{c['big']} / {c['small']} / {c['small_last']} / {c['small_history']}",
            str(len(base.statements)),
            "–",
            ("constant" if constant else "NOT CONSTANT")
            + f": first page {n:,} complaints (1–6 status changes) / {SMALL_COMPLAINTS:,} complaints (1 each) / "
            f"last page ({result.small_last_rows} rows) / first page after +{SMALL_EXTRA_HISTORY} status "
            f"changes each",
        ),
        Row(
            f"   CSV export, {result.export_rows:,} rows (filtered)",
            spread(export.samples),
            spread(export_base.samples),
            times_costlier(export.samples.median, export_base.samples.median),
            f"{len(export.statements)} SQL for {result.export_rows:,} rows, {result.export_statements_small} for "
            f"{result.small_export_rows:,} ({'constant' if export_constant else 'NOT CONSTANT'}); "
            f"baseline: values_list().iterator() to csv, same rows",
        ),
    ]


def register_setup_lines(result: RegisterResult) -> list[str]:
    seed = result.seed
    lengths = seed.history
    mean = sum(k * v for k, v in lengths.items()) / max(seed.complaints, 1)
    return [
        f"setup (not in the table): {seed.complaints:,} complaints + {seed.status_changes:,} status changes "
        f"({min(lengths)}–{max(lengths)} per complaint, mean {mean:.1f}) seeded with bulk_create in "
        f"{seed.seconds:.1f} s ({seed.complaints / seed.seconds:,.0f} complaints/s), VACUUM ANALYZE "
        f"{seed.vacuum_seconds:.1f} s; small register {result.small_seed.complaints:,} complaints in "
        f"{result.small_seed.seconds:.1f} s",
    ]


def check(options: Options) -> None:
    """Refuse a register smaller than the small one before anything is set up."""
    if options.complaints < SMALL_COMPLAINTS:
        raise CommandError(f"--complaints must be at least {SMALL_COMPLAINTS}")


def run(bench: BenchRun) -> Figures:
    bench.log("5. register")
    result = measure_register(bench.options.complaints, log=bench.log)
    bench.register_member = result.member
    return Figures(register_rows(result), register_setup_lines(result))
