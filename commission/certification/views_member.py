"""The member's own compliance certificates, in its back-office on its host (``/office/certificates/``).

- Owners and managers see the current certificate and the past ones, download the rendered PDFs and
  copy the embed snippet (the commission's live badge linking to the verification page).
- The owner asks for a certificate (route ``owner``) after seeing the criteria evaluation; the
  service refuses, saying why, when a criterion fails or a certificate still holds.

Every lookup starts from the member of the host (``request.tenant``): a certificate of another member
is not found, by serial or otherwise. Certificates live in the public schema and are read from the
member's schema through the search path.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views import View

from core.storage import stored_file_response
from tenants.accounts.permissions import CapabilityRequiredMixin
from tenants.accounts.roles import Capability, has_capability
from tenants.members.links import MemberRequest
from tenants.members.models import Member

from .certificates import badge_url, certificate_request, verification_url
from .evaluation import Evaluation, evaluate_member
from .models import Certificate
from .selectors import member_certificate_with_pdf, member_certificates

#: Owners and managers read the member's certificates (the roles the commission writes to about
#: them); handlers do not. Only the owner asks for one: it speaks for the organisation.
VIEW_CERTIFICATES = Capability.VIEW_CERTIFICATES
REQUEST_CERTIFICATE = Capability.REQUEST_CERTIFICATE


# Reads --------------------------------------------------------------------------------------------


def held_certificate(certificates: list[Certificate], *, on: date) -> Certificate | None:
    """Of ``certificates``, the one whose period covers ``on`` and that was issued (suspended counts:
    the member still holds it, and the badge says it is suspended): the one the embed snippet shows."""
    for certificate in certificates:
        if certificate.standing_on(on) in (Certificate.Standing.VALID, Certificate.Standing.SUSPENDED):
            return certificate
    return None


def certificate_pdf_response(certificate: Certificate) -> FileResponse:
    """The certificate's signed PDF, as a private download."""
    return stored_file_response(certificate.pdf, filename=f"{certificate.serial}.pdf")


def embed_snippet(*, certificate: Certificate, member: Member) -> str:
    """The HTML a member puts on its website: the badge, served live by the commission (it shows a
    suspension the moment it happens), linking to the certificate's verification page."""
    alt = _("Complaint handling certified by %(commission)s: check certificate %(serial)s") % {
        "commission": settings.COMMISSION_NAME,
        "serial": certificate.serial,
    }
    # A plain string (not marked safe): the page shows it as text to copy, escaped once more.
    return (
        f'<a href="{escape(verification_url(certificate.serial))}">'
        f'<img src="{escape(badge_url(member))}" alt="{escape(alt)}"></a>'
    )


# Pages --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CertificateRow:
    certificate: Certificate
    standing: Certificate.Standing
    verification_url: str

    @property
    def downloadable(self) -> bool:
        return self.certificate.status != Certificate.Status.PENDING and bool(self.certificate.pdf)


def _page(request: MemberRequest, *, refusal: list[str] | None = None, status: int = 200) -> HttpResponse:
    member = request.tenant
    today = timezone.localdate()
    certificates = list(member_certificates(member=member))
    current = held_certificate(certificates, on=today)
    may_request = has_capability(request.user, REQUEST_CERTIFICATE)
    evaluation: Evaluation | None = evaluate_member(member, on=today) if may_request else None
    return render(
        request,
        "certification/member/certificates.html",
        {
            "rows": [
                CertificateRow(
                    certificate=certificate,
                    standing=certificate.standing_on(today),
                    verification_url=verification_url(certificate.serial),
                )
                for certificate in certificates
            ],
            "current": current,
            "current_standing": current.standing_on(today) if current else None,
            "current_verification_url": verification_url(current.serial) if current else "",
            "pending": [c for c in certificates if c.status == Certificate.Status.PENDING],
            "snippet": embed_snippet(certificate=current, member=member) if current else "",
            "may_request": may_request,
            "evaluation": evaluation,
            "refusal": refusal or [],
        },
        status=status,
    )


class MemberCertificateListView(CapabilityRequiredMixin, View):
    required_capability = VIEW_CERTIFICATES

    def get(self, request: MemberRequest) -> HttpResponse:
        return _page(request)


class MemberCertificateRequestView(CapabilityRequiredMixin, View):
    """The owner asks for a certificate; on refusal the page comes back with the reason."""

    required_capability = REQUEST_CERTIFICATE

    def post(self, request: MemberRequest) -> HttpResponse:
        try:
            certificate = certificate_request(
                member=request.tenant,
                route=Certificate.Route.OWNER,
                actor=request.user,  # type: ignore[arg-type]  # a signed-in user: the mixin checked it
            )
        except ValidationError as exc:
            return _page(request, refusal=exc.messages, status=400)
        messages.success(
            request,
            _(
                "Certificate %(serial)s is being issued. It appears on this page in a few moments, and the "
                "owners and managers receive an e-mail when it is ready."
            )
            % {"serial": certificate.serial},
        )
        return redirect("member_certificates:list")


class MemberCertificatePdfView(CapabilityRequiredMixin, View):
    required_capability = VIEW_CERTIFICATES

    def get(self, request: MemberRequest, serial: str) -> FileResponse:
        certificate = member_certificate_with_pdf(member=request.tenant, serial=serial)
        if certificate is None:
            raise Http404
        return certificate_pdf_response(certificate)
