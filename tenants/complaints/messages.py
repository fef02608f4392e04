"""Wording of the messages sent to complainants: defaults per language, overridable per member.

Templates are plain text with ``{{ placeholders }}`` and ``{% if %}`` blocks only; the context holds
plain strings, so a template can show data but not reach into objects.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import models
from django.dispatch import Signal
from django.template import Context, Template, TemplateSyntaxError
from django.utils.translation import gettext_lazy as _

from .models import MessageTemplate


class MessageKey(models.TextChoices):
    ACKNOWLEDGMENT = "acknowledgment", _("Acknowledgment")
    PROGRESS = "progress", _("Progress update")
    EXTENSION = "extension", _("Extension notice")
    FINAL_ANSWER = "final_answer", _("Final answer")
    STATUS_LINK = "status_link", _("New status link")


PLACEHOLDERS = {
    "complainant_name": _("name of the complainant"),
    "reference": _("reference number"),
    "organisation": _("your organisation's name"),
    "received_date": _("date the complaint was received"),
    "due_date": _("date the answer is due"),
    "status_link": _("personal link to the status page"),
    "text": _("what the handler writes"),
    "extension_reason": _("reason for the extension"),
    "new_due_date": _("new date the answer is due"),
    "findings": _("findings"),
    "actions_taken": _("actions taken"),
    "recommendations": _("recommendations"),
    "outcome": _("outcome"),
    "commission_name": _("name of the commission"),
    "commission_url": _("address of the commission's site"),
    "handler_name": _("name of the handler"),
    "regulation_url": _("address of your published complaints regulation"),
}

#: Asked for the address of the member's published complaints regulation; the regulations app answers
#: (it builds on this app, so this app cannot import it). No answer, or "": nothing is published.
regulation_link_requested = Signal()


def regulation_url() -> str:
    for _receiver, answer in regulation_link_requested.send(sender=None):
        if answer:
            return str(answer)
    return ""


_SIGNATURE_NL = "Met vriendelijke groet,\n{{ handler_name }}\n{{ organisation }}"
_SIGNATURE_EN = "Kind regards,\n{{ handler_name }}\n{{ organisation }}"

DEFAULTS: dict[tuple[str, str], tuple[str, str]] = {
    (MessageKey.ACKNOWLEDGMENT, "nl"): (
        "Ontvangstbevestiging van uw klacht {{ reference }}",
        "Beste {{ complainant_name }},\n\nWij hebben uw klacht op {{ received_date }} ontvangen en geregistreerd "
        "onder nummer {{ reference }}. Dank dat u de moeite neemt ons te informeren.\n\nU krijgt uiterlijk "
        "{{ due_date }} een inhoudelijke reactie. Via deze persoonlijke link volgt u de behandeling en kunt u "
        "informatie toevoegen:\n{{ status_link }}\n\n"
        "{% if regulation_url %}Onze klachtenregeling: {{ regulation_url }}\n\n{% endif %}" + _SIGNATURE_NL,
    ),
    (MessageKey.ACKNOWLEDGMENT, "en"): (
        "We received your complaint {{ reference }}",
        "Dear {{ complainant_name }},\n\nWe received your complaint on {{ received_date }} and registered it under "
        "number {{ reference }}. Thank you for taking the trouble to tell us.\n\nYou will receive our answer by "
        "{{ due_date }} at the latest. With this personal link you can follow the handling and add "
        "information:\n{{ status_link }}\n\n"
        "{% if regulation_url %}Our complaints regulation: {{ regulation_url }}\n\n{% endif %}" + _SIGNATURE_EN,
    ),
    (MessageKey.PROGRESS, "nl"): (
        "Voortgang van uw klacht {{ reference }}",
        "Beste {{ complainant_name }},\n\n{{ text }}\n\nU volgt de behandeling via {{ status_link }}\n\n"
        + _SIGNATURE_NL,
    ),
    (MessageKey.PROGRESS, "en"): (
        "Progress of your complaint {{ reference }}",
        "Dear {{ complainant_name }},\n\n{{ text }}\n\nFollow the handling at {{ status_link }}\n\n" + _SIGNATURE_EN,
    ),
    (MessageKey.EXTENSION, "nl"): (
        "Meer tijd nodig voor uw klacht {{ reference }}",
        "Beste {{ complainant_name }},\n\nHet lukt ons niet uw klacht voor {{ due_date }} af te handelen. "
        "De reden: {{ extension_reason }}\n\nU ontvangt onze reactie uiterlijk {{ new_due_date }}.\n\n"
        "U volgt de behandeling via {{ status_link }}\n\n" + _SIGNATURE_NL,
    ),
    (MessageKey.EXTENSION, "en"): (
        "We need more time for your complaint {{ reference }}",
        "Dear {{ complainant_name }},\n\nWe cannot complete the handling of your complaint by {{ due_date }}. "
        "The reason: {{ extension_reason }}\n\nYou will receive our answer by {{ new_due_date }} at the latest.\n\n"
        "Follow the handling at {{ status_link }}\n\n" + _SIGNATURE_EN,
    ),
    (MessageKey.FINAL_ANSWER, "nl"): (
        "Ons antwoord op uw klacht {{ reference }}",
        "Beste {{ complainant_name }},\n\nHierbij ontvangt u ons schriftelijke antwoord op uw klacht "
        "{{ reference }}.\n\n{{ text }}\n\n{% if findings %}Wat wij hebben vastgesteld:\n{{ findings }}\n\n{% endif %}"
        "{% if actions_taken %}Wat wij hebben gedaan:\n{{ actions_taken }}\n\n{% endif %}"
        "{% if recommendations %}Wat wij voortaan anders doen:\n{{ recommendations }}\n\n{% endif %}"
        "Bent u het niet eens met deze afhandeling? Dan kunt u uw klacht voorleggen aan {{ commission_name }} "
        "({{ commission_url }}). Dat kan via uw statuspagina: {{ status_link }}\n\n"
        "{% if regulation_url %}Onze klachtenregeling: {{ regulation_url }}\n\n{% endif %}" + _SIGNATURE_NL,
    ),
    (MessageKey.FINAL_ANSWER, "en"): (
        "Our answer to your complaint {{ reference }}",
        "Dear {{ complainant_name }},\n\nThis is our written answer to your complaint {{ reference }}.\n\n"
        "{{ text }}\n\n{% if findings %}What we found:\n{{ findings }}\n\n{% endif %}"
        "{% if actions_taken %}What we did:\n{{ actions_taken }}\n\n{% endif %}"
        "{% if recommendations %}What we will do differently:\n{{ recommendations }}\n\n{% endif %}"
        "Do you disagree with how we handled it? You can take your complaint to {{ commission_name }} "
        "({{ commission_url }}), from your status page: {{ status_link }}\n\n"
        "{% if regulation_url %}Our complaints regulation: {{ regulation_url }}\n\n{% endif %}" + _SIGNATURE_EN,
    ),
    (MessageKey.STATUS_LINK, "nl"): (
        "Uw link naar klacht {{ reference }}",
        "Beste {{ complainant_name }},\n\nU vroeg om een nieuwe link naar uw klacht {{ reference }}:\n"
        "{{ status_link }}\n\nEerdere links werken niet meer.\n\n" + _SIGNATURE_NL,
    ),
    (MessageKey.STATUS_LINK, "en"): (
        "Your link to complaint {{ reference }}",
        "Dear {{ complainant_name }},\n\nYou asked for a new link to your complaint {{ reference }}:\n"
        "{{ status_link }}\n\nEarlier links no longer work.\n\n" + _SIGNATURE_EN,
    ),
}

_ALLOWED_TAG = re.compile(r"{%\s*(if\s+[a-z_]+|else|endif)\s*%}")


def validate_template_text(text: str) -> None:
    """Refuse anything but placeholders and ``if``/``else``/``endif`` blocks."""
    for tag in re.findall(r"{%.*?%}", text, flags=re.S):
        if not _ALLOWED_TAG.fullmatch(tag):
            raise ValidationError(
                _("Only {{ placeholders }} and {%% if %%} blocks may be used: %(tag)s") % {"tag": tag}
            )
    names = set()
    for expression in re.findall(r"{{(.*?)}}", text, flags=re.S):
        name = expression.strip()
        if not re.fullmatch(r"[a-z_]+", name):
            raise ValidationError(
                _("Only plain placeholders may be used, not “%(expression)s”.") % {"expression": name}
            )
        names.add(name)
    names.update(re.findall(r"{%\s*if\s+([a-z_]+)\s*%}", text))
    unknown = names - set(PLACEHOLDERS)
    if unknown:
        raise ValidationError(_("Unknown placeholder: %(names)s") % {"names": ", ".join(sorted(unknown))})
    try:
        Template(text)
    except TemplateSyntaxError as exc:
        raise ValidationError(_("The template cannot be read: %(error)s") % {"error": exc}) from exc


def template_for(key: str, language: str) -> tuple[str, str]:
    """The member's wording when it has one, otherwise the default (Dutch when the language is unknown)."""
    language = language if language in {"nl", "en"} else "nl"
    own = MessageTemplate.objects.filter(key=key, language=language).first()
    if own is not None:
        return own.subject, own.body
    return DEFAULTS[(key, language)]


def render(subject: str, body: str, context: Mapping[str, object]) -> tuple[str, str]:
    """Fill in a template with plain strings (no HTML escaping: messages are plain text)."""
    values = {name: str(value) for name, value in context.items()}
    rendered_subject = Template(subject).render(Context(values, autoescape=False))
    rendered_body = Template(body).render(Context(values, autoescape=False))
    return " ".join(rendered_subject.split()), rendered_body.strip() + "\n"


def render_message(key: str, language: str, context: Mapping[str, object]) -> tuple[str, str]:
    subject, body = template_for(key, language)
    return render(subject, body, context)
