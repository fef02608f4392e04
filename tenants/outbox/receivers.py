"""Work the broker refused is kept here until the outbox sweep sends it again."""

from __future__ import annotations

import logging
from typing import Any

from django_tenants.utils import schema_context

from .models import QueuedTask

logger = logging.getLogger(__name__)


def keep_refused_task(
    *, task_name: str, args: list[Any], kwargs: dict[str, Any], schema_name: str, error: Exception, **_: Any
) -> bool:
    """A ``QueuedTask`` row in the task's schema (``core.background.enqueue_refused``)."""
    try:
        with schema_context(schema_name):
            QueuedTask.objects.create(task_name=task_name, args=args, kwargs=kwargs, last_error=str(error)[:2000])
    except Exception:  # noqa: BLE001 - the answer to the user must still go out
        logger.exception("task_enqueue_lost task=%s schema=%s args=%r kwargs=%r", task_name, schema_name, args, kwargs)
        return True  # logged here, with the reason
    return True
