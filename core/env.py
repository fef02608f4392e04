"""One typed reader for the environment (12-factor settings).

Every setting that differs between machines comes from here, with a typed default. Production
differs from development only through the environment.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

#: The checkout (manage.py lives here).
BASE_DIR = Path(__file__).resolve().parent.parent
#: Data kept between runs on this machine: the embedded database, media, e-mails in development.
VAR_DIR = Path(os.environ.get("WEDERHOOR_VAR_DIR", BASE_DIR / "var"))

TRUE_VALUES = {"1", "true", "yes", "on"}
#: Where ``make run`` serves the platform unless ``RUN_ADDRESS`` says otherwise.
DEFAULT_RUN_ADDRESS = "127.0.0.1:8000"
FALSE_VALUES = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise ImproperlyConfigured(f"The environment variable {name} is required.")
        return default if default is not None else ""
    return value


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in TRUE_VALUES:
        return True
    if lowered in FALSE_VALUES:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}.") from exc


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def run_address() -> str:
    """``host:port`` that ``make run`` serves on (``RUN_ADDRESS``; a bare port means 127.0.0.1)."""
    address = env_str("RUN_ADDRESS", DEFAULT_RUN_ADDRESS).strip()
    return f"127.0.0.1:{address}" if address.isdigit() else address


def run_port() -> str:
    """The port of ``run_address()``: in development the links the platform writes (e-mails, the
    start-up banner, redirects to another host) point at the server that actually runs."""
    address = run_address()
    host, separator, port = address.rpartition(":")
    if not separator or not port.isdigit():
        raise ImproperlyConfigured(f"RUN_ADDRESS must be host:port, not {address!r}.")
    return port


def env_networks(name: str) -> list[str]:
    """Comma-separated IP addresses or networks (``10.0.0.2``, ``172.30.57.0/24``), checked at start-up
    so a typo fails loudly instead of silently trusting nothing (or everything)."""
    networks = env_list(name)
    for network in networks:
        try:
            ipaddress.ip_network(network, strict=False)
        except ValueError as exc:
            raise ImproperlyConfigured(f"{name} must list IP addresses or networks, not {network!r}.") from exc
    return networks


def database_from_url(url: str) -> dict[str, Any]:
    """Turn a ``postgresql://user:pass@host:port/name?host=/socket/dir`` URL into a DATABASES entry.

    The ``host`` query parameter (a Unix socket directory, as the embedded server hands out) wins over
    the network location, as libpq does.
    """
    parsed = urlparse(url)
    if parsed.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(f"DATABASE_URL must be a PostgreSQL URL, not {parsed.scheme!r}.")
    query = {key: values[-1] for key, values in parse_qs(parsed.query).items()}
    host = query.pop("host", None) or parsed.hostname or ""
    options = {key: value for key, value in query.items()}
    return {
        "ENGINE": "django_tenants.postgresql_backend",
        "NAME": unquote(parsed.path.lstrip("/")) or "postgres",
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": host,
        "PORT": str(parsed.port or ""),
        "OPTIONS": options,
    }
