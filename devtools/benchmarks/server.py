"""A real web server for the public form figures (``devtools.benchmarks.intake``):
``gunicorn config.wsgi:application --workers 2 --threads 1`` on 127.0.0.1 and a free port, with the
development settings, DEBUG off, the bench database, ``COMPLAINT_FORM_RATE_LIMIT`` set very high
(every client comes from 127.0.0.1), ``CELERY_BROKER_URL=memory://`` (the acknowledgment e-mails are
queued in the outbox and their tasks go nowhere) and a temporary ``MEDIA_ROOT``; and ``request``,
one HTTP request on a connection of its own.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.management.base import CommandError

from devtools.benchmarks.timing import Log

SERVER_START_TIMEOUT = 60.0
HTTP_TIMEOUT = 30.0


def _database_url() -> str:
    """The bench database as a DATABASE_URL for the server process (``core.env.database_from_url``)."""
    db = settings.DATABASES["default"]
    auth = ""
    if db.get("USER"):
        auth = quote(db["USER"], safe="")
        if db.get("PASSWORD"):
            auth += ":" + quote(db["PASSWORD"], safe="")
        auth += "@"
    host, port = db.get("HOST") or "", db.get("PORT") or ""
    options = dict(db.get("OPTIONS") or {})
    netloc = ""
    if host.startswith("/"):
        options["host"] = host
    elif host:
        netloc = host + (f":{port}" if port else "")
    query = f"?{urlencode(options)}" if options else ""
    return f"postgresql://{auth}{netloc}/{quote(db['NAME'], safe='')}{query}"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def request(
    port: int, method: str, url: str, headers: dict[str, str], body: bytes | None = None
) -> tuple[int, http.client.HTTPMessage, bytes]:
    """One request to 127.0.0.1:``port`` on a connection of its own: status, headers and body."""
    connection_ = http.client.HTTPConnection("127.0.0.1", port, timeout=HTTP_TIMEOUT)
    try:
        connection_.request(method, url, body=body, headers=headers)
        response = connection_.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection_.close()


@contextmanager
def gunicorn_server(*, log: Log) -> Iterator[int]:
    """``gunicorn config.wsgi:application`` on 127.0.0.1 and a free port, against the bench database;
    stopped (its process group) when the block ends, also after an error."""
    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="wederhoor-bench-") as scratch:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "DJANGO_DEBUG": "false",
            "DATABASE_URL": _database_url(),
            "COMPLAINT_FORM_RATE_LIMIT": str(10**9),
            "CELERY_BROKER_URL": "memory://",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "MEDIA_ROOT": str(Path(scratch) / "media"),
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
        command = [
            sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
            "--workers", "2", "--threads", "1", "--timeout", "60", "--graceful-timeout", "5",
            "--log-level", "warning", "--no-control-socket", "--worker-tmp-dir", scratch,
        ]  # fmt: skip
        log_path = Path(scratch) / "gunicorn.log"
        with log_path.open("wb") as server_log:
            process = subprocess.Popen(
                command, cwd=settings.BASE_DIR, env=env, stdout=server_log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        try:
            _wait_until_up(port, process, log_path)
            log(f"  gunicorn (pid {process.pid}) listening on 127.0.0.1:{port}, 2 workers x 1 thread")
            yield port
        except BaseException:
            tail = log_path.read_text(errors="replace")[-3000:]
            if tail.strip():
                log("  server log (tail):\n" + tail)
            raise
        finally:
            _stop(process)
            log(f"  gunicorn (pid {process.pid}) stopped")


def _wait_until_up(port: int, process: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise CommandError(f"gunicorn exited with {process.returncode}: {log_path.read_text()[-2000:]}")
        try:
            status, _headers, _body = request(port, "GET", "/healthz", {"Host": "localhost"})
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise CommandError(f"gunicorn did not answer /healthz within {SERVER_START_TIMEOUT:.0f} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)
    except ProcessLookupError:
        pass
