"""QR codes for documents (e.g. a certificate's verification link), drawn with segno.

WeasyPrint templates embed the SVG as a data URI (``<img src="{{ qr }}">``): no file, no fetch (the
PDF renderer fetches nothing but static files, core/pdf.py), and it stays sharp at any print size.
"""

from __future__ import annotations

import io

import segno

#: Error correction "M" (15 %) survives a crease or a smudge on a printed page.
ERROR_CORRECTION = "m"
#: The quiet zone around the code, in modules (ISO/IEC 18004 asks for four).
BORDER = 4


def _code(text: str) -> segno.QRCode:
    # Never a Micro QR code: not every phone camera reads them. Exactly level M, as the EPC payment
    # QR standard asks (segno would otherwise raise the level where the symbol has room).
    return segno.make(text, error=ERROR_CORRECTION, micro=False, boost_error=False)


def qr_svg_data_uri(text: str) -> str:
    """``text`` as a QR code in an SVG ``data:`` URI, for an ``<img src>`` in a PDF template."""
    return _code(text).svg_data_uri(border=BORDER, omitsize=True)


def qr_png(text: str, *, scale: int = 4) -> bytes:
    """``text`` as a QR code in a PNG (``scale`` pixels per module)."""
    output = io.BytesIO()
    _code(text).save(output, kind="png", scale=scale, border=BORDER)
    return output.getvalue()
