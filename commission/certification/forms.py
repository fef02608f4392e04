from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput
from tenants.members.models import Sector

from .models import Criteria


class CriteriaForm(forms.ModelForm):
    class Meta:
        model = Criteria
        fields = [
            "membership_active",
            "contribution_paid",
            "regulation_published",
            "rulings_complied",
            "first_line_acknowledged",
            "first_line_answered",
            "minimum_complaints",
            "acknowledged_share",
            "answered_share",
            "period_months",
        ]


class ContributionForm(forms.Form):
    sector = forms.ModelChoiceField(label=_("Sector"), queryset=Sector.objects.all())
    amount = forms.DecimalField(label=_("Annual contribution"), min_value=0, max_digits=10, decimal_places=2)


class PaymentForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount"), min_value=0.01, max_digits=10, decimal_places=2)
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput())
    reference = forms.CharField(label=_("Reference"), max_length=100, required=False)
