"""The complainant's own words are fixed once registered, enforced by the database: the description
and the remedy asked cannot change, attachments cannot be altered or removed (only whether the
complainant sees them, and the content type detected from their bytes, may change), and the
organisation's clarifications are append-only.

``complaints`` is a member app: this runs in every member schema, and each schema gets its own functions.
"""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

FORWARD = """
CREATE OR REPLACE FUNCTION complaint_words_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the complainant''s words are immutable once registered (description and remedy_sought)'
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Add a clarification instead.';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER complaint_words_immutable
    BEFORE UPDATE OF description, remedy_sought ON complaints_complaint
    FOR EACH ROW
    WHEN (OLD.description IS DISTINCT FROM NEW.description OR OLD.remedy_sought IS DISTINCT FROM NEW.remedy_sought)
    EXECUTE FUNCTION complaint_words_immutable();

CREATE OR REPLACE FUNCTION complaint_attachment_immutable() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'complaint attachments are immutable (DELETE refused)'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    -- Every column but these two is locked, including columns added later.
    IF (to_jsonb(OLD) - 'shared_with_complainant' - 'content_type')
       IS DISTINCT FROM (to_jsonb(NEW) - 'shared_with_complainant' - 'content_type') THEN
        RAISE EXCEPTION 'complaint attachments are immutable (only shared_with_complainant and content_type may change)'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER complaint_attachment_immutable
    BEFORE UPDATE OR DELETE ON complaints_attachment
    FOR EACH ROW EXECUTE FUNCTION complaint_attachment_immutable();

CREATE OR REPLACE FUNCTION complaint_clarification_append_only() RETURNS trigger AS $$
BEGIN
    -- A deleted user's clarifications keep their author_label; only the link to the user goes.
    IF TG_OP = 'UPDATE' AND NEW.author_id IS NULL
       AND (to_jsonb(OLD) - 'author_id') IS NOT DISTINCT FROM (to_jsonb(NEW) - 'author_id') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'clarifications are append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER complaint_clarification_append_only
    BEFORE UPDATE OR DELETE ON complaints_clarification
    FOR EACH ROW EXECUTE FUNCTION complaint_clarification_append_only();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS complaint_clarification_append_only ON complaints_clarification;
DROP FUNCTION IF EXISTS complaint_clarification_append_only();
DROP TRIGGER IF EXISTS complaint_attachment_immutable ON complaints_attachment;
DROP FUNCTION IF EXISTS complaint_attachment_immutable();
DROP TRIGGER IF EXISTS complaint_words_immutable ON complaints_complaint;
DROP FUNCTION IF EXISTS complaint_words_immutable();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0003_complaint_escalated_case_reference_and_more"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Clarification",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("uuid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("body", models.TextField(verbose_name="clarification")),
                ("author_label", models.CharField(max_length=254)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "author",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "complaint",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="clarifications",
                        to="complaints.complaint",
                    ),
                ),
            ],
            options={
                "verbose_name": "clarification",
                "ordering": ["created_at", "id"],
            },
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
    ]
