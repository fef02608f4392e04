from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.ratelimit import client_address
from tenants.outbox.services import email_queue

from .roles import Role, roles_for_schema
from .services import login_is_locked, login_record_attempt


class LoginForm(forms.Form):
    """E-mail and password, refused for a while after repeated failures."""

    email = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )
    password = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    error_messages = {
        "invalid_login": _("The e-mail address or password is not correct."),
        "locked": _("Too many failed attempts. Wait %(minutes)s minutes and try again, or reset your password."),
        "inactive": _("This account has been deactivated."),
    }

    def __init__(self, request=None, *args, **kwargs):
        self.request = request
        self.user_cache = None
        super().__init__(*args, **kwargs)

    def clean(self):
        email = (self.cleaned_data.get("email") or "").strip().lower()
        password = self.cleaned_data.get("password")
        if not email or not password:
            return self.cleaned_data
        ip = client_address(self.request) if self.request else None
        if login_is_locked(email=email, ip_address=ip):
            login_record_attempt(email=email, ip_address=ip, succeeded=False, locked=True)
            raise ValidationError(
                self.error_messages["locked"],
                code="locked",
                params={"minutes": settings.LOGIN_FAILURE_WINDOW_SECONDS // 60},
            )
        user = authenticate(self.request, username=email, password=password)
        if user is None:
            login_record_attempt(email=email, ip_address=ip, succeeded=False)
            raise ValidationError(self.error_messages["invalid_login"], code="invalid_login")
        login_record_attempt(email=email, ip_address=ip, succeeded=True, user=user)
        self.user_cache = user
        return self.cleaned_data

    def get_user(self):
        return self.user_cache


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the e-mail goes through the outbox (and so through a worker)."""

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        user = context.get("user")
        path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": context["uid"], "token": context["token"]})
        link = f"{context['protocol']}://{context['domain']}{path}"
        email_queue(
            to=to_email,
            template="password_reset",
            topic="password_reset",
            language=getattr(user, "language", None),
            context={"user_name": user.get_short_name() if user else "", "link": link},
        )


class InvitationAcceptForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    password1 = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("The two passwords are not the same."))
        return data


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args, schema_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["role"]).choices = [
            (role.value, role.label) for role in roles_for_schema(schema_name)
        ]


class UserChangeForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"))
    is_active = forms.BooleanField(label=_("May log in"), required=False)

    def __init__(self, *args, schema_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["role"]).choices = [
            (role.value, Role(role).label) for role in roles_for_schema(schema_name)
        ]


class PasswordSetForm(SetPasswordForm):
    pass
