"""Background work per member: the base class of tasks that must run inside one member's schema, and
the fan-out of periodic work to every ready member (docs/adr/0002-background-work.md)."""

from __future__ import annotations

import random
from typing import Any

from celery import Task
from django.conf import settings
from django_tenants.utils import get_public_schema_name
from tenant_schemas_celery.app import get_schema_name_from_task
from tenant_schemas_celery.task import TenantTask

from core.background import send_to_schema
from core.tenancy import connection

from .models import Member
from .selectors import ready_member_schemas


class MemberContextError(RuntimeError):
    """A member task found itself outside the schema of an existing, ready member."""


class MemberTask(TenantTask):
    """Base class of tasks that must run inside one member's schema.

    tenant-schemas-celery falls back to ``public`` when the header is missing or names a member that
    no longer exists; such a task must not touch commission data by accident, so it refuses to run.
    """

    abstract = True

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        requested = get_schema_name_from_task(self, kwargs)
        public = get_public_schema_name()
        current = connection.schema_name
        if not requested or requested == public or current != requested:
            raise MemberContextError(
                f"{self.name} is a member task and refuses to run in schema {current!r} (requested {requested!r})."
            )
        if not Member.objects.filter(schema_name=current, schema_status=Member.SchemaStatus.READY).exists():
            raise MemberContextError(f"{self.name}: no ready member owns schema {current!r}.")
        return super().__call__(*args, **kwargs)


def fan_out(task: Task, *, include_public: bool = False, jitter_seconds: int | None = None) -> int:
    """Send ``task`` once to every ready member schema, spread over ``jitter_seconds``.

    Returns the number of tasks sent. Used by periodic work: one beat entry, one task per member.
    """
    spread = settings.FAN_OUT_JITTER_SECONDS if jitter_seconds is None else jitter_seconds
    schemas = list(ready_member_schemas())
    if include_public:
        schemas.append(get_public_schema_name())
    for schema in schemas:
        send_to_schema(task, schema_name=schema, countdown=random.uniform(0, spread) if spread else None)
    return len(schemas)
