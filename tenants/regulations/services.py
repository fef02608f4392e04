"""Writing and publishing the member's complaints regulation: drafts the owner personalises section by
section, published versions that never change (docs/procedure/first-line.md, "What a complaint is")."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from tenants.accounts.actors import Actor, actor_label
from tenants.audit.services import audit_record

from .models import RegulationVersion
from .sections import LANGUAGES, MODELS, SECTION_KEYS, model_sections, validate_section_text
from .selectors import current_version

PUBLISHED_IS_FIXED = "a published regulation version is immutable"


def _refuse_published(version: RegulationVersion) -> None:
    if version.is_published:
        raise ValidationError(_("This version is published and can no longer be changed. Start a new draft."))


def version_start_draft(
    *, actor: Actor, source: str, model: str = "general", language: str = "nl"
) -> RegulationVersion:
    """A new draft, filled from the sector ``model`` (``source="model"``) or from the current published
    version (``source="current"``). There is one draft at a time."""
    with transaction.atomic():
        # Two owners starting at once: the unique number and the one-draft constraint refuse the second.
        versions = RegulationVersion.objects.all()
        if versions.filter(status=RegulationVersion.Status.DRAFT).exists():
            raise ValidationError(_("There is already a draft. Edit it, publish it or discard it first."))
        if source == "current":
            current = current_version()
            if current is None:
                raise ValidationError(_("No version is published yet: start from a model."))
            model, language, sections = current.model, current.language, dict(current.sections)
        elif source == "model":
            if model not in MODELS:
                raise ValidationError(_("Choose one of the models."))
            language = language if language in LANGUAGES else "nl"
            sections = model_sections(model, language)
        else:
            raise ValidationError(_("Choose where the draft starts from."))
        number = (versions.aggregate(highest=Max("number"))["highest"] or 0) + 1
        version = RegulationVersion.objects.create(number=number, model=model, language=language, sections=sections)
        audit_record(event_type="regulation.draft_started", actor=actor, target=version, data={"source": source})
    return version


def version_update_section(*, version: RegulationVersion, key: str, text: str, actor: Actor) -> RegulationVersion:
    """Change the text of one section of a draft."""
    if key not in SECTION_KEYS:
        raise ValidationError(_("Unknown section."))
    text = text.strip().replace("\r\n", "\n")
    validate_section_text(text)
    with transaction.atomic():
        version = RegulationVersion.objects.select_for_update().get(pk=version.pk)
        _refuse_published(version)
        version.sections = {**version.sections, key: text}
        version.save(update_fields=["sections", "updated_at"])
        audit_record(event_type="regulation.section_edited", actor=actor, target=version, data={"section": key})
    return version


def version_publish(*, version: RegulationVersion, actor: Actor) -> RegulationVersion:
    """Publish a draft: from now on it is the member's regulation, and it never changes."""
    with transaction.atomic():
        version = RegulationVersion.objects.select_for_update().get(pk=version.pk)
        _refuse_published(version)
        for key in SECTION_KEYS:
            validate_section_text(version.sections.get(key, ""))
        if not any(str(version.sections.get(key, "")).strip() for key in SECTION_KEYS):
            raise ValidationError(_("The draft is empty."))
        version.status = RegulationVersion.Status.PUBLISHED
        version.published_at = timezone.now()
        version.published_by = actor
        version.published_by_label = actor_label(actor)
        version.save(update_fields=["status", "published_at", "published_by", "published_by_label", "updated_at"])
        audit_record(event_type="regulation.published", actor=actor, target=version, data={"number": version.number})
    return version


def version_discard(*, version: RegulationVersion, actor: Actor) -> None:
    """Throw a draft away (a published version stays)."""
    with transaction.atomic():
        version = RegulationVersion.objects.select_for_update().get(pk=version.pk)
        _refuse_published(version)
        audit_record(event_type="regulation.draft_discarded", actor=actor, target=version)
        version.delete()
