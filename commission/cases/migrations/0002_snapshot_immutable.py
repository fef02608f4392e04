"""Snapshots of escalated dossiers cannot be changed or deleted, enforced by the database.

``cases`` is a shared (public-only) app: this runs in the public schema only.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION case_snapshot_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'case snapshots are immutable (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER case_snapshot_immutable
    BEFORE UPDATE OR DELETE ON cases_casesnapshot
    FOR EACH ROW EXECUTE FUNCTION case_snapshot_immutable();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS case_snapshot_immutable ON cases_casesnapshot;
DROP FUNCTION IF EXISTS case_snapshot_immutable();
"""


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
