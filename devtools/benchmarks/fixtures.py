"""What the sections of ``manage.py bench`` share: the options, the run they take part in, the
throw-away database, the members they measure, and in-process clients.

Every section module imports from here and from ``timing``; none imports another section (the
register figures hand their member to the intake figures through ``BenchRun``).
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import psycopg2
import psycopg2.extensions
from celery import current_app
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections, transaction
from django.test import Client
from django.test.utils import override_settings
from django_tenants.utils import tenant_context
from psycopg2 import sql

from core.tenancy import connection
from devtools.benchmarks.timing import Log, Row
from tenants.accounts.models import User
from tenants.accounts.roles import Role
from tenants.accounts.services import user_create
from tenants.complaints.models import Category, Cause, Department
from tenants.members.links import member_host
from tenants.members.management.commands.migrate_members import run_member_migrations
from tenants.members.migration_state import pending_schemas, quote
from tenants.members.models import Domain, Member, Sector, schema_name_for_slug
from tenants.members.pool import pool_refill
from tenants.members.services import member_provision
from tenants.office.services import member_onboard

#: The migration that the migration figures undo in every schema. It must be the latest of its app
#: and consist of RunSQL operations with reverse SQL, so that undoing it and applying it again is clean.
ROLLBACK_MIGRATION = ("audit", "0002_append_only")
#: The trigger that migration creates, checked after every (re-)run.
ROLLBACK_TRIGGER = "audit_event_append_only"
#: The middleware the baselines leave out: health checks and member routing.
ROUTING_MIDDLEWARE = {"config.middleware.HealthCheckMiddleware", "config.middleware.MemberRoutingMiddleware"}
#: Departments of every member the register, intake and commission figures provision.
DEPARTMENTS = ["Klantenservice", "Planning", "Financiën", "Uitvoering"]
HANDLER_NAMES = ["Henk Behandelaar", "Hatice Demir", "Joost Mol", "Lieke Smit", "Rachid Amrani", "Sofie Claes"]


# The run ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    """The command's options (see ``manage.py bench --help``)."""

    members: int = 100
    repeat: int = 5
    requests: int = 300
    complaints: int = 100_000
    intake_clients: int = 8
    intake_requests: int = 200
    certificates: int = 1_000


@dataclass
class Figures:
    """What a section adds to the report: table rows, and setup lines printed above the table."""

    rows: list[Row] = field(default_factory=list)
    setup_lines: list[str] = field(default_factory=list)


@dataclass
class BenchRun:
    """One run of the command: its options, the chosen sections, and what sections hand on."""

    options: Options
    sections: tuple[str, ...]
    log: Log
    #: Setup lines of shared fixtures (the member schemas), printed above the table.
    setup_lines: list[str] = field(default_factory=list)
    member_schemas: list[str] | None = None
    #: The member whose register the register figures seeded; the intake figures submit to it.
    register_member: BenchMember | None = None

    def schemas(self) -> list[str]:
        """The member schemas of the migration and routing figures, made on first use: all N
        (``--members``) when the migration figures run, else one (routing needs one)."""
        if self.member_schemas is None:
            count = self.options.members if "migrations" in self.sections else 1
            self.log(f"setting up {count} member schemas")
            started = time.perf_counter()
            self.member_schemas = create_members(count)
            line = (
                f"setup (not in the table): {count} member schema{'s' if count != 1 else ''} created and migrated in "
                f"{time.perf_counter() - started:.1f} s "
                f"({settings.TENANT_MULTIPROCESSING_MAX_PROCESSES} processes)"
            )
            self.log(line)
            self.setup_lines.append(line)
        return self.member_schemas


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
    current_app.conf.broker_url = "memory://"
    current_app.conf.broker_transport_options = {}


# Members -----------------------------------------------------------------------------------------


def bench_sector() -> Sector:
    sector = Sector.objects.order_by("code").first()
    if sector is None:
        raise CommandError("setup_platform created no sector")
    return sector


def create_members(count: int) -> list[str]:
    """``count`` ready members with fully migrated schemas (their schema names): empty schemas and
    registry rows first, then django-tenants' multiprocessing executor migrates them all (measured
    faster here than cloning a template schema with django-tenants' clone_schema, which took ~1.6 s
    per schema, four times the cost of migrating one)."""
    sector = bench_sector()
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
    return schemas


def verify_current(schemas: list[str]) -> None:
    """Every schema has every migration recorded, and ROLLBACK_MIGRATION really ran (its trigger)."""
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


@dataclass
class Taxonomy:
    categories: list[Category]
    causes: list[Cause]
    departments: list[Department]
    handlers: list[User]


@dataclass
class BenchMember:
    member: Member
    host: str
    owner: User
    handler: User
    taxonomy: Taxonomy

    @property
    def schema(self) -> str:
        return self.member.schema_name


def provision_member(slug: str) -> BenchMember:
    """A member as the platform makes one: a spare schema from the pool, ``member_provision()``, the
    onboarding step (which the bench does not leave to a worker); then an owner, six handlers and
    four departments."""
    sector = bench_sector()
    pool_refill(target=1)
    owner_email = f"owner@{slug}.example.org"
    member = member_provision(legal_name=f"Bench {slug}", slug=slug, sector=sector, owner_email=owner_email)
    if not member.provisioned_from_pool:
        raise CommandError(f"{slug}: the pool was empty")
    with tenant_context(member):
        member_onboard(owner_email=owner_email, owner_name="Olga Eigenaar")
        owner = user_create(email=owner_email, full_name="Olga Eigenaar", role=Role.OWNER)
        handlers = [
            user_create(email=f"handler{index}@{slug}.example.org", full_name=name, role=Role.HANDLER)
            for index, name in enumerate(HANDLER_NAMES)
        ]
        departments = [Department.objects.create(name=name) for name in DEPARTMENTS]
        taxonomy = Taxonomy(list(Category.objects.all()), list(Cause.objects.all()), departments, handlers)
    connection.set_schema_to_public()
    return BenchMember(member, member_host(slug), owner, handlers[0], taxonomy)


# In-process clients ----------------------------------------------------------------------------


def client_with_middleware(middleware: list[str]) -> Client:
    """A test client whose handler loaded ``middleware``; the handler keeps its middleware chain once
    loaded, so the client can be used after the override ends."""
    with override_settings(MIDDLEWARE=middleware):
        client = Client()
        client.handler.load_middleware()
    return client


def full_client() -> Client:
    """A client behind the project's whole middleware."""
    return client_with_middleware(list(settings.MIDDLEWARE))


def plain_client() -> Client:
    """A client behind the project's middleware without health checks and member routing."""
    return client_with_middleware([m for m in settings.MIDDLEWARE if m not in ROUTING_MIDDLEWARE])


def logged_in(user: User, member: Member) -> Client:
    """A full client with ``user`` (of ``member``'s schema) logged in."""
    client = full_client()
    with tenant_context(member):
        client.force_login(user)
    connection.set_schema_to_public()
    return client


def fetch(client: Client, url: str, host: str) -> tuple[float, bytes]:
    """GET ``url`` at ``host``: the seconds until the whole body (streamed or not) was read, and the
    body; anything but 200 stops the bench."""
    started = time.perf_counter()
    response = client.get(url, HTTP_HOST=host)
    if response.streaming:
        # The test client's response type does not declare streaming_content (a StreamingHttpResponse).
        body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    else:
        body = response.content
    seconds = time.perf_counter() - started
    if response.status_code != 200:
        raise CommandError(f"GET {host}{url} answered {response.status_code}")
    return seconds, body
