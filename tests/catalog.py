"""A schema's structure read from the PostgreSQL catalog, to compare two schemas."""

from django.db import connection


def schema_structure(schema: str) -> dict[str, list]:
    """Tables, columns, indexes and constraints of ``schema``, with the schema name taken out."""
    queries = {
        "tables": ("SELECT table_name FROM information_schema.tables WHERE table_schema = %s ORDER BY 1",),
        "columns": (
            "SELECT table_name, column_name, data_type, is_nullable, character_maximum_length, "
            "numeric_precision, column_default IS NOT NULL "
            "FROM information_schema.columns WHERE table_schema = %s ORDER BY 1, 2",
        ),
        "indexes": (
            "SELECT tablename, indexname, replace(indexdef, quote_ident(schemaname) || '.', '') "
            "FROM pg_indexes WHERE schemaname = %s ORDER BY 1, 2",
        ),
        "constraints": (
            "SELECT cl.relname, con.conname, con.contype, pg_get_constraintdef(con.oid) "
            "FROM pg_constraint con JOIN pg_class cl ON cl.oid = con.conrelid "
            "JOIN pg_namespace ns ON ns.oid = cl.relnamespace WHERE ns.nspname = %s ORDER BY 1, 2",
        ),
        "triggers": (
            "SELECT event_object_table, trigger_name, event_manipulation, action_statement "
            "FROM information_schema.triggers WHERE trigger_schema = %s ORDER BY 1, 2, 3",
        ),
    }
    structure = {}
    with connection.cursor() as cursor:
        for name, (sql,) in queries.items():
            cursor.execute(sql, [schema])
            rows = [
                tuple(str(value).replace(f'"{schema}".', "").replace(f"{schema}.", "") for value in row)
                for row in cursor.fetchall()
            ]
            structure[name] = rows
    return structure
