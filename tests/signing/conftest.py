from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def one_page_pdf() -> bytes:
    """A one-page PDF as WeasyPrint renders the platform's documents (unsigned)."""
    from weasyprint import HTML

    return HTML(string="<h1>Certificaat</h1><p>Alfa Bouw B.V. voldoet aan de criteria.</p>").write_pdf()


def flip_one_byte(pdf: bytes, at: float = 0.3) -> bytes:
    """``pdf`` with one bit of one byte changed, ``at`` a fraction into the file (in the signed content)."""
    changed = bytearray(pdf)
    changed[int(len(changed) * at)] ^= 0x01
    return bytes(changed)
