"""Settings of a Celery worker that a test runs as a separate process: the test settings, the test
process's database (``DATABASE_URL``), a queue of its own and real SMTP to the test's sink."""

from config.settings.test import *  # noqa: F403
from core.env import env_int, env_str

CELERY_TASK_DEFAULT_QUEUE = env_str("WORKER_QUEUE", required=True)
CELERY_TASK_ACKS_LATE = True
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_TIMEOUT = 5
