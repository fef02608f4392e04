"""Every form gives back what it was given: a form rendered with a date, time, date-time or number
and posted back untouched (the way a browser does it) cleans to the same value, in Dutch and in
English. The forms are found by importing every app's ``forms`` module, so a new form is covered
without touching this file."""

from __future__ import annotations

import inspect
import re
from datetime import date, datetime, time
from decimal import Decimal
from html.parser import HTMLParser
from importlib import import_module
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.apps import apps
from django.http import QueryDict
from django.utils import translation

from tenants.accounts.roles import Role

PROJECT_PACKAGES = ("config.", "tenants.", "commission.")

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

# A day above 12 shows a day and month swapped; a thousand shows a thousands separator.
SAMPLES = {
    "minutes": {
        forms.DateTimeField: datetime(2026, 10, 15, 9, 30, tzinfo=AMSTERDAM),
        forms.DateField: date(2026, 10, 15),
        forms.TimeField: time(9, 30),
        forms.DecimalField: Decimal("1234.50"),
        forms.FloatField: 1234.5,
        forms.IntegerField: 1234,
    },
    "seconds": {
        forms.DateTimeField: datetime(2026, 3, 29, 14, 5, 45, tzinfo=AMSTERDAM),
        forms.DateField: date(2026, 3, 29),
        forms.TimeField: time(14, 5, 45),
        forms.DecimalField: Decimal("0.05"),
        forms.FloatField: 0.25,
        forms.IntegerField: 7,
    },
}

# Values for constructor arguments a form requires (a new required argument fails the test below
# until it is added here).
REQUIRED_ARGUMENTS = {
    "schema_name": "public",
    "domain": "wederhoor.example.org",
    "targets": ["acknowledged"],
    "user": None,
    "request": None,
}


# What a browser does with a page ----------------------------------------------------------------

_DATE = r"\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])"
_TIME = r"([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?"
_VALID = {
    "date": re.compile(rf"^{_DATE}$"),
    "time": re.compile(rf"^{_TIME}$"),
    "datetime-local": re.compile(rf"^{_DATE}[T ]{_TIME}$"),
    "number": re.compile(r"^-?(\d+(\.\d+)?|\.\d+)([eE][-+]?\d+)?$"),
    "month": re.compile(r"^\d{4,}-(0[1-9]|1[0-2])$"),
    "week": re.compile(r"^\d{4,}-W\d{2}$"),
}


def browser_value(input_type: str, value: str) -> str:
    """The value a browser keeps for an input (HTML's value sanitization algorithm): a value the
    input type does not accept is dropped, so the field shows empty and is submitted empty."""
    pattern = _VALID.get(input_type)
    if pattern is None:
        return value
    if not pattern.match(value):
        return ""
    if input_type == "datetime-local":
        # Normalised: "T" between date and time, and no ":00" seconds.
        value = value.replace(" ", "T")
        value = re.sub(r"T(\d{2}:\d{2}):00$", r"T\1", value)
    return value


