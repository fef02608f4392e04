"""Finding the member schemas that are behind with one query."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tenants.members.migration_state import expected_member_migrations, pending_schemas

pytestmark = pytest.mark.django_db


def test_current_schemas_are_not_pending(alpha, beta):
    assert pending_schemas([alpha.schema_name, beta.schema_name]) == []


def test_schema_missing_a_migration_is_pending(alpha, beta):
    with connection.cursor() as cursor:
        cursor.execute(
            f'DELETE FROM "{beta.schema_name}".django_migrations WHERE app = %s AND name = %s',
            ["outbox", "0001_initial"],
        )
    assert pending_schemas([alpha.schema_name, beta.schema_name]) == [beta.schema_name]


def test_schema_without_migration_table_is_pending():
    with connection.cursor() as cursor:
        cursor.execute("CREATE SCHEMA empty_one")
    assert pending_schemas(["empty_one"]) == ["empty_one"]


def test_check_costs_two_queries_whatever_the_number_of_schemas(alpha, beta):
    with CaptureQueriesContext(connection) as queries:
        pending_schemas([alpha.schema_name, beta.schema_name])
    statements = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith("SET search_path")]
    assert len(statements) == 2


def test_expected_migrations_cover_member_apps_only():
    expected = expected_member_migrations()
    assert "accounts.0001_initial" in expected and "member_office.0001_initial" in expected
    assert not any(name.startswith("members.") for name in expected)


def test_migrate_members_check_reports_schemas_behind(beta):
    with connection.cursor() as cursor:
        cursor.execute(
            f'DELETE FROM "{beta.schema_name}".django_migrations WHERE app = %s AND name = %s',
            ["outbox", "0001_initial"],
        )
    with pytest.raises(CommandError):
        call_command("migrate_members", "--check")
