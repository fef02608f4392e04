"""The outbox page: every e-mail the organisation sent or tried to send, with failures retryable."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from tenants.accounts.permissions import CapabilityRequiredMixin
from tenants.accounts.roles import Capability

from .models import OutboundEmail
from .services import email_retry


class OutboxView(CapabilityRequiredMixin, View):
    required_capability = Capability.VIEW_ACTIVITY

    def get(self, request):
        status = request.GET.get("status", "")
        emails = OutboundEmail.objects.all()
        if status in OutboundEmail.Status.values:
            emails = emails.filter(status=status)
        page = Paginator(
            emails.only("uuid", "to", "subject", "topic", "status", "attempts", "last_error", "created_at", "sent_at"),
            50,
        )
        return render(
            request,
            "outbox/list.html",
            {
                "page": page.get_page(request.GET.get("page")),
                "status": status,
                "statuses": OutboundEmail.Status.choices,
            },
        )

    def post(self, request):
        failed = OutboundEmail.objects.filter(status=OutboundEmail.Status.FAILED)
        try:
            email = failed.filter(uuid=request.POST.get("email")).first()
        except ValidationError:
            # Not a UUID at all: no such e-mail.
            email = None
        if email is None:
            raise Http404
        email_retry(email=email)
        messages.success(request, _("The e-mail to %(to)s is queued again.") % {"to": email.to})
        return redirect(request.get_full_path())
