"""QR codes decode (with a real decoder, zxing-cpp) back to the text they were made from."""

from __future__ import annotations

import io
import re
from urllib.parse import unquote

import zxingcpp
from PIL import Image, ImageDraw

from core.qr import qr_png, qr_svg_data_uri

URL = "https://wederhoor.test/verify/2026-000123/"


def decode(png: bytes) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


def test_the_png_decodes_to_the_url():
    assert decode(qr_png(URL)) == [URL]


def test_a_long_url_still_decodes():
    url = URL + "?lang=en&ref=" + "x" * 120
    assert decode(qr_png(url, scale=3)) == [url]


def draw_svg(uri: str, scale: int = 8) -> bytes:
    """Rasterise segno's SVG (one path of horizontal strokes, each one module high) to a PNG."""
    svg = unquote(uri.split(",", 1)[1])
    size = int(re.search(r"viewBox='0 0 (\d+) (\d+)'", svg).group(1))
    path = re.search(r" d='([^']+)'", svg).group(1)
    image = Image.new("L", (size * scale, size * scale), 255)
    draw = ImageDraw.Draw(image)
    x = y = 0.0
    for command, first, second in re.findall(r"([MmHh])(-?[\d.]+)(?:\s(-?[\d.]+))?", path):
        if command == "M":
            x, y = float(first), float(second)
        elif command == "m":
            x, y = x + float(first), y + float(second)
        elif command in "hH":
            end = x + float(first) if command == "h" else float(first)
            top = (y - 0.5) * scale
            draw.rectangle([x * scale, top, end * scale - 1, top + scale - 1], fill=0)
            x = end
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()


def test_the_svg_data_uri_decodes_to_the_url():
    """What a PDF template embeds: the SVG drawing, rasterised, decodes back to the URL."""
    uri = qr_svg_data_uri(URL)
    assert uri.startswith("data:image/svg+xml")
    assert decode(draw_svg(uri)) == [URL]


def test_the_error_correction_is_exactly_level_m():
    """The EPC payment QR standard asks for level M; segno would raise it where there is room."""
    from core.qr import _code

    assert _code(URL).error == "M"
