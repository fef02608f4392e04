"""The commission's back-office: dashboard, the member registry (platform administrators), staff."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from commission.certification.evaluation import evaluate_member
from commission.certification.office_selectors import may_manage_certificates
from commission.certification.selectors import current_certificate
from tenants.accounts.permissions import CapabilityRequiredMixin
from tenants.accounts.roles import Capability, has_capability
from tenants.accounts.team_views import StaffView
from tenants.audit.selectors import audit_event_list
from tenants.members.links import absolute_url
from tenants.members.models import Member, SpareSchema
from tenants.members.selectors import member_get, member_list, sector_list
from tenants.members.services import EDITABLE_FIELDS, member_provision, member_set_status, member_update
from tenants.office.views import OutboxView

from .forms import MemberEditForm, MemberProvisionForm, MemberStatusForm


class DashboardView(CapabilityRequiredMixin, View):
    required_capability = Capability.COMMISSION_OFFICE

    def get(self, request):
        members = member_list()
        return render(
            request,
            "commission_office/dashboard.html",
            {
                "active_members": members.filter(membership_status=Member.MembershipStatus.ACTIVE).count(),
                "suspended_members": members.filter(membership_status=Member.MembershipStatus.SUSPENDED).count(),
                "pending_members": members.exclude(schema_status=Member.SchemaStatus.READY).count(),
            },
        )


class MemberListView(CapabilityRequiredMixin, View):
    required_capability = Capability.VIEW_MEMBER_REGISTER

    def get(self, request):
        search = request.GET.get("q", "").strip()[:100]
        sector = request.GET.get("sector", "").strip()[:50]
        status = request.GET.get("status", "")
        members = member_list(search=search, sector=sector)
        if status in Member.MembershipStatus.values:
            members = members.filter(membership_status=status)
        page = Paginator(members, 50).get_page(request.GET.get("page"))
        return render(
            request,
            "commission_office/members.html",
            {
                "page": page,
                "q": search,
                "sector": sector,
                "status": status,
                "sectors": sector_list(),
                "statuses": Member.MembershipStatus.choices,
                "spares_ready": SpareSchema.objects.filter(is_stale=False).count(),
                "pool_size": settings.MEMBER_POOL_SIZE,
                "can_manage": request.user.has_capability(Capability.MANAGE_MEMBERS),
            },
        )


class MemberCreateView(CapabilityRequiredMixin, View):
    required_capability = Capability.MANAGE_MEMBERS
    template_name = "commission_office/member_create.html"

    def form(self, data=None):
        return MemberProvisionForm(data, domain=settings.PLATFORM_DOMAIN)

    def get(self, request):
        return render(request, self.template_name, {"form": self.form()})

    def post(self, request):
        form = self.form(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                member = member_provision(
                    legal_name=data.pop("legal_name"),
                    slug=data.pop("slug"),
                    sector=data.pop("sector"),
                    owner_email=data.pop("owner_email"),
                    owner_name=data.pop("owner_name"),
                    actor=request.user,
                    **data,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                if member.is_schema_ready:
                    messages.success(
                        request,
                        _("%(name)s is registered and ready; the owner receives an invitation.")
                        % {"name": member.legal_name},
                    )
                else:
                    messages.info(
                        request,
                        _(
                            "%(name)s is registered; its environment is being prepared and the owner receives an invitation when it is ready."
                        )
                        % {"name": member.legal_name},
                    )
                return redirect("office:member_detail", slug=member.slug)
        return render(request, self.template_name, {"form": form}, status=400)


class MemberDetailView(CapabilityRequiredMixin, View):
    required_capability = Capability.VIEW_MEMBER_REGISTER
    template_name = "commission_office/member_detail.html"

    def get_member(self, slug):
        try:
            return member_get(slug=slug)
        except Member.DoesNotExist:
            raise Http404 from None

    def context(self, member, edit_form=None, status_form=None):
        today = timezone.localdate()
        certificate = current_certificate(member)
        return {
            "member": member,
            "member_url": absolute_url("/", tenant=member),
            "edit_form": edit_form or MemberEditForm(instance=member),
            "status_form": status_form or MemberStatusForm(initial={"status": member.membership_status}),
            "events": audit_event_list(target_id=str(member.uuid))[:50],
            "can_manage": has_capability(self.request.user, Capability.MANAGE_MEMBERS),
            "evaluation": evaluate_member(member, on=today),
            "certificate": certificate,
            "certificate_standing": certificate.standing_on(today) if certificate else None,
            "can_certify": may_manage_certificates(self.request.user),
        }

    def get(self, request, slug):
        member = self.get_member(slug)
        return render(request, self.template_name, self.context(member))

    def post(self, request, slug):
        if not request.user.has_capability(Capability.MANAGE_MEMBERS):
            raise PermissionDenied
        member = self.get_member(slug)
        if request.POST.get("action") == "status":
            status_form = MemberStatusForm(request.POST)
            if status_form.is_valid():
                try:
                    member_set_status(
                        member=member,
                        status=status_form.cleaned_data["status"],
                        actor=request.user,
                        reason=status_form.cleaned_data["reason"],
                        on=status_form.cleaned_data["on"],
                    )
                except ValidationError as exc:
                    status_form.add_error(None, exc)
                else:
                    messages.success(request, _("The membership status is saved."))
                    return redirect("office:member_detail", slug=slug)
            return render(request, self.template_name, self.context(member, status_form=status_form), status=400)
        form = MemberEditForm(request.POST, instance=Member.objects.get(pk=member.pk))
        if form.is_valid():
            member_update(
                member=member,
                actor=request.user,
                **{f: form.cleaned_data[f] for f in EDITABLE_FIELDS if f in form.cleaned_data},
            )
            messages.success(request, _("The member's details are saved."))
            return redirect("office:member_detail", slug=slug)
        return render(request, self.template_name, self.context(member, edit_form=form), status=400)


class CommissionStaffView(StaffView):
    template_name = "accounts/team.html"


class ActivityView(CapabilityRequiredMixin, View):
    required_capability = Capability.VIEW_COMMISSION_ACTIVITY

    def get(self, request):
        page = Paginator(audit_event_list(event_type_prefix=request.GET.get("type", "")), 50).get_page(
            request.GET.get("page")
        )
        return render(request, "office/activity.html", {"page": page, "type": request.GET.get("type", "")})


class CommissionOutboxView(OutboxView):
    required_capability = Capability.VIEW_COMMISSION_ACTIVITY
