"""Versions of the member's written complaints regulation (docs/procedure/first-line.md, "What a
complaint is").

A version holds the owner's text per section; the terms are never part of it. The text names them
with placeholders, filled in from ``tenants.complaints.models.Regulation`` whenever it is shown, so
the terms have one source. A version is a draft until the owner publishes it; a published version
never changes (the service refuses, and so does a database trigger).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RegulationVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.PositiveIntegerField(_("version"), unique=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    model = models.CharField(_("model"), max_length=30)
    language = models.CharField(_("language"), max_length=5, default="nl")
    #: Section key -> the owner's text with ``{{ placeholders }}`` (``sections.SECTIONS``).
    sections = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_by_label = models.CharField(max_length=254, blank=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("regulation version")
        constraints = [
            models.UniqueConstraint(
                fields=["status"], condition=models.Q(status="draft"), name="regulation_version_one_draft"
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(published_at__isnull=False),
                name="regulation_version_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"v{self.number}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED
