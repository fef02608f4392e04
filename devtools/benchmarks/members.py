"""Figures for member provisioning, member migrations and member routing (``manage.py bench``), and
the entry point of the complaint figures (``devtools.benchmarks.complaints``).

Every figure is printed beside a baseline measured in the same run, on the same machine and the
same database, and compared as a ratio. Absolute numbers on a shared machine say little; the ratio
between two things measured a minute apart says more. Nothing here asserts a threshold.

Where it runs
    In a database of its own: ``<configured name>_bench`` on the configured server, dropped first
    if it exists, prepared with ``migrate_schemas --shared`` and ``setup_platform``, and dropped at
    the end (``--keep`` keeps it). Development data is never touched. Celery is pointed at the
    in-memory broker, so the tasks that provisioning enqueues go nowhere.

What is measured (N = ``--members``, K = ``--repeat``, R = ``--requests``)

1. Provisioning one member, milliseconds per member, median and min-max of K members.
   *Ours*: ``member_provision()`` with a filled pool: it takes a spare schema that was migrated
   ahead of time and renames it (plus validation, the audit events and the enqueued tasks).
   *Baseline*: django-tenants' classic way: ``Member.save()`` with ``auto_create_schema`` set,
   which runs CREATE SCHEMA and every member migration while the caller waits, plus the Domain row.
   An information row shows what filling the pool cost per spare: the work is not gone, it moved
   to a background task.

2. A deploy without new migrations, over N member schemas.
   *Ours*: ``pending_schemas()`` (load the migration graph, one query over every schema's
   ``django_migrations``), median of 5 cold runs; and the whole ``migrate_members`` command, which
   finds nothing to do. *Baseline*: ``migrate_schemas --tenant`` with the ``standard`` executor
   and with the ``multiprocessing`` one; both load and check every schema one by one.

3. A deploy with one new migration, over N member schemas that are all behind.
   Every schema is set back by one migration without touching the code: the latest migration of
   the audit app (``0002_append_only``, a trigger) is undone with its own reverse SQL and its row
   in ``django_migrations`` is deleted. Then *ours* (``migrate_members``: finds the schemas behind,
   migrates them in parallel) and, after setting every schema back again, *baseline*
   (``migrate_schemas --tenant``, standard and multiprocessing). After each run the command checks
   that no schema is behind and that every schema has its trigger again.

   The commands in sections 2 and 3 run as they do from ``manage.py``, system checks included:
   ``call_command()`` would skip them, and Django's migrate repeats them for every schema (in both
   migrate_schemas and migrate_members), which is part of the real cost of a deploy.

4. The cost of routing a request to a member, in process with ``django.test.Client`` (no network),
   microseconds per request, median of R, requests of both kinds interleaved.
   *Baseline*: a trivial view (``HttpResponse("ok")``) behind the project's middleware without the
   health-check and member-routing middleware. *Ours*: the same view behind the full middleware on
   a member's host name, so it pays for the host lookup and the schema switch. The difference is the
   routing overhead; statements per request are counted too (including ``SET search_path``). The
   member's real public page (``/``) is shown for information.

5. and 6. The complaint register of one member with ``--complaints`` complaints (first page, a
   filtered page, a search, deep pagination, the CSV export) against a plain Django view, and the
   public complaint form under concurrent load on a real server against ``/healthz``: see
   ``devtools.benchmarks.complaints``.

Choosing sections
    ``--only migrations,provisioning,routing,register,intake,commission`` (default: all) runs the named sections
    only; the order of the work below stays the same. Routing without the migration figures creates
    one member instead of N.

Order of the work
    N members are created first: N empty schemas and their registry rows, then all N migrated by
    django-tenants' multiprocessing executor. (Cloning one migrated template schema with
    django-tenants' ``clone_schema`` was tried and took ~1.6 s per schema here, four times the cost
    of migrating one.) Sections 2 and 3 run before section 1: ``migrate_schemas --tenant`` walks
    every Member row, so both sides must see exactly the N schemas. The complaint sections come last
    for the same reason. The setup time is printed but is not part of the table.
"""

from __future__ import annotations