class BrowserForms(HTMLParser):
    """The forms on a page and what a browser submits for each when nothing is touched."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self.outside: list[tuple[str, str]] = []
        self._open_form = False
        self._textarea: str | None = None
        self._text = ""
        self._select: dict | None = None
        self._option: dict | None = None

    @property
    def _current(self):
        return self.forms[-1] if self.forms and self._open_form else self.outside

    def handle_starttag(self, tag, attrs):
        attributes = {name: (value if value is not None else "") for name, value in attrs}
        name = attributes.get("name")
        if tag == "form":
            self.forms.append([])
            self._open_form = True
        elif tag == "input" and name and "disabled" not in attributes:
            kind = attributes.get("type", "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in attributes:
                    self._current.append((name, attributes.get("value", "on")))
            elif kind not in ("file", "submit", "button", "reset", "image"):
                self._current.append((name, browser_value(kind, attributes.get("value", ""))))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""
        elif tag == "select" and name:
            self._select = {"name": name, "multiple": "multiple" in attributes, "options": []}
        elif tag == "option" and self._select is not None:
            self._option = {"value": attributes.get("value"), "selected": "selected" in attributes, "text": ""}
            self._select["options"].append(self._option)

    def handle_data(self, data):
        if self._textarea is not None:
            self._text += data
        elif self._option is not None:
            self._option["text"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._open_form = False
        elif tag == "textarea" and self._textarea is not None:
            # A browser drops the newline right after <textarea> and submits line ends as CRLF;
            # Django's CharField gives CRLF back as typed, so keep plain newlines here.
            text = self._text[1:] if self._text.startswith("\n") else self._text
            self._current.append((self._textarea, text))
            self._textarea = None
        elif tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None:
            options = self._select["options"]
            chosen = [o for o in options if o["selected"]]
            if not chosen and options and not self._select["multiple"]:
                chosen = options[:1]
            for option in chosen:
                value = option["value"] if option["value"] is not None else option["text"].strip()
                self._current.append((self._select["name"], value))
            self._select = None


def submitted(html: str, *, containing: tuple[str, str] | None = None) -> QueryDict:
    """What a browser posts for the (first, or the one with the given name and value) form in
    ``html``, untouched. Without any <form>, the controls in ``html`` itself."""
    parser = BrowserForms()
    parser.feed(html)
    parser.close()
    candidates = parser.forms or [parser.outside]
    if containing:
        candidates = [f for f in candidates if containing in f]
    assert candidates, f"no form with {containing} on the page"
    data = QueryDict(mutable=True)
    for name, value in candidates[0]:
        data.appendlist(name, value)
    return data


# Every form of the project ----------------------------------------------------------------------


def project_forms() -> list[type[forms.BaseForm]]:
    import_module("core.forms")
    for app in apps.get_app_configs():
        if not app.name.startswith(PROJECT_PACKAGES):
            continue
        try:
            import_module(f"{app.name}.forms")
        except ModuleNotFoundError as missing:
            if missing.name != f"{app.name}.forms":
                raise
    found, todo = set(), [forms.BaseForm]
    while todo:
        for subclass in todo.pop().__subclasses__():
            if subclass not in found:
                found.add(subclass)
                todo.append(subclass)
    return sorted(
        (
            cls
            for cls in found
            if cls.__module__.startswith(PROJECT_PACKAGES)
            and not (
                issubclass(cls, forms.BaseModelForm) and getattr(getattr(cls, "Meta", None), "model", None) is None
            )
        ),
        key=lambda cls: f"{cls.__module__}.{cls.__qualname__}",
    )


FORMS = project_forms()


def _sample(field: forms.Field, samples: dict):
    for kind, value in samples.items():
        if isinstance(field, kind):
            break
    else:
        return None
    if isinstance(field, forms.IntegerField):
        # Within the field's bounds (min_value/max_value), with its number of decimals.
        if getattr(field, "max_value", None) is not None and value > field.max_value:
            value = type(value)(field.max_value)
        if getattr(field, "min_value", None) is not None and value < field.min_value:
            value = type(value)(field.min_value)
        if isinstance(field, forms.DecimalField) and field.decimal_places is not None:
            value = Decimal(value).quantize(Decimal(1).scaleb(-field.decimal_places))
    return value


def constructor_arguments(cls) -> dict:
    arguments = {}
    for name, parameter in inspect.signature(cls.__init__).parameters.items():
        if name == "self" or parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
            continue
        if parameter.default is parameter.empty:
            if name not in REQUIRED_ARGUMENTS:
                pytest.fail(f"{cls.__qualname__} needs {name!r}: add a value to REQUIRED_ARGUMENTS")
            arguments[name] = REQUIRED_ARGUMENTS[name]
    return arguments


def _unbound(cls, samples: dict):
    """The form as a page shows it: the ModelForm on an instance carrying the sample values, a
    plain form with them as initial values."""
    probe = cls(**constructor_arguments(cls))
    values = {name: _sample(field, samples) for name, field in probe.fields.items()}
    values = {name: value for name, value in values.items() if value is not None}
    initial, instance = {}, None
    if isinstance(probe, forms.BaseModelForm):
        instance = cls._meta.model()
        for name, value in values.items():
            if name in cls.declared_fields:
                initial[name] = value
            else:
                setattr(instance, name, value)
    else:
        initial = values
    extra = {"instance": instance} if instance is not None else {}
    return cls(**constructor_arguments(cls), initial=initial, **extra), values, extra


def test_every_form_is_found():
    names = {cls.__qualname__ for cls in FORMS}
    assert {"ComplaintEditForm", "PublicComplaintForm", "HearingDayForm", "PaymentForm", "RulingForm"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("form_class", FORMS, ids=lambda cls: f"{cls.__module__}.{cls.__qualname__}")
def test_dates_times_and_numbers_round_trip(form_class, language):
    with translation.override(language):
        for sample_name, samples in SAMPLES.items():
            form, values, extra = _unbound(form_class, samples)
            for name, original in values.items():
                bound_field = form[name]
                posted = submitted(str(bound_field))
                again = form_class(**constructor_arguments(form_class), data=posted, initial=form.initial, **extra)
                field = again.fields[name]
                where = f"{form_class.__qualname__}.{name} ({language}, {sample_name}: {posted.urlencode()})"
                value = again[name].data
                try:
                    cleaned = field.clean(value)
                except forms.ValidationError as error:
                    pytest.fail(f"{where}: refused its own value: {error.messages}")
                assert cleaned == original, f"{where}: gave {cleaned!r} for {original!r}"
                assert name not in again.changed_data, f"{where}: counts as changed"


# The complaint edit page, over HTTP --------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nl", "en"])
def test_saving_the_complaint_edit_form_untouched_changes_nothing(
    language, alpha, in_schema, make_user, client_for, settings
):
    from tenants.audit.models import AuditEvent
    from tenants.complaints.models import Complaint
    from tenants.complaints.services import complaint_register

    handler = make_user(alpha, Role.HANDLER)
    with in_schema(alpha):
        complaint = complaint_register(
            channel=Complaint.Channel.PHONE,
            complainant_name="Karin Klant",
            complainant_email="karin@example.org",
            description="De kozijnen lekken.",
            incident_date=date(2026, 10, 15),
            incident_time=time(14, 5),
        )
    client = client_for(alpha, handler)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    url = f"/office/complaints/{complaint.uuid}/"
    page = client.get(url)
    assert page.status_code == 200
    posted = submitted(page.content.decode(), containing=("action", "edit"))
    assert posted["incident_date"] == "2026-10-15"

    response = client.post(url, posted)

    assert response.status_code == 302, response.content.decode()[:2000]
    with in_schema(alpha):
        complaint.refresh_from_db()
        assert complaint.incident_date == date(2026, 10, 15)
        assert complaint.incident_time == time(14, 5)
        changes = [
            event.data["changes"]
            for event in AuditEvent.objects.filter(target_id=str(complaint.uuid), event_type="complaint.updated")
        ]
    assert not any("incident_date" in change or "incident_time" in change for change in changes), changes
    assert changes == []
