"""The member's pages: its public page on its own host, and the back-office for its staff."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from core.storage import stored_file_response
from tenants.accounts.models import User
from tenants.accounts.permissions import CapabilityRequiredMixin
from tenants.accounts.roles import Capability
from tenants.accounts.team_views import TeamView
from tenants.audit.selectors import audit_event_list
from tenants.outbox.models import OutboundEmail
from tenants.outbox.selectors import email_list, failed_email_get
from tenants.outbox.services import email_retry

from .forms import ProfileForm
from .services import profile_get, profile_update


class PublicHomeView(View):
    """The member's page for its customers: who it is, how to reach its complaints desk, and that it
    is affiliated with the commission."""

    def get(self, request):
        return render(request, "office/public_home.html", {"member": request.tenant, "profile": profile_get()})


class DashboardView(CapabilityRequiredMixin, View):
    required_capability = Capability.MEMBER_OFFICE

    def get(self, request):
        return render(
            request,
            "office/dashboard.html",
            {
                "member": request.tenant,
                "profile": profile_get(),
                "team_size": User.objects.filter(is_active=True).count(),
            },
        )


class MemberTeamView(TeamView):
    url_name = "office:team"


class SettingsView(CapabilityRequiredMixin, View):
    required_capability = Capability.MANAGE_SETTINGS
    template_name = "office/settings.html"

    def get(self, request):
        return render(
            request, self.template_name, {"form": ProfileForm(instance=profile_get()), "member": request.tenant}
        )

    def post(self, request):
        profile = profile_get()
        form = ProfileForm(request.POST, request.FILES, instance=profile)
        if form.is_valid():
            data = form.cleaned_data
            try:
                profile_update(
                    actor=request.user,
                    logo=request.FILES.get("logo"),
                    remove_logo=data.get("remove_logo", False),
                    brand_colour=data["brand_colour"],
                    public_intro=data["public_intro"],
                    complaints_email=data["complaints_email"],
                    complaints_phone=data["complaints_phone"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Your settings are saved."))
                return redirect("office:settings")
        # ModelForm validation already changed the instance in memory; show the stored profile's logo.
        return render(request, self.template_name, {"form": form, "member": request.tenant}, status=400)


class ActivityView(CapabilityRequiredMixin, View):
    """The member's audit trail: logins, users, settings (and later every complaint event)."""

    required_capability = Capability.VIEW_ACTIVITY
    template_name = "office/activity.html"

    def get(self, request):
        page = Paginator(audit_event_list(event_type_prefix=request.GET.get("type", "")), 50).get_page(
            request.GET.get("page")
        )
        return render(request, self.template_name, {"page": page, "type": request.GET.get("type", "")})


class OutboxView(CapabilityRequiredMixin, View):
    """The outbox page: every e-mail the organisation sent or tried to send, with failures retryable.

    Here, not in the outbox app, because a page needs the roles of tenants.accounts, which sits above
    the outbox; the commission's office subclasses it.
    """

    required_capability = Capability.VIEW_ACTIVITY

    def get(self, request: HttpRequest) -> HttpResponse:
        status = request.GET.get("status", "")
        page = Paginator(email_list(status=status), 50)
        return render(
            request,
            "outbox/list.html",
            {
                "page": page.get_page(request.GET.get("page")),
                "status": status,
                "statuses": OutboundEmail.Status.choices,
            },
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        email = failed_email_get(uuid=request.POST.get("email"))
        if email is None:
            raise Http404
        email_retry(email=email)
        messages.success(request, _("The e-mail to %(to)s is queued again.") % {"to": email.to})
        return redirect(request.get_full_path())


def logo(request):
    """The member's logo, read from this member's own storage only.

    Files are never served as a directory: this view resolves the name inside the storage of the
    schema the request is routed to, so another member's file cannot be reached from here.
    """
    profile = profile_get()
    if not profile.logo:
        raise Http404
    # Shown inline only when the content is an image; branding, so a browser may keep it a while.
    return stored_file_response(
        profile.logo,
        filename=(profile.logo.name or "").rsplit("/", 1)[-1],
        inline=True,
        cache_control="private, max-age=300",
    )