import io
import os
import platform
import statistics
import sys
import time
import types
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TextIO

import django
import psycopg2
import psycopg2.extensions
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunSQL
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import path
from psycopg2 import sql

from tenants.members.links import member_host
from tenants.members.management.commands.migrate_members import run_member_migrations
from tenants.members.migration_state import expected_member_migrations, pending_schemas, quote
from tenants.members.models import Domain, Member, Sector, schema_name_for_slug

from .pool import pool_refill
from .services import member_provision

#: The migration that section 3 undoes in every schema. It must be the latest of its app and consist
#: of RunSQL operations with reverse SQL, so that undoing it and applying it again is clean.
ROLLBACK_MIGRATION = ("audit", "0002_append_only")
#: The trigger that migration creates, checked after every re-run.
ROLLBACK_TRIGGER = "audit_event_append_only"
CHECK_RUNS = 5
ROUTING_WARMUP = 20
TRIVIAL_PATH = "/bench/ok/"

Log = Callable[[str], None]


# Samples and formatting ------------------------------------------------------------------------


@dataclass(frozen=True)
class Samples:
    """Durations in seconds."""

    seconds: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def low(self) -> float:
        return min(self.seconds)

    @property
    def high(self) -> float:
        return max(self.seconds)

    def __len__(self) -> int:
        return len(self.seconds)


UNITS = {"µs": 1e6, "ms": 1e3, "s": 1.0}


def unit_for(seconds: float) -> str:
    return "µs" if seconds < 1e-3 else "ms" if seconds < 1 else "s"


def number(seconds: float, unit: str) -> str:
    value = seconds * UNITS[unit]
    return f"{value:.0f}" if value >= 100 else f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def duration(seconds: float) -> str:
    """``seconds`` in µs, ms or s, with three significant digits."""
    unit = unit_for(seconds)
    return f"{number(seconds, unit)} {unit}"


def spread(samples: Samples) -> str:
    """Median with min-max, all in the median's unit, e.g. ``4.10 ms (3.80–5.02)``."""
    unit = unit_for(samples.median)
    low, high = number(samples.low, unit), number(samples.high, unit)
    return f"{number(samples.median, unit)} {unit} ({low}–{high})"


def times_faster(baseline: float, ours: float) -> str:
    """baseline ÷ ours: how many times faster ours is."""
    return f"{baseline / ours:.1f}× (b/o)" if ours > 0 else "–"


def times_costlier(ours: float, baseline: float) -> str:
    """ours ÷ baseline: how many times more ours costs."""
    return f"{ours / baseline:.2f}× (o/b)" if baseline > 0 else "–"


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


@dataclass(frozen=True)
class Row:
    measurement: str
    ours: str
    baseline: str
    ratio: str
    notes: str


def render_table(rows: Sequence[Row]) -> str:
    header = Row("measurement", "ours", "baseline", "ratio", "notes")
    cells = [[r.measurement, r.ours, r.baseline, r.ratio, r.notes] for r in [header, *rows]]
    widths = [max(len(line[i]) for line in cells) for i in range(5)]
    right_aligned = {1, 2, 3}

    def line(values: list[str]) -> str:
        parts = [
            v.rjust(w) if i in right_aligned else v.ljust(w)
            for i, (v, w) in enumerate(zip(values, widths, strict=True))
        ]
        return " | ".join(parts).rstrip()

    rule = "-+-".join("-" * w for w in widths)
    return "\n".join([line(cells[0]), rule, *(line(values) for values in cells[1:])])


# The throw-away database -----------------------------------------------------------------------


def _maintenance_connection() -> psycopg2.extensions.connection:
    """A connection to the server's ``postgres`` database, for CREATE and DROP DATABASE."""
    params = connection.get_connection_params()
    params.pop("database", None)
    params["dbname"] = "postgres"
    maintenance = psycopg2.connect(**params)
    maintenance.autocommit = True
    return maintenance


def _drop_database(name: str) -> None:
    maintenance = _maintenance_connection()
    try:
        with maintenance.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    finally:
        maintenance.close()


def _create_database(name: str) -> None:
    maintenance = _maintenance_connection()
    try:
        with maintenance.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        maintenance.close()


