"""Small real image files for upload tests."""

import io


def png_bytes(size=(8, 8), colour=(29, 79, 145)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()
