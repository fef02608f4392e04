from __future__ import annotations

from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import MEDIUM_TEXT, limit_texts
from tenants.members.models import Sector

from .models import SECTIONS, Outcome, Publication, Ruling
from .services import DRAFT_FIELDS

#: A section of a ruling (the assessment of a large case runs to some 15 pages).
RULING_SECTION_TEXT = 50_000


def _yes_no_or_none(value: str) -> bool | None:
    return {"True": True, "False": False}.get(value)


class RulingForm(forms.ModelForm):
    """The secretary's draft; the view passes the cleaned data to ``ruling_draft_save``."""

    unanimous = forms.TypedChoiceField(
        label=_("How did the panel decide?"),
        choices=[("", _("Not recorded yet")), ("True", _("Unanimously")), ("False", _("By majority"))],
        coerce=_yes_no_or_none,
        empty_value=None,
        required=False,
        help_text=_("Needed before the chair can approve the ruling; the ruling states it."),
    )

    class Meta:
        model = Ruling
        fields = DRAFT_FIELDS
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in SECTIONS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_texts(self, RULING_SECTION_TEXT)


class CorrectionForm(forms.Form):
    reason = forms.CharField(
        label=_("What must be corrected, and why"), max_length=MEDIUM_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )


class PublicationForm(forms.ModelForm):
    class Meta:
        model = Publication
        fields = SECTIONS
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in SECTIONS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_texts(self, RULING_SECTION_TEXT)


class PublicationFilterForm(forms.Form):
    sector = forms.ModelChoiceField(
        label=_("Sector"), queryset=Sector.objects.all(), to_field_name="code", required=False, empty_label=_("All")
    )
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", _("All")), *Outcome.choices], required=False)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    q = forms.CharField(label=_("Words"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        cast(forms.ChoiceField, self.fields["year"]).choices = [("", _("All"))] + [
            (y, str(y)) for y in range(this_year, this_year - 15, -1)
        ]


class NonComplianceForm(forms.Form):
    text = forms.CharField(
        label=_("What did the member not do?"), max_length=MEDIUM_TEXT, widget=forms.Textarea(attrs={"rows": 4})
    )


class MemberComplianceForm(forms.Form):
    note = forms.CharField(
        label=_("What did you do (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=MEDIUM_TEXT,
    )