def _point_default_database_at(name: str) -> None:
    connections.close_all()
    settings.DATABASES["default"]["NAME"] = name
    # The connection keeps the settings dict it was created with (normally the same object).
    connections["default"].settings_dict["NAME"] = name


@contextmanager
def bench_database(*, keep: bool, log: Log) -> Iterator[str]:
    """Create ``<configured name>_bench``, make it the default database, prepare the platform in it;
    drop it afterwards unless ``keep``."""
    configured = settings.DATABASES["default"]["NAME"]
    name = f"{configured}_bench"
    _create_database(name)
    _point_default_database_at(name)
    try:
        started = time.perf_counter()
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
        call_command("setup_platform", stdout=io.StringIO())
        log(f"database {name}: created and migrated in {time.perf_counter() - started:.1f} s")
        yield name
    finally:
        _point_default_database_at(configured)
        if keep:
            log(f"database {name} kept (--keep)")
        else:
            _drop_database(name)
            log(f"database {name} dropped")


def silence_celery() -> None:
    """Send every task to the in-memory broker: provisioning enqueues onboarding and refills."""
    from config.celery import app

    app.conf.broker_url = "memory://"
    app.conf.broker_transport_options = {}


# Members for the migration measurements --------------------------------------------------------


@dataclass(frozen=True)
class MemberSetup:
    schemas: list[str]
    seconds: float


def _bench_sector() -> Sector:
    sector = Sector.objects.order_by("code").first()
    if sector is None:
        raise CommandError("setup_platform created no sector")
    return sector


def create_members(count: int) -> MemberSetup:
    """``count`` ready members with fully migrated schemas: empty schemas and registry rows first, then
    django-tenants' multiprocessing executor migrates them all (measured faster here than cloning a
    template schema with django-tenants' clone_schema, which took ~1.6 s per schema)."""
    sector = _bench_sector()
    started = time.perf_counter()
    slugs = [f"bench-{index:04d}" for index in range(1, count + 1)]
    schemas = [schema_name_for_slug(slug) for slug in slugs]
    with transaction.atomic(), connection.cursor() as cursor:
        for slug, schema in zip(slugs, schemas, strict=True):
            cursor.execute(f"CREATE SCHEMA {quote(schema)}")
            member = Member.objects.create(
                kind=Member.Kind.MEMBER,
                legal_name=f"Bench {slug}",
                slug=slug,
                sector=sector,
                schema_name=schema,
                schema_status=Member.SchemaStatus.READY,
            )
            Domain.objects.create(domain=member_host(slug), tenant=member, is_primary=True)
    run_member_migrations(schemas, executor="multiprocessing")
    connection.set_schema_to_public()
    verify_current(schemas)
    return MemberSetup(schemas, time.perf_counter() - started)


# 1. Provisioning -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProvisioningResult:
    pool: Samples
    classic: Samples
    refill_per_spare: float


def _provision_from_pool(slug: str, sector: Sector) -> Member:
    member = member_provision(
        legal_name=f"Pool {slug}", slug=slug, sector=sector, owner_email=f"owner@{slug}.example.org"
    )
    if not member.provisioned_from_pool:
        raise CommandError(f"{slug}: the pool was empty, the measurement would time the fallback")
    return member


def _provision_classic(slug: str, sector: Sector) -> Member:
    """django-tenants' migrate-on-create: ``save()`` creates the schema and runs every migration."""
    member = Member(
        kind=Member.Kind.MEMBER,
        legal_name=f"Classic {slug}",
        slug=slug,
        sector=sector,
        schema_name=schema_name_for_slug(slug),
        schema_status=Member.SchemaStatus.READY,
    )
    member.auto_create_schema = True  # False on the class: the project never creates schemas in save()
    member.save(verbosity=0)
    Domain.objects.create(domain=member_host(slug), tenant=member, is_primary=True)
    connection.set_schema_to_public()
    return member


