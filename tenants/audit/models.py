"""The audit trail: one append-only table in every schema (public for the commission, one per member).

Rows are never updated or deleted: a database trigger refuses both (see migration 0002).
"""

from __future__ import annotations

import uuid

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    occurred_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    event_type = models.CharField(_("event"), max_length=80, db_index=True)
    # No foreign key: the trail outlives the users it names, and rows never change.
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_label = models.CharField(_("who"), max_length=254, blank=True)
    target_type = models.CharField(max_length=80, blank=True)
    target_id = models.CharField(max_length=64, blank=True, db_index=True)
    target_label = models.CharField(_("what"), max_length=254, blank=True)
    data = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.event_type} {self.target_label}"
