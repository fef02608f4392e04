"""An issued certificate cannot be changed or deleted, enforced by the database: once its PDF is
stored (``pdf_sha256`` set), only the status, its reason and who changed it when may change, and a
revoked certificate stays revoked. A certificate that is still being issued may be completed
(rendered) or removed.

``certification`` is a shared (public-only) app: this runs in the public schema only.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION certificate_immutable() RETURNS trigger AS $$
BEGIN
    IF OLD.pdf_sha256 = '' THEN
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'issued certificates cannot be deleted' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF OLD.status = 'revoked' THEN
        RAISE EXCEPTION 'a revoked certificate cannot change' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF (NEW.uuid, NEW.serial, NEW.member_id, NEW.route, NEW.issued_on, NEW.valid_from, NEW.valid_until,
        NEW.member_name, NEW.member_address, NEW.sector_nl, NEW.sector_en, NEW.evaluation::text,
        NEW.requested_by_label, NEW.created_at, NEW.rendered_at, NEW.pdf, NEW.pdf_sha256)
       IS DISTINCT FROM
       (OLD.uuid, OLD.serial, OLD.member_id, OLD.route, OLD.issued_on, OLD.valid_from, OLD.valid_until,
        OLD.member_name, OLD.member_address, OLD.sector_nl, OLD.sector_en, OLD.evaluation::text,
        OLD.requested_by_label, OLD.created_at, OLD.rendered_at, OLD.pdf, OLD.pdf_sha256) THEN
        RAISE EXCEPTION 'an issued certificate cannot change (only its status)' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.status = 'pending' THEN
        RAISE EXCEPTION 'an issued certificate cannot go back to pending' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER certificate_immutable
    BEFORE UPDATE OR DELETE ON certification_certificate
    FOR EACH ROW EXECUTE FUNCTION certificate_immutable();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS certificate_immutable ON certification_certificate;
DROP FUNCTION IF EXISTS certificate_immutable();
"""


class Migration(migrations.Migration):
    dependencies = [("certification", "0002_certificate")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
