from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tenants.members.models import Member

from .models import Stage


class EscalateForm(forms.Form):
    claim = forms.CharField(
        label=_("What do you ask the commission to decide?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example: repair of the defect, a refund of € 250, or compensation for the damage."),
    )
    disputed_amount = forms.DecimalField(
        label=_("Disputed amount in euros (if any)"), required=False, min_value=0, max_digits=10, decimal_places=2
    )
    binding_accepted = forms.BooleanField(
        label=_(
            "I understand that the commission's ruling is binding on both parties, and that a court can only review it within 2 months."
        ),
        error_messages={
            "required": _("The commission can only handle the complaint when you accept that its ruling is binding.")
        },
    )


class EscalationRequestForm(forms.Form):
    member = forms.ModelChoiceField(
        label=_("The member you complained to"),
        queryset=Member.objects.filter(kind=Member.Kind.MEMBER, membership_status=Member.MembershipStatus.ACTIVE),
        empty_label=_("Choose the member"),
    )
    reference = forms.CharField(label=_("The reference number the member gave you"), max_length=20)
    email = forms.EmailField(label=_("The e-mail address you gave the member"))


class CaseFilterForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=[("", _("All")), ("open", _("Open")), *Stage.choices]
    )
    q = forms.CharField(label=_("Case number, complainant or member"), required=False)
