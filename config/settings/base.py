"""Settings shared by every environment. Values that differ between machines come from the
environment through ``core.env``; ``dev``, ``test`` and ``production`` only change defaults."""

from __future__ import annotations

from pathlib import Path

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from core.env import VAR_DIR, database_from_url, env_bool, env_int, env_list, env_networks, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# GENERAL ---------------------------------------------------------------------------------------
DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "insecure-development-key-change-me-" + "x" * 20)
#: The commission and the public site live here; each member at <slug>.<PLATFORM_DOMAIN>.
PLATFORM_DOMAIN = env_str("PLATFORM_DOMAIN", "wederhoor.localhost").lower()
#: Scheme and port used when the platform writes absolute links (e-mails, invitations).
PLATFORM_SCHEME = env_str("PLATFORM_SCHEME", "http")
PLATFORM_PORT = env_str("PLATFORM_PORT", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", [PLATFORM_DOMAIN, "." + PLATFORM_DOMAIN])
# No other origin is trusted: a form on a host accepts a POST only from that host's own origin
# (config.middleware.OwnOriginCsrfMiddleware), so one member's pages cannot post to another's.
CSRF_TRUSTED_ORIGINS: list[str] = []
#: Reverse proxies (addresses or networks) whose X-Forwarded-For names the client; from any other
#: peer forwarded headers are ignored (core/ratelimit.py). None in development.
TRUSTED_PROXIES = env_networks("TRUSTED_PROXIES")
COMMISSION_NAME = env_str("COMMISSION_NAME", "Geschillencommissie Wederhoor")
#: The commission's bank account for the complaint fee (the fee invoice and its EPC QR code,
#: commission/cases/payment_codes.py). Checked when an invoice is rendered, not at start-up: a
#: platform without it runs, but shows no payment details and cannot render an invoice.
COMMISSION_IBAN = env_str("COMMISSION_IBAN")
COMMISSION_BIC = env_str("COMMISSION_BIC")
COMMISSION_BENEFICIARY = env_str("COMMISSION_BENEFICIARY", COMMISSION_NAME)
#: The commission's PDF signing key and certificate (PEM files; core/pdf_signing.py). Production must
#: name them; development and test settings make a self-signed pair when they are unset.
PDF_SIGNING_KEY_FILE = env_str("PDF_SIGNING_KEY_FILE")
PDF_SIGNING_CERT_FILE = env_str("PDF_SIGNING_CERT_FILE")
PDF_SIGNING_KEY_PASSWORD = env_str("PDF_SIGNING_KEY_PASSWORD")

# DATABASES -------------------------------------------------------------------------------------


def database_settings(embedded_url=None) -> dict:
    """The default database from ``DATABASE_URL``; without it, from ``embedded_url()`` (development
    and test settings pass the embedded server's) or not at all (production)."""
    url = env_str("DATABASE_URL")
    if not url:
        if embedded_url is None:
            raise ImproperlyConfigured("DATABASE_URL is required in this environment.")
        url = embedded_url()
    database = database_from_url(url)
    database["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)
    database["CONN_HEALTH_CHECKS"] = True
    return {"default": database}


DATABASE_ROUTERS = ("django_tenants.routers.TenantSyncRouter",)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# TENANCY ---------------------------------------------------------------------------------------
# Apps in the public schema only (the registry, the commission) or in both (users, audit, outbox):
# see docs/adr/0001-tenancy.md.
SHARED_APPS = [
    "django_tenants",
    "tenants.members",
    "tenants.accounts",
    "tenants.audit",
    "tenants.outbox",
    "commission.office",
    "commission.site",
    "commission.cases",
    "commission.hearings",
    "commission.rulings",
    "commission.certification",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_filters",
]
TENANT_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "tenants.accounts",
    "tenants.audit",
    "tenants.outbox",
    "tenants.office",
    "tenants.complaints",
    "tenants.regulations",
    "rest_framework.authtoken",
]
INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "members.Member"
TENANT_DOMAIN_MODEL = "members.Domain"
PUBLIC_SCHEMA_URLCONF = "config.urls_public"
ROOT_URLCONF = "config.urls_member"
TENANT_MULTIPROCESSING_MAX_PROCESSES = env_int("TENANT_MIGRATION_PROCESSES", 2)
TENANT_MULTIPROCESSING_CHUNKS = 1
#: Seconds a web process remembers which member a host belongs to (0: look it up on every request).
TENANT_ROUTING_CACHE_SECONDS = env_int("TENANT_ROUTING_CACHE_SECONDS", 5)
#: Spare, fully migrated schemas kept ready for instant provisioning.
MEMBER_POOL_SIZE = env_int("MEMBER_POOL_SIZE", 2)

# MIDDLEWARE ------------------------------------------------------------------------------------
MIDDLEWARE = [
    # Outermost: every HTML answer gets the Content-Security-Policy, the routing's error pages too.
    "config.csp.ContentSecurityPolicyMiddleware",
    "config.middleware.HealthCheckMiddleware",
    # Static files are the same on every host, also on the error page of an unknown host.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the routing (which reads the host's member from the database): an unreachable
    # database answers 503 with Retry-After, never 500 (config/outage.py).
    "config.outage.DatabaseOutageMiddleware",
    "config.middleware.MemberRoutingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check, the first to read a post: too much text gets the form back (or a 413 page).
    "config.request_limits.RequestLimitsMiddleware",
    "config.middleware.OwnOriginCsrfMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "config.middleware.MalformedInputMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.middleware.PrivatePageCacheMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "config.context_processors.platform",
            ],
            "builtins": ["tenants.accounts.templatetags.ui"],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# USERS -----------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
#: Failed logins (per e-mail address, and per client address) before the login is refused for a while.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_WINDOW_SECONDS = env_int("LOGIN_FAILURE_WINDOW_SECONDS", 15 * 60)
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 14)
#: Password reset e-mails per hour for one address, and reset requests per hour from one client.
PASSWORD_RESET_ADDRESS_LIMIT = env_int("PASSWORD_RESET_ADDRESS_LIMIT", 3)
PASSWORD_RESET_CLIENT_LIMIT = env_int("PASSWORD_RESET_CLIENT_LIMIT", 10)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Host-only cookies: a session of one member is never sent to another (docs/adr/0001-tenancy.md).
SESSION_COOKIE_DOMAIN = None
CSRF_COOKIE_DOMAIN = None

