"""Production settings: `check --deploy` is clean with a production-like environment, and refuse to
start without the required secrets."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_check(extra_env: dict[str, str]) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "CELERY_", "REDIS_", "PLATFORM_", "DATABASE_"))
    }
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings.production", **extra_env})
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION_LIKE = {
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DATABASE_URL": "postgresql://wederhoor:secret@db.internal.example.org:5432/wederhoor",
    "CELERY_BROKER_URL": "redis://redis.internal.example.org:6379/0",
    "REDIS_URL": "redis://redis.internal.example.org:6379/1",
    "PLATFORM_DOMAIN": "complaints.example.org",
}


def test_check_deploy_is_clean():
    result = run_check(PRODUCTION_LIKE)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = dict(PRODUCTION_LIKE)
    del env["DJANGO_SECRET_KEY"]
    result = run_check(env)
    assert result.returncode != 0 and "DJANGO_SECRET_KEY" in result.stderr


def test_production_never_starts_an_embedded_database():
    env = dict(PRODUCTION_LIKE)
    del env["DATABASE_URL"]
    result = run_check(env)
    assert result.returncode != 0 and "DATABASE_URL is required" in result.stderr
