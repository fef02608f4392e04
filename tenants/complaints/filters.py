"""The register's filters as one FilterSet: the register page, its CSV export and the API's complaint
list read the same query parameters (status, category, cause, handler, channel, kind, overdue,
received_from, received_until, q, sort) with the same validation.

The FilterSet parses and checks the parameters; the query itself stays in
``selectors.filter_complaints``, the one read path the list, the export, the API and the benchmarks
share. Each filter carries the DRF field the API documents it as (``extend_schema_field``);
``api.filtering`` turns those into the OpenAPI parameters.
"""

from __future__ import annotations

import uuid
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.forms import SHORT_TEXT, DateInput
from tenants.accounts.models import User

from .models import Category, Cause, Complaint
from .selectors import SORTS, ComplaintFilters, filter_complaints
from .workflow import Status

#: The sort orders, as the API documents them.
SORT_LABELS = {
    "received": "Oldest first",
    "-received": "Newest first",
    "due": "Due date, earliest first",
    "-due": "Due date, latest first",
    "reference": "Reference",
    "-reference": "Reference, descending",
    "status": "Status",
    "name": "Complainant's name",
}
#: The sort orders the register page offers (it accepts every one of ``SORTS``).
PAGE_SORTS = [
    ("-received", gettext_lazy("Newest first")),
    ("received", gettext_lazy("Oldest first")),
    ("due", gettext_lazy("Due date")),
    ("reference", gettext_lazy("Reference")),
    ("name", gettext_lazy("Complainant")),
]
STATUS_CHOICES = [("open", gettext_lazy("Open")), *Status.choices]
ISO_DATE = ["%Y-%m-%d"]


