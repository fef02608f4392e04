from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.deadlines import TermUnit
from core.forms import (
    LONG_TEXT,
    MEDIUM_TEXT,
    SHORT_TEXT,
    DateInput,
    DateTimeInput,
    MultipleFileField,
    TimeInput,
    set_max_length,
)
from core.uploads import MAX_FILES
from tenants.accounts.models import User

from .messages import MessageKey, validate_template_text
from .models import (
    CLASSIFICATION_FIELDS,
    COMPLAINANT_FIELDS,
    COMPLAINANT_WORDS,
    CORRECTABLE_FIELDS,
    INCIDENT_FIELDS,
    STAFF_INVOLVED_FIELDS,
    Category,
    Cause,
    Complaint,
    Department,
    Regulation,
)
from .workflow import Outcome, Status

# The model's texts have no maximum in the database; these keep a post within what a form accepts.
TEXT_LIMITS = {"description": LONG_TEXT, "remedy_sought": MEDIUM_TEXT, "redress_given": MEDIUM_TEXT}


def _limit_texts(form) -> None:
    for name, max_length in TEXT_LIMITS.items():
        if name in form.fields:
            set_max_length(form.fields[name], max_length)


class PublicComplaintForm(forms.ModelForm):
    """The member's public complaint form. ``website`` is a honeypot: people never see it."""

    website = forms.CharField(required=False, label=_("Leave this field empty"), max_length=SHORT_TEXT)
    attachments = MultipleFileField(
        label=_("Attachments"),
        help_text=_("At most %(count)s files (PDF, images, Word, OpenDocument or text), 10 MB each.")
        % {"count": MAX_FILES},
    )
    consent = forms.BooleanField(
        label=_("I agree that my details are used to handle this complaint."),
        error_messages={"required": _("We can only handle your complaint with your consent.")},
    )

    class Meta:
        model = Complaint
        fields = [*COMPLAINANT_FIELDS, *INCIDENT_FIELDS, *COMPLAINANT_WORDS]
        widgets = {
            "incident_date": DateInput(),
            "incident_time": TimeInput(),
            "description": forms.Textarea(attrs={"rows": 6}),
            "remedy_sought": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "complainant_name": _("Your name"),
            "complainant_email": _("Your e-mail address"),
            "complainant_phone": _("Your phone number"),
            "description": _("What happened?"),
            "remedy_sought": _("What would you like us to do?"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _limit_texts(self)
        self.fields["complainant_email"].required = True
        self.fields["complainant_email"].help_text = _("We send the confirmation and your personal status link here.")
        autocomplete = {
            "complainant_name": "name",
            "complainant_address": "street-address",
            "complainant_postal_code": "postal-code",
            "complainant_city": "address-level2",
            "complainant_phone": "tel",
            "complainant_email": "email",
        }
        for name, value in autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = value
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean_incident_date(self):
        value = self.cleaned_data.get("incident_date")
        if value and value > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."))
        return value

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))


def _this_minute():
    # Seconds would only clutter the input; registrations are timed to the minute.
    return timezone.now().replace(second=0, microsecond=0)


def _model_choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """The form's field ``name``, a choice of model instances (to narrow its queryset)."""
    return cast("forms.ModelChoiceField[Any]", form.fields[name])


def _staff_choices():
    return User.objects.filter(is_active=True).order_by("full_name")


