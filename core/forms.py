"""Form plumbing shared by the pages of every app."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from core.uploads import CheckedUpload, check_uploads


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError on a form: errors of a field the form has on that field,
    everything else at the top of the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# Date, time and number inputs -------------------------------------------------------------------
#
# A browser accepts only one format in the value of <input type="date|time|datetime-local|number">,
# the ISO 8601 / HTML one, whatever the language of the page; it drops any other value, so the
# field shows empty and an untouched form is saved without it. Django's DateInput, TimeInput and
# DateTimeInput render the first *_INPUT_FORMATS of the active language (15-10-2026 in Dutch), so
# the typed inputs below fix the format. Numbers need no widget of their own: NumberInput renders
# the value as Python writes it (1234.50) as long as the field is not ``localize=True``, which a
# number input never is (tests/test_form_roundtrip.py walks every form for both).


def _with_seconds(value: datetime.time | datetime.datetime) -> bool:
    return bool(value.second or value.microsecond)


class DateInput(forms.DateInput):
    """``<input type="date">`` with the value as 2026-10-15 in every language."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    """``<input type="time">`` with the value as 09:30, or 09:30:15 when there are seconds (which
    then get a step of one second, so the browser accepts them)."""

    input_type = "time"

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, datetime.time):
            return value.strftime("%H:%M:%S" if _with_seconds(value) else "%H:%M")
        return super().format_value(value)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        if isinstance(value, datetime.time) and _with_seconds(value):
            context["widget"]["attrs"].setdefault("step", "1")
        return context


class DateTimeInput(forms.DateTimeInput):
    """``<input type="datetime-local">`` with the value as 2026-10-15T09:30 (local time; the field
    converts from and to the current time zone), with seconds only when there are any."""

    input_type = "datetime-local"

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, datetime.datetime):
            return value.strftime("%Y-%m-%dT%H:%M:%S" if _with_seconds(value) else "%Y-%m-%dT%H:%M")
        return super().format_value(value)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        if isinstance(value, datetime.datetime) and _with_seconds(value):
            context["widget"]["attrs"].setdefault("step", "1")
        return context


# Length of texts ---------------------------------------------------------------------------------

#: A letter-length text: a complaint in the complainant's words, an answer, a note (about 8 pages).
LONG_TEXT = 20_000
#: A short explanation: a reason, a remedy asked, a promised action.
MEDIUM_TEXT = 5_000
#: A search or a one-line entry.
SHORT_TEXT = 200


def set_max_length(field: forms.CharField, max_length: int) -> None:
    """Give a form field (typically one a ModelForm made from a ``TextField``) a maximum length:
    validated on the server and sent to the browser as ``maxlength``."""
    field.max_length = max_length
    field.validators.append(validators.MaxLengthValidator(max_length))
    field.widget.attrs.update(field.widget_attrs(field.widget))


def add_oversized_post_errors(form: forms.BaseForm, oversized: Any) -> None:
    """Show on a form that its post was larger than the server accepts
    (``config.request_limits.OversizedPost``): a message naming the limit at the top, and at each
    text that was cut off, unless that field already shows an error (usually its ``max_length``)."""
    form.errors  # noqa: B018 (validate first, so the errors below come on top of the form's own)
    message = _(
        "What you sent holds more than %(limit)s of text, more than this form accepts, so it was "
        "not sent. What fitted is below: shorten the texts marked and send again."
    ) % {"limit": filesizeformat(oversized.limit)}
    if oversized.had_files:
        message = f"{message} {_('Choose your files again.')}"
    form.add_error(None, message)
    for name in oversized.truncated:
        if name in form.fields and name not in form.errors:
            form.add_error(name, _("This text was cut off here: it is far longer than this field accepts."))


def limit_texts(form: forms.BaseForm, max_length: int) -> None:
    """``set_max_length`` on every text field of ``form`` that has no maximum yet."""
    for field in form.fields.values():
        if type(field) is forms.CharField and field.max_length is None:
            set_max_length(field, max_length)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by its content (``core.uploads.check_upload``)."""

    widget = MultipleFileInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[CheckedUpload]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        return check_uploads(files)
