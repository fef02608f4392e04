"""The composition root: settings, URL configurations, routing and health middleware, the Celery app.

Named ``config`` rather than ``platform``: a top-level ``platform`` package would shadow the standard
library's ``platform`` module (see README). ``celery -A config`` finds the app in ``config.celery``;
it is loaded here so that every ``shared_task`` binds to it.
"""

from .celery import app as celery_app

__all__ = ("celery_app",)
