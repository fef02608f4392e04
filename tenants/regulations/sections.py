"""The sections of a complaints regulation, the sector models they start from and the placeholders
that bring in the terms.

The model texts are templates (``templates/regulations/model/<language>/<section>.txt``, with a
``<section>.<model>.txt`` variant where a sector differs), read as plain text: an owner edits them,
so they are never run as Django templates. Placeholders are filled in by ``fill`` with plain,
escaped-on-output strings.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template import TemplateDoesNotExist
from django.template.loader import select_template
from django.utils.translation import gettext_lazy as _

from core.deadlines import Term, TermUnit


@dataclass(frozen=True)
class Section:
    key: str
    titles: dict[str, str]  # per language of the document

    def title(self, language: str) -> str:
        return self.titles.get(language) or self.titles["nl"]


# The document's own words, in the language of the version (not the reader's interface language).
SECTIONS: tuple[Section, ...] = (
    Section("scope", {"nl": "Wat is een klacht", "en": "What is a complaint"}),
    Section("filing", {"nl": "Hoe en waar dient u een klacht in", "en": "How and where to file a complaint"}),
    Section("filing_term", {"nl": "Wanneer dient u een klacht in", "en": "When to file"}),
    Section("handler", {"nl": "Wie behandelt uw klacht", "en": "Who handles your complaint"}),
    Section("terms", {"nl": "Ontvangstbevestiging en behandeltermijn", "en": "Acknowledgment and handling terms"}),
    Section("decision", {"nl": "Onze beslissing en hoe u die hoort", "en": "Our decision and how you hear it"}),
    Section("hearing", {"nl": "Hoor en wederhoor", "en": "Hearing both sides"}),
    Section("compensation", {"nl": "Vergoeding", "en": "Compensation"}),
    Section("appeal", {"nl": "Heroverweging binnen onze organisatie", "en": "Internal appeal"}),
    Section("escalation", {"nl": "Naar de geschillencommissie", "en": "Taking the complaint to the commission"}),
    Section("privacy", {"nl": "Vertrouwelijkheid en persoonsgegevens", "en": "Confidentiality and personal data"}),
    Section("records", {"nl": "Registratie en bewaren", "en": "Record keeping"}),
)
SECTION_KEYS = tuple(section.key for section in SECTIONS)

#: The sector models (docs/procedure/first-line.md, "What a complaint is"); care follows the Wkkgz.
MODELS: dict[str, object] = {
    "general": _("General"),
    "care": _("Care (Wkkgz)"),
    "webshop": _("Online shop"),
    "building": _("Building"),
    "financial": _("Financial services"),
    "energy": _("Energy"),
    "travel": _("Travel"),
}
LANGUAGES = ("nl", "en")

PLACEHOLDERS: dict[str, object] = {
    "organisation": _("your organisation's name"),
    "acknowledgment_term": _("the acknowledgment term"),
    "handling_term": _("the handling term"),
    "extension_rule": _("the sentence on the one extension (or that there is none)"),
    "complaint_form_url": _("address of your complaint form"),
    "complaints_email": _("e-mail address for complaints"),
    "complaints_phone": _("phone number for complaints"),
    "commission_name": _("name of the commission"),
    "commission_url": _("address of the commission's site"),
}

_PLACEHOLDER = re.compile(r"{{\s*([a-z_]+)\s*}}")
#: A term written out in the text ("6 weken", "14 days") instead of a placeholder.
_WRITTEN_TERM = re.compile(
    r"\b\d+\s*(werkdag(en)?|kalenderdag(en)?|dag(en)?|we(e|)k(en)?|maand(en)?|working\s+days?|calendar\s+days?|"
    r"days?|weeks?|months?)\b",
    re.IGNORECASE,
)


#: Sector codes (``tenants.members.sectors``) whose model has another name.
SECTOR_MODELS = {"webshops": "webshop"}


def model_for_sector(sector_code: str | None) -> str:
    """The model a member of ``sector_code`` starts from (the general one when there is none)."""
    model = SECTOR_MODELS.get(sector_code or "", sector_code or "")
    return model if model in MODELS else "general"


def model_text(model: str, section: str, language: str) -> str:
    """The model text of one section: the sector's variant when there is one, else the general text."""
    language = language if language in LANGUAGES else "nl"
    names = [f"regulations/model/{language}/{section}.{model}.txt", f"regulations/model/{language}/{section}.txt"]
    try:
        template = select_template(names)
    except TemplateDoesNotExist:
        return ""
    # The source, not a rendering: the placeholders stay for the owner to see and keep.
    return str(template.template.source).strip()


def model_sections(model: str, language: str) -> dict[str, str]:
    return {key: model_text(model, key, language) for key in SECTION_KEYS}


def validate_section_text(text: str) -> None:
    """Refuse unknown placeholders and terms written out as numbers: the terms have one source, the
    regulation's settings, and reach the text only through their placeholders."""
    unknown = sorted({name for name in _PLACEHOLDER.findall(text) if name not in PLACEHOLDERS})
    if unknown:
        raise ValidationError(_("Unknown placeholder: %(names)s") % {"names": ", ".join(unknown)})
    written = _WRITTEN_TERM.search(text)
    if written:
        raise ValidationError(
            _(
                "Write terms with their placeholder (for example {{ handling_term }}), not as “%(term)s”: "
                "the terms come from your regulation's settings."
            )
            % {"term": written.group(0)}
        )


_UNIT_WORDS: dict[str, dict[TermUnit, tuple[str, str]]] = {
    "nl": {
        TermUnit.WORKING_DAYS: ("werkdag", "werkdagen"),
        TermUnit.CALENDAR_DAYS: ("kalenderdag", "kalenderdagen"),
        TermUnit.WEEKS: ("week", "weken"),
        TermUnit.MONTHS: ("maand", "maanden"),
    },
    "en": {
        TermUnit.WORKING_DAYS: ("working day", "working days"),
        TermUnit.CALENDAR_DAYS: ("calendar day", "calendar days"),
        TermUnit.WEEKS: ("week", "weeks"),
        TermUnit.MONTHS: ("month", "months"),
    },
}

#: Sentences the placeholders stand for, in the document's language.
PHRASES: dict[str, dict[str, str]] = {
    "nl": {
        "extension": "Lukt dat niet, dan kunnen wij deze termijn één keer verlengen, met ten hoogste %(term)s. U hoort "
        "dan vooraf waarom, en wanneer u ons antwoord krijgt.",
        "no_extension": "Deze termijn wordt niet verlengd.",
        "no_email": "(geen e-mailadres opgegeven)",
        "no_phone": "(geen telefoonnummer opgegeven)",
    },
    "en": {
        "extension": "If we need more time, we may extend this term once, by at most %(term)s; we tell you "
        "beforehand why, and by when you will have our answer.",
        "no_extension": "This term is not extended.",
        "no_email": "(no e-mail address given)",
        "no_phone": "(no phone number given)",
    },
}


def term_text(term: Term, language: str) -> str:
    """``term`` in the words of ``language`` ("5 werkdagen", "1 week")."""
    singular, plural = _UNIT_WORDS.get(language, _UNIT_WORDS["nl"])[term.unit]
    return f"{term.amount} {singular if term.amount == 1 else plural}"


def phrase(language: str, key: str) -> str:
    return PHRASES.get(language, PHRASES["nl"])[key]


def fill(text: str, values: Mapping[str, str]) -> str:
    """``text`` with its placeholders replaced by ``values`` (unknown ones are left as they are)."""
    return _PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), text)
