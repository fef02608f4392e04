"""`make run`'s launcher: the restart policy for the worker and beat, and the web server as
`make run` starts it, under concurrent load."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from devtools.launcher import Backoff, Service, Supervisor

from .served import get, served


class FakeProcess:
    def __init__(self, command):
        self.command = command
        self.returncode = None
        self.pid = id(self)

    def exit(self, code: int) -> None:
        self.returncode = code

    def poll(self):
        return self.returncode


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def platform():
    clock, log, spawned = FakeClock(), [], []

    def spawn(command):
        spawned.append(FakeProcess(command))
        return spawned[-1]

    services = [
        Service("worker", ["worker"], essential=False),
        Service("beat", ["beat"], essential=False),
        Service("web", ["web"], essential=True),
    ]
    supervisor = Supervisor(services, spawn=spawn, clock=clock, log=log.append)
    supervisor.start_all()
    return supervisor, {service.name: service for service in services}, clock, log, spawned


def test_backoff_doubles_up_to_the_cap_and_resets_after_a_minute_of_running():
    backoff = Backoff()
    assert [backoff.next_delay(ran_for=0.5) for _attempt in range(7)] == [1, 2, 4, 8, 16, 30, 30]
    assert backoff.next_delay(ran_for=61) == 1
    assert backoff.next_delay(ran_for=3) == 2


def test_a_worker_that_stops_is_restarted_after_a_growing_delay_and_the_web_keeps_running(platform):
    supervisor, services, clock, log, spawned = platform
    web = services["web"].process
    for expected_delay in (1, 2, 4):
        worker = services["worker"].process
        clock.advance(5)
        worker.exit(-9)
        assert supervisor.step() is None
        assert services["worker"].process is None
        assert log[-1] == f"worker stopped (exit code -9); restarting it in {expected_delay} s"
        clock.advance(expected_delay - 0.1)
        assert supervisor.step() is None and services["worker"].process is None
        clock.advance(0.1)
        assert supervisor.step() is None
        assert services["worker"].process is not worker and services["worker"].process.poll() is None
        assert log[-1] == "Restarting worker"
    assert services["web"].process is web and web.poll() is None
    # After a minute of running, the next failure starts again at one second.
    clock.advance(61)
    services["worker"].process.exit(1)
    supervisor.step()
    assert log[-1] == "worker stopped (exit code 1); restarting it in 1 s"
    assert [process.command for process in spawned].count(["worker"]) == 4


def test_beat_is_restarted_too(platform):
    supervisor, services, clock, log, _spawned = platform
    services["beat"].process.exit(2)
    assert supervisor.step() is None
    clock.advance(1)
    supervisor.step()
    assert services["beat"].process.poll() is None and log[-1] == "Restarting beat"


def test_the_web_server_stopping_stops_the_platform(platform):
    supervisor, services, _clock, _log, _spawned = platform
    services["web"].process.exit(3)
    assert supervisor.step() is services["web"]
    # What the launcher then stops: every process still known, the worker and beat included.
    assert len(supervisor.processes()) == 3


def test_a_real_process_that_exits_is_restarted_with_back_off():
    log: list[str] = []
    marker = [sys.executable, "-c", "import sys; sys.exit(7)"]

    def spawn(command):
        return subprocess.Popen(command)

    worker = Service("worker", marker, essential=False, backoff=Backoff(first=0.2, cap=0.4))
    web = Service("web", [sys.executable, "-c", "import time; time.sleep(30)"], essential=True)
    supervisor = Supervisor([worker, web], spawn=spawn, log=log.append)
    supervisor.start_all()
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and log.count("Restarting worker") < 3:
            assert supervisor.step() is None
            time.sleep(0.05)
        stops = [line for line in log if line.startswith("worker stopped")]
        assert stops[:3] == [
            "worker stopped (exit code 7); restarting it in 0.2 s",
            "worker stopped (exit code 7); restarting it in 0.4 s",
            "worker stopped (exit code 7); restarting it in 0.4 s",
        ]
        assert web.process.poll() is None
    finally:
        for process in supervisor.processes():
            process.kill()
            process.wait()


# The web server as `make run` starts it ----------------------------------------------------------


def database_url() -> str:
    from django.db import connection

    database = connection.settings_dict
    credentials = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    if database["HOST"].startswith("/"):
        return f"postgresql://{credentials}@/{database['NAME']}?host={database['HOST']}&port={database['PORT']}"
    return f"postgresql://{credentials}@{database['HOST']}:{database['PORT'] or 5432}/{database['NAME']}"


@pytest.fixture
def served_platform(django_db_setup, django_db_blocker, tmp_path):
    """The project served by `make run`'s web command, with the development settings, against the
    test database (whose commission and members are committed for the session)."""
    from django.conf import settings

    with django_db_blocker.unblock():
        url = database_url()
    with served(database_url=url, platform_domain=settings.PLATFORM_DOMAIN, var_dir=tmp_path) as port:
        yield port


def connections_to(database: str) -> int:
    import psycopg2

    from core.env import database_from_url

    settings_dict = database_from_url(database_url())
    with psycopg2.connect(
        dbname="postgres",
        user=settings_dict["USER"] or None,
        password=settings_dict["PASSWORD"] or None,
        host=settings_dict["HOST"] or None,
        port=settings_dict["PORT"] or None,
    ) as probe:
        with probe.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [database])
            count = cursor.fetchone()[0]
    probe.close()
    return count


def test_eight_clients_for_twenty_seconds_get_no_server_error(served_platform, django_db_blocker):
    from concurrent.futures import ThreadPoolExecutor

    from django.conf import settings
    from django.db import connection

    from devtools.launcher import WEB_WORKERS

    port = served_platform
    domain = settings.PLATFORM_DOMAIN
    pages = [
        (domain, "/"),
        (domain, "/members/"),
        (f"alpha.{domain}", "/"),
        (f"alpha.{domain}", "/complaint/"),
        (f"beta.{domain}", "/status/"),
        (f"alpha.{domain}", "/accounts/login/"),
    ]
    database = connection.settings_dict["NAME"]
    with django_db_blocker.unblock():
        before = connections_to(database)
    stop_at = time.monotonic() + 20

    def client(index: int) -> list[int]:
        statuses = []
        while time.monotonic() < stop_at:
            host, path = pages[(index + len(statuses)) % len(pages)]
            statuses.append(get(port, host, path))
        return statuses

    peak = before
    with ThreadPoolExecutor(8) as executor:
        results = [executor.submit(client, index) for index in range(8)]
        while not all(result.done() for result in results):
            peak = max(peak, connections_to(database))
            time.sleep(0.5)
        statuses = [status for result in results for status in result.result()]
    assert statuses and all(status < 500 for status in statuses), sorted(set(statuses))
    assert set(statuses) <= {200}, sorted(set(statuses))
    # Each web process keeps one connection: the web's share is bounded, whatever the load.
    assert peak - before <= WEB_WORKERS


def test_make_run_refuses_to_start_when_postgresql_allows_too_few_connections(
    django_db_setup, django_db_blocker, monkeypatch
):
    from devtools import launcher

    with django_db_blocker.unblock():
        env = {"DATABASE_URL": database_url()}
        launcher.check_connection_budget(env)
        monkeypatch.setattr(launcher, "OTHER_CONNECTIONS", 100_000)
        with pytest.raises(SystemExit, match="free connections"):
            launcher.check_connection_budget(env)
