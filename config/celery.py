"""The Celery app (tenant-aware), the member-task base class and the helpers to enqueue work.

Rules (docs/adr/0002-background-work.md):
- one ``CeleryApp`` from tenant-schemas-celery: the schema travels in the ``_schema_name`` header;
- work enqueued from ``transaction.on_commit`` captures the schema first (``enqueue_on_commit``), and
  never fails the request that committed it: when the broker refuses it, it is left to a periodic
  task or stored for the outbox sweep;
- member tasks fail closed: in ``public``, or for a member that does not exist, they raise;
- periodic work fans out from one beat entry to one task per member, with jitter.
"""

from __future__ import annotations

import logging
import os
import random

from django.db import connection, transaction
from tenant_schemas_celery.app import CeleryApp, get_schema_name_from_task

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

logger = logging.getLogger(__name__)

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


#: Tasks whose lost message a periodic task makes good, so a refused send needs no record of its own:
#: the outbox sweep re-sends every pending e-mail, beat refills the pool every few minutes.
RECOVERED_PERIODICALLY = {
    "outbox.send": "outbox.sweep_all",
    "members.pool_refill": "members.pool_refill",
}


def enqueue_on_commit(task, *args, schema_name: str | None = None, countdown: float | None = None, **kwargs) -> None:
    """Send ``task`` after the current transaction commits, in the schema that is active *now*.

    A commit hook runs after ``schema_context`` blocks may have been left, so the schema is captured
    here and passed explicitly. The data is committed by then: a broker that is down must not turn
    the answer into an error (the user would try again and file twice), so a refused send is logged
    and left to the periodic task that covers it, or stored for the outbox sweep.
    """
    schema = schema_name or connection.schema_name

    def send() -> None:
        try:
            task.apply_async(args=args, kwargs=kwargs, headers={"_schema_name": schema}, countdown=countdown)
        except Exception as exc:  # noqa: BLE001 - whatever the broker raises, the commit stands
            task_enqueue_failed(task_name=task.name, args=args, kwargs=kwargs, schema_name=schema, error=exc)

    transaction.on_commit(send)


def task_enqueue_failed(*, task_name: str, args, kwargs, schema_name: str, error: Exception) -> None:
    """Keep work the broker refused: nothing to do when a periodic task covers it, otherwise a
    ``QueuedTask`` row in the task's schema that the outbox sweep sends when the broker is back."""
    from django_tenants.utils import schema_context

    recovered_by = RECOVERED_PERIODICALLY.get(task_name)
    logger.error(
        "task_enqueue_failed task=%s schema=%s recovered_by=%s error=%s",
        task_name,
        schema_name,
        recovered_by or "outbox.sweep_all",
        f"{error.__class__.__name__}: {error}",
    )
    if recovered_by:
        return
    from tenants.outbox.models import QueuedTask

    try:
        with schema_context(schema_name):
            QueuedTask.objects.create(
                task_name=task_name, args=list(args), kwargs=dict(kwargs), last_error=str(error)[:2000]
            )
    except Exception:  # noqa: BLE001 - the answer to the user must still go out
        logger.exception("task_enqueue_lost task=%s schema=%s args=%r kwargs=%r", task_name, schema_name, args, kwargs)


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


__all__ = [
    "app",
    "MemberTask",
    "MemberContextError",
    "RECOVERED_PERIODICALLY",
    "enqueue_on_commit",
    "task_enqueue_failed",
    "send_to_schema",
    "fan_out",
]
