"""Checks of uploaded files by their content, not their name."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

#: Image formats accepted as a logo, by what Pillow finds in the file.
LOGO_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}
LOGO_MAX_BYTES = 2 * 1024 * 1024


def validate_logo(upload) -> str:
    """Return the content type of a valid logo, or raise a ValidationError the user can act on."""
    from PIL import Image, UnidentifiedImageError

    if upload.size > min(LOGO_MAX_BYTES, settings.UPLOAD_MAX_BYTES):
        raise ValidationError({"logo": _("The logo may be at most 2 MB.")})
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image.verify()
            kind = image.format
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise ValidationError({"logo": _("This file is not a PNG, JPEG or WebP image.")}) from None
    finally:
        upload.seek(0)
    if kind not in LOGO_FORMATS:
        raise ValidationError({"logo": _("This file is not a PNG, JPEG or WebP image.")})
    return LOGO_FORMATS[kind]
