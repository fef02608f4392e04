from __future__ import annotations

from decimal import Decimal
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import LONG_TEXT, MEDIUM_TEXT, SHORT_TEXT, DateInput, MultipleFileField
from core.uploads import MAX_FILES, check_upload
from tenants.members.models import Member

from .models import AdmissibilityDecision, Case, CaseDocument, ExpertAppointment, Party, Payment, Round, Stage
from .workflow import PaperReason


class EscalateForm(forms.Form):
    claim = forms.CharField(
        label=_("What do you ask the commission to decide?"),
        max_length=MEDIUM_TEXT,
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
    q = forms.CharField(label=_("Case number, complainant or member"), required=False, max_length=SHORT_TEXT)


# The procedure after filing ------------------------------------------------------------------------


class ActionForm(forms.Form):
    """A confirmation button without fields (fee invoice, reminder, stop, file complete, defence)."""


class WaiveForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("Not needed or received on paper"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        required = case.committee.required_documents if case else []
        cast(forms.ChoiceField, self.fields["kinds"]).choices = [(k, CaseDocument.Kind(k).label) for k in required]
        if case is not None and not self.is_bound:
            self.initial["kinds"] = case.documents_waived


class PaymentForm(forms.Form):
    kind = forms.ChoiceField(label=_("For"), choices=Payment.Kind.choices)
    amount = forms.DecimalField(label=_("Amount in euros"), min_value=Decimal("0.01"), max_digits=10, decimal_places=2)
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput())
    reference = forms.CharField(label=_("Payment reference"), required=False, max_length=100)


class AdmissibilityForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=AdmissibilityDecision.choices)
    letter = forms.CharField(
        label=_("Reasoned letter to both parties"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Give the reasons: membership, the terms, the committee's competence."),
    )


class RoundForm(forms.Form):
    party = forms.ChoiceField(label=_("Party"), choices=Party.choices)
    kind = forms.ChoiceField(
        label=_("Round"),
        choices=[(Round.Kind.REPLY, Round.Kind.REPLY.label), (Round.Kind.REJOINDER, Round.Kind.REJOINDER.label)],
    )
    due_on = forms.DateField(label=_("Deadline"), widget=DateInput())


class ConfidentialForm(forms.Form):
    document = forms.ModelChoiceField(label=_("Document"), queryset=CaseDocument.objects.none(), to_field_name="uuid")
    reason = forms.CharField(
        label=_("Reason for confidentiality"), max_length=MEDIUM_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            cast(forms.ModelChoiceField, self.fields["document"]).queryset = case.documents.filter(confidential=False)


class DiscloseForm(forms.Form):
    """The secretary's decision that a confidential document is for both parties."""

    document = forms.ModelChoiceField(label=_("Document"), queryset=CaseDocument.objects.none(), to_field_name="uuid")

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            cast(forms.ModelChoiceField, self.fields["document"]).queryset = case.documents.filter(confidential=True)


class PaperForm(forms.Form):
    """Decide a case on paper: why, and an optional note for the case's history."""

    reason = forms.ChoiceField(label=_("Decided without a hearing because"), choices=PaperReason.choices)
    note = forms.CharField(
        label=_("Note for the history"),
        required=False,
        max_length=MEDIUM_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class NotCompliedForm(forms.Form):
    """Close a ruled case as not complied with: what the member did not do (sent to both parties)."""

    note = forms.CharField(
        label=_("What the member did not do (to both parties)"),
        max_length=MEDIUM_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CloseForm(forms.Form):
    closure = forms.ChoiceField(
        label=_("Closed because"),
        choices=[
            (Case.Closure.WITHDRAWN, Case.Closure.WITHDRAWN.label),
            (Case.Closure.SETTLED, Case.Closure.SETTLED.label),
        ],
    )
    note = forms.CharField(
        label=_("Note to both parties"),
        required=False,
        max_length=MEDIUM_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ExpertAppointForm(forms.Form):
    name = forms.CharField(label=_("Expert's name"), max_length=200)
    email = forms.EmailField(label=_("Expert's e-mail address"))


class CheckedFileField(forms.FileField):
    """One file, checked by its content (``uploads.check_upload``)."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        return check_upload(upload) if upload else upload


class ExpertReportForm(forms.Form):
    expert = forms.ModelChoiceField(label=_("Expert"), queryset=ExpertAppointment.objects.none())
    report = CheckedFileField(label=_("Report"))

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            cast(forms.ModelChoiceField, self.fields["expert"]).queryset = case.experts.filter(report__isnull=True)


class SubmissionForm(forms.Form):
    """A party's answer in its open round."""

    text = forms.CharField(
        label=_("Your answer"), required=False, max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 8})
    )
    attachments = MultipleFileField(
        label=_("Documents"),
        help_text=_("At most %(count)s files (PDF, images, Word, OpenDocument or text), 10 MB each.")
        % {"count": MAX_FILES},
    )


class CaseDocumentsForm(forms.Form):
    """The complainant completes the file."""

    kind = forms.ChoiceField(label=_("What are you adding?"))
    attachments = MultipleFileField(
        label=_("Documents"),
        help_text=_("At most %(count)s files (PDF, images, Word, OpenDocument or text), 10 MB each.")
        % {"count": MAX_FILES},
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = list(case.committee.required_documents) if case else []
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            (k, CaseDocument.Kind(k).label) for k in [*kinds, CaseDocument.Kind.OTHER]
        ]

    def clean_attachments(self):
        files = self.cleaned_data["attachments"]
        if not files:
            raise forms.ValidationError(_("Choose at least one file."))
        return files


class DocumentReceiveForm(forms.Form):
    """A document the commission received on paper or by post for a party (scanned)."""

    party = forms.ChoiceField(
        label=_("Received from"),
        choices=[(CaseDocument.Party.COMPLAINANT, CaseDocument.Party.COMPLAINANT.label),
                 (CaseDocument.Party.MEMBER, CaseDocument.Party.MEMBER.label)],
    )  # fmt: skip
    kind = forms.ChoiceField(
        label=_("Kind of document"),
        choices=[(k, label) for k, label in CaseDocument.Kind.choices if k != CaseDocument.Kind.SNAPSHOT_ATTACHMENT],
    )
    upload = forms.FileField(label=_("File"))
    confidential = forms.BooleanField(label=_("Confidential: the other party does not see it"), required=False)
    confidential_reason = forms.CharField(
        label=_("Reason for confidentiality"),
        required=False,
        max_length=MEDIUM_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class WithdrawForm(forms.Form):
    """The complainant withdraws the case from their own page."""

    confirm = forms.BooleanField(
        label=_("I withdraw my case. I understand that the commission will then not rule on it."),
        error_messages={"required": _("Tick the box to confirm that you withdraw the case.")},
    )
    reason = forms.CharField(
        label=_("Why do you withdraw the case? (optional)"),
        required=False,
        max_length=MEDIUM_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
