"""What the member's staff write about a complaint: internal notes (never shown to the complainant)
and clarifications beside the complainant's own words (docs/procedure/first-line.md, "Registering a
complaint")."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tenants.accounts.actors import Actor, actor_label

from .. import events
from ..models import Clarification, Complaint, Note


def note_add(*, complaint: Complaint, actor: Actor, body: str) -> Note:
    if not body.strip():
        raise ValidationError({"body": _("Write the note.")})
    with transaction.atomic():
        note = Note.objects.create(
            complaint=complaint, body=body.strip(), author=actor, author_label=actor_label(actor)
        )
        events.note_added_event(complaint=complaint, actor=actor)
    return note


def clarification_add(*, complaint: Complaint, actor: Actor, body: str) -> Clarification:
    """Add the organisation's clarification of a complaint. It is shown beside the complainant's own
    words, labelled as the organisation's, and goes with the complaint to the commission; the
    complainant's words themselves never change."""
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write the clarification.")})
    with transaction.atomic():
        complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
        clarification = Clarification.objects.create(
            complaint=complaint, body=body, author=actor, author_label=actor_label(actor)
        )
        events.clarification_added_event(complaint=complaint, actor=actor, clarification=clarification)
        complaint.save(update_fields=["updated_at"])
    return clarification
