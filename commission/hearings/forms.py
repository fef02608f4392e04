from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from commission.cases.models import Case, Committee
from core.forms import MEDIUM_TEXT, DateInput, TimeInput
from tenants.accounts.models import User
from tenants.accounts.roles import Role
from tenants.members.models import Member, Sector

from .models import Attendance, HearingDay, PanelMember, PanelRole


class HearingDayForm(forms.Form):
    committee = forms.ModelChoiceField(label=_("Committee"), queryset=Committee.objects.all())
    date = forms.DateField(label=_("Date"), widget=DateInput())
    starts_at = forms.TimeField(label=_("Starts at"), widget=TimeInput())
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    room = forms.CharField(label=_("Room"), max_length=100, required=False)
    video_link = forms.URLField(label=_("Video link"), required=False, assume_scheme="https", max_length=200)
    slot_minutes = forms.IntegerField(label=_("Minutes per case"), initial=30, min_value=5, max_value=240)


def _seat(role: str, label):
    return forms.ModelChoiceField(
        label=label, queryset=PanelMember.objects.filter(panel_role=role, active=True).select_related("user")
    )


class PanelForm(forms.Form):
    chair = _seat(PanelRole.CHAIR, _("Chair"))
    consumer = _seat(PanelRole.CONSUMER, _("Consumer side"))
    trade = _seat(PanelRole.TRADE, _("Trade side"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            cast(forms.ModelChoiceField, field).queryset = PanelMember.objects.filter(
                panel_role=name, active=True
            ).select_related("user")


class ScheduleForm(forms.Form):
    case = forms.ModelChoiceField(label=_("Case"), queryset=Case.objects.none())
    starts_at = forms.TimeField(label=_("Time"), widget=TimeInput())

    def __init__(self, *args, cases=None, **kwargs):
        super().__init__(*args, **kwargs)
        if cases is not None:
            cast(forms.ModelChoiceField, self.fields["case"]).queryset = cases


class RescheduleForm(forms.Form):
    day = forms.ModelChoiceField(label=_("Hearing day"), queryset=HearingDay.objects.filter(cancelled=False))
    starts_at = forms.TimeField(label=_("Time"), widget=TimeInput())


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class DayCancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class AttendanceForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in Attendance.Party.choices:
            self.fields[value] = forms.BooleanField(label=label, required=False)


class PanelMemberForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Person"),
        queryset=User.objects.filter(role__in=[Role.PANEL_MEMBER, Role.CHAIR], is_active=True),
    )
    panel_role = forms.ChoiceField(label=_("Seat"), choices=PanelRole.choices)
    sectors = forms.ModelMultipleChoiceField(label=_("Sectors"), queryset=Sector.objects.all(), required=False)


class ConflictForm(forms.Form):
    panel_member = forms.ModelChoiceField(label=_("Panel member"), queryset=PanelMember.objects.all())
    member = forms.ModelChoiceField(
        label=_("Member"), queryset=Member.objects.filter(kind=Member.Kind.MEMBER), required=False
    )
    case = forms.ModelChoiceField(label=_("Case"), queryset=Case.objects.all(), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=300)


class UnavailabilityForm(forms.Form):
    panel_member = forms.ModelChoiceField(label=_("Panel member"), queryset=PanelMember.objects.all())
    date = forms.DateField(label=_("Date"), widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class PostponementRequestForm(forms.Form):
    """A party asks to postpone its hearing."""

    reason = forms.CharField(
        label=_("Why should the hearing be postponed?"),
        max_length=MEDIUM_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason why the hearing should be postponed.")},
    )


class PostponementDecisionForm(forms.Form):
    """The secretary's note on a postponement decision (required when refusing; the service says so)."""

    note = forms.CharField(
        label=_("Note to the party"), required=False, max_length=MEDIUM_TEXT, widget=forms.Textarea(attrs={"rows": 2})
    )
