"""What every stored upload records (complaint attachments, case documents): checked by content when
it arrived (``core.uploads``), sent back typed by its content (``core.storage``)."""

from __future__ import annotations

import uuid

from django.db import models


class StoredFile(models.Model):
    """A file as it was uploaded. A concrete model adds its ``file`` field (where it is stored) and
    what it belongs to."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by_label = models.CharField(max_length=254)

    file: models.FileField

    class Meta:
        abstract = True
