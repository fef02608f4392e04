"""Many member schemas, cheaply, for the certificate figures (``devtools.benchmarks.certificates``).

Migrating a schema costs about two seconds on the development machine (most of it Django rendering
the migration state, not PostgreSQL), so a thousand members would take over half an hour to set up.
Here one template schema is migrated the ordinary way (``create_migrated_schema``, as the pool does)
while every statement it sends is recorded with its parameters bound; each new schema then gets
exactly those statements (less the reads), with the template's name replaced, in one transaction of
its own: the same tables, indexes, constraints, triggers, functions and ``django_migrations`` rows,
spread over two connections. A fresh schema starts every sequence at 1, so the rows
the migrations insert get the same keys as in the template. ``fixtures.verify_current`` checks the
result (every migration recorded, the audit trigger present), and the number of relations is
compared with the template's before the template is dropped.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import psycopg2
from django.core.management.base import CommandError
from django.db import transaction

from core.tenancy import connection
from devtools.benchmarks.fixtures import verify_current
from devtools.benchmarks.timing import Log
from tenants.members.links import member_host
from tenants.members.migration_state import quote
from tenants.members.models import Domain, Member, Sector, schema_name_for_slug
from tenants.members.pool import create_migrated_schema

#: A name that occurs nowhere else in the recorded statements, so it can be replaced textually.
TEMPLATE_SCHEMA = "bench_clone_template_3f9a"
#: Connections that create schemas at once (the machine has two cores).
CLONE_CONNECTIONS = 2
#: Only these characters in a schema name: it is put into the recorded SQL as it is.
SAFE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
READING = re.compile(r"^\s*(SELECT|SHOW)\b", re.IGNORECASE)
SIDE_EFFECTS = re.compile(r"\b(nextval|setval|set_config|pg_advisory\w*|lo_\w+)\s*\(", re.IGNORECASE)


def _relations(schema: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s",
            [schema],
        )
        count: int = cursor.fetchone()[0]
    return count


def _only_reads(statement: str) -> bool:
    """A SELECT or SHOW that changes nothing (no sequence, setting or lock function): the migrations'
    introspection and lookups, whose answers the recorded writes already hold. Leaving them out
    matters: an introspection query scans the catalogue, which grows with every schema cloned."""
    return bool(READING.match(statement)) and not SIDE_EFFECTS.search(statement)


def recorded_migration() -> tuple[list[str], int]:
    """Migrate the template schema, recording its statements with their parameters bound; drop it.
    Returns the statements (without its CREATE SCHEMA) and the template's number of relations."""
    recorded: list[tuple[str, Any]] = []

    def record(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        if many:
            raise CommandError("a member migration sent executemany(); the recording cannot replay it")
        recorded.append((sql, params))
        return execute(sql, params, many, context)

    connection.set_schema_to_public()
    with connection.execute_wrapper(record):
        create_migrated_schema(TEMPLATE_SCHEMA)
    connection.set_schema_to_public()
    relations = _relations(TEMPLATE_SCHEMA)
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg2's cursor: mogrify() binds parameters exactly as execute() would
        statements = [raw.mogrify(sql, params).decode() for sql, params in recorded]
        cursor.execute(f"DROP SCHEMA {quote(TEMPLATE_SCHEMA)} CASCADE")
    create = f"CREATE SCHEMA {quote(TEMPLATE_SCHEMA)}"
    statements = [s for s in statements if s.strip() != create and not _only_reads(s)]
    return statements, relations


def _clone_into(params: dict[str, Any], statements: Sequence[str], schemas: Sequence[str]) -> None:
    """Create ``schemas`` on a connection of this thread, one transaction each."""
    database = psycopg2.connect(**params)
    try:
        for schema in schemas:
            script = ";\n".join(statements).replace(TEMPLATE_SCHEMA, schema)
            with database, database.cursor() as cursor:
                # Setup only: do not wait for each flush.
                cursor.execute(f"SET LOCAL synchronous_commit TO OFF; CREATE SCHEMA {quote(schema)};\n{script}")
    finally:
        database.close()


def clone_schemas(statements: Sequence[str], schemas: Sequence[str], *, log: Log) -> None:
    """Replay ``statements`` into each of ``schemas`` (which must not exist), over CLONE_CONNECTIONS."""
    for schema in schemas:
        if not SAFE_NAME.match(schema):
            raise CommandError(f"unexpected schema name {schema!r}")
    params = connection.get_connection_params()
    shares = [list(schemas[index::CLONE_CONNECTIONS]) for index in range(CLONE_CONNECTIONS)]
    done = threading.Event()

    def progress() -> None:
        started = time.perf_counter()
        while not done.wait(30):
            log(f"   cloning: {time.perf_counter() - started:.0f} s")

    ticker = threading.Thread(target=progress, daemon=True)
    ticker.start()
    try:
        with ThreadPoolExecutor(CLONE_CONNECTIONS) as pool:
            for future in [pool.submit(_clone_into, params, statements, share) for share in shares if share]:
                future.result()
    finally:
        done.set()


def cloned_members(count: int, *, prefix: str, sector: Sector, log: Log, **fields: Any) -> tuple[list[Member], float]:
    """``count`` active members ``<prefix>-0001``… with ready schemas cloned from a migrated template,
    and their registry rows and hosts; the seconds it took. ``fields`` go to every Member row."""
    started = time.perf_counter()
    statements, relations = recorded_migration()
    slugs = [f"{prefix}-{number:04d}" for number in range(1, count + 1)]
    schemas = [schema_name_for_slug(slug) for slug in slugs]
    log(f"   template migrated and recorded ({len(statements)} statements); cloning {count} schemas")
    clone_schemas(statements, schemas, log=log)
    connection.set_schema_to_public()
    with transaction.atomic():
        members = [
            Member.objects.create(
                kind=Member.Kind.MEMBER,
                legal_name=f"Certificaat {slug}",
                slug=slug,
                sector=sector,
                schema_name=schema,
                schema_status=Member.SchemaStatus.READY,
                membership_status=Member.MembershipStatus.ACTIVE,
                **fields,
            )
            for slug, schema in zip(slugs, schemas, strict=True)
        ]
        Domain.objects.bulk_create(
            [Domain(domain=member_host(member.slug), tenant=member, is_primary=True) for member in members]
        )
    verify_current(schemas)
    for schema in (schemas[0], schemas[-1]):
        if _relations(schema) != relations:
            raise CommandError(f"{schema}: {_relations(schema)} relations, the template had {relations}")
    return members, time.perf_counter() - started
