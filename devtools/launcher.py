"""What ``make run``, ``make test`` and ``make bench`` execute.

- Without ``DATABASE_URL``, an embedded PostgreSQL (the ``pgserver`` wheel, data in ``var/postgres``)
  is started for as long as this process runs; with it, that server is used.
- Without ``CELERY_BROKER_URL``, the development settings use a file-system broker in ``var/broker``
  (no server needed); tests run their own worker thread on an in-memory broker.

``run`` migrates, loads the demo data, then starts a Celery worker, Celery beat and the web server
(gunicorn), restarts the worker and beat when they stop (with a back-off), and stops all of them on
Ctrl-C or when the web server stops. Running it again keeps the data.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Protocol

import psycopg2

from core.env import VAR_DIR, database_from_url, run_address, run_port
from devtools import embedded

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


class Process(Protocol):
    """What the supervisor needs of a started process (``subprocess.Popen``, or a stand-in in tests)."""

    pid: int
    returncode: int | None

    def poll(self) -> int | None: ...

    def wait(self, timeout: float | None = None) -> int: ...


def say(message: str) -> None:
    print(f"==> {message}", flush=True)


def prepare_environment(settings_module: str, *, force_settings: bool = False) -> dict[str, str]:
    env = dict(os.environ)
    if force_settings:
        env["DJANGO_SETTINGS_MODULE"] = settings_module
    else:
        env.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    env.setdefault("PYTHONUNBUFFERED", "1")
    if env.get("DATABASE_URL"):
        say("PostgreSQL: using DATABASE_URL")
    else:
        started = time.perf_counter()
        env["DATABASE_URL"] = embedded.database_url()
        say(f"PostgreSQL: embedded server in {embedded.PGDATA} ({time.perf_counter() - started:.1f} s)")
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], env=env, cwd=ROOT, check=True)


def stop(processes: list[Process]) -> None:
    for process in processes:
        if process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
    deadline = time.monotonic() + 15
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


#: Web server processes for ``make run``: each serves one request at a time and keeps one database
#: connection, so the web's share of PostgreSQL's connections is bounded (Django's development server
#: starts a thread, with its own connection, per client connection).
WEB_WORKERS = 3
#: Celery worker processes; each keeps one database connection.
WORKER_CONCURRENCY = 2
#: Connections besides the web and the worker children: the worker's main process, beat, a
#: management command run by hand, and psql.
OTHER_CONNECTIONS = 4


def connection_budget(*, web_workers: int = WEB_WORKERS, worker_concurrency: int = WORKER_CONCURRENCY) -> int:
    """Database connections ``make run`` may hold at once."""
    return web_workers + worker_concurrency + OTHER_CONNECTIONS


def web_command(address: str, *, workers: int = WEB_WORKERS) -> list[str]:
    """The web server of ``make run``: gunicorn with a fixed number of sync workers (as in
    production, deploy/gunicorn.conf.py); clients beyond that wait in the listen queue instead of
    each opening a database connection."""
    return [
        PYTHON,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--bind",
        address,
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--timeout",
        "60",
        "--graceful-timeout",
        "10",
        "--access-logfile",
        "-",
        "--no-control-socket",
    ]


def check_connection_budget(env: dict[str, str]) -> None:
    """Refuse to start when PostgreSQL allows fewer connections than the processes may open."""
    database = database_from_url(env["DATABASE_URL"])
    with psycopg2.connect(
        dbname=database["NAME"],
        user=database["USER"] or None,
        password=database["PASSWORD"] or None,
        host=database["HOST"] or None,
        port=database["PORT"] or None,
    ) as connection:
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('max_connections')::int - count(*) FROM pg_stat_activity")
            available = cursor.fetchone()[0]
    connection.close()
    needed = connection_budget()
    if needed > available:
        raise SystemExit(f"PostgreSQL has {available} free connections; make run needs {needed}.")
    say(f"PostgreSQL: the platform uses at most {needed} of {available} free connections")


class Backoff:
    """Delays before restarting a process that stopped: 1 s, 2 s, 4 s … at most ``cap``; a process
    that ran for ``reset_after`` seconds starts again at the first delay."""

    def __init__(self, *, first: float = 1.0, cap: float = 30.0, reset_after: float = 60.0) -> None:
        self.first, self.cap, self.reset_after = first, cap, reset_after
        self.failures = 0

    def next_delay(self, ran_for: float) -> float:
        if ran_for >= self.reset_after:
            self.failures = 0
        delay: float = min(self.cap, self.first * 2.0**self.failures)
        self.failures += 1
        return delay


class Service:
    """One process of the platform. ``essential``: when it stops, everything stops (the web server);
    otherwise it is restarted with a back-off (the worker, beat)."""

    def __init__(self, name: str, command: list[str], *, essential: bool, backoff: Backoff | None = None) -> None:
        self.name, self.command, self.essential = name, command, essential
        self.backoff = backoff or Backoff()
        self.process: Process | None = None
        self.started_at = 0.0
        self.restart_at: float | None = None


class Supervisor:
    """Starts the services, restarts those that may be restarted, and reports an essential one that
    stopped. ``spawn`` starts a command and returns an object with ``poll()`` and ``pid``."""

    def __init__(
        self,
        services: list[Service],
        *,
        spawn: Callable[[list[str]], Process],
        clock: Callable[[], float] = time.monotonic,
        log: Callable[[str], None] = say,
    ) -> None:
        self.services, self.spawn, self.clock, self.log = services, spawn, clock, log

    def start(self, service: Service) -> None:
        service.process = self.spawn(service.command)
        service.started_at = self.clock()
        service.restart_at = None

    def start_all(self) -> None:
        for service in self.services:
            self.log(f"Starting {service.name}")
            self.start(service)

    def step(self) -> Service | None:
        """Look at every process once; the essential service that stopped, if any."""
        now = self.clock()
        for service in self.services:
            if service.process is None:
                if service.restart_at is not None and now >= service.restart_at:
                    self.log(f"Restarting {service.name}")
                    self.start(service)
                continue
            code = service.process.poll()
            if code is None:
                continue
            if service.essential:
                return service
            delay = service.backoff.next_delay(now - service.started_at)
            self.log(f"{service.name} stopped (exit code {code}); restarting it in {delay:g} s")
            service.process = None
            service.restart_at = now + delay
        return None

    def processes(self) -> list[Process]:
        return [service.process for service in self.services if service.process is not None]

    def run(self, *, interval: float = 0.5) -> Service:
        """Supervise until an essential service stops; that service."""
        while True:
            stopped = self.step()
            if stopped is not None:
                return stopped
            time.sleep(interval)


def run() -> int:
    env = prepare_environment("config.settings.dev")
    if env.get("CELERY_BROKER_URL"):
        say("Broker: using CELERY_BROKER_URL")
    else:
        say("Broker: embedded file-system broker in var/broker")
    check_connection_budget(env)
    say("Migrating the public schema")
    manage(env, "migrate_schemas", "--shared", "--noinput", "-v", "0")
    manage(env, "setup_platform")
    say("Bringing member schemas up to date")
    manage(env, "migrate_members")
    say("Preparing spare member schemas")
    manage(env, "refill_pool")
    say("Loading demo data")
    manage(env, "load_demo")

    address = run_address()
    var = VAR_DIR
    var.mkdir(parents=True, exist_ok=True)
    celery = [PYTHON, "-m", "celery", "-A", "config"]
    services = [
        Service(
            "worker",
            [*celery, "worker", "-l", "info", "--concurrency", str(WORKER_CONCURRENCY)],
            essential=False,
        ),
        Service(
            "beat", [*celery, "beat", "-l", "info", "--schedule", str(var / "celerybeat-schedule")], essential=False
        ),
        Service("web", web_command(address), essential=True),
    ]

    # Ctrl-C (SIGINT) and SIGTERM both stop everything, also when the shell started this launcher
    # with SIGINT ignored (a background job).
    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)

    # Each child gets its own process group, so Ctrl-C reaches only this launcher, which then stops
    # every child in order (and the embedded PostgreSQL last, when this process exits).
    def spawn(command: list[str]) -> subprocess.Popen[bytes]:
        return subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True)

    supervisor = Supervisor(services, spawn=spawn)
    platform_port = env.get("PLATFORM_PORT") or run_port()
    domain = env.get("PLATFORM_DOMAIN", "wederhoor.localhost")
    try:
        supervisor.start_all()
        say(f"Running. Commission: http://{domain}:{platform_port}/ — press Ctrl-C to stop")
        stopped = supervisor.run()
    except KeyboardInterrupt:
        say("Stopping")
        stop(supervisor.processes())
        return 0
    code = stopped.process.returncode if stopped.process is not None else None
    say(f"The {stopped.name} process stopped (exit code {code}); stopping the platform")
    stop(supervisor.processes())
    return 1


def test(arguments: list[str]) -> int:
    env = prepare_environment("config.settings.test", force_settings=True)
    return subprocess.call([PYTHON, "-m", "pytest", *arguments], env=env, cwd=ROOT)


def bench(arguments: list[str]) -> int:
    env = prepare_environment("config.settings.dev")
    return subprocess.call([PYTHON, "manage.py", "bench", *arguments], env=env, cwd=ROOT)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test", "bench"}:
        print("usage: python -m devtools.launcher run|test|bench [arguments]", file=sys.stderr)
        return 2
    command, arguments = argv[0], argv[1:]
    if command == "run":
        return run()
    if command == "test":
        return test(arguments)
    return bench(arguments)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
