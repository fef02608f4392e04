"""What ``make run``, ``make test`` and ``make bench`` execute.

- Without ``DATABASE_URL``, an embedded PostgreSQL (the ``pgserver`` wheel, data in ``var/postgres``)
  is started for as long as this process runs; with it, that server is used.
- Without ``CELERY_BROKER_URL``, the development settings use a file-system broker in ``var/broker``
  (no server needed); tests run their own worker thread on an in-memory broker.

``run`` migrates, loads the demo data, then starts a Celery worker, Celery beat and the web server,
and stops all of them on Ctrl-C. Running it again keeps the data.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


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
        from config import embedded

        started = time.perf_counter()
        env["DATABASE_URL"] = embedded.database_url()
        say(f"PostgreSQL: embedded server in {embedded.PGDATA} ({time.perf_counter() - started:.1f} s)")
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], env=env, cwd=ROOT, check=True)


def stop(processes: list[subprocess.Popen]) -> None:
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


def run() -> int:
    env = prepare_environment("config.settings.dev")
    if env.get("CELERY_BROKER_URL"):
        say("Broker: using CELERY_BROKER_URL")
    else:
        say("Broker: embedded file-system broker in var/broker")
    say("Migrating the public schema")
    manage(env, "migrate_schemas", "--shared", "--noinput", "-v", "0")
    manage(env, "setup_platform")
    say("Bringing member schemas up to date")
    manage(env, "migrate_members")
    say("Preparing spare member schemas")
    manage(env, "refill_pool")
    say("Loading demo data")
    manage(env, "load_demo")

    address = env.get("RUN_ADDRESS", "127.0.0.1:8000")
    var = ROOT / "var"
    var.mkdir(exist_ok=True)
    commands = {
        "worker": [PYTHON, "-m", "celery", "-A", "config", "worker", "-l", "info", "--concurrency", "2"],
        "beat": [
            PYTHON,
            "-m",
            "celery",
            "-A",
            "config",
            "beat",
            "-l",
            "info",
            "--schedule",
            str(var / "celerybeat-schedule"),
        ],
        "web": [PYTHON, "manage.py", "runserver", address],
    }

    # Ctrl-C (SIGINT) and SIGTERM both stop everything, also when the shell started this launcher
    # with SIGINT ignored (a background job).
    def interrupt(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)
    processes: list[subprocess.Popen] = []
    # Each child gets its own process group, so Ctrl-C reaches only this launcher, which then stops
    # every child in order (and the embedded PostgreSQL last, when this process exits).
    for name, command in commands.items():
        say(f"Starting {name}")
        processes.append(subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True))
    say(
        f"Running. Commission: http://{env.get('PLATFORM_DOMAIN', 'wederhoor.localhost')}:{address.rsplit(':', 1)[-1]}/ — press Ctrl-C to stop"
    )
    interrupted = False
    try:
        while all(process.poll() is None for process in processes):
            time.sleep(0.5)
    except KeyboardInterrupt:
        interrupted = True
        say("Stopping")
    finally:
        stop(processes)
    if not interrupted:
        failed = [
            name for name, process in zip(commands, processes, strict=True) if process.returncode not in (0, None)
        ]
        say(f"A process stopped unexpectedly: {', '.join(failed) or 'unknown'}")
        return 1
    return 0


def test(arguments: list[str]) -> int:
    env = prepare_environment("config.settings.test", force_settings=True)
    return subprocess.call([PYTHON, "-m", "pytest", *arguments], env=env, cwd=ROOT)


def bench(arguments: list[str]) -> int:
    env = prepare_environment("config.settings.dev")
    return subprocess.call([PYTHON, "manage.py", "bench", *arguments], env=env, cwd=ROOT)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test", "bench"}:
        print("usage: python -m config.launcher run|test|bench [arguments]", file=sys.stderr)
        return 2
    command, arguments = argv[0], argv[1:]
    if command == "run":
        return run()
    if command == "test":
        return test(arguments)
    return bench(arguments)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
