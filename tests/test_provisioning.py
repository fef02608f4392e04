"""Provisioning: pool hand-out, empty pool, drift checks, and the schema equals a migrated one."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django_tenants.utils import schema_exists

from tenants.members.models import Member, Sector, SpareSchema
from tenants.members.pool import create_migrated_schema, spare_create
from tenants.members.services import member_provision, member_schema_create, member_set_status
from tests.helpers import nl

from .catalog import schema_structure

pytestmark = pytest.mark.django_db


@pytest.fixture
def sector():
    return Sector.objects.get(code="building")


def provision(slug, sector, **extra):
    return member_provision(
        legal_name=f"{slug.title()} B.V.", slug=slug, sector=sector, owner_email=f"owner@{slug}.example.org", **extra
    )


def test_pool_hand_out_renames_a_ready_spare(sector, django_capture_on_commit_callbacks):
    spare = spare_create()
    with django_capture_on_commit_callbacks() as callbacks:
        member = provision("gamma", sector)
    assert member.is_schema_ready and member.provisioned_from_pool
    assert member.schema_name == "m_gamma"
    assert schema_exists("m_gamma")
    assert not schema_exists(spare.name)
    assert not SpareSchema.objects.filter(pk=spare.pk).exists()
    assert member.primary_host == "gamma.wederhoor.test"
    # After commit: the owner's onboarding in the member's schema, and a pool refill.
    assert len(callbacks) == 2


def test_empty_pool_stores_the_member_as_being_prepared(sector, django_capture_on_commit_callbacks):
    SpareSchema.objects.all().delete()
    with django_capture_on_commit_callbacks() as callbacks:
        member = provision("delta", sector)
    assert member.schema_status == Member.SchemaStatus.PENDING
    assert not schema_exists("m_delta")
    assert len(callbacks) == 2  # schema creation by a worker, and a pool refill
    # What the worker does:
    member = member_schema_create(member_id=member.pk)
    assert member.is_schema_ready and not member.provisioned_from_pool
    assert schema_exists("m_delta")


def test_handed_out_schema_equals_a_freshly_migrated_one(sector):
    spare_create()
    member = provision("epsilon", sector)
    assert member.provisioned_from_pool
    create_migrated_schema("reference_schema")
    connection.set_schema_to_public()
    handed_out = schema_structure(member.schema_name)
    reference = schema_structure("reference_schema")
    assert handed_out["tables"], "the member schema has tables"
    assert handed_out == reference


def test_spare_behind_the_migrations_is_never_handed_out(sector):
    spare = spare_create()
    with connection.cursor() as cursor:
        cursor.execute(
            f'DELETE FROM "{spare.name}".django_migrations WHERE app = %s AND name = %s', ["audit", "0002_append_only"]
        )
    SpareSchema.objects.exclude(pk=spare.pk).delete()
    member = provision("zeta", sector)
    assert not member.provisioned_from_pool
    assert member.schema_status == Member.SchemaStatus.PENDING
    spare.refresh_from_db()
    assert spare.is_stale
    assert schema_exists(spare.name)


def test_refill_migrates_stale_spares_forward_and_fills_the_pool():
    from tenants.members.migration_state import pending_schemas
    from tenants.members.pool import pool_refill

    spare = spare_create()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP TRIGGER audit_event_append_only ON "{spare.name}".audit_auditevent')
        cursor.execute(
            f'DELETE FROM "{spare.name}".django_migrations WHERE app = %s AND name = %s', ["audit", "0002_append_only"]
        )
    SpareSchema.objects.filter(pk=spare.pk).update(is_stale=True)
    with connection.cursor() as cursor:
        cursor.execute("CREATE SCHEMA spare_leftover")
    result = pool_refill(target=2)
    assert result.refreshed == 1 and result.created == 1 and result.dropped_orphans == 1
    assert pending_schemas(SpareSchema.objects.values_list("name", flat=True)) == []
    assert not schema_exists("spare_leftover")


@pytest.mark.parametrize(
    ("slug", "message"),
    [("alpha", "already in use"), ("A", "lowercase"), ("no spaces", "lowercase"), ("1abc", "lowercase")],
)
def test_provisioning_refuses_bad_or_taken_slugs(sector, slug, message):
    from django.utils import translation

    with translation.override("en"), pytest.raises(ValidationError) as error:
        provision(slug, sector)
    assert message in " ".join(error.value.message_dict["slug"])


def test_refusals_speak_dutch_by_default(sector):
    with pytest.raises(ValidationError) as error:
        provision("alpha", sector)
    assert error.value.message_dict["slug"] == ["Deze korte naam is al in gebruik."]


def test_provisioning_refuses_a_bad_owner_address(sector):
    with pytest.raises(ValidationError) as error:
        member_provision(legal_name="Eta", slug="eta", sector=sector, owner_email="not-an-address")
    assert "owner_email" in error.value.message_dict


def test_membership_status_changes_need_a_reason_and_are_recorded(alpha):
    from tenants.audit.models import AuditEvent

    with pytest.raises(ValidationError):
        member_set_status(member=alpha, status=Member.MembershipStatus.SUSPENDED, actor=None, reason="")
    member = member_set_status(member=alpha, status="suspended", actor=None, reason="Contribution unpaid")
    assert member.membership_status == "suspended" and member.suspended_on is not None
    member = member_set_status(member=alpha, status="active", actor=None)
    assert member.suspended_on is None
    events = AuditEvent.objects.filter(event_type="member.status_changed", target_id=str(alpha.uuid))
    assert [e.data["status"]["new"] for e in events.order_by("id")] == ["suspended", "active"]


def test_a_suspended_member_stays_in_the_register_marked_suspended(client, alpha, hosts):
    member_set_status(member=alpha, status="suspended", actor=None, reason="Contribution unpaid")
    register = client.get("/members/", HTTP_HOST=hosts.commission).content.decode()
    assert alpha.legal_name in register and nl("Suspended") in register
    assert (
        client.get("/members/?status=active", HTTP_HOST=hosts.commission).content.decode().count(alpha.legal_name) == 0
    )
    entry = client.get(f"/members/{alpha.slug}/", HTTP_HOST=hosts.commission)
    assert entry.status_code == 200 and 'data-status="suspended"' in entry.content.decode()


def test_create_member_command(sector, capsys):
    from django.core.management import call_command

    spare_create()
    call_command(
        "create_member", "Theta Reizen", "theta", "--sector", "building", "--owner-email", "owner@theta.example.org"
    )
    assert "theta.wederhoor.test" in capsys.readouterr().out
    assert Member.objects.get(slug="theta").provisioned_from_pool
