"""The project served the way `make run` serves it (devtools.launcher.web_command, the development
settings), in a subprocess, for tests that need the real web server."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def request(port: int, host: str, path: str, headers: dict | None = None) -> http.client.HTTPResponse:
    """One GET on a new connection (as a load generator without keep-alive); the response, read."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers={"Host": host, **(headers or {})})
        response = connection.getresponse()
        response.body = response.read()
        return response
    finally:
        connection.close()


def get(port: int, host: str, path: str) -> int:
    return request(port, host, path).status


@contextlib.contextmanager
def served(*, database_url: str, platform_domain: str, var_dir: Path, **environment: str):
    """Start `make run`'s web server on a free port with the development settings; yield the port."""
    from devtools.launcher import ROOT, web_command

    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": database_url,
        "PLATFORM_DOMAIN": platform_domain,
        "RUN_ADDRESS": f"127.0.0.1:{port}",
        "WEDERHOOR_VAR_DIR": str(var_dir),
        "LOG_LEVEL": "WARNING",
        **environment,
    }
    env.pop("DJANGO_SECRET_KEY", None)
    command = web_command(env["RUN_ADDRESS"])
    # Without the access log: thousands of lines would only fill the test output.
    index = command.index("--access-logfile")
    del command[index : index + 2]
    server = subprocess.Popen(
        command, env=env, cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if get(port, platform_domain, "/healthz") == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the web server did not start: " + server.stderr.read().decode()[-2000:])
            time.sleep(0.2)
        yield port
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        server.stderr.close()
