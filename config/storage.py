"""File storage for uploads: one folder per schema, never served as a directory."""

from __future__ import annotations

import os

from django.conf import settings
from django_tenants.files.storage import TenantFileSystemStorage


class MemberFileStorage(TenantFileSystemStorage):
    """``MEDIA_ROOT/<schema>/...`` like django-tenants' storage, but reading ``MEDIA_ROOT`` on every
    access: the parent caches it for the life of the process and its cache is never cleared when the
    setting changes (its reset hook passes the settings object instead of the setting's name)."""

    @property
    def relative_media_root(self) -> str:
        relative = getattr(settings, "MULTITENANT_RELATIVE_MEDIA_ROOT", None)
        return os.path.join(settings.MEDIA_ROOT, relative) if relative else str(settings.MEDIA_ROOT)
