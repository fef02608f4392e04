"""The development settings (`make run`): a secret key of this installation, never one from the
source, and links that carry the port the server runs on."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def load_dev_settings(var_dir: Path, **environment: str) -> dict:
    """Import ``config.settings.dev`` in a fresh interpreter and return what the test needs of it."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SECRET_KEY", "PLATFORM_PORT", "RUN_ADDRESS", "PLATFORM_DOMAIN"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        WEDERHOOR_VAR_DIR=str(var_dir),
        # Never the embedded server: the settings only parse the URL.
        DATABASE_URL="postgresql://nobody@127.0.0.1:9/none",
        CELERY_BROKER_URL="memory://",
        **environment,
    )
    script = (
        "import json, django; django.setup(); from django.conf import settings;"
        "from tenants.members.links import base_url_for_host;"
        "print(json.dumps({'secret_key': settings.SECRET_KEY, 'port': settings.PLATFORM_PORT,"
        "'commission': base_url_for_host(settings.PLATFORM_DOMAIN)}))"
    )
    output = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def test_first_start_makes_a_private_secret_key_and_later_starts_read_it(tmp_path):
    first = load_dev_settings(tmp_path)
    key_file = tmp_path / "secret_key"
    assert key_file.read_text().strip() == first["secret_key"]
    assert len(first["secret_key"]) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert load_dev_settings(tmp_path)["secret_key"] == first["secret_key"]
    # Another installation gets another key.
    other = tmp_path / "other"
    assert load_dev_settings(other)["secret_key"] != first["secret_key"]


def test_the_committed_source_holds_no_key_that_development_uses(tmp_path):
    secret_key = load_dev_settings(tmp_path)["secret_key"]
    tracked = subprocess.run(
        ["git", "grep", "-l", "-F", secret_key], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    assert tracked == ""
    # The development settings never fall back to the default in config/settings/base.py.
    base_default = "insecure-development-key-change-me-"
    assert not secret_key.startswith(base_default)


def test_an_explicit_secret_key_wins(tmp_path):
    assert (
        load_dev_settings(tmp_path, DJANGO_SECRET_KEY="a-key-from-the-environment-0123456789")["secret_key"]
        == "a-key-from-the-environment-0123456789"
    )
    assert not (tmp_path / "secret_key").exists()


def test_links_carry_the_port_of_the_run_address(tmp_path):
    settings = load_dev_settings(tmp_path, RUN_ADDRESS="127.0.0.1:8123")
    assert settings["port"] == "8123"
    assert settings["commission"] == "http://wederhoor.localhost:8123"
    assert load_dev_settings(tmp_path)["port"] == "8000"
    assert load_dev_settings(tmp_path, RUN_ADDRESS="8124")["port"] == "8124"
    # A proxy in front of the server may publish another port.
    assert load_dev_settings(tmp_path, RUN_ADDRESS="0.0.0.0:8123", PLATFORM_PORT="80")["port"] == "80"


@pytest.mark.django_db
def test_an_emails_status_link_uses_the_port_of_the_run_address(tmp_path, settings, register, in_schema, alpha):
    from tenants.complaints.models import Message
    from tenants.outbox.models import OutboundEmail

    settings.PLATFORM_PORT = load_dev_settings(tmp_path, RUN_ADDRESS="127.0.0.1:8123")["port"]
    complaint = register()
    with in_schema(alpha):
        acknowledgment = Message.objects.get(complaint=complaint, kind=Message.Kind.ACKNOWLEDGMENT)
        email = OutboundEmail.objects.get(pk=acknowledgment.email_id)
    assert "http://alpha.wederhoor.test:8123/status/" in email.body_text