class CheckboxInput(forms.CheckboxInput):
    """A checkbox whose value reaches the field as sent (``QueryBooleanField`` checks it). Named like
    Django's, so that templates see its ``widget_type`` as "checkbox"."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return data.get(name)

    def format_value(self, value: Any) -> None:
        return None  # a checkbox without a value attribute, checked by ``check_test``

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        return super().get_context(name, QueryBooleanField.parse(value), attrs)


class QueryBooleanField(forms.Field):
    """A yes/no query parameter: true/false, yes/no, on/off or 1/0 (a checkbox sends "on"); absent or
    empty is no, anything else is refused."""

    widget = CheckboxInput
    TRUE = {"t", "y", "yes", "true", "on", "1"}
    FALSE = {"f", "n", "no", "false", "off", "0", ""}
    default_error_messages = {"invalid": gettext_lazy("Must be a valid boolean.")}

    @classmethod
    def parse(cls, value: Any) -> bool | None:
        if value is None or isinstance(value, bool):
            return bool(value)
        text = str(value).lower()
        if text in cls.TRUE:
            return True
        if text in cls.FALSE:
            return False
        return None

    def to_python(self, value: Any) -> bool:
        parsed = self.parse(value)
        if parsed is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


class HandlerField(forms.CharField):
    """A user's UUID, or ``none`` for complaints without a handler; cleaned to the user's id, 0 for
    nobody (the selector's convention) or None for no filter."""

    def clean(self, value: Any) -> int | None:
        text = (super().clean(value) or "").strip()
        if not text:
            return None
        if text == "none":
            return 0
        try:
            user_id = User.objects.filter(uuid=uuid.UUID(text)).values_list("pk", flat=True).first()
        except ValueError:
            user_id = None
        if user_id is None:
            raise forms.ValidationError(_("No user with this UUID."), code="invalid")
        return int(user_id)


class HandlerFilter(django_filters.Filter):
    field_class = HandlerField


class QueryBooleanFilter(django_filters.Filter):
    field_class = QueryBooleanField


class ComplaintFilterForm(forms.Form):
    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("received_from"), cleaned.get("received_until")
        if start and end and start > end:
            self.add_error("received_until", _("This date is before the start date."))
        return cleaned


class ComplaintFilter(django_filters.FilterSet):
    """The register's filters (the API's ``GET /complaints/``; the page uses ``RegisterPageFilter``)."""

    q = extend_schema_field(
        serializers.CharField(
            required=False, allow_blank=True, help_text="Full text (Dutch stemming), or an exact reference."
        )
    )(django_filters.CharFilter(label=gettext_lazy("Search"), widget=forms.TextInput(attrs={"maxlength": SHORT_TEXT})))
    status = extend_schema_field(
        serializers.ChoiceField(
            choices=STATUS_CHOICES,
            required=False,
            allow_blank=True,
            help_text="A status, or `open` for every status before closing.",
        )
    )(
        django_filters.ChoiceFilter(
            label=gettext_lazy("Status"), choices=STATUS_CHOICES, empty_label=gettext_lazy("All")
        )
    )
    category = extend_schema_field(
        serializers.PrimaryKeyRelatedField(queryset=Category.objects.all(), required=False, allow_null=True)
    )(
        django_filters.ModelChoiceFilter(
            label=gettext_lazy("Category"), queryset=Category.objects.all(), empty_label=gettext_lazy("All")
        )
    )
    cause = extend_schema_field(
        serializers.PrimaryKeyRelatedField(queryset=Cause.objects.all(), required=False, allow_null=True)
    )(
        django_filters.ModelChoiceFilter(
            label=gettext_lazy("Cause"), queryset=Cause.objects.all(), empty_label=gettext_lazy("All")
        )
    )
    handler = extend_schema_field(
        serializers.CharField(
            required=False, allow_blank=True, help_text="A user's UUID, or `none` for complaints without a handler."
        )
    )(HandlerFilter(label=gettext_lazy("Handler")))
    channel = extend_schema_field(
        serializers.ChoiceField(choices=Complaint.Channel.choices, required=False, allow_blank=True)
    )(
        django_filters.ChoiceFilter(
            label=gettext_lazy("Channel"), choices=Complaint.Channel.choices, empty_label=gettext_lazy("All")
        )
    )
    kind = extend_schema_field(
        serializers.ChoiceField(choices=Complaint.Kind.choices, required=False, allow_blank=True)
    )(
        django_filters.ChoiceFilter(
            label=gettext_lazy("Kind"), choices=Complaint.Kind.choices, empty_label=gettext_lazy("All")
        )
    )
    overdue = extend_schema_field(
        serializers.BooleanField(required=False, default=False, help_text="Only open complaints past a due date.")
    )(QueryBooleanFilter(label=gettext_lazy("Overdue only")))
    received_from = extend_schema_field(serializers.DateField(required=False, allow_null=True, help_text="YYYY-MM-DD"))(
        django_filters.DateFilter(label=gettext_lazy("Received from"), widget=DateInput(), input_formats=ISO_DATE)
    )
    received_until = extend_schema_field(
        serializers.DateField(required=False, allow_null=True, help_text="YYYY-MM-DD")
    )(django_filters.DateFilter(label=gettext_lazy("Received until"), widget=DateInput(), input_formats=ISO_DATE))
    sort = extend_schema_field(
        serializers.ChoiceField(
            choices=[(key, SORT_LABELS.get(key, key)) for key in SORTS], required=False, default="-received"
        )
    )(
        django_filters.ChoiceFilter(
            label=gettext_lazy("Sort by"),
            choices=[(key, SORT_LABELS.get(key, key)) for key in SORTS],
            empty_label=None,
        )
    )

    class Meta:
        model = Complaint
        fields: list[str] = []
        form = ComplaintFilterForm

    @property
    def form(self) -> forms.Form:
        if not hasattr(self, "_form"):
            self.adapt_form(super().form)
        form: forms.Form = self._form
        return form

    def adapt_form(self, form: forms.Form) -> None:
        """Presentation of the form for a page (nothing for the API)."""

    def complaint_filters(self) -> ComplaintFilters:
        """The checked parameters as the selector takes them (call after ``is_valid``)."""
        data = self.form.cleaned_data
        handler = data.get("handler")
        return ComplaintFilters(
            status=data.get("status") or "",
            category=data["category"].pk if data.get("category") else None,
            cause=data["cause"].pk if data.get("cause") else None,
            handler=handler.pk if isinstance(handler, User) else handler,
            channel=data.get("channel") or "",
            kind=data.get("kind") or "",
            overdue=bool(data.get("overdue")),
            received_from=data.get("received_from"),
            received_until=data.get("received_until"),
            q=data.get("q") or "",
            sort=data.get("sort") or "-received",
        )

    def filter_queryset(self, queryset: QuerySet[Complaint]) -> QuerySet[Complaint]:
        # With errors no filter applies: the API answers 400 before this; the page marks the fields.
        return filter_complaints(queryset, self.complaint_filters() if self.is_valid() else ComplaintFilters())


class RegisterPageFilter(ComplaintFilter):
    """The same filters on the register page: staff chosen from a list (by id), the page's sort orders,
    and the kind only for roles that see internal complaints."""

    def __init__(self, *args: Any, show_kind: bool = True, **kwargs: Any) -> None:
        self.show_kind = show_kind
        super().__init__(*args, **kwargs)

    def adapt_form(self, form: forms.Form) -> None:
        form.fields["handler"] = forms.ModelChoiceField(
            label=gettext_lazy("Handler"),
            required=False,
            queryset=User.objects.filter(is_active=True).order_by("full_name"),
            empty_label=gettext_lazy("All"),
        )
        form.fields["sort"].widget.choices = PAGE_SORTS
        if not self.show_kind:
            del form.fields["kind"]
