from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import MEDIUM_TEXT, DateInput
from tenants.members.models import Member, Sector, slug_validator


class MemberProvisionForm(forms.Form):
    legal_name = forms.CharField(label=_("Legal name"), max_length=200)
    slug = forms.CharField(
        label=_("Short name"),
        max_length=40,
        validators=[slug_validator],
        help_text=_("Used in the member's address: <short name>.%(domain)s"),
    )
    sector = forms.ModelChoiceField(label=_("Sector"), queryset=Sector.objects.all())
    registration_number = forms.CharField(label=_("Chamber of Commerce number"), max_length=20, required=False)
    street = forms.CharField(label=_("Street and number"), max_length=200, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=12, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    contact_name = forms.CharField(label=_("Contact person"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=30, required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https", max_length=200)
    owner_name = forms.CharField(label=_("Owner's name"), max_length=200, required=False)
    owner_email = forms.EmailField(
        label=_("Owner's e-mail address"), help_text=_("The owner receives an invitation to set up the account.")
    )

    def __init__(self, *args, domain: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].help_text = self.fields["slug"].help_text % {"domain": domain}

    def clean_slug(self):
        return self.cleaned_data["slug"].strip().lower()


class MemberEditForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https", max_length=200)

    class Meta:
        model = Member
        fields = [
            "legal_name",
            "sector",
            "registration_number",
            "street",
            "postal_code",
            "city",
            "contact_name",
            "contact_email",
            "contact_phone",
            "website",
        ]


class MemberStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Membership status"), choices=Member.MembershipStatus.choices)
    on = forms.DateField(label=_("Takes effect on"), widget=DateInput(), required=False)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=MEDIUM_TEXT
    )
