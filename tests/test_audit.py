"""The audit trail is append-only, enforced by the database."""

import pytest
from django.db import DatabaseError, transaction

from tenants.audit.models import AuditEvent
from tenants.audit.services import audit_record

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("schema", ["public", "m_alpha"])
def test_events_cannot_be_changed_or_deleted(in_schema, schema, alpha):
    with in_schema(schema):
        event = audit_record(event_type="test.event", target_label="x")
        with pytest.raises(DatabaseError), transaction.atomic():
            AuditEvent.objects.filter(pk=event.pk).update(target_label="changed")
        with pytest.raises(DatabaseError), transaction.atomic():
            AuditEvent.objects.filter(pk=event.pk).delete()
        assert AuditEvent.objects.get(pk=event.pk).target_label == "x"


def test_services_record_who_did_what(make_user, in_schema, alpha):
    from tenants.accounts.roles import Role
    from tenants.accounts.services import user_update

    owner = make_user(alpha, Role.OWNER)
    handler = make_user(alpha, Role.HANDLER)
    with in_schema(alpha):
        user_update(user=handler, actor=owner, role=Role.MANAGER)
        event = AuditEvent.objects.filter(event_type="user.updated").latest("id")
    assert event.actor_label == owner.email
    assert event.data["changes"]["role"] == {"old": "handler", "new": "manager"}
