"""Development: `make run`. Embedded PostgreSQL and broker when DATABASE_URL / CELERY_BROKER_URL are unset."""

from core.env import env_bool, env_str, run_port
from devtools import embedded, signing_keys

from .base import *  # noqa: F403
from .base import CELERY_BROKER_URL, COMMISSION_NAME, PDF_SIGNING_KEY_FILE, VAR_DIR, database_settings

DEBUG = env_bool("DJANGO_DEBUG", True)
# Never a key from the source: one made for this installation on first start (var/secret_key).
SECRET_KEY = env_str("DJANGO_SECRET_KEY") or embedded.installation_secret()
# PDFs are signed with a self-signed pair made on first start (var/signing/) unless the environment
# names a key (docs/adr/0008-signed-pdfs.md).
if not PDF_SIGNING_KEY_FILE:
    _signing_key, _signing_cert = signing_keys.self_signed_pair(VAR_DIR / "signing", common_name=COMMISSION_NAME)
    PDF_SIGNING_KEY_FILE, PDF_SIGNING_CERT_FILE, PDF_SIGNING_KEY_PASSWORD = str(_signing_key), str(_signing_cert), ""
# The commission's bank account on fee invoices: a fictitious example unless the environment names one.
COMMISSION_IBAN = env_str("COMMISSION_IBAN", "NL20INGB0001234567")
COMMISSION_BIC = env_str("COMMISSION_BIC", "INGBNL2A")
# Links in e-mails and on pages carry the port the server runs on (RUN_ADDRESS), unless a proxy in
# front of it makes PLATFORM_PORT another one.
PLATFORM_PORT = env_str("PLATFORM_PORT", run_port())
ALLOWED_HOSTS = ALLOWED_HOSTS + ["localhost", "127.0.0.1"]  # noqa: F405
DATABASES = database_settings(embedded.database_url)
# The launcher's companions: demo data (load_demo) and the benchmarks (bench).
INSTALLED_APPS = INSTALLED_APPS + ["devtools"]  # noqa: F405
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405

if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = embedded.broker_url()
    CELERY_BROKER_TRANSPORT_OPTIONS = embedded.broker_transport_options()
