from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import MEDIUM_TEXT, set_max_length

from .models import MemberProfile


class ProfileForm(forms.ModelForm):
    remove_logo = forms.BooleanField(label=_("Remove the current logo"), required=False)

    class Meta:
        model = MemberProfile
        fields = ["logo", "brand_colour", "public_intro", "complaints_email", "complaints_phone"]
        widgets = {
            "brand_colour": forms.TextInput(attrs={"type": "color"}),
            "logo": forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
            "public_intro": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        set_max_length(cast(forms.CharField, self.fields["public_intro"]), MEDIUM_TEXT)
