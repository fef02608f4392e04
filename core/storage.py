"""File storage for uploads: one folder per schema, never served as a directory; and the one way a
stored file is sent to a browser."""

from __future__ import annotations

import os
from typing import Any

import filetype
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django_tenants.files.storage import TenantFileSystemStorage


class MemberFileStorage(TenantFileSystemStorage):  # type: ignore[misc]  # django-tenants has no type information
    """``MEDIA_ROOT/<schema>/...`` like django-tenants' storage, but reading ``MEDIA_ROOT`` on every
    access: the parent caches it for the life of the process and its cache is never cleared when the
    setting changes (its reset hook passes the settings object instead of the setting's name)."""

    @property
    def relative_media_root(self) -> str:
        relative = getattr(settings, "MULTITENANT_RELATIVE_MEDIA_ROOT", None)
        return os.path.join(settings.MEDIA_ROOT, relative) if relative else str(settings.MEDIA_ROOT)


#: Types a browser may show inside a page of ours: images it decodes itself, which run no script.
#: Everything else (PDF, office documents, text, anything unknown) is only ever a download.
INLINE_SAFE_TYPES = frozenset({"image/png", "image/jpeg", "image/webp", "image/gif"})
#: Bytes read to find a file's type; the signatures ``filetype`` knows all sit in the first few.
SNIFF_BYTES = 8192


def content_type_of(head: bytes) -> str:
    """The type of a file found from its first bytes (the same detection as for uploads), never from
    its name or from a type stored beside it.

    Only types with a binary signature are named; text of any kind (plain, HTML, SVG, scripts) is
    ``text/plain`` and anything else ``application/octet-stream``, so no browser ever runs it.
    """
    kind = filetype.guess(head) if head else None
    if kind is not None:
        return str(kind.mime)
    if head and b"\x00" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            # A multi-byte character cut off at the end of the sample is still text.
            if exc.start < len(head) - 3:
                return "application/octet-stream"
        return "text/plain; charset=utf-8"
    return "application/octet-stream"


def stored_file_response(
    field_file: FieldFile, *, filename: str, inline: bool = False, cache_control: str = "private, no-store"
) -> FileResponse:
    """Serve a stored file (logo, attachment, case document, ruling PDF, ...) safely on our hosts.

    - ``Content-Type`` from the file's content (``content_type_of``);
    - ``inline`` only when asked for and the content is an image a browser shows without running
      anything (``INLINE_SAFE_TYPES``); otherwise ``attachment``, so HTML or SVG never renders on
      the platform's origins, whatever the file is called;
    - ``nosniff``, and a sandboxing Content-Security-Policy in case a browser renders it anyway;
    - not stored by caches unless the caller says otherwise (``cache_control``).

    A missing or unreadable file is a 404.
    """
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, SuspiciousFileOperation, ValueError):
        raise Http404 from None
    head = handle.read(SNIFF_BYTES)
    handle.seek(0)
    content_type = content_type_of(head)
    as_attachment = not (inline and content_type in INLINE_SAFE_TYPES)
    response = FileResponse(handle, content_type=content_type, as_attachment=as_attachment, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = cache_control
    return response


def stored_upload_response(upload: Any) -> FileResponse:
    """Serve an upload (a complaint attachment, a case document) as a download under the name it was
    uploaded with, typed by its content."""
    return stored_file_response(upload.file, filename=upload.original_name)
