"""Development: `make run`. Embedded PostgreSQL and broker when DATABASE_URL / CELERY_BROKER_URL are unset."""

from config import embedded
from config.env import env_bool, env_str

from .base import *  # noqa: F403
from .base import database_settings

DEBUG = env_bool("DJANGO_DEBUG", True)
ALLOW_EMBEDDED_SERVICES = True
PLATFORM_PORT = env_str("PLATFORM_PORT", "8000")
ALLOWED_HOSTS = ALLOWED_HOSTS + ["localhost", "127.0.0.1"]  # noqa: F405
DATABASES = database_settings(allow_embedded=True)
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405

if not CELERY_BROKER_URL:  # noqa: F405
    CELERY_BROKER_URL = embedded.broker_url()
    CELERY_BROKER_TRANSPORT_OPTIONS = embedded.broker_transport_options()
