"""Which schemas are behind the migrations, found with one query instead of loading every schema.

A no-op ``migrate_schemas`` renders the migration state once per schema (~0.2-0.3 s each): with a
thousand members every deploy would wait minutes for nothing. Here the migration graph is loaded once,
and one ``UNION ALL`` over ``<schema>.django_migrations`` counts, per schema, how many of the expected
migrations it has recorded.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django_tenants.utils import get_public_schema_name


def tenant_app_labels() -> set[str]:
    labels = set()
    for app in settings.TENANT_APPS:
        for config in apps.get_app_configs():
            if config.name == app:
                labels.add(config.label)
    return labels


@lru_cache(maxsize=1)
def expected_member_migrations() -> frozenset[str]:
    """``app.name`` of every migration a member schema must have, from the code's migration graph."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    labels = tenant_app_labels()
    return frozenset(f"{app}.{name}" for app, name in loader.graph.nodes if app in labels)


def quote(schema: str) -> str:
    return '"' + schema.replace('"', '""') + '"'


def schemas_with_migration_table(schemas: Iterable[str]) -> set[str]:
    schemas = list(schemas)
    if not schemas:
        return set()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_schema FROM information_schema.tables "
            "WHERE table_name = 'django_migrations' AND table_schema = ANY(%s)",
            [schemas],
        )
        return {row[0] for row in cursor.fetchall()}


def pending_schemas(schemas: Iterable[str]) -> list[str]:
    """The schemas among ``schemas`` that lack at least one expected migration (or lack the table)."""
    schemas = [s for s in schemas if s != get_public_schema_name()]
    if not schemas:
        return []
    expected = sorted(expected_member_migrations())
    present = schemas_with_migration_table(schemas)
    behind = [s for s in schemas if s not in present]
    candidates = [s for s in schemas if s in present]
    if candidates:
        parts = [
            f"SELECT %s, count(*) FROM {quote(s)}.django_migrations m "
            f"WHERE m.app || '.' || m.name IN (SELECT key FROM expected)"
            for s in candidates
        ]
        sql = "WITH expected AS (SELECT unnest(%s::text[]) AS key) " + " UNION ALL ".join(parts)
        with connection.cursor() as cursor:
            cursor.execute(sql, [expected, *candidates])
            counts = dict(cursor.fetchall())
        behind.extend(s for s in candidates if counts.get(s, 0) < len(expected))
    return sorted(behind)


def is_schema_current(schema: str) -> bool:
    return not pending_schemas([schema])
