"""Production: everything from the environment; no embedded services, no defaults for secrets."""

from core.env import env_bool, env_int, env_str

from .base import *  # noqa: F403
from .base import database_settings

DEBUG = False
SECRET_KEY = env_str("DJANGO_SECRET_KEY", required=True)
DATABASES = database_settings()
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", required=True)
PLATFORM_SCHEME = "https"

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
# Health checks come from inside the network over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Every host of the platform is HTTPS-only (wildcard certificate or on-demand TLS).
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
# Django's check looks for its own CSRF middleware by name; MIDDLEWARE has its subclass
# config.middleware.OwnOriginCsrfMiddleware (stricter: only the host's own origin), so the warning is moot.
SILENCED_SYSTEM_CHECKS = ["security.W003"]
