"""Checks of files that complainants and staff attach, by their content (not their name)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

#: What may be attached, by the type found in the file's first bytes.
ALLOWED_TYPES = {
    "application/pdf": "PDF",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/webp": "WebP",
    "image/heic": "HEIC",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.oasis.opendocument.text": "OpenDocument",
}
MAX_FILES = 5


@dataclass(frozen=True)
class CheckedUpload:
    upload: object
    name: str
    content_type: str
    size: int
    sha256: str


def _is_plain_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut off at the end of the sample is fine.
        return exc.start >= len(head) - 3
    return True


def check_upload(upload: UploadedFile[bytes]) -> CheckedUpload:
    """Accept PDF, images, Word/OpenDocument and plain text up to ``UPLOAD_MAX_BYTES``; refuse the
    rest with a message the person uploading can act on."""
    name = (getattr(upload, "name", "") or "file").rsplit("/", 1)[-1][:200]
    limit = settings.UPLOAD_MAX_BYTES
    size = upload.size or 0
    if size > limit:
        raise ValidationError(
            _("%(name)s is too large: at most %(mb)s MB per file.") % {"name": name, "mb": limit // (1024 * 1024)}
        )
    if size == 0:
        raise ValidationError(_("%(name)s is empty.") % {"name": name})
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is not None and kind.mime in ALLOWED_TYPES:
        content_type = kind.mime
    elif kind is None and name.lower().endswith(".txt") and _is_plain_text(head):
        content_type = "text/plain"
    else:
        raise ValidationError(
            _(
                "%(name)s cannot be attached: only PDF, images (PNG, JPEG, WebP, HEIC), Word, OpenDocument and text files are accepted."
            )
            % {"name": name}
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedUpload(upload=upload, name=name, content_type=content_type, size=size, sha256=digest.hexdigest())


def check_uploads(uploads: list[UploadedFile[bytes]]) -> list[CheckedUpload]:
    if len(uploads) > MAX_FILES:
        raise ValidationError(_("Attach at most %(count)s files.") % {"count": MAX_FILES})
    errors, checked = [], []
    for upload in uploads:
        try:
            checked.append(check_upload(upload))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    return checked


#: Types a stored upload may be sent as (``core.storage.content_type_of`` names them from the content).
FILE_MEDIA_TYPES = (*ALLOWED_TYPES, "text/plain", "application/octet-stream")
