"""A Celery worker as a separate process on the test database, that a test can kill and restart."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from urllib.parse import quote

from django.conf import settings
from django.db import connection


def database_url() -> str:
    """The URL of the database this test process uses (the test database)."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or ""
    if host.startswith("/"):
        return f"postgresql://{credentials}@/{quote(db['NAME'])}?host={quote(host)}"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgresql://{credentials}@{host}{port}/{quote(db['NAME'])}"


class WorkerProcess:
    def __init__(self, *, queue: str, environment: dict[str, str], log_path=None) -> None:
        self.queue = queue
        self.log_path = log_path
        self.environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.faults.worker_settings",
            "DATABASE_URL": database_url(),
            "WORKER_QUEUE": queue,
            **environment,
        }
        self.process: subprocess.Popen | None = None
        self.kills = 0

    def start(self) -> None:
        command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo", "-Q", self.queue]
        command += ["--without-heartbeat", "--without-mingle", "--without-gossip", "-l", "INFO"]
        log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        try:
            self.process = subprocess.Popen(
                command, cwd=settings.BASE_DIR, env=self.environment, stdout=log, stderr=subprocess.STDOUT
            )
        finally:
            if self.log_path:
                log.close()

    def kill(self) -> None:
        """SIGKILL: no clean-up in the worker, as when a machine or container dies."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        self.kills += 1

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
