"""The demo disputes: complaints that the complainant took to the commission, and how far each case
has come. Together they cover every stage of a case (the escalated complaint of
``devtools.demo.complaints`` stays *filed*)."""

from __future__ import annotations

from dataclasses import dataclass

from commission.cases.models import Stage


@dataclass
class DemoDispute:
    """A complaint that the complainant took to the commission, and how far its case has come."""

    target: str  # a ``Stage`` value, or "complied" / "settled" (closed for that reason)
    name: str
    days_ago: int
    description: str
    remedy: str
    claim: str
    amount: str | None = None
    photo: bool = False

    @property
    def email(self) -> str:
        return f"{self.name.split()[0].lower()}@geschil.example.org"


#: Three disputes per demo member; together every stage of a case (the first escalated complaint of
#: ``demo_complaints`` stays *filed*). Their complainants' addresses mark that they were created.
DEMO_DISPUTES: dict[str, list[DemoDispute]] = {
    "degevel": [
        DemoDispute(
            "expert", "Karel Kozijn", 70, "Na plaatsing van de nieuwe kozijnen lekt het bij elke regenbui.",
            "Herstel van de kozijnen.", "Het lid moet de kozijnen kosteloos herstellen of vervangen.", "2400.00",
            photo=True,
        ),
        DemoDispute(
            "hearing", "Lotte Lek", 80, "Het dak is na de renovatie nog steeds niet waterdicht.",
            "Herstel en vergoeding van de waterschade.", "Vergoeding van de waterschade aan het plafond.", "1150.00",
            photo=True,
        ),
        DemoDispute(
            "ruled", "Mees Mortel", 120, "Binnen een half jaar na de verbouwing zitten er scheuren in de muur.",
            "Herstel van de muur.", "Herstel van de scheuren door het lid, of vergoeding van de kosten.", "900.00",
        ),
    ],
    "hetanker": [
        DemoDispute(
            "admissibility", "Nora Noot", 45, "Op de factuur staan uren thuiszorg die niet zijn geleverd.",
            "Een gecorrigeerde factuur.", "Terugbetaling van de in rekening gebrachte uren die niet zijn geleverd.",
            "310.00",
        ),
        DemoDispute(
            "written_rounds", "Olaf Olm", 60, "Mijn moeder is drie keer niet bezocht terwijl dat wel was afgesproken.",
            "Excuses en een vergoeding.", "Een vergoeding voor de gemiste zorgmomenten.", "450.00",
        ),
        DemoDispute(
            "settled", "Pien Peer", 65, "De dagbesteding is zonder overleg van vijf naar drie dagen teruggebracht.",
            "Terug naar vijf dagen.", "Het lid moet de afgesproken vijf dagen dagbesteding weer bieden.",
        ),
    ],
    "kikker": [
        DemoDispute(
            "defence", "Rik Roos", 40, "Mijn bestelling is nooit aangekomen, maar ik krijg mijn geld niet terug.",
            "Terugbetaling.", "Terugbetaling van de bestelling van € 89,95.", "89.95",
        ),
        DemoDispute(
            "deliberation", "Sara Spar", 90, "Ik heb een speelgoedkeuken teruggestuurd en wacht nog op mijn geld.",
            "Terugbetaling van de koopprijs.", "Terugbetaling van € 149 voor de teruggestuurde speelgoedkeuken.",
            "149.00",
        ),
        DemoDispute(
            "complied", "Tim Tulp", 110, "Het houten treinspoor was bij levering gebroken; vervanging is geweigerd.",
            "Een nieuw treinspoor.", "Vervanging van het treinspoor of terugbetaling van € 64,50.", "64.50",
            photo=True,
        ),
    ],
}  # fmt: skip

#: The steps after filing that bring a case to each target, in order.
STEPS_TO: dict[str, tuple[str, ...]] = {
    "filed": (),
    Stage.ADMISSIBILITY: ("complete",),
    Stage.DEFENCE: ("complete", "admit"),
    Stage.WRITTEN_ROUNDS: ("complete", "admit", "defend", "reply"),
    Stage.EXPERT: ("complete", "admit", "defend", "expert"),
    Stage.HEARING: ("complete", "admit", "defend", "schedule"),
    Stage.DELIBERATION: ("complete", "admit", "defend", "hear", "draft"),
    Stage.RULED: ("complete", "admit", "defend", "hear", "draft", "approve"),
    "complied": ("complete", "admit", "defend", "hear", "draft", "approve", "comply"),
    "settled": ("complete", "admit", "defend", "reply", "settle"),
}
