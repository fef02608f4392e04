"""The public proof of a certificate on the commission's host (no login).

- ``/verify/``: look a certificate up by its serial number, or upload its PDF to learn whether the
  commission issued it and whether it was changed since (the file is checked in memory, never kept).
- ``/verify/<serial>/``: what the certificate says today (the QR code on the certificate links here).
- ``/badge/<member-slug>.svg``: the image a member embeds on its website, drawn from the member's
  current certificate at every request, so a suspension or revocation shows at once.

Fake certificates and badges circulate, so these answers are never cached (docs/procedure/commission.md,
"Certificates").
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core.ratelimit import rate_limited

from .models import Certificate
from .selectors import (
    VERIFY_MAX_BYTES,
    Badge,
    BadgeState,
    PdfCheck,
    PdfOutcome,
    canonical_serial,
    certificate_by_serial,
    certificate_pdf_check,
    member_badge,
)

#: PDF checks one client may ask for per hour (page and API together): each parses a file of up to
#: ``VERIFY_MAX_BYTES`` and checks a signature.
VERIFY_UPLOAD_RATE_LIMIT = 30
VERIFY_UPLOAD_BUCKET = "certificate-verify-upload"
#: A PDF file starts with this (the specification allows up to 1 KB before it).
PDF_MAGIC = b"%PDF-"


# What is said about a certificate ----------------------------------------------------------------


def _day(value: Any) -> str:
    return formats.date_format(value, "j F Y")


def standing_message(certificate: Certificate, *, on: Any = None) -> str:
    """What ``certificate`` says on ``on`` (today), in one sentence with its date and reason."""
    on = on or timezone.localdate()
    standing = certificate.standing_on(on)
    changed = _day(timezone.localdate(certificate.status_changed_at)) if certificate.status_changed_at else ""
    reason = certificate.status_reason
    if standing == Certificate.Standing.VALID:
        return _("It is valid until %(date)s.") % {"date": _day(certificate.valid_until)}
    if standing == Certificate.Standing.EXPIRED:
        return _("It expired: it was valid until %(date)s.") % {"date": _day(certificate.valid_until)}
    if standing == Certificate.Standing.NOT_YET_VALID:
        return _("It is valid from %(date)s.") % {"date": _day(certificate.valid_from)}
    if standing == Certificate.Standing.PENDING:
        return _("It is being issued; it is not valid yet.")
    if standing == Certificate.Standing.SUSPENDED:
        return _("It was suspended on %(date)s. Reason: %(reason)s") % {"date": changed, "reason": reason}
    return _("It was revoked on %(date)s. Reason: %(reason)s") % {"date": changed, "reason": reason}


def pdf_check_message(check: PdfCheck) -> str:
    """The answer to "is this PDF a certificate of the commission?" in plain words."""
    certificate = check.certificate
    if check.outcome == PdfOutcome.GENUINE and certificate is not None:
        return " ".join(
            (
                _(
                    "This is certificate %(serial)s of %(member)s, issued by the commission on %(date)s "
                    "and not changed since."
                )
                % {
                    "serial": certificate.serial,
                    "member": certificate.member_name,
                    "date": _day(certificate.issued_on),
                },
                standing_message(certificate),
            )
        )
    if check.outcome == PdfOutcome.ALTERED:
        return _(
            "This document was altered after the commission signed it: do not rely on it. "
            "Look the certificate up by its serial number instead."
        )
    if check.outcome == PdfOutcome.NOT_SIGNED_BY_COMMISSION:
        return _(
            "This PDF was not signed by the commission (it was signed by %(signer)s): it is not our certificate."
        ) % {"signer": check.signer_name or _("someone else")}
    if check.outcome == PdfOutcome.UNSIGNED:
        return _("This PDF is not signed by the commission: it is not a certificate the commission issued.")
    return _(
        "This PDF was signed by the commission and not changed since, but it is not a certificate the commission "
        "issued (it may be another document of the commission)."
    )


def sector_of(certificate: Certificate) -> str:
    """The sector as the certificate states it, in the active language."""
    english = (translation.get_language() or "")[:2] == "en"
    return certificate.sector_en if english else certificate.sector_nl


# Reading the upload -------------------------------------------------------------------------------


def pdf_upload_read(upload: UploadedFile[bytes] | None) -> bytes:
    """The bytes of an uploaded PDF; refuses anything else, too large or empty, with a message."""
    if upload is None:
        raise ValidationError(_("Choose the PDF file of the certificate."))
    if (upload.size or 0) > VERIFY_MAX_BYTES:
        raise ValidationError(
            _("This file is too large: a certificate is at most %(mb)s MB.") % {"mb": VERIFY_MAX_BYTES // (1024 * 1024)}
        )
    upload.seek(0)
    content = upload.read(VERIFY_MAX_BYTES + 1)
    if not content:
        raise ValidationError(_("This file is empty."))
    if len(content) > VERIFY_MAX_BYTES:
        raise ValidationError(
            _("This file is too large: a certificate is at most %(mb)s MB.") % {"mb": VERIFY_MAX_BYTES // (1024 * 1024)}
        )
    if PDF_MAGIC not in content[:1024]:
        raise ValidationError(_("This file is not a PDF. Upload the certificate as the PDF file you received."))
    return content


# Forms --------------------------------------------------------------------------------------------


class SerialForm(forms.Form):
    serial = forms.CharField(
        label=gettext_lazy("Serial number"),
        max_length=100,
        help_text=gettext_lazy("As on the certificate, for example 2026-K7MQ-3XZD."),
    )

    def clean_serial(self) -> str:
        serial = canonical_serial(self.cleaned_data["serial"])
        if serial is None:
            raise ValidationError(_("This is not a serial number of the commission: it looks like 2026-K7MQ-3XZD."))
        return serial


class PdfForm(forms.Form):
    pdf = forms.FileField(
        label=gettext_lazy("Certificate (PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        help_text=gettext_lazy("The file is checked and not kept."),
    )

    def clean_pdf(self) -> bytes:
        return pdf_upload_read(self.cleaned_data.get("pdf"))


# Pages --------------------------------------------------------------------------------------------


def _no_store(response: HttpResponse) -> HttpResponse:
    # A suspension or revocation must show at the next look, never a stored copy.
    response["Cache-Control"] = "no-store"
    return response


class VerifyView(View):
    """``/verify/``: by serial number (a GET form, so the answer's address can be shared) or by PDF."""

    template_name = "certification/public/verify.html"

    def page(
        self,
        request: HttpRequest,
        *,
        serial_form: SerialForm | None = None,
        pdf_form: PdfForm | None = None,
        status: int = 200,
        **context: Any,
    ) -> HttpResponse:
        return _no_store(
            render(
                request,
                self.template_name,
                {
                    "serial_form": serial_form or SerialForm(),
                    "pdf_form": pdf_form or PdfForm(),
                    "max_mb": VERIFY_MAX_BYTES // (1024 * 1024),
                    **context,
                },
                status=status,
            )
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        if "serial" not in request.GET:
            return self.page(request)
        form = SerialForm(request.GET)
        if form.is_valid():
            return redirect("certification_public:certificate", serial=form.cleaned_data["serial"])
        return self.page(request, serial_form=form, status=400)

    def post(self, request: HttpRequest) -> HttpResponse:
        form = PdfForm(request.POST, request.FILES)
        if rate_limited(request, VERIFY_UPLOAD_BUCKET, VERIFY_UPLOAD_RATE_LIMIT, 60 * 60):
            form.add_error(None, _("Too many requests. Try again in an hour."))
            return self.page(request, pdf_form=form, status=429)
        if not form.is_valid():
            return self.page(request, pdf_form=form, status=400)
        check = certificate_pdf_check(form.cleaned_data["pdf"])
        return self.page(
            request,
            check=check,
            message=pdf_check_message(check),
            genuine=check.outcome == PdfOutcome.GENUINE,
            standing=check.certificate.standing_on(timezone.localdate()) if check.certificate else None,
        )


class CertificateView(View):
    """``/verify/<serial>/``: the certificate's standing today, the member and the period."""

    def get(self, request: HttpRequest, serial: str) -> HttpResponse:
        canonical = canonical_serial(serial)
        if canonical is not None and canonical != serial:
            # As typed (lower case, O for 0): to the one address of the certificate.
            return redirect("certification_public:certificate", serial=canonical)
        certificate = certificate_by_serial(canonical) if canonical else None
        if certificate is None:
            return _no_store(
                render(
                    request,
                    "certification/public/not_found.html",
                    {"serial_form": SerialForm()},
                    status=404,
                )
            )
        today = timezone.localdate()
        return _no_store(
            render(
                request,
                "certification/public/certificate.html",
                {
                    "certificate": certificate,
                    "standing": certificate.standing_on(today),
                    "message": standing_message(certificate, on=today),
                    "changed_on": timezone.localdate(certificate.status_changed_at)
                    if certificate.status_changed_at
                    else None,
                },
            )
        )


# The badge ----------------------------------------------------------------------------------------

#: The badge's colour per state (the site's own: ok, warning, danger, neutral).
BADGE_COLOURS = {
    BadgeState.CERTIFIED: "#1a7f37",
    BadgeState.SUSPENDED: "#9a6700",
    BadgeState.REVOKED: "#c62828",
    BadgeState.EXPIRED: "#c62828",
    BadgeState.NOT_CERTIFIED: "#57606a",
}
#: Characters XML refuses in text (the control characters); escaping does not make them valid.
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _badge_detail(badge: Badge) -> str:
    """The line under the badge's state: until when it is valid, or since when it is not."""
    certificate = badge.certificate
    if certificate is None or badge.state == BadgeState.NOT_CERTIFIED:
        return ""
    if badge.state in (BadgeState.CERTIFIED, BadgeState.EXPIRED):
        return _("valid until %(date)s") % {"date": _day(certificate.valid_until)}
    if (
        certificate.status in (Certificate.Status.SUSPENDED, Certificate.Status.REVOKED)
        and certificate.status_changed_at
    ):
        return _("since %(date)s") % {"date": _day(timezone.localdate(certificate.status_changed_at))}
    # The membership is suspended, not the certificate: there is no date of the certificate to give.
    return ""


class BadgeView(View):
    """``/badge/<member-slug>.svg``: the member's current standing as an image for its website."""

    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        badge = member_badge(slug=slug, on=timezone.localdate())
        if badge is None:
            state, name, detail, status = BadgeState.NOT_CERTIFIED, _("Unknown member"), "", 404
        else:
            state, name, detail, status = badge.state, badge.member.legal_name, _badge_detail(badge), 200
        svg = render_to_string(
            "certification/badge.svg",
            {
                "state": state.value,
                "label": state.label,
                "detail": detail,
                "member_name": XML_INVALID.sub("", name),
                "commission_name": XML_INVALID.sub("", settings.COMMISSION_NAME),
                "colour": BADGE_COLOURS[state],
            },
        )
        response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8", status=status)
        # Live: a suspension shows at the next page view of the member's website.
        response["Cache-Control"] = "no-cache, max-age=0"
        response["X-Content-Type-Options"] = "nosniff"
        # Shown as an <img> on the member's website: another origin may load it, nothing in it may run.
        response["Cross-Origin-Resource-Policy"] = "cross-origin"
        response["Content-Security-Policy"] = "default-src 'none'"
        return response