class RegisterComplaintForm(forms.ModelForm):
    """A complaint received by phone, e-mail, letter or in person, registered by a handler."""

    channel = forms.ChoiceField(
        label=_("Received by"),
        choices=[
            (c.value, c.label)
            for c in Complaint.Channel
            if c not in (Complaint.Channel.WEB_FORM, Complaint.Channel.API)
        ],
    )
    received_at = forms.DateTimeField(label=_("Received at"), widget=DateTimeInput(), initial=_this_minute)
    send_acknowledgment = forms.BooleanField(
        label=_("Send the acknowledgment by e-mail now"), required=False, initial=True
    )
    attachments = MultipleFileField(label=_("Attachments"))

    class Meta:
        model = Complaint
        fields = [
            "kind",
            *COMPLAINANT_FIELDS,
            *INCIDENT_FIELDS,
            *COMPLAINANT_WORDS,
            *STAFF_INVOLVED_FIELDS,
            *CLASSIFICATION_FIELDS,
        ]
        widgets = PublicComplaintForm.Meta.widgets

    def __init__(self, *args, can_register_internal: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        _limit_texts(self)
        _model_choice(self, "category").queryset = Category.objects.filter(is_active=True)
        _model_choice(self, "cause").queryset = Cause.objects.filter(is_active=True)
        _model_choice(self, "handler").queryset = _staff_choices()
        self.fields["description"].help_text = _(
            "Write down the complainant's own words; they cannot be changed once registered (add a clarification "
            "later instead)."
        )
        if not can_register_internal:
            cast(forms.ChoiceField, self.fields["kind"]).choices = [
                (Complaint.Kind.EXTERNAL.value, Complaint.Kind.EXTERNAL.label)
            ]

    def clean_received_at(self):
        value = self.cleaned_data["received_at"]
        if value > timezone.now():
            raise ValidationError(_("A complaint cannot be received in the future."))
        return value


class ComplaintEditForm(forms.ModelForm):
    """The registered details staff may correct; the complainant's own words are not among them
    (staff add a clarification beside them, ``ClarificationForm``)."""

    class Meta:
        model = Complaint
        fields = list(CORRECTABLE_FIELDS)
        widgets = PublicComplaintForm.Meta.widgets

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _limit_texts(self)
        _model_choice(self, "handler").queryset = _staff_choices()


class TransitionForm(forms.Form):
    target = forms.ChoiceField(label=_("Next step"), choices=Status.choices)
    note = forms.CharField(
        label=_("Note for the history"),
        required=False,
        max_length=MEDIUM_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    action_owner = forms.ModelChoiceField(
        label=_("Employee who must act"), required=False, queryset=User.objects.none()
    )
    promised_action = forms.CharField(
        label=_("Promised action"), required=False, max_length=MEDIUM_TEXT, widget=forms.Textarea(attrs={"rows": 2})
    )
    callback_on = forms.DateField(label=_("Callback date"), required=False, widget=DateInput())
    callback_answer = forms.CharField(
        label=_("What did the complainant say at the callback?"),
        required=False,
        max_length=MEDIUM_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    outcome = forms.ChoiceField(label=_("Outcome"), required=False, choices=[("", "—"), *Outcome.choices])
    redress_given = forms.CharField(
        label=_("Redress given"), required=False, max_length=MEDIUM_TEXT, widget=forms.Textarea(attrs={"rows": 2})
    )
    final_text = forms.CharField(
        label=_("Final answer"), required=False, max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 4})
    )
    findings = forms.CharField(
        label=_("Findings"), required=False, max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )
    actions_taken = forms.CharField(
        label=_("Actions taken"), required=False, max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )
    recommendations = forms.CharField(
        label=_("Recommendations"), required=False, max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, targets: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["target"]).choices = [(t, Status(t).label) for t in targets]
        _model_choice(self, "action_owner").queryset = _staff_choices()


class ProgressForm(forms.Form):
    text = forms.CharField(
        label=_("Update for the complainant"), max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )


class NoteForm(forms.Form):
    body = forms.CharField(label=_("Internal note"), max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 3}))


class ClarificationForm(forms.Form):
    body = forms.CharField(
        label=_("Clarification by the organisation"),
        help_text=_("Shown beside the complainant's own words and labelled as yours; their words stay as they are."),
        error_messages={"required": _("Write the clarification.")},
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ExtensionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the extension (sent to the complainant)"),
        max_length=MEDIUM_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class StaffAttachmentForm(forms.Form):
    attachments = MultipleFileField(label=_("Files"))
    shared_with_complainant = forms.BooleanField(label=_("The complainant may see these files"), required=False)


class ComplainantInformationForm(forms.Form):
    text = forms.CharField(
        label=_("Your message"), required=False, max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 4})
    )
    attachments = MultipleFileField(label=_("Attachments"))


class StatusLinkRequestForm(forms.Form):
    reference = forms.CharField(label=_("Reference number"), max_length=20)
    email = forms.EmailField(label=_("Your e-mail address"))


UNIT_CHOICES = [(u.value, u.label) for u in TermUnit]


class RegulationForm(forms.ModelForm):
    closed_days_text = forms.CharField(
        label=_("Extra closing days"),
        required=False,
        help_text=_("Dates the organisation is closed, one per line (YYYY-MM-DD)."),
        max_length=MEDIUM_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = Regulation
        fields = [
            "acknowledgment_amount",
            "acknowledgment_unit",
            "handling_amount",
            "handling_unit",
            "extension_amount",
            "extension_unit",
            "reminder_lead_days",
            "include_good_friday",
            "status_link_days",
            "public_intro",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        set_max_length(cast(forms.CharField, self.fields["public_intro"]), MEDIUM_TEXT)
        if self.instance and self.instance.closed_days:
            self.fields["closed_days_text"].initial = "\n".join(
                d.isoformat() for d in sorted(self.instance.closed_days)
            )

    def clean_closed_days_text(self):
        days = []
        for line in self.cleaned_data["closed_days_text"].split():
            try:
                days.append(date.fromisoformat(line.strip()))
            except ValueError:
                raise ValidationError(_("“%(value)s” is not a date like 2026-12-24.") % {"value": line}) from None
        return sorted(set(days))


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ["name", "is_serious", "is_active"]


class CauseForm(forms.ModelForm):
    class Meta:
        model = Cause
        fields = ["name", "is_active"]


class DepartmentForm(forms.ModelForm):
    class Meta:
        model = Department
        fields = ["name", "manager"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _model_choice(self, "manager").queryset = _staff_choices()


class MessageTemplateForm(forms.Form):
    key = forms.ChoiceField(choices=MessageKey.choices, widget=forms.HiddenInput)
    language = forms.ChoiceField(choices=[("nl", _("Dutch")), ("en", _("English"))], widget=forms.HiddenInput)
    subject = forms.CharField(label=_("Subject"), max_length=250)
    body = forms.CharField(label=_("Text"), max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 14}))

    def clean_subject(self):
        validate_template_text(self.cleaned_data["subject"])
        return self.cleaned_data["subject"]

    def clean_body(self):
        validate_template_text(self.cleaned_data["body"])
        return self.cleaned_data["body"]
