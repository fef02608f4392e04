"""Reading the member's complaints regulation: its versions and the text as shown, with the terms
filled in from the regulation's settings (their one source)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.urls import reverse

from tenants.complaints.services import regulation_get
from tenants.members.links import absolute_url, base_url_for_host, current_organisation
from tenants.office.services import profile_get

from .models import RegulationVersion
from .sections import SECTIONS, fill, phrase, term_text


@dataclass(frozen=True)
class ShownSection:
    key: str
    title: str
    text: str


def version_list() -> QuerySet[RegulationVersion]:
    return RegulationVersion.objects.order_by("-number")


def version_get(uuid: UUID | str) -> RegulationVersion | None:
    try:
        return RegulationVersion.objects.filter(uuid=uuid).first()
    except ValidationError:  # not a UUID
        return None


def draft_get() -> RegulationVersion | None:
    return RegulationVersion.objects.filter(status=RegulationVersion.Status.DRAFT).first()


def current_version() -> RegulationVersion | None:
    """The version in force: the latest published one."""
    return RegulationVersion.objects.filter(status=RegulationVersion.Status.PUBLISHED).order_by("-number").first()


def placeholder_values(language: str) -> dict[str, str]:
    """What the placeholders stand for now: the terms from the regulation's settings, the member's
    contact details from its profile."""
    regulation = regulation_get()
    profile = profile_get()
    organisation = current_organisation()
    extension = regulation.extension_term
    return {
        "organisation": organisation.legal_name if organisation is not None else "",
        "acknowledgment_term": term_text(regulation.acknowledgment_term, language),
        "handling_term": term_text(regulation.handling_term, language),
        "extension_rule": (
            phrase(language, "no_extension")
            if extension is None
            else phrase(language, "extension") % {"term": term_text(extension, language)}
        ),
        "complaint_form_url": absolute_url(reverse("complaints_public:form")),
        "complaints_email": profile.complaints_email or phrase(language, "no_email"),
        "complaints_phone": profile.complaints_phone or phrase(language, "no_phone"),
        "commission_name": settings.COMMISSION_NAME,
        "commission_url": base_url_for_host(settings.PLATFORM_DOMAIN) + "/",
    }


def shown_sections(version: RegulationVersion) -> list[ShownSection]:
    """The sections of ``version`` as the reader sees them, placeholders filled in (plain text: the
    page escapes it)."""
    values = placeholder_values(version.language)
    shown = []
    for section in SECTIONS:
        text = str(version.sections.get(section.key, "")).strip()
        if text:
            shown.append(ShownSection(key=section.key, title=section.title(version.language), text=fill(text, values)))
    return shown