# I18N ------------------------------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True

# STATIC AND UPLOADED FILES ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT: Path | None = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Never served as a directory: files go out through views that check the requester's rights.
MEDIA_URL = "/files/"
STORAGES = {
    "default": {"BACKEND": "core.storage.MemberFileStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
#: Public complaint forms one client may submit per member in ten minutes.
COMPLAINT_FORM_RATE_LIMIT = env_int("COMPLAINT_FORM_RATE_LIMIT", 5)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# CACHES ----------------------------------------------------------------------------------------
# Every alias uses the tenant-aware key function: the same key never reaches another member.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_FUNCTION": "django_tenants.cache.make_key",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "KEY_FUNCTION": "django_tenants.cache.make_key",
        }
    }

# E-MAIL ----------------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
EMAIL_FILE_PATH = str(VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", f"noreply@{PLATFORM_DOMAIN}")
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 6)
#: First retry after a temporary failure; each further one waits twice as long (at most an hour).
OUTBOX_RETRY_BASE_SECONDS = env_int("OUTBOX_RETRY_BASE_SECONDS", 30)
#: A message still pending this long after it was stored counts as lost by the broker; the sweep
#: (every 30 seconds) queues it again (docs/adr/0005-outbox-delivery.md).
OUTBOX_LOST_TASK_SECONDS = env_int("OUTBOX_LOST_TASK_SECONDS", 30)
#: How long a worker's claim on a message lasts; longer than a whole SMTP exchange (EMAIL_TIMEOUT
#: per step). A worker that died mid-send leaves the claim to expire, then the sweep re-sends.
OUTBOX_CLAIM_SECONDS = env_int("OUTBOX_CLAIM_SECONDS", 120)

# CELERY ----------------------------------------------------------------------------------------
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_BROKER_TRANSPORT_OPTIONS: dict = {}
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND") or None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 10 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 9 * 60
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "wederhoor")
CELERY_TASK_TENANT_CACHE_SECONDS = 30
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "pool-refill": {"task": "members.pool_refill", "schedule": 5 * 60},
    "outbox-sweep": {"task": "outbox.sweep_all", "schedule": 30},
    "login-attempts-prune": {"task": "accounts.prune_login_attempts_all", "schedule": 24 * 60 * 60},
    # Every morning at 07:00 Amsterdam time: reminders about due and overdue complaints.
    "complaint-reminders": {"task": "complaints.send_reminders_all", "schedule": crontab(hour=7, minute=0)},
    # Commission (public schema): fee, file and written-round reminders; overdue compliance.
    "case-reminders": {"task": "cases.send_reminders", "schedule": crontab(hour=7, minute=15)},
    "ruling-compliance-overdue": {"task": "rulings.compliance_flag_overdue", "schedule": crontab(hour=6, minute=30)},
    # Commission: certificates for the members that are due and pass the criteria.
    "certificates-issue": {"task": "certification.issue_due", "schedule": crontab(hour=4, minute=15)},
}
#: Seconds over which a periodic fan-out spreads its per-member tasks.
FAN_OUT_JITTER_SECONDS = env_int("FAN_OUT_JITTER_SECONDS", 60)

# API -------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # A token per user for integrations (tokens live in the user's schema), the session for the
    # browser. The token comes first so that a request without valid credentials gets 401 with
    # ``WWW-Authenticate: Token`` (sessions have no authentication header, which would make it 403).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "core.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_METADATA_CLASS": "core.api.parsers.Metadata",
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "core.api.base.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Wederhoor API",
    "DESCRIPTION": "Complaint handling for members and the commission.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the installed package, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# SECURITY --------------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# LOGGING ---------------------------------------------------------------------------------------
LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"tenant_context": {"()": "django_tenants.log.TenantContextFilter"}},
    "formatters": {
        "keyvalue": {"format": "%(asctime)s %(levelname)s %(name)s schema=%(schema_name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["tenant_context"], "formatter": "keyvalue"},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # The file-system broker has no host name; kombu warns about that on every connection.
        "kombu.connection": {"level": "ERROR"},
    },
}
