"""PDF rendering with WeasyPrint (rulings, hearing agendas, certificates).

- Rendering returns the HTML as well, so tests can assert on it; callers store the PDF privately
  with its SHA-256.
- The URL fetcher serves ``/static/`` from disk and ``data:`` URIs (a QR code drawn inline) and
  refuses everything else: a document never reaches the network, whatever its HTML says.
- WeasyPrint is imported on first use and kept (its import costs most of a second).
"""

from __future__ import annotations

import hashlib
import io
import mimetypes
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest
from django.template.loader import render_to_string


@dataclass(frozen=True)
class RenderedPdf:
    html: str
    pdf: bytes
    sha256: str


class FetchRefused(Exception):
    pass


#: Documents resolve relative URLs against this address; only its /static/ paths are served.
BASE_URL = "https://documents.invalid/"


def _static_path(url: str) -> Path | None:
    parsed = urlparse(url)
    if f"{parsed.scheme}://{parsed.netloc}/" != BASE_URL or not parsed.path.startswith(settings.STATIC_URL):
        return None
    found = finders.find(parsed.path[len(settings.STATIC_URL) :])
    return Path(found) if found else None


def _fetcher() -> Any:
    # WeasyPrint loads Pango and HarfBuzz at import: only the processes that render pay for it.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint has no type information
        """Only the project's static files, read from disk; every other URL is refused."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                # Decoded in memory by WeasyPrint: nothing is fetched.
                return super().fetch(url, headers)
            path = _static_path(url)
            if path is None or not path.is_file():
                raise FetchRefused(f"documents may not fetch {url!r}")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})

    return StaticOnlyFetcher()


def render_pdf(template: str, context: dict[str, Any], *, request: HttpRequest | None = None) -> RenderedPdf:
    """Render ``template`` (a Django template producing HTML) to PDF."""
    from weasyprint import HTML  # loaded on first use, see _fetcher

    html = render_to_string(template, context, request=request)
    pdf = HTML(string=html, base_url=BASE_URL, url_fetcher=_fetcher()).write_pdf()
    return RenderedPdf(html=html, pdf=pdf, sha256=hashlib.sha256(pdf).hexdigest())


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF (used by tests and checks to read documents back)."""
    # pypdf is a test dependency: production never reads PDFs back.
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def pdf_rendering_available() -> bool:
    """WeasyPrint loads Pango and HarfBuzz from the system at import (Debian: libpango-1.0-0,
    libpangoft2-1.0-0, libharfbuzz-subset0); False when they are missing."""
    try:
        import weasyprint  # noqa: F401
    except OSError:
        return False
    return True
