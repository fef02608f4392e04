"""Plain helpers the tests share (fixtures are in ``tests/conftest.py``)."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext


def nl(text: Any) -> str:
    """``text`` as the pages show it in Dutch, the default language: a message id (``"Submit a
    complaint"``) or a lazy translation (a model's label)."""
    with translation.override("nl"):
        return gettext(text) if isinstance(text, str) else str(text)


def wait_for(condition: Callable[[], Any], timeout: float = 30.0) -> bool:
    """Poll ``condition`` every 0.1 s until it holds (True) or ``timeout`` seconds passed (False);
    for work a real worker or browser does in another thread."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def read(response) -> bytes:
    """The whole body; a streamed file response is read to its end (the test client then closes it,
    and ``request_finished`` resets the request's urlconf)."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def error_of(response) -> dict:
    """The API's error envelope ``{"error": {status, code, message, fields}}``, checked for its shape
    and for the status it repeats."""
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"status", "code", "message", "fields"}, body
    assert body["error"]["status"] == response.status_code, (body, response.status_code)
    return body["error"]


def raw_sql(sql: str, params: list | None = None, *, pending_checks_first: bool = False) -> None:
    """Run SQL past the ORM (to show what the database itself refuses), in a savepoint.

    The test's own inserts leave deferred foreign-key checks pending, and PostgreSQL refuses TRUNCATE
    on a table with pending trigger events for that reason alone: ``pending_checks_first`` runs them
    before the statement (and keeps the constraints immediate for the rest of the test).
    """
    with transaction.atomic(), connection.cursor() as cursor:
        if pending_checks_first:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(sql, params or [])


def six_weeks_ago() -> datetime:
    """A moment past the commission's four-week wait after complaining to the member."""
    return timezone.now() - timedelta(weeks=6)
