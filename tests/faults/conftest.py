"""Fixtures for fault tests: a broker that cannot be reached."""

from __future__ import annotations

import pytest

#: Nothing listens on port 1: connecting is refused at once.
UNREACHABLE_BROKER = "redis://127.0.0.1:1/0"


class BrokerOutage:
    """Points the Celery app's producers at a broker nobody listens on until ``end()``; the worker
    thread keeps its own connection."""

    def __init__(self) -> None:
        from config.celery import app

        self._patch = pytest.MonkeyPatch()
        self._patch.setitem(app.conf, "broker_write_url", UNREACHABLE_BROKER)
        self._patch.setitem(app.conf, "broker_connection_timeout", 1)
        # Producers come from pools bound to the first connection: start from empty pools.
        self._patch.setattr(app, "_pool", None)
        self._patch.setattr(app.amqp, "_producer_pool", None)

    def end(self) -> None:
        self._patch.undo()


@pytest.fixture
def broker_down():
    outage = BrokerOutage()
    yield outage
    outage.end()