def measure_provisioning(repeat: int, *, log: Log) -> ProvisioningResult:
    sector = _bench_sector()
    refill_seconds = timed(lambda: pool_refill(target=repeat + 1))
    log(f"  pool filled with {repeat + 1} spares in {refill_seconds:.1f} s")
    # One untimed warm-up of each kind, so neither side pays for first-use costs in the samples.
    _provision_from_pool("pool-warmup", sector)
    pool = [timed(lambda i=i: _provision_from_pool(f"pool-{i:02d}", sector)) for i in range(repeat)]
    _provision_classic("classic-warmup", sector)
    classic = [timed(lambda i=i: _provision_classic(f"classic-{i:02d}", sector)) for i in range(repeat)]
    return ProvisioningResult(Samples(tuple(pool)), Samples(tuple(classic)), refill_seconds / (repeat + 1))


# 2. and 3. Migrations --------------------------------------------------------------------------


# Both commands run as on the command line: call_command() skips the system checks unless told
# otherwise, while ``manage.py`` runs them (and Django's migrate runs them again for every schema).


def _migrate_members() -> None:
    call_command("migrate_members", stdout=io.StringIO(), verbosity=0, skip_checks=False)
    connection.set_schema_to_public()


def _migrate_schemas(executor: str) -> None:
    call_command("migrate_schemas", tenant=True, executor=executor, interactive=False, verbosity=0, skip_checks=False)
    connection.set_schema_to_public()


@dataclass(frozen=True)
class NoOpMigrationResult:
    check: Samples
    migrate_members: float
    standard: float
    multiprocessing: float


def measure_noop_migrations(schemas: list[str], *, log: Log) -> NoOpMigrationResult:
    def check() -> None:
        expected_member_migrations.cache_clear()  # cold, as in a fresh deploy process
        if pending_schemas(schemas):
            raise CommandError("freshly migrated schemas are reported behind")

    check_samples = Samples(tuple(timed(check) for _ in range(CHECK_RUNS)))
    ours = timed(_migrate_members)
    log(f"  migrate_members (no-op): {ours:.2f} s")
    standard = timed(lambda: _migrate_schemas("standard"))
    log(f"  migrate_schemas standard (no-op): {standard:.1f} s")
    multiprocessing = timed(lambda: _migrate_schemas("multiprocessing"))
    log(f"  migrate_schemas multiprocessing (no-op): {multiprocessing:.1f} s")
    return NoOpMigrationResult(check_samples, ours, standard, multiprocessing)


def _rollback_sql() -> str:
    """The reverse SQL of ROLLBACK_MIGRATION, after checking that undoing it is safe."""
    app, name = ROLLBACK_MIGRATION
    loader = MigrationLoader(None, ignore_no_migrations=True)
    if ROLLBACK_MIGRATION not in loader.graph.leaf_nodes():
        raise CommandError(f"{app}.{name} is no longer the latest migration of {app}; update ROLLBACK_MIGRATION")
    statements: list[str] = []
    for operation in loader.get_migration(app, name).operations:
        if not isinstance(operation, RunSQL) or operation.reverse_sql is None:
            raise CommandError(f"{app}.{name} must consist of RunSQL operations with reverse SQL")
        reverse = operation.reverse_sql
        statements.extend([reverse] if isinstance(reverse, str) else [str(s) for s in reverse])
    return "\n".join(statements)


def set_back_one_migration(schemas: list[str]) -> None:
    """Undo ROLLBACK_MIGRATION in every schema (its reverse SQL, then its ``django_migrations`` row),
    in one transaction. The search path names the member schema only, so nothing in public is hit."""
    app, name = ROLLBACK_MIGRATION
    reverse = _rollback_sql()
    with transaction.atomic(), connection.cursor() as cursor:
        for schema in schemas:
            cursor.execute(f"SET LOCAL search_path TO {quote(schema)}")
            cursor.execute(reverse)
            cursor.execute("DELETE FROM django_migrations WHERE app = %s AND name = %s", [app, name])
    connection.set_schema_to_public()  # the search path changed behind django-tenants' back
    if len(pending_schemas(schemas)) != len(schemas):
        raise CommandError("setting the schemas back by one migration did not work")


