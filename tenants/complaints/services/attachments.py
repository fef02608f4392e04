"""Files of a complaint: what the complainant sends with the complaint or later, and what staff add
(shared with the complainant or not)."""

from __future__ import annotations

from typing import Any, cast

from django.core.files import File
from django.db import transaction

from core.uploads import CheckedUpload
from tenants.accounts.actors import Actor, actor_label

from .. import events
from ..models import Attachment, Complaint


def store_attachment(*, complaint: Complaint, checked: CheckedUpload, source: str, actor: Actor) -> Attachment:
    """Store one checked file with the complaint (inside the caller's transaction); without an actor it
    came from the complainant and carries their name."""
    attachment = Attachment(
        complaint=complaint,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        source=source,
        uploaded_by_label=actor_label(actor) if actor is not None else complaint.complainant_name,
    )
    attachment.file.save(checked.name, cast("File[Any]", checked.upload), save=False)
    attachment.save()
    events.attachment_added_event(complaint=complaint, actor=actor, attachment=attachment)
    return attachment


def attachment_add(
    *, complaint: Complaint, actor: Actor, checked: CheckedUpload, shared_with_complainant: bool = False
) -> Attachment:
    with transaction.atomic():
        attachment = store_attachment(complaint=complaint, checked=checked, source=Attachment.Source.STAFF, actor=actor)
        if attachment.shared_with_complainant != shared_with_complainant:
            attachment.shared_with_complainant = shared_with_complainant
            attachment.save(update_fields=["shared_with_complainant"])
    return attachment
