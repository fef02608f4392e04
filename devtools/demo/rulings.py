"""The text of a demo ruling (also the realistic ruling of the PDF benchmark)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

EXTRA_REASONING = (
    "De commissie heeft daarbij gelet op de stukken in het dossier, de verklaringen van partijen ter zitting "
    "en wat in de branche gebruikelijk is. Partijen hebben over en weer op elkaars standpunten kunnen "
    "reageren; geen van beide heeft de juistheid van de overgelegde stukken betwist."
)


def ruling_values(
    *, dispute_name: str, member_name: str, claim: str, amount: str | Decimal | None, paragraphs: int = 1
) -> dict[str, Any]:
    """A ruling's sections (founded, in the complainant's favour); ``paragraphs`` repeats the reasoning
    to make a longer document."""

    def more(text: str) -> str:
        return "\n\n".join([text] + [f"{n}. {EXTRA_REASONING}" for n in range(2, paragraphs + 1)])

    return {
        "summary": f"De klacht van {dispute_name} over {member_name} is gegrond.",
        "subject": more(f"Het geschil gaat over het volgende. {claim}"),
        "complainant_position": more(
            f"{dispute_name} stelt dat het lid niet heeft geleverd wat is afgesproken en dat het lid de klacht "
            "niet naar tevredenheid heeft opgelost, ook niet nadat de klager het lid daar schriftelijk om vroeg."
        ),
        "member_position": more(
            f"{member_name} erkent dat er iets mis is gegaan, maar vindt dat de klager te weinig tijd heeft "
            "gegeven om het op te lossen en dat de gevraagde vergoeding te hoog is."
        ),
        "assessment": more(
            "De commissie stelt vast dat het lid niet heeft gedaan wat het had toegezegd. De klager mocht "
            "verwachten dat het lid het gebrek binnen een redelijke termijn zou herstellen. Dat is niet gebeurd."
        ),
        "decision": "De commissie verklaart de klacht gegrond en bepaalt dat het lid het toegekende bedrag "
        "binnen dertig dagen aan de klager betaalt en het klachtengeld vergoedt.",
        "outcome": "founded",
        "amount_awarded": Decimal(amount) if amount else None,
        "fee_refund": "member",
        "compliance_term_days": 30,
        "unanimous": True,
    }
