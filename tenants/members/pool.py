"""The pool of spare member schemas.

Creating a member schema means running every member migration (about a second, more as migrations
grow). The pool keeps a few schemas created and fully migrated ahead of time; provisioning renames one
(a few milliseconds, inside the provisioning transaction). A spare found behind the migrations is
never handed out: it is marked stale and migrated forward by the next refill.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass

from django.core.management import call_command
from django.db import transaction

from core.tenancy import connection

from .migration_state import is_schema_current, quote
from .models import SpareSchema

logger = logging.getLogger(__name__)

SPARE_PREFIX = "spare_"
#: Key of the PostgreSQL advisory lock that keeps refills from running twice at once.
REFILL_LOCK_KEY = 0x5745_4445  # "WEDE"


def migrate_schema(schema_name: str) -> None:
    """Run the member migrations on one existing schema (creates missing tables, applies missing
    migrations; a no-op on a current schema).

    Runs inside a transaction: django-tenants then keeps the connection (and the caller's session
    state, such as the refill lock) instead of committing and closing it, and a failure leaves
    nothing half-migrated.
    """
    with transaction.atomic():
        call_command("migrate_schemas", tenant=True, schema_name=schema_name, interactive=False, verbosity=0)
    connection.set_schema_to_public()


def create_migrated_schema(schema_name: str) -> None:
    """Create ``schema_name`` and run every member migration in it, in one transaction."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE SCHEMA {quote(schema_name)}")
        migrate_schema(schema_name)


def spare_create() -> SpareSchema:
    """Create and migrate one spare schema and register it, all in one transaction."""
    name = f"{SPARE_PREFIX}{uuid.uuid4().hex[:16]}"
    with transaction.atomic():
        create_migrated_schema(name)
        return SpareSchema.objects.create(name=name)


def spare_take() -> SpareSchema | None:
    """Lock and return the oldest spare that is current with the migrations, or None.

    Must run inside the provisioning transaction: the row stays locked (others skip it) until the
    rename commits. Exactly one row is locked at a time, so a concurrent provisioning finds the next
    free spare. Spares found behind are marked stale (in this transaction) and skipped.
    """
    while True:
        spare = (
            SpareSchema.objects.select_for_update(skip_locked=True)
            .filter(is_stale=False)
            .order_by("created_at")
            .first()
        )
        if spare is None or is_schema_current(spare.name):
            return spare
        logger.warning("spare_schema_behind name=%s", spare.name)
        spare.is_stale = True
        spare.save(update_fields=["is_stale"])


def spare_hand_out(*, spare: SpareSchema, schema_name: str) -> None:
    """Rename ``spare`` to ``schema_name`` (transactional in PostgreSQL) and forget the spare."""
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER SCHEMA {quote(spare.name)} RENAME TO {quote(schema_name)}")
    spare.delete()


@dataclass
class RefillResult:
    created: int = 0
    refreshed: int = 0
    dropped_orphans: int = 0
    ready: int = 0
    skipped: bool = False


def _orphan_spare_schemas() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE %s "
            "AND nspname NOT IN (SELECT name FROM public.members_spareschema)",
            [SPARE_PREFIX + "%"],
        )
        return [row[0] for row in cursor.fetchall()]


def pool_refill(*, target: int) -> RefillResult:
    """Bring the pool to ``target`` ready spares: drop the leftovers of interrupted refills, migrate
    stale spares forward, create the missing ones. Only one refill runs at a time."""
    result = RefillResult()
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [REFILL_LOCK_KEY])
        if not cursor.fetchone()[0]:
            result.skipped = True
            return result
    try:
        for orphan in _orphan_spare_schemas():
            with connection.cursor() as cursor:
                cursor.execute(f"DROP SCHEMA {quote(orphan)} CASCADE")
            result.dropped_orphans += 1
        for spare in list(SpareSchema.objects.filter(is_stale=True)):
            migrate_schema(spare.name)
            if is_schema_current(spare.name):
                SpareSchema.objects.filter(pk=spare.pk).update(is_stale=False)
                result.refreshed += 1
        while SpareSchema.objects.filter(is_stale=False).count() < target:
            spare_create()
            result.created += 1
        result.ready = SpareSchema.objects.filter(is_stale=False).count()
    finally:
        connection.set_schema_to_public()
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [REFILL_LOCK_KEY])
    return result


def pool_drain() -> int:
    """Drop every spare (used before a deploy that cannot migrate spares, and by tests)."""
    count = 0
    with transaction.atomic():
        for spare in SpareSchema.objects.select_for_update():
            with connection.cursor() as cursor:
                cursor.execute(f"DROP SCHEMA IF EXISTS {quote(spare.name)} CASCADE")
            spare.delete()
            count += 1
    return count
