"""Sending background work: in the schema that is active now, after the commit, never failing the
request that committed it.

Rules (docs/adr/0002-background-work.md):
- the schema travels in the ``_schema_name`` header that tenant-schemas-celery reads;
- work enqueued from ``transaction.on_commit`` captures the schema first (``enqueue_on_commit``), and
  a broker that refuses it does not turn the answer into an error: the refusal is logged and either
  left to the periodic task that covers it (``recovered_periodically``) or handed to the receivers
  of ``enqueue_refused`` (the outbox stores it and sends it again when the broker is back).

Tasks are declared with ``celery.shared_task``; the app itself is composed in ``config.celery``.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.dispatch import Signal

from core.tenancy import connection

logger = logging.getLogger(__name__)

#: Sent when the broker refused a task that no periodic task covers; keyword arguments
#: ``task_name``, ``args``, ``kwargs``, ``schema_name`` and ``error``. A receiver that keeps the work
#: returns True.
enqueue_refused = Signal()

#: Task name → the periodic task that makes a lost message good, so a refused send needs no record.
RECOVERED_PERIODICALLY: dict[str, str] = {}


def recovered_periodically(task_name: str, *, by: str) -> None:
    """Declare that the periodic task ``by`` redoes the work of ``task_name`` when a send is lost."""
    RECOVERED_PERIODICALLY[task_name] = by


def enqueue_on_commit(
    task: Any, *args: Any, schema_name: str | None = None, countdown: float | None = None, **kwargs: Any
) -> None:
    """Send ``task`` after the current transaction commits, in the schema that is active *now*.

    A commit hook runs after ``schema_context`` blocks may have been left, so the schema is captured
    here and passed explicitly. The data is committed by then: a broker that is down must not turn
    the answer into an error (the user would try again and file twice), so a refused send is logged
    and kept (see the module's rules).
    """
    schema = schema_name or connection.schema_name

    def send() -> None:
        try:
            task.apply_async(args=args, kwargs=kwargs, headers={"_schema_name": schema}, countdown=countdown)
        except Exception as exc:  # noqa: BLE001 - whatever the broker raises, the commit stands
            task_enqueue_failed(task_name=task.name, args=args, kwargs=kwargs, schema_name=schema, error=exc)

    transaction.on_commit(send)


def task_enqueue_failed(*, task_name: str, args: Any, kwargs: Any, schema_name: str, error: Exception) -> None:
    """Log a refused send and keep the work: nothing to do when a periodic task covers it, otherwise
    the receivers of ``enqueue_refused`` store it."""
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
    kept = False
    for _receiver, response in enqueue_refused.send_robust(
        sender=None, task_name=task_name, args=list(args), kwargs=dict(kwargs), schema_name=schema_name, error=error
    ):
        kept = kept or response is True
    if not kept:
        logger.error("task_enqueue_lost task=%s schema=%s args=%r kwargs=%r", task_name, schema_name, args, kwargs)


def send_to_schema(task: Any, *args: Any, schema_name: str, countdown: float | None = None, **kwargs: Any) -> None:
    """Send ``task`` now, to run in ``schema_name``."""
    task.apply_async(args=args, kwargs=kwargs, headers={"_schema_name": schema_name}, countdown=countdown)
