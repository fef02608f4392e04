"""Login, logout, password reset and invitations: the same pages on every host, each working on the
users of that host's schema only."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from core.ratelimit import client_address, rate_limited

from . import events
from .forms import InvitationAcceptForm, LoginForm, OutboxPasswordResetForm, PasswordSetForm
from .services import invitation_accept, invitation_find


class LoginView(auth_views.LoginView):
    form_class = LoginForm  # type: ignore[assignment]  # by e-mail with lockout, not Django's AuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return str(reverse_lazy("office:dashboard"))


class LogoutView(View):
    def post(self, request):
        if request.user.is_authenticated:
            events.logout_event(user=request.user, ip_address=client_address(request))
        logout(request)
        messages.success(request, _("You have been logged out."))
        return redirect("accounts:login")


class PasswordResetView(auth_views.PasswordResetView):
    form_class = OutboxPasswordResetForm
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        events.password_reset_requested_event(email=email, ip_address=client_address(self.request))
        # Both limits count every request, so neither can be used up from one side only.
        too_many_from_client = rate_limited(
            self.request, "password-reset-client", settings.PASSWORD_RESET_CLIENT_LIMIT, 60 * 60
        )
        too_many_for_address = rate_limited(
            self.request,
            "password-reset-address",
            settings.PASSWORD_RESET_ADDRESS_LIMIT,
            60 * 60,
            key=email.strip().lower(),
        )
        if too_many_from_client or too_many_for_address:
            # The same answer as when an e-mail went out: the page never tells whether the address
            # has an account, nor whether a limit was reached.
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = PasswordSetForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        events.password_changed_event(user=form.user, how="reset")
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@method_decorator([sensitive_post_parameters(), never_cache], name="dispatch")
class InvitationAcceptView(View):
    template_name = "accounts/invitation_accept.html"

    def get(self, request, token):
        invitation = invitation_find(token=token)
        if invitation is None:
            return render(request, "accounts/invitation_invalid.html", status=404)
        form = InvitationAcceptForm(initial={"full_name": invitation.full_name})
        return render(request, self.template_name, {"form": form, "invitation": invitation})

    def post(self, request, token):
        invitation = invitation_find(token=token)
        if invitation is None:
            return render(request, "accounts/invitation_invalid.html", status=404)
        form = InvitationAcceptForm(request.POST)
        if form.is_valid():
            try:
                user = invitation_accept(
                    token=token, full_name=form.cleaned_data["full_name"], password=form.cleaned_data["password1"]
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, _("Welcome! Your account is ready."))
                return redirect("office:dashboard")
        return render(request, self.template_name, {"form": form, "invitation": invitation})
