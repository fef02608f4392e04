"""Form plumbing shared by the pages of every app."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(form, exc: ValidationError) -> None:
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


def _with_seconds(value) -> bool:
    return bool(value.second or value.microsecond)


class DateInput(forms.DateInput):
    """``<input type="date">`` with the value as 2026-10-15 in every language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    """``<input type="time">`` with the value as 09:30, or 09:30:15 when there are seconds (which
    then get a step of one second, so the browser accepts them)."""

    input_type = "time"

    def format_value(self, value):
        if isinstance(value, datetime.time):
            return value.strftime("%H:%M:%S" if _with_seconds(value) else "%H:%M")
        return super().format_value(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if isinstance(value, datetime.time) and _with_seconds(value):
            context["widget"]["attrs"].setdefault("step", "1")
        return context


class DateTimeInput(forms.DateTimeInput):
    """``<input type="datetime-local">`` with the value as 2026-10-15T09:30 (local time; the field
    converts from and to the current time zone), with seconds only when there are any."""

    input_type = "datetime-local"

    def format_value(self, value):
        if isinstance(value, datetime.datetime):
            return value.strftime("%Y-%m-%dT%H:%M:%S" if _with_seconds(value) else "%Y-%m-%dT%H:%M")
        return super().format_value(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if isinstance(value, datetime.datetime) and _with_seconds(value):
            context["widget"]["attrs"].setdefault("step", "1")
        return context
