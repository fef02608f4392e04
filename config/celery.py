"""The Celery app (tenant-aware), the member-task base class and the helpers to enqueue work.

Rules (docs/adr/0002-background-work.md):
- one ``CeleryApp`` from tenant-schemas-celery: the schema travels in the ``_schema_name`` header;
- work enqueued from ``transaction.on_commit`` captures the schema first (``enqueue_on_commit``);
- member tasks fail closed: in ``public``, or for a member that does not exist, they raise;
- periodic work fans out from one beat entry to one task per member, with jitter.
"""

from __future__ import annotations

import os
import random

from django.db import connection, transaction
from tenant_schemas_celery.app import CeleryApp, get_schema_name_from_task

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = CeleryApp("wederhoor")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


class MemberContextError(RuntimeError):
    """A member task found itself outside the schema of an existing, ready member."""


class MemberTask(app.Task):
    """Base class of tasks that must run inside one member's schema.

    tenant-schemas-celery falls back to ``public`` when the header is missing or names a member that
    no longer exists; such a task must not touch commission data by accident, so it refuses to run.
    """

    abstract = True

    def __call__(self, *args, **kwargs):
        from django_tenants.utils import get_public_schema_name

        from tenants.members.models import Member

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


def enqueue_on_commit(task, *args, schema_name: str | None = None, countdown: float | None = None, **kwargs) -> None:
    """Send ``task`` after the current transaction commits, in the schema that is active *now*.

    A commit hook runs after ``schema_context`` blocks may have been left, so the schema is captured
    here and passed explicitly.
    """
    schema = schema_name or connection.schema_name

    def send() -> None:
        task.apply_async(args=args, kwargs=kwargs, headers={"_schema_name": schema}, countdown=countdown)

    transaction.on_commit(send)


def send_to_schema(task, *args, schema_name: str, countdown: float | None = None, **kwargs) -> None:
    task.apply_async(args=args, kwargs=kwargs, headers={"_schema_name": schema_name}, countdown=countdown)


def fan_out(task, *, include_public: bool = False, jitter_seconds: int | None = None) -> int:
    """Send ``task`` once to every ready member schema, spread over ``jitter_seconds``.

    Returns the number of tasks sent. Used by periodic work: one beat entry, one task per member.
    """
    from django.conf import settings

    from tenants.members.selectors import ready_member_schemas

    spread = settings.FAN_OUT_JITTER_SECONDS if jitter_seconds is None else jitter_seconds
    schemas = list(ready_member_schemas())
    if include_public:
        schemas.append("public")
    for schema in schemas:
        send_to_schema(task, schema_name=schema, countdown=random.uniform(0, spread) if spread else None)
    return len(schemas)


__all__ = ["app", "MemberTask", "MemberContextError", "enqueue_on_commit", "send_to_schema", "fan_out"]
