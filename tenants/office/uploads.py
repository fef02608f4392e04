"""Checks of uploaded files by their content, not their name."""

from __future__ import annotations

import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

#: Image formats accepted as a logo, by what Pillow finds in the file.
LOGO_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}
LOGO_MAX_BYTES = 2 * 1024 * 1024
#: Widest and highest logo accepted. A few kilobytes of PNG can claim billions of pixels (a
#: decompression bomb) that every browser showing the logo would have to unpack.
LOGO_MAX_PIXELS_PER_SIDE = 4000


def validate_logo(upload) -> str:
    """Return the content type of a valid logo, or raise a ValidationError the user can act on."""
    if upload.size > min(LOGO_MAX_BYTES, settings.UPLOAD_MAX_BYTES):
        raise ValidationError({"logo": _("The logo may be at most 2 MB.")})
    too_large = ValidationError(
        {
            "logo": _("This image is too large: at most %(pixels)s pixels wide and %(pixels)s pixels high.")
            % {"pixels": LOGO_MAX_PIXELS_PER_SIDE}
        }
    )
    try:
        upload.seek(0)
        # Pillow only warns about an image somewhat over its pixel limit; here that is a refusal too.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                width, height = image.size
                image.verify()
                kind = image.format
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_large from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError({"logo": _("This file is not a PNG, JPEG or WebP image.")}) from None
    finally:
        upload.seek(0)
    if kind not in LOGO_FORMATS:
        raise ValidationError({"logo": _("This file is not a PNG, JPEG or WebP image.")})
    if max(width, height) > LOGO_MAX_PIXELS_PER_SIDE:
        raise too_large
    return LOGO_FORMATS[kind]
