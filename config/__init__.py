"""The project package: settings, URL configurations, middleware, the Celery app and the launcher.

Named ``config`` rather than ``platform``: a top-level ``platform`` package would shadow the standard
library's ``platform`` module (see README). ``celery -A config`` finds the app in ``config.celery``.
"""
