"""What arrived with an escalation stays as it arrived, enforced by the database:

- the snapshot table refuses TRUNCATE too (row triggers do not fire on TRUNCATE; migration 0002
  covers UPDATE and DELETE);
- the attachments copied with a snapshot (case documents of kind ``snapshot``) refuse DELETE, and
  UPDATE of anything but the secretary's decision on confidentiality; no other document can become
  one afterwards, and the documents table refuses TRUNCATE while such copies exist.

``cases`` is a shared (public-only) app: this runs in the public schema only.
"""

from django.db import migrations, models

#: The columns of a copied attachment that may still change: the confidentiality the secretary decides.
MUTABLE = "ARRAY['confidential', 'confidential_reason', 'confidential_marked_by_label', 'visible_to_party']"

FORWARD = f"""
CREATE TRIGGER case_snapshot_no_truncate
    BEFORE TRUNCATE ON cases_casesnapshot
    FOR EACH STATEMENT EXECUTE FUNCTION case_snapshot_immutable();

CREATE OR REPLACE FUNCTION case_snapshot_document_immutable() RETURNS trigger AS $$
DECLARE
    copies_exist boolean;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I.%I WHERE kind = %L)', TG_TABLE_SCHEMA, TG_TABLE_NAME, 'snapshot')
            INTO copies_exist;
        IF copies_exist THEN
            RAISE EXCEPTION 'attachments copied with a case snapshot are immutable (TRUNCATE refused)'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NULL;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'attachments copied with a case snapshot are immutable (DELETE refused)'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    -- Every column but the confidentiality is locked, including columns added later.
    IF OLD.kind IS DISTINCT FROM NEW.kind
       OR (to_jsonb(OLD) - {MUTABLE}) IS DISTINCT FROM (to_jsonb(NEW) - {MUTABLE}) THEN
        RAISE EXCEPTION 'attachments copied with a case snapshot are immutable (only their confidentiality may change)'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER case_snapshot_document_update
    BEFORE UPDATE ON cases_casedocument
    FOR EACH ROW WHEN (OLD.kind = 'snapshot' OR NEW.kind = 'snapshot')
    EXECUTE FUNCTION case_snapshot_document_immutable();
CREATE TRIGGER case_snapshot_document_delete
    BEFORE DELETE ON cases_casedocument
    FOR EACH ROW WHEN (OLD.kind = 'snapshot')
    EXECUTE FUNCTION case_snapshot_document_immutable();
CREATE TRIGGER case_snapshot_document_truncate
    BEFORE TRUNCATE ON cases_casedocument
    FOR EACH STATEMENT EXECUTE FUNCTION case_snapshot_document_immutable();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS case_snapshot_document_truncate ON cases_casedocument;
DROP TRIGGER IF EXISTS case_snapshot_document_delete ON cases_casedocument;
DROP TRIGGER IF EXISTS case_snapshot_document_update ON cases_casedocument;
DROP FUNCTION IF EXISTS case_snapshot_document_immutable();
DROP TRIGGER IF EXISTS case_snapshot_no_truncate ON cases_casesnapshot;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_intake_rounds_expert"),
    ]

    operations = [
        migrations.AddField(
            model_name="casedocument",
            name="visible_to_party",
            field=models.CharField(
                blank=True,
                choices=[
                    ("complainant", "Complainant"),
                    ("member", "Member"),
                    ("commission", "Commission"),
                    ("expert", "Expert"),
                ],
                max_length=12,
                verbose_name="still visible to",
            ),
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
    ]
