"""An approved ruling cannot be changed or deleted, enforced by the database: a correction is a new
ruling. Drafts stay editable; the approval itself is the last update a row accepts. Publication and
compliance bookkeeping live in their own tables, so nothing on an approved row ever needs to change.

``rulings`` is a shared (public-only) app: this runs in the public schema only.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION ruling_immutable() RETURNS trigger AS $$
BEGIN
    IF OLD.status = 'approved' THEN
        RAISE EXCEPTION 'approved rulings are immutable (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER ruling_immutable
    BEFORE UPDATE OR DELETE ON rulings_ruling
    FOR EACH ROW EXECUTE FUNCTION ruling_immutable();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS ruling_immutable ON rulings_ruling;
DROP FUNCTION IF EXISTS ruling_immutable();
"""


class Migration(migrations.Migration):
    dependencies = [("rulings", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
