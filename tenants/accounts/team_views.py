"""Managing the users of the current schema: the owner's "team" page at a member, the platform
administrator's "staff" page at the commission. One implementation, a capability per host."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from core.tenancy import connection

from .forms import InviteForm, UserChangeForm
from .models import User
from .permissions import CapabilityRequiredMixin
from .roles import Capability
from .selectors import open_invitation_list, user_get, user_list
from .services import invitation_create, invitation_revoke, user_update


class TeamView(CapabilityRequiredMixin, View):
    required_capability = Capability.MANAGE_TEAM
    template_name = "accounts/team.html"
    url_name = "office:team"

    def context(self, invite_form=None, change_errors=None):
        users = list(user_list(actor=self.request.user))
        return {
            "users": users,
            "change_forms": {
                user.pk: UserChangeForm(
                    schema_name=connection.schema_name,
                    initial={"role": user.role, "is_active": user.is_active},
                    prefix=f"u{user.pk}",
                )
                for user in users
            },
            "invitations": open_invitation_list(actor=self.request.user),
            "invite_form": invite_form or InviteForm(schema_name=connection.schema_name),
            "change_errors": change_errors or {},
        }

    def get(self, request):
        return render(request, self.template_name, self.context())

    def post(self, request):
        action = request.POST.get("action")
        if action == "invite":
            return self.invite(request)
        if action == "change":
            return self.change(request)
        if action == "revoke":
            return self.revoke(request)
        raise Http404

    def invite(self, request):
        form = InviteForm(request.POST, schema_name=connection.schema_name)
        if form.is_valid():
            try:
                invitation_create(
                    email=form.cleaned_data["email"],
                    full_name=form.cleaned_data["full_name"],
                    role=form.cleaned_data["role"],
                    invited_by=request.user,
                    language=request.LANGUAGE_CODE,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]})
                return redirect(self.url_name)
        return render(request, self.template_name, self.context(invite_form=form), status=400)

    def change(self, request):
        try:
            user = user_get(actor=request.user, uuid=request.POST.get("user"))
        except (User.DoesNotExist, ValidationError):
            raise Http404 from None
        form = UserChangeForm(request.POST, schema_name=connection.schema_name, prefix=f"u{user.pk}")
        if form.is_valid():
            try:
                user_update(
                    user=user,
                    actor=request.user,
                    role=form.cleaned_data["role"],
                    is_active=form.cleaned_data["is_active"],
                )
            except ValidationError as exc:
                return render(
                    request, self.template_name, self.context(change_errors={user.pk: exc.messages}), status=400
                )
            messages.success(request, _("The changes for %(name)s are saved.") % {"name": user.full_name})
            return redirect(self.url_name)
        return render(
            request, self.template_name, self.context(change_errors={user.pk: [_("Check the values.")]}), status=400
        )

    def revoke(self, request):
        try:
            invitation = open_invitation_list(actor=request.user).filter(uuid=request.POST.get("invitation")).first()
        except ValidationError:
            # Not a UUID at all: no such invitation.
            invitation = None
        if invitation is None:
            raise Http404
        invitation_revoke(invitation=invitation, actor=request.user)
        messages.success(request, _("The invitation for %(email)s is withdrawn.") % {"email": invitation.email})
        return redirect(self.url_name)


class StaffView(TeamView):
    required_capability = Capability.MANAGE_STAFF
    url_name = "office:staff"
