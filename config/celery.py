"""The Celery app (tenant-aware, from tenant-schemas-celery): the schema travels in the
``_schema_name`` header of every task.

``config/__init__.py`` loads it when Django starts, so the ``shared_task``s of every app bind to it.
Sending work (``core.background``), member tasks and their fan-out (``tenants.members.tasking``) live
with the code that uses them; docs/adr/0002-background-work.md has the rules. The worker and beat get
``DJANGO_SETTINGS_MODULE`` from their environment (`make run` and the deploy files set it).
"""

from __future__ import annotations

from tenant_schemas_celery.app import CeleryApp

app = CeleryApp("wederhoor")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
