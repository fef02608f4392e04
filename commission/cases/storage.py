"""Commission files (copies of escalated attachments, submissions, rulings) live in the public
schema's folder whatever schema the connection is in: an escalation runs in the member's schema but
writes the commission's copy."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class CommissionFileStorage(FileSystemStorage):
    @property
    def base_location(self):
        return os.path.join(settings.MEDIA_ROOT, "public")

    @property
    def location(self):
        return os.path.abspath(self.base_location)


commission_storage = CommissionFileStorage()