def verify_current(schemas: list[str]) -> None:
    """Every schema has every migration recorded, and the re-applied migration really ran."""
    behind = pending_schemas(schemas)
    if behind:
        raise CommandError(f"{len(behind)} schemas still behind, e.g. {behind[0]}")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE t.tgname = %s AND n.nspname = ANY(%s)",
            [ROLLBACK_TRIGGER, schemas],
        )
        triggers = cursor.fetchone()[0]
    if triggers != len(schemas):
        raise CommandError(f"trigger {ROLLBACK_TRIGGER} present in {triggers} of {len(schemas)} schemas")


@dataclass(frozen=True)
class BehindMigrationResult:
    migrate_members: float
    standard: float
    multiprocessing: float


def measure_behind_migrations(schemas: list[str], *, log: Log) -> BehindMigrationResult:
    def run(action: Callable[[], None], label: str) -> float:
        set_back_one_migration(schemas)
        seconds = timed(action)
        verify_current(schemas)
        log(f"  {label} (1 migration behind): {seconds:.1f} s, verified")
        return seconds

    ours = run(_migrate_members, "migrate_members")
    standard = run(lambda: _migrate_schemas("standard"), "migrate_schemas standard")
    multiprocessing = run(lambda: _migrate_schemas("multiprocessing"), "migrate_schemas multiprocessing")
    return BehindMigrationResult(ours, standard, multiprocessing)


# 4. Routing ------------------------------------------------------------------------------------


def trivial_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


#: A URLconf that only serves the trivial view; used by both sides of the routing comparison.
BENCH_URLCONF = types.ModuleType(f"{__name__}_urls")
BENCH_URLCONF.urlpatterns = [path(TRIVIAL_PATH.strip("/") + "/", trivial_view)]  # type: ignore[attr-defined]
sys.modules[BENCH_URLCONF.__name__] = BENCH_URLCONF

ROUTING_MIDDLEWARE = {"config.middleware.HealthCheckMiddleware", "config.middleware.MemberRoutingMiddleware"}


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


def _client_with_middleware(middleware: list[str]) -> Client:
    """A test client whose handler loaded ``middleware``; the handler keeps its middleware chain once
    loaded, so the client can be used after the override ends."""
    with override_settings(MIDDLEWARE=middleware):
        client = Client()
        client.handler.load_middleware()
    return client


def _get(client: Client, url: str, host: str) -> float:
    started = time.perf_counter()
    response = client.get(url, HTTP_HOST=host)
    seconds = time.perf_counter() - started
    if response.status_code != 200:
        raise CommandError(f"GET {host}{url} answered {response.status_code}")
    return seconds


