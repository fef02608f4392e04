"""The commission office's certificate pages (under /office/certificates/), for the secretary and
the platform administrator: the list with the members that are due, issuing on demand for one member,
and one certificate's page with its PDF, its history and the status changes.

The forms live here rather than in ``forms.py``: they belong to these pages only.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from commission.office_actions import OfficeAction, OfficeActions, perform
from core.storage import stored_file_response
from tenants.accounts.models import User
from tenants.members.models import Member
from tenants.members.selectors import member_get

from .certificates import (
    CHANGES,
    certificate_change,
    certificate_request,
    failing_criteria,
    holding,
    members_due,
    verification_url,
)
from .evaluation import Evaluation, evaluate_member
from .models import Certificate
from .office_selectors import (
    certificate_counts,
    certificate_get,
    certificate_history,
    certificate_list,
    members_by_id,
)
from .selectors import current_certificate
from .views import StandingOfficeMixin

#: Certificates on one page of the list.
PAGE_SIZE = 50
#: Members due for a certificate named on the list page (the rest are counted).
DUE_SHOWN = 100


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("The member is told this reason."),
    )


class RevokeForm(ReasonForm):
    confirm = forms.BooleanField(
        label=gettext_lazy("I understand this cannot be undone"),
        error_messages={"required": gettext_lazy("Confirm that you understand a revocation cannot be undone.")},
    )


def _change(change: str) -> OfficeAction[Certificate]:
    return OfficeAction(
        RevokeForm if change == "revoke" else ReasonForm,
        lambda certificate, actor, d: certificate_change(
            certificate=certificate, change=change, reason=d["reason"], actor=actor
        ),
    )


#: The status changes of a certificate (``certificates.CHANGES`` says from which status each starts).
CERTIFICATE_ACTIONS: OfficeActions[Certificate] = {
    change: _change(change) for change in ("suspend", "reinstate", "revoke")
}
ACTION_BUTTONS: dict[str, Promise] = {
    "suspend": gettext_lazy("Suspend the certificate"),
    "reinstate": gettext_lazy("Reinstate the certificate"),
    "revoke": gettext_lazy("Revoke the certificate"),
}
DONE_MESSAGES: dict[str, Promise] = {
    "suspend": gettext_lazy("Certificate %(serial)s is suspended; the member is told."),
    "reinstate": gettext_lazy("Certificate %(serial)s is reinstated; the member is told."),
    "revoke": gettext_lazy("Certificate %(serial)s is revoked; the member is told."),
}
#: How the history names the audit trail's certificate events.
EVENT_LABELS: dict[str, Promise] = {
    "certification.certificate_requested": gettext_lazy("Requested"),
    "certification.certificate_issued": gettext_lazy("Issued"),
    "certification.certificate_suspended": gettext_lazy("Suspended"),
    "certification.certificate_reinstated": gettext_lazy("Reinstated"),
    "certification.certificate_revoked": gettext_lazy("Revoked"),
}


def _actor(request: HttpRequest) -> User:
    # StandingOfficeMixin lets only signed-in commission staff through.
    return cast(User, request.user)


def _certificate(request: HttpRequest, serial: str) -> Certificate:
    try:
        return certificate_get(actor=_actor(request), serial=serial, on=timezone.localdate())
    except Certificate.DoesNotExist:
        raise Http404 from None


def _member(slug: str) -> Member:
    try:
        return member_get(slug=slug)
    except Member.DoesNotExist:
        raise Http404 from None


class CertificateListView(StandingOfficeMixin, View):
    template_name = "certification/office/list.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        today = timezone.localdate()
        actor = _actor(request)
        standing = request.GET.get("standing", "")
        if standing not in Certificate.Standing.values:
            standing = ""
        search = request.GET.get("q", "").strip()[:100]
        page = Paginator(certificate_list(actor=actor, on=today, standing=standing, search=search), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        counts = certificate_counts(actor=actor, on=today)
        due = members_due(on=today)
        return render(
            request,
            self.template_name,
            {
                "page": page,
                "rows": [(certificate, Certificate.Standing(getattr(certificate, "standing"))) for certificate in page],  # noqa: B009  (annotated by the selector)
                "per_standing": [(value, label, counts[value]) for value, label in Certificate.Standing.choices],
                "standings": Certificate.Standing.choices,
                "standing": standing,
                "q": search,
                "due": members_by_id(due)[:DUE_SHOWN],
                "due_count": len(due),
                "due_more": max(len(due) - DUE_SHOWN, 0),
            },
        )


class MemberCertificateView(StandingOfficeMixin, View):
    """One member's criteria as they stand today, and the secretary's "issue certificate" button."""

    template_name = "certification/office/member.html"

    def context(self, member: Member, *, refusal: list[str] | None = None) -> dict[str, Any]:
        today = timezone.localdate()
        evaluation = evaluate_member(member, on=today)
        return {
            "member": member,
            "evaluation": evaluation,
            "failing": failing_criteria(evaluation),
            "holding": holding(member, on=today),
            "current": current_certificate(member),
            "refusal": refusal or [],
        }

    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        return render(request, self.template_name, self.context(_member(slug)))

    def post(self, request: HttpRequest, slug: str) -> HttpResponse:
        member = _member(slug)
        try:
            certificate = certificate_request(member=member, route=Certificate.Route.SECRETARY, actor=_actor(request))
        except ValidationError as exc:
            return render(request, self.template_name, self.context(member, refusal=exc.messages), status=400)
        messages.success(
            request,
            _("Certificate %(serial)s is being issued; its PDF is ready as soon as it is rendered.")
            % {"serial": certificate.serial},
        )
        return redirect("office:certificates:detail", serial=certificate.serial)


def _action_form(name: str, *args: Any) -> forms.BaseForm | None:
    """The form of one action, with ids of its own (several forms share one page)."""
    return CERTIFICATE_ACTIONS[name].build_form(*args, auto_id=f"id_{name}_%s")


def render_detail(
    request: HttpRequest,
    certificate: Certificate,
    *,
    bound: tuple[str, forms.BaseForm | None] | None = None,
    status: int = 200,
) -> HttpResponse:
    # The changes open from the certificate's status; a refused one stays on the page with its error.
    open_actions = [name for name in CERTIFICATE_ACTIONS if certificate.status in CHANGES[name][0]]
    if bound is not None and bound[0] not in open_actions:
        open_actions.append(bound[0])
    actions = [
        {
            "name": name,
            "button": ACTION_BUTTONS[name],
            "form": bound[1] if bound and bound[0] == name else _action_form(name),
        }
        for name in open_actions
    ]
    history = [
        {
            "event": event,
            "label": EVENT_LABELS.get(event.event_type, event.event_type),
            "reason": event.data.get("reason", ""),
        }
        for event in certificate_history(actor=_actor(request), certificate=certificate)
    ]
    today = timezone.localdate()
    return render(
        request,
        "certification/office/detail.html",
        {
            "certificate": certificate,
            "standing": certificate.standing_on(today),
            "evaluation": Evaluation.from_json(certificate.evaluation),
            "is_rendered": certificate.status != Certificate.Status.PENDING and bool(certificate.pdf),
            "verification_url": verification_url(certificate.serial),
            "history": history,
            "actions": actions,
            "failed_action": bound[0] if bound else "",
        },
        status=status,
    )


class CertificateDetailView(StandingOfficeMixin, View):
    def get(self, request: HttpRequest, serial: str) -> HttpResponse:
        return render_detail(request, _certificate(request, serial))


class CertificatePdfView(StandingOfficeMixin, View):
    def get(self, request: HttpRequest, serial: str) -> FileResponse:
        certificate = _certificate(request, serial)
        if certificate.status == Certificate.Status.PENDING or not certificate.pdf:
            raise Http404
        return stored_file_response(certificate.pdf, filename=f"{certificate.serial}.pdf")


class CertificateChangeView(StandingOfficeMixin, View):
    """Suspend, reinstate or revoke (``CERTIFICATE_ACTIONS``); a refusal brings the certificate's page
    back with the form as filled in and the service's message."""

    def post(self, request: HttpRequest, serial: str, action: str) -> HttpResponse:
        certificate = _certificate(request, serial)
        if action not in CERTIFICATE_ACTIONS:
            raise Http404
        form = _action_form(action, request.POST)
        outcome = perform(CERTIFICATE_ACTIONS[action], target=certificate, actor=_actor(request), form=form)
        if outcome.ok:
            messages.success(request, str(DONE_MESSAGES[action]) % {"serial": certificate.serial})
            return redirect("office:certificates:detail", serial=certificate.serial)
        certificate.refresh_from_db()
        return render_detail(request, certificate, bound=(action, form), status=400)
