"""Tests: `make test`. Real PostgreSQL (DATABASE_URL, or the embedded server), a real Celery worker
started by the tests themselves (never eager mode)."""

import uuid

from core.env import env_str
from devtools import embedded, signing_keys

from .base import *  # noqa: F403
from .base import COMMISSION_NAME, VAR_DIR, database_settings

DEBUG = False
PLATFORM_DOMAIN = "wederhoor.test"
PLATFORM_PORT = ""
ALLOWED_HOSTS = [PLATFORM_DOMAIN, "." + PLATFORM_DOMAIN, "testserver"]
DATABASES = database_settings(embedded.database_url)
# The launcher's companions: demo data (load_demo) and the benchmarks (bench).
INSTALLED_APPS = INSTALLED_APPS + ["devtools"]  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Static files come from the finders; nothing is collected for tests.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "KEY_FUNCTION": "django_tenants.cache.make_key",
    }
}
MEDIA_ROOT = VAR_DIR / "test-media" / uuid.uuid4().hex[:8]
# A self-signed PDF signing pair for tests, made once beside (not inside) the runs' media and shared by
# every test process, so a PDF signed in one (a worker, a subprocess) verifies in another.
_signing_key, _signing_cert = signing_keys.self_signed_pair(
    VAR_DIR / "test-media" / "signing", common_name=COMMISSION_NAME
)
PDF_SIGNING_KEY_FILE, PDF_SIGNING_CERT_FILE, PDF_SIGNING_KEY_PASSWORD = str(_signing_key), str(_signing_cert), ""
MEMBER_POOL_SIZE = 1
# Tests change members between requests; routing looks them up every time.
TENANT_ROUTING_CACHE_SECONDS = 0
# The worker runs in a thread of the test process; a queue of its own keeps a running development
# worker on the same broker from taking the tests' tasks.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "memory://")
CELERY_BROKER_TRANSPORT_OPTIONS = {}
CELERY_RESULT_BACKEND = "cache+memory://"
CELERY_TASK_IGNORE_RESULT = False
CELERY_TASK_DEFAULT_QUEUE = f"wederhoor-test-{uuid.uuid4().hex[:8]}"
CELERY_TASK_ACKS_LATE = False
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
