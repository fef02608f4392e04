"""Sections 2 and 3 of ``manage.py bench`` (``--only migrations``), over the N (``--members``)
member schemas of ``BenchRun.schemas()``.

2. A deploy without new migrations.
   *Ours*: ``pending_schemas()`` (load the migration graph, one query over every schema's
   ``django_migrations``), median of 5 cold runs; and the whole ``migrate_members`` command, which
   finds nothing to do. *Baseline*: ``migrate_schemas --tenant`` with the ``standard`` executor and
   with the ``multiprocessing`` one; both load and check every schema one by one.

3. A deploy with one new migration, over N member schemas that are all behind.
   Every schema is set back by one migration without touching the code: the latest migration of
   the audit app (``ROLLBACK_MIGRATION``, a trigger) is undone with its own reverse SQL and its row
   in ``django_migrations`` is deleted. Then *ours* (``migrate_members``: finds the schemas behind,
   migrates them in parallel) and, after setting every schema back again, *baseline*
   (``migrate_schemas --tenant``, standard and multiprocessing). After each run the command checks
   that no schema is behind and that every schema has its trigger again.

The commands run as they do from ``manage.py``, system checks included: ``call_command()`` would
skip them, and Django's migrate repeats them for every schema (in both migrate_schemas and
migrate_members), which is part of the real cost of a deploy. These sections run first:
``migrate_schemas --tenant`` walks every Member row, so both sides must see exactly the N schemas.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunSQL

from core.tenancy import connection
from devtools.benchmarks.fixtures import ROLLBACK_MIGRATION, BenchRun, Figures, verify_current
from devtools.benchmarks.timing import Log, Row, Samples, duration, sample, spread, timed, times_faster
from tenants.members.migration_state import expected_member_migrations, pending_schemas, quote

CHECK_RUNS = 5


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

    check_samples = sample(lambda: timed(check), repeat=CHECK_RUNS)
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


def migration_rows(members: int, noop: NoOpMigrationResult, behind: BehindMigrationResult) -> list[Row]:
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


def run(bench: BenchRun) -> Figures:
    schemas = bench.schemas()
    bench.log("2. no-op migrations")
    noop = measure_noop_migrations(schemas, log=bench.log)
    bench.log("3. migrations with every schema behind by one")
    behind = measure_behind_migrations(schemas, log=bench.log)
    return Figures(migration_rows(bench.options.members, noop, behind))
