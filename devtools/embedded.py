"""Embedded services for a machine that has none: PostgreSQL from the ``pgserver`` wheel and a
file-system Celery broker.

Only development and test settings use these, and only when ``DATABASE_URL`` or
``CELERY_BROKER_URL`` is unset. Production settings never do.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import time
import warnings
from typing import TYPE_CHECKING, Any

from core.env import VAR_DIR

if TYPE_CHECKING:
    from pgserver import PostgresServer

PGDATA = VAR_DIR / "postgres"
BROKER_DIR = VAR_DIR / "broker"
SECRET_KEY_FILE = VAR_DIR / "secret_key"
DATABASE_NAME = "wederhoor"

_server: PostgresServer | None = None


def start_postgres() -> PostgresServer:
    """Start (or join) the embedded PostgreSQL server; it stops when the last process using it exits."""
    global _server
    if _server is None:
        warnings.filterwarnings("ignore", module="platformdirs")
        logging.getLogger("pgserver").setLevel(logging.WARNING)
        # Imported here: only a machine without DATABASE_URL needs it (it unpacks PostgreSQL binaries).
        import pgserver

        PGDATA.mkdir(parents=True, exist_ok=True)
        _forget_dead_users()
        _server = pgserver.get_server(PGDATA, cleanup_mode="stop")
    return _server


def _forget_dead_users() -> None:
    """pgserver stops the server when the last process that uses it exits, counting processes in a
    list on disk. A process that was killed stays on that list and would keep the server running for
    ever; drop such entries before joining."""
    import psutil  # installed with pgserver, needed only with it

    handles = PGDATA / ".handle_pids.json"
    try:
        pids = json.loads(handles.read_text())
    except (FileNotFoundError, ValueError):
        return
    alive = [pid for pid in pids if psutil.pid_exists(pid)]
    if alive != pids:
        handles.write_text(json.dumps(alive))


def database_url() -> str:
    """The URL of the project's database on the embedded server, created on first use."""
    server = start_postgres()
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
    if "(1 row)" not in exists:
        server.psql(f'CREATE DATABASE "{DATABASE_NAME}";')
    return server.get_uri(DATABASE_NAME)


def installation_secret() -> str:
    """This installation's secret key (sessions, signed status and case links), made on first use.

    Kept in ``var/secret_key`` (readable by the owner only) and read on every start, so links stay
    valid across restarts, while a key published with the source could forge links for every demo.
    Several processes may start at once: the file is created exclusively and the losers read it.
    """
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(SECRET_KEY_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _attempt in range(50):
            secret = SECRET_KEY_FILE.read_text().strip()
            if secret:
                return secret
            # Another process created the file a moment ago and is still writing it.
            time.sleep(0.1)
        raise RuntimeError(f"{SECRET_KEY_FILE} is empty; delete it to make a new secret key") from None
    secret = secrets.token_urlsafe(50)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(secret + "\n")
    return secret


def broker_url() -> str:
    return "filesystem://"


def broker_transport_options() -> dict[str, Any]:
    """Folders of the file-system transport: a broker that needs no server, shared by every local
    process (web, worker, beat) through the disk. Not eager mode: tasks run in a real worker."""
    queue = BROKER_DIR / "queue"
    control = BROKER_DIR / "control"
    processed = BROKER_DIR / "processed"
    for folder in (queue, control, processed):
        folder.mkdir(parents=True, exist_ok=True)
    return {
        "data_folder_in": str(queue),
        "data_folder_out": str(queue),
        "control_folder": str(control),
        "processed_folder": str(processed),
        "store_processed": False,
    }