def _statements(client: Client, url: str, host: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        _get(client, url, host)
    return [query["sql"] for query in captured.captured_queries]


def measure_routing(host: str, requests: int) -> RoutingResult:
    from config.middleware import MemberRoutingMiddleware

    plain_client = _client_with_middleware([m for m in settings.MIDDLEWARE if m not in ROUTING_MIDDLEWARE])
    member_client = _client_with_middleware(list(settings.MIDDLEWARE))
    allowed_hosts = [*settings.ALLOWED_HOSTS, host]

    # DEBUG off as in production (no query log); both sides serve the same URLconf and host name.
    with override_settings(DEBUG=False, ALLOWED_HOSTS=allowed_hosts, ROOT_URLCONF=BENCH_URLCONF.__name__):
        for _ in range(ROUTING_WARMUP):
            _get(plain_client, TRIVIAL_PATH, host)
            _get(member_client, TRIVIAL_PATH, host)
        plain: list[float] = []
        member: list[float] = []
        member_uncached: list[float] = []
        for _ in range(requests):  # interleaved: noise on the machine hits every side alike
            plain.append(_get(plain_client, TRIVIAL_PATH, host))
            member.append(_get(member_client, TRIVIAL_PATH, host))
            # The host-to-member lookup on every request (what a cold process or TTL 0 pays).
            MemberRoutingMiddleware.forget()
            member_uncached.append(_get(member_client, TRIVIAL_PATH, host))
        plain_statements = _statements(plain_client, TRIVIAL_PATH, host)
        member_statements = _statements(member_client, TRIVIAL_PATH, host)
        MemberRoutingMiddleware.forget()
        member_uncached_statements = _statements(member_client, TRIVIAL_PATH, host)

    page_client = _client_with_middleware(list(settings.MIDDLEWARE))
    with override_settings(DEBUG=False, ALLOWED_HOSTS=allowed_hosts):
        for _ in range(ROUTING_WARMUP):
            _get(page_client, "/", host)
        page = [_get(page_client, "/", host) for _ in range(requests)]
        page_statements = _statements(page_client, "/", host)
    connection.set_schema_to_public()
    return RoutingResult(
        Samples(tuple(plain)),
        Samples(tuple(member)),
        Samples(tuple(member_uncached)),
        Samples(tuple(page)),
        plain_statements,
        member_statements,
        member_uncached_statements,
        page_statements,
    )


# Report ----------------------------------------------------------------------------------------


def machine_info() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server_version = cursor.fetchone()[0]
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = " / ".join(f"{value:.1f}" for value in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return (
        f"machine: {usable} usable cores ({os.cpu_count()} online), load {load} at start, "
        f"PostgreSQL {server_version}, Python {platform.python_version()}, Django {django.get_version()}, "
        f"{platform.platform(terse=True)}"
    )


def _set_search_path_count(statements: list[str]) -> int:
    return sum(1 for s in statements if s.lstrip().upper().startswith("SET SEARCH_PATH"))


def build_rows(
    *,
    members: int,
    repeat: int,
    requests: int,
    provisioning: ProvisioningResult | None,
    noop: NoOpMigrationResult | None,
    behind: BehindMigrationResult | None,
    routing: RoutingResult | None,
) -> list[Row]:
    """The rows of the sections that ran (a section that did not run passes None)."""
    rows: list[Row] = []
    if provisioning is not None:
        rows += _provisioning_rows(repeat, provisioning)
    if noop is not None and behind is not None:
        rows += _migration_rows(members, noop, behind)
    if routing is not None:
        rows += _routing_rows(requests, routing)
    return rows


def _provisioning_rows(repeat: int, provisioning: ProvisioningResult) -> list[Row]:
    migrations = len(expected_member_migrations())
    p, c = provisioning.pool, provisioning.classic
    return [
        Row(
            f"1. provision a member, per member (K={repeat})",
            spread(p),
            spread(c),
            times_faster(c.median, p.median),
            f"ours: member_provision(), renames a spare; baseline: save() with auto_create_schema "
            f"(CREATE SCHEMA + {migrations} migrations)",
        ),
        Row(
            "   fill the pool, per spare (background)",
            duration(provisioning.refill_per_spare),
            duration(c.median),
            times_faster(c.median, provisioning.refill_per_spare),
            f"pool_refill(), mean of {repeat + 1}; the migrations move to a worker, they do not shrink",
        ),
    ]


def _migration_rows(members: int, noop: NoOpMigrationResult, behind: BehindMigrationResult) -> list[Row]:
    processes = settings.TENANT_MULTIPROCESSING_MAX_PROCESSES
    return [
        Row(
            f"2. no-op deploy: find schemas behind (N={members})",
            spread(noop.check),
            duration(noop.standard),
            times_faster(noop.standard, noop.check.median),
            f"ours: pending_schemas() (graph + 1 query), {len(noop.check)} cold runs; "
            f"baseline: migrate_schemas standard",
        ),
        Row(
            f"   no-op deploy: migrate (N={members})",
            duration(noop.migrate_members),
            duration(noop.standard),
            times_faster(noop.standard, noop.migrate_members),
            f"migrate_members vs migrate_schemas standard ({duration(noop.standard / members)}/schema)",
        ),
        Row(
            f"   no-op deploy: migrate (N={members})",
            duration(noop.migrate_members),
            duration(noop.multiprocessing),
            times_faster(noop.multiprocessing, noop.migrate_members),
            f"migrate_members vs migrate_schemas multiprocessing ({processes} processes)",
        ),
        Row(
            f"3. deploy 1 migration, all N={members} behind",
            duration(behind.migrate_members),
            duration(behind.standard),
            times_faster(behind.standard, behind.migrate_members),
            f"re-applies {'.'.join(ROLLBACK_MIGRATION)}: migrate_members ({processes} processes) vs "
            f"migrate_schemas standard ({duration(behind.standard / members)}/schema)",
        ),
        Row(
            f"   deploy 1 migration, all N={members} behind",
            duration(behind.migrate_members),
            duration(behind.multiprocessing),
            times_faster(behind.multiprocessing, behind.migrate_members),
            f"migrate_members vs migrate_schemas multiprocessing ({processes} processes)",
        ),
    ]


def _routing_rows(requests: int, routing: RoutingResult) -> list[Row]:
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


# The run ---------------------------------------------------------------------------------------


#: The sections ``--only`` can choose, in the order they run.
SECTIONS = ("migrations", "provisioning", "routing", "register", "intake", "commission")


def parse_sections(only: str) -> tuple[str, ...]:
    """``"register,intake"`` -> the chosen sections in running order; unknown names are refused."""
    chosen = {name.strip() for name in only.split(",") if name.strip()}
    unknown = chosen - set(SECTIONS)
    if unknown or not chosen:
        raise CommandError(f"--only takes a comma-separated list of {', '.join(SECTIONS)}")
    return tuple(name for name in SECTIONS if name in chosen)


def run(
    *,
    members: int,
    repeat: int,
    requests: int,
    keep: bool,
    out: TextIO,
    log: Log,
    sections: Sequence[str] = SECTIONS,
    complaints: int = 100_000,
    intake_clients: int = 8,
    intake_requests: int = 200,
) -> None:
    if members < 1 or repeat < 1 or requests < 1:
        raise CommandError("--members, --repeat and --requests must be at least 1")
    started = time.perf_counter()
    silence_celery()
    setup_lines: list[str] = []
    noop = behind = provisioning = routing = None
    complaint_rows: list[Row] = []
    with bench_database(keep=keep, log=log):
        info = machine_info()
        if "migrations" in sections or "routing" in sections:
            # Routing alone needs one member; the migration figures need all N.
            count = members if "migrations" in sections else 1
            log(f"setting up {count} member schemas")
            setup = create_members(count)
            setup_line = (
                f"setup (not in the table): {count} member schema{'s' if count != 1 else ''} created and migrated in "
                f"{setup.seconds:.1f} s "
                f"({settings.TENANT_MULTIPROCESSING_MAX_PROCESSES} processes)"
            )
            log(setup_line)
            setup_lines.append(setup_line)
        if "migrations" in sections:
            log("2. no-op migrations")
            noop = measure_noop_migrations(setup.schemas, log=log)
            log("3. migrations with every schema behind by one")
            behind = measure_behind_migrations(setup.schemas, log=log)
        if "provisioning" in sections:
            log("1. provisioning")
            provisioning = measure_provisioning(repeat, log=log)
        if "routing" in sections:
            log("4. routing")
            routing = measure_routing(member_host("bench-0001"), requests)
        if "register" in sections or "intake" in sections:
            # After the migration figures: the members made here must not be among the N schemas.
            from devtools.benchmarks.complaints import run_sections

            figures = run_sections(
                register="register" in sections,
                intake="intake" in sections,
                complaints=complaints,
                intake_clients=intake_clients,
                intake_requests=intake_requests,
                log=log,
            )
            complaint_rows = figures.rows
            setup_lines += figures.setup_lines
        if "commission" in sections:
            from devtools.benchmarks.cases import run_commission

            complaint_rows += run_commission(log=log)
        rows = build_rows(
            members=members,
            repeat=repeat,
            requests=requests,
            provisioning=provisioning,
            noop=noop,
            behind=behind,
            routing=routing,
        )
        rows += complaint_rows
    out.write("\n" + info + "\n")
    out.write("".join(line + "\n" for line in setup_lines) + "\n")
    out.write(render_table(rows) + "\n\n")
    out.write(
        "ratio: b/o = baseline ÷ ours (how many times faster ours is); "
        "o/b = ours ÷ baseline (how many times more ours costs).\n"
        "ours/baseline cells: median (min–max) where several samples were taken, otherwise one run.\n"
    )
    out.write(f"total wall time: {time.perf_counter() - started:.0f} s\n")
