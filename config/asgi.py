# Kept for tooling only: tenant views stay synchronous and are served over WSGI, because the ORM's
# async methods run in a thread without the tenant's search_path (django-tenants issue #1168).
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_asgi_application()
