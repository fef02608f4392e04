"""The member's published complaints regulation on its own host: a page and a PDF. Without a published
version both answer 404 with a page saying so."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import override
from django.views import View

from core.pdf import render_pdf
from tenants.office.services import profile_get

from .models import RegulationVersion
from .selectors import current_version, shown_sections


def _none_published(request: HttpRequest) -> HttpResponse:
    return render(request, "regulations/public/none.html", {"profile": profile_get()}, status=404)


def _context(version: RegulationVersion) -> dict[str, object]:
    return {"version": version, "sections": shown_sections(version), "profile": profile_get()}


class RegulationPageView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        version = current_version()
        if version is None:
            return _none_published(request)
        return render(request, "regulations/public/page.html", _context(version))


class RegulationPdfView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        version = current_version()
        if version is None:
            return _none_published(request)
        with override(version.language):
            rendered = render_pdf(
                "regulations/pdf.html", {**_context(version), "LANGUAGE_CODE": version.language}, request=request
            )
        # As core.storage sends stored files: a download, typed, never sniffed or run.
        response = HttpResponse(rendered.pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="klachtenregeling-v{version.number}.pdf"'
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Cache-Control"] = "private, max-age=300"
        return response
