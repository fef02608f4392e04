"""A live server for tests that talk HTTP to the project: the browser tests and the API fuzzing
(tests/test_schemathesis.py). It runs in a thread of this process and serves the project's WSGI
application (every middleware, host routing included) on 127.0.0.1 with a free port; clients ask
for ``<slug>.<PLATFORM_DOMAIN>`` (Chromium resolves it to 127.0.0.1; HTTP clients send it as the
``Host`` header). Tests use ``committed_db``: the server's request threads have their own database
connections and only see committed rows.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from dataclasses import dataclass

import pytest
from django.conf import settings


@dataclass
class LiveSite:
    port: int

    def host(self, slug: str | None) -> str:
        """``<slug>.<PLATFORM_DOMAIN>`` (the commission's host without a slug)."""
        return settings.PLATFORM_DOMAIN if slug is None else f"{slug}.{settings.PLATFORM_DOMAIN}"

    def url(self, slug: str | None, path: str = "/") -> str:
        """``http://<slug>.<PLATFORM_DOMAIN>:<port><path>`` (the commission's host without a slug)."""
        return f"http://{self.host(slug)}:{self.port}{path}"


def _live_server():
    """Django's threaded development server (one thread per connection), which can be stopped with
    every connection closed: a browser keeps connections open between requests, and the thread
    serving one keeps its database connection (CONN_MAX_AGE), which would block dropping the test
    database at the end of the session."""
    from django.core.servers.basehttp import ThreadedWSGIServer

    class LiveServer(ThreadedWSGIServer):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._lock = threading.Lock()
            self._serving: dict[socket.socket, threading.Thread] = {}

        def process_request_thread(self, request, client_address):
            with self._lock:
                self._serving[request] = threading.current_thread()
            try:
                # Closes the thread's database connections when the client's connection ends.
                super().process_request_thread(request, client_address)
            finally:
                with self._lock:
                    self._serving.pop(request, None)

        def stop(self, timeout: float = 10) -> None:
            self.shutdown()
            with self._lock:
                serving = dict(self._serving)
            for client in serving:
                with contextlib.suppress(OSError):
                    client.shutdown(socket.SHUT_RDWR)
            for thread in serving.values():
                thread.join(timeout)
            self.server_close()

    return LiveServer


@pytest.fixture(scope="module")
def live_site(django_db_setup):
    """The project served over HTTP from a daemon thread, for one test module.

    Not pytest-django's ``live_server``: that one needs ``transactional_db``, whose flush empties the
    session's members (see tests/conftest.py). Static files come through WhiteNoise in the
    middleware, as in production."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.test.testcases import QuietWSGIRequestHandler

    httpd = _live_server()(("127.0.0.1", 0), QuietWSGIRequestHandler, allow_reuse_address=False)
    httpd.set_app(WSGIHandler())
    thread = threading.Thread(target=httpd.serve_forever, name="live-test-server", daemon=True)
    thread.start()
    try:
        yield LiveSite(port=httpd.server_address[1])
    finally:
        httpd.stop()
        thread.join(timeout=10)
