"""Real Celery workers for the certificate figures (``devtools.benchmarks.certificates``).

``celery -A config worker --concurrency 1`` processes with the development settings, DEBUG off, the
bench database, the configured broker (Redis when ``CELERY_BROKER_URL`` names it, otherwise the
file-system broker of ``make run``) and a queue of their own (``CELERY_TASK_DEFAULT_QUEUE``), so that
a worker of ``make run`` on the same broker takes none of the bench's tasks and the bench's workers
none of its. Files go to a temporary ``MEDIA_ROOT``, e-mails to the in-memory backend.
``send_task_now`` sends one task to that queue from the bench process, whose own Celery app points at
the in-memory broker (``fixtures.silence_celery``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from celery import current_app
from django.conf import settings
from django.core.management.base import CommandError
from kombu import Exchange, Queue

from devtools.benchmarks.server import _database_url, _stop
from devtools.benchmarks.timing import Log

WORKER_START_TIMEOUT = 90.0
#: What a worker logs (at level INFO) once it consumes.
READY_LINE = " ready."


@dataclass(frozen=True)
class Workers:
    queue: str
    pids: tuple[int, ...]
    logs: tuple[Path, ...]

    def tail(self, characters: int = 2000) -> str:
        return "\n".join(f"--- {path.name}\n{path.read_text(errors='replace')[-characters:]}" for path in self.logs)


def broker_url() -> str:
    """The configured broker, which processes other than this one reach; refused when in-memory."""
    url = str(settings.CELERY_BROKER_URL or "")
    if not url or url.startswith("memory://"):
        raise CommandError(
            "the certificate figures need a broker that worker processes share: set CELERY_BROKER_URL "
            "(e.g. redis://127.0.0.1:6379/0) or leave it unset for the file-system broker"
        )
    return url


def send_task_now(task: Any, *, queue: str, kwargs: dict[str, Any]) -> None:
    """Send ``task`` (to run in the public schema) to ``queue`` on the configured broker."""
    with current_app.connection_for_write(
        url=broker_url(), transport_options=dict(settings.CELERY_BROKER_TRANSPORT_OPTIONS or {})
    ) as broker:
        task.apply_async(kwargs=kwargs, headers={"_schema_name": "public"}, queue=queue, connection=broker)


def purge_queue(queue: str) -> None:
    """Delete ``queue`` and what is left in it (e-mail tasks still waiting when the workers stopped)."""
    with current_app.connection_for_write(
        url=broker_url(), transport_options=dict(settings.CELERY_BROKER_TRANSPORT_OPTIONS or {})
    ) as broker:
        bound = Queue(queue, Exchange(queue), routing_key=queue)(broker.default_channel)
        # A channel deletes only the bindings it knows of: declare them on this one first.
        bound.declare()
        bound.purge()
        bound.delete()


def _wait_until_ready(processes: list[subprocess.Popen[bytes]], logs: list[Path]) -> None:
    deadline = time.monotonic() + WORKER_START_TIMEOUT
    waiting = set(range(len(processes)))
    while waiting and time.monotonic() < deadline:
        for index in list(waiting):
            if processes[index].poll() is not None:
                raise CommandError(f"worker {index + 1} exited with {processes[index].returncode}")
            if READY_LINE in logs[index].read_text(errors="replace"):
                waiting.discard(index)
        time.sleep(0.2)
    if waiting:
        raise CommandError(f"{len(waiting)} worker(s) not ready within {WORKER_START_TIMEOUT:.0f} s")


@contextmanager
def celery_workers(count: int, *, scratch: Path, log: Log) -> Iterator[Workers]:
    """``count`` workers of one process each on a new queue; stopped (their process groups) when the
    block ends, also after an error."""
    broker_url()  # refuse an in-memory broker before starting anything
    queue = f"wederhoor-bench-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": _database_url(),
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "MEDIA_ROOT": str(scratch / "media"),
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    processes: list[subprocess.Popen[bytes]] = []
    logs: list[Path] = []
    try:
        for number in range(1, count + 1):
            log_path = scratch / f"worker-{number}.log"
            command = [
                sys.executable, "-m", "celery", "-A", "config", "worker", "--concurrency", "1",
                "--hostname", f"bench-{number}-{queue}@%h", "--queues", queue, "--loglevel", "INFO",
                "--without-gossip", "--without-mingle", "--without-heartbeat",
            ]  # fmt: skip
            with log_path.open("wb") as worker_log:
                processes.append(
                    subprocess.Popen(
                        command,
                        cwd=settings.BASE_DIR,
                        env=env,
                        stdout=worker_log,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )  # fmt: skip
                )
            logs.append(log_path)
        _wait_until_ready(processes, logs)
        workers = Workers(queue, tuple(p.pid for p in processes), tuple(logs))
        log(f"   {count} celery workers (pids {', '.join(map(str, workers.pids))}) on queue {queue}, 1 process each")
        yield workers
    except BaseException:
        for path in logs:
            tail = path.read_text(errors="replace")[-3000:]
            if tail.strip():
                log(f"   {path.name} (tail):\n{tail}")
        raise
    finally:
        for process in processes:
            _stop(process)
        if processes:
            purge_queue(queue)
            log(f"   celery workers stopped ({', '.join(str(p.pid) for p in processes)})")
