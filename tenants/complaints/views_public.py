"""Pages for complainants on the member's host: the complaint form, the status page behind the
signed link, and the form to ask for a fresh link. No login."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from core.forms import add_oversized_post_errors
from core.ratelimit import rate_limited
from core.storage import stored_upload_response
from tenants.members.links import MemberRequest

from .forms import ComplainantInformationForm, PublicComplaintForm, StatusLinkRequestForm
from .models import Complaint
from .services.intake import complaint_register
from .services.messages import message_receive, status_link_resend
from .services.regulation import regulation_get
from .services.status_links import StatusLinkInvalid, complaint_from_status_token, status_link_token


class ComplaintFormView(View):
    request: MemberRequest
    template_name = "complaints/public/form.html"
    # A post with too much text comes back with the form (config.request_limits).
    accepts_oversized_post = True

    def context(self, form):
        return {"form": form, "member": self.request.tenant, "regulation": regulation_get()}

    def get(self, request):
        return render(request, self.template_name, self.context(PublicComplaintForm()))

    def post(self, request):
        form = PublicComplaintForm(request.POST, request.FILES)
        if rate_limited(request, "complaint-form", settings.COMPLAINT_FORM_RATE_LIMIT, 10 * 60):
            form.add_error(
                None,
                _(
                    "You have sent several complaints in a short time. Wait ten minutes and try again; what you typed is still here."
                ),
            )
            return render(request, self.template_name, self.context(form), status=429)
        if form.is_spam:
            # A robot filled in the hidden field: say thanks, store nothing.
            return render(request, "complaints/public/thanks.html", {"member": request.tenant})
        if oversized := getattr(request, "oversized_post", None):
            # What fitted is shown again; the cut-off text is never stored.
            add_oversized_post_errors(form, oversized)
            return render(request, self.template_name, self.context(form), status=413)
        if not form.is_valid():
            return render(request, self.template_name, self.context(form), status=400)
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            complaint = complaint_register(
                channel=Complaint.Channel.WEB_FORM,
                attachments=form.cleaned_data["attachments"],
                language=request.LANGUAGE_CODE,
                **data,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return render(request, self.template_name, self.context(form), status=400)
        request.session["last_complaint"] = str(complaint.uuid)
        return redirect("complaints_public:thanks")


class ThanksView(View):
    def get(self, request):
        uuid = request.session.get("last_complaint")
        complaint = Complaint.objects.filter(uuid=uuid).first() if uuid else None
        if complaint is None:
            return redirect("complaints_public:form")
        return render(
            request,
            "complaints/public/thanks.html",
            {"member": request.tenant, "complaint": complaint, "token": status_link_token(complaint)},
        )


class _StatusLinkView(View):
    """A page behind the complainant's signed link; a forged, superseded or expired link gets a page
    that says so and offers a fresh one."""

    request: MemberRequest

    # A post with too much text comes back with the form (config.request_limits).
    accepts_oversized_post = True

    def get_complaint(self, token):
        try:
            return complaint_from_status_token(token)
        except StatusLinkInvalid as invalid:
            raise _InvalidLink(invalid.expired) from None

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except _InvalidLink as invalid:
            return render(
                request,
                "complaints/public/link_invalid.html",
                {"member": request.tenant, "expired": invalid.expired, "form": StatusLinkRequestForm()},
                status=410 if invalid.expired else 404,
            )


class StatusView(_StatusLinkView):
    """The complainant's view of one complaint: status, dates, messages meant for them, shared files,
    and a form to add information. Only reachable with a valid signed link for this member."""

    template_name = "complaints/public/status.html"

    def context(self, complaint, token, form=None):
        return {
            "member": self.request.tenant,
            "complaint": complaint,
            "token": token,
            "messages_for_complainant": complaint.messages.all(),
            "files": complaint.attachments.filter(shared_with_complainant=True),
            "form": form or ComplainantInformationForm(),
            "history": complaint.status_changes.all(),
        }

    def get(self, request, token):
        complaint = self.get_complaint(token)
        return render(request, self.template_name, self.context(complaint, token))

    def post(self, request, token):
        complaint = self.get_complaint(token)
        form = ComplainantInformationForm(request.POST, request.FILES)
        if oversized := getattr(request, "oversized_post", None):
            add_oversized_post_errors(form, oversized)
            return render(request, self.template_name, self.context(complaint, token, form), status=413)
        if form.is_valid():
            try:
                message_receive(
                    complaint=complaint, text=form.cleaned_data["text"], attachments=form.cleaned_data["attachments"]
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Thank you. Your information has been added to your complaint."))
                return redirect("complaints_public:status", token=token)
        return render(request, self.template_name, self.context(complaint, token, form), status=400)


class _InvalidLink(Exception):
    def __init__(self, expired: bool):
        self.expired = expired


class StatusFileView(_StatusLinkView):
    def get(self, request, token, attachment):
        complaint = self.get_complaint(token)
        found = complaint.attachments.filter(uuid=attachment, shared_with_complainant=True).first()
        if found is None:
            raise Http404
        return stored_upload_response(found)

    def post(self, request, *args, **kwargs):
        raise Http404


class StatusLinkRequestView(View):
    template_name = "complaints/public/link_request.html"

    def get(self, request):
        return render(request, self.template_name, {"member": request.tenant, "form": StatusLinkRequestForm()})

    def post(self, request):
        form = StatusLinkRequestForm(request.POST)
        if rate_limited(request, "status-link", 10, 60 * 60):
            form.add_error(None, _("Too many requests. Try again in an hour."))
            return render(request, self.template_name, {"member": request.tenant, "form": form}, status=429)
        if not form.is_valid():
            return render(request, self.template_name, {"member": request.tenant, "form": form}, status=400)
        status_link_resend(
            reference=form.cleaned_data["reference"], email=form.cleaned_data["email"], language=request.LANGUAGE_CODE
        )
        # The same answer whether or not the details matched.
        return render(request, self.template_name, {"member": request.tenant, "sent": True})
