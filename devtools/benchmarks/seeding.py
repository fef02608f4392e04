"""The complaints the register figures (``devtools.benchmarks.register``) measure, and the names and
texts the public form figures (``devtools.benchmarks.intake``) submit.

The services are far too slow per row for 100,000 complaints (they hash, e-mail and audit), so the
rows are written with ``bulk_create`` in batches of ``SEED_BATCH``, from a fixed random seed: Dutch
names, addresses and complaint texts (two to four sentences), categories, causes, handlers and
departments spread, 5% internal complaints, channels weighted as in practice, ``received_at`` spread
over three years, statuses by age (old complaints mostly closed with an outcome, some left open and
therefore overdue, recent ones mostly open), coarse due dates (acknowledge within 7 days, answer
within 42, 5% extended by 28), and one to six ``StatusChange`` rows per complaint that follow the
workflow table, so the length of the history varies. Reference numbers are unique ``YYYY-NNNNN`` per
year of receipt (wider when a year has more than 99,999), and the member's ``ReferenceCounter``
continues after the highest, so later submissions cannot collide. The timestamps that Django would
set to "now" (``created_at``, ``updated_at``, ``changed_at``) get seeded values. Afterwards
``VACUUM ANALYZE`` brings the tables to the state autovacuum would leave them in (statistics,
visibility map), so that it does not start in the middle of a measurement.
"""

from __future__ import annotations

import queue
import random
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar, cast

from django.db import connection, models, transaction
from django.utils import timezone

from devtools.benchmarks.fixtures import Taxonomy
from devtools.benchmarks.timing import Log
from tenants.complaints.models import Complaint, ReferenceCounter, StatusChange
from tenants.complaints.workflow import Outcome, Status

SEED_BATCH = 2500
SEED = 20_240_917

#: The search of the register figures; it occurs only in SEARCH_SENTENCE, which SEARCH_SHARE of the
#: complaints contain.
SEARCH_WORD = "vloerverwarming"
SEARCH_SENTENCE = "Sinds het bezoek van de monteur doet de vloerverwarming het niet meer."
SEARCH_SHARE = 0.01


# Realistic data ---------------------------------------------------------------------------------

FIRST_NAMES = [
    "Anna", "Bram", "Carla", "Daan", "Eva", "Fatima", "Gijs", "Hanna", "Ibrahim", "Julia", "Kees", "Lotte",
    "Mohamed", "Noor", "Olaf", "Priya", "Ruben", "Sanne", "Tim", "Umut", "Vera", "Willem", "Yara", "Zeynep",
    "Jeroen", "Marieke", "Sem", "Emma", "Luuk", "Sophie", "Thijs", "Ilse", "Kevin", "Femke", "Ahmed", "Roos",
]  # fmt: skip
SURNAMES = [
    "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit", "Meijer",
    "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer",
    "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "Yilmaz", "El Amrani", "Kaya", "Nguyen", "Pinas",
]  # fmt: skip
CITIES = [
    ("Utrecht", 35), ("Amsterdam", 10), ("Rotterdam", 30), ("Den Haag", 25), ("Eindhoven", 56), ("Groningen", 97),
    ("Tilburg", 50), ("Almere", 13), ("Breda", 48), ("Nijmegen", 65), ("Apeldoorn", 73), ("Haarlem", 20),
    ("Enschede", 75), ("Arnhem", 68), ("Zwolle", 80), ("Leeuwarden", 89), ("Maastricht", 62), ("Amersfoort", 38),
]  # fmt: skip
STREETS = [
    "Kerkstraat", "Schoolstraat", "Molenweg", "Dorpsstraat", "Stationsweg", "Julianalaan", "Beatrixstraat",
    "Wilhelminapark", "Lindelaan", "Eikenlaan", "Parallelweg", "Marktplein", "Nieuwe Gracht", "Zuidsingel",
]  # fmt: skip
SENTENCES = [
    "De monteur kwam niet op de afgesproken dag en heeft ook niet gebeld.",
    "Ik heb drie keer gebeld en ben steeds doorverbonden zonder dat iemand mij kon helpen.",
    "De factuur klopt niet: er staan uren op die niet zijn gewerkt.",
    "Het pakket werd bij de buren afgeleverd terwijl ik gewoon thuis was.",
    "De medewerker aan de balie was onvriendelijk en luisterde niet naar mijn vraag.",
    "Mijn bestelling is na vier weken nog steeds niet geleverd.",
    "Op de website staat een andere prijs dan ik uiteindelijk heb betaald.",
    "De afspraak werd op het laatste moment afgezegd zonder uitleg.",
    "Er is schade ontstaan aan de vloer tijdens de werkzaamheden.",
    "Ik heb geen bevestiging ontvangen van mijn opzegging.",
    "De wachttijd op de spoedeisende hulp was meer dan vier uur.",
    "Mijn moeder kreeg haar medicijnen te laat op de afdeling.",
    "Het product ging binnen een week kapot en de garantie wordt geweigerd.",
    "De aannemer laat het werk al maanden onafgemaakt liggen.",
    "Mijn klacht van vorige maand is nooit beantwoord.",
    "De informatie in de brief was onduidelijk en tegenstrijdig.",
    "Er is zonder mijn toestemming een bedrag van mijn rekening afgeschreven.",
    "De chauffeur reed weg voordat ik de deur kon openen.",
    "Ik voel mij niet serieus genomen door de behandelend medewerker.",
    "De kosten van het abonnement zijn zonder aankondiging verhoogd.",
    "Het retourformulier werkt niet en de klantenservice reageert niet op e-mail.",
    "De kozijnen zijn in de verkeerde kleur geplaatst.",
    "Bij de oplevering bleken er lekkages in de badkamer te zitten.",
    "Ik heb twee keer een dag vrij genomen voor een afspraak die niet doorging.",
    "Het rapport bevat fouten in mijn persoonlijke gegevens.",
    "De wasmachine is beschadigd bezorgd en de doos was open.",
    "Er werd mij een duurder product aangepraat dan ik nodig had.",
    "De telefoon wordt buiten kantoortijden niet opgenomen, ook niet bij spoed.",
    "Mijn vader is gevallen omdat er niemand reageerde op de alarmbel.",
    "De rekening is na herhaalde toezeggingen nog steeds niet gecorrigeerd.",
]
REMEDIES = [
    "Ik wil dat het bedrag wordt teruggestort.",
    "Graag een nieuwe afspraak op korte termijn.",
    "Ik verwacht excuses en een verklaring.",
    "Ik wil dat de schade wordt vergoed.",
    "Graag een gecorrigeerde factuur.",
    "Ik wil dat het werk alsnog goed wordt afgemaakt.",
    "",
]
PLACES = ["Thuis", "Hoofdkantoor", "Vestiging centrum", "Afdeling B2", "Telefoon", "Website", "Parkeerplaats", ""]
EMPLOYEES = ["de monteur", "de baliemedewerker", "de chauffeur", "de verpleegkundige", "de projectleider", ""]
PROMISED_ACTIONS = [
    "De monteur komt opnieuw langs en herstelt het gebrek.",
    "De factuur wordt gecorrigeerd en het verschil teruggestort.",
    "Het product wordt kosteloos vervangen.",
    "De teamleider spreekt de medewerker aan.",
]
REDRESS = ["Tegoedbon van 25 euro.", "Bedrag teruggestort.", "Excuses aangeboden.", "Kosteloos herstel."]
CALLBACK_ANSWERS = ["Klager is tevreden met de oplossing.", "Klager bevestigt dat het herstel is uitgevoerd."]
EXTENSION_REASONS = ["Wij wachten op het verslag van de monteur.", "Wij horen eerst de betrokken medewerker."]
EMAIL_DOMAINS = ["example.nl", "example.com", "example.org"]

CHANNELS = [
    (Complaint.Channel.WEB_FORM, 50), (Complaint.Channel.EMAIL, 20), (Complaint.Channel.PHONE, 15),
    (Complaint.Channel.LETTER, 5), (Complaint.Channel.IN_PERSON, 5), (Complaint.Channel.API, 5),
]  # fmt: skip
OUTCOMES = [(Outcome.RESOLVED, 50), (Outcome.PARTLY_RESOLVED, 20), (Outcome.REJECTED, 20)]

S = Status
#: Paths through the workflow table (``workflow.ALLOWED_TRANSITIONS``); the last step is the status.
OPEN_PATHS = [
    ([S.RECEIVED], 20),
    ([S.RECEIVED, S.ACKNOWLEDGED], 25),
    ([S.RECEIVED, S.ACKNOWLEDGED, S.INVESTIGATING], 30),
    ([S.RECEIVED, S.ACKNOWLEDGED, S.INVESTIGATING, S.ACTION_AGREED], 12),
    ([S.RECEIVED, S.ACKNOWLEDGED, S.INVESTIGATING, S.ACTION_AGREED, S.CHECKING], 7),
    ([S.RECEIVED, S.ACKNOWLEDGED, S.INVESTIGATING, S.ACTION_AGREED, S.CHECKING, S.CALLBACK], 6),
]
CLOSED_PATHS = [
    ([S.RECEIVED, S.CLOSED], 10),  # withdrawn before it was acknowledged
    ([S.RECEIVED, S.ACKNOWLEDGED, S.CLOSED], 30),
    ([S.RECEIVED, S.ACKNOWLEDGED, S.INVESTIGATING, S.CLOSED], 35),
    ([S.RECEIVED, S.ACKNOWLEDGED, S.ACTION_AGREED, S.CHECKING, S.CALLBACK, S.CLOSED], 25),
]
ESCALATED_PATHS = [
    ([S.RECEIVED, S.ACKNOWLEDGED, S.ESCALATED], 50),
    ([S.RECEIVED, S.ACKNOWLEDGED, S.INVESTIGATING, S.ESCALATED], 50),
]


T = TypeVar("T")
#: A complaint's status history: (from, to, at, actor label) per change.
History = list[tuple[str, str, datetime, str]]


def _weighted(rng: random.Random, choices: Sequence[tuple[T, int]]) -> T:
    values = [value for value, _weight in choices]
    weights = [weight for _value, weight in choices]
    choice: T = rng.choices(values, weights=weights)[0]
    return choice


@dataclass
class SeedResult:
    complaints: int
    status_changes: int
    seconds: float
    vacuum_seconds: float
    history: Counter[int] = field(default_factory=Counter)


@contextmanager
def _given_timestamps() -> Iterator[None]:
    """Let ``bulk_create`` write the seeded ``created_at``/``updated_at``/``changed_at`` instead of
    "now" (Django's auto_now and auto_now_add would overwrite them)."""
    fields = [
        cast("models.DateTimeField[Any, Any]", model._meta.get_field(name))
        for model, name in ((Complaint, "created_at"), (Complaint, "updated_at"), (StatusChange, "changed_at"))
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


class ComplaintFactory:
    """Varied, plausible complaints and their status history (see the module docstring)."""

    def __init__(
        self, taxonomy: Taxonomy, *, seed: int, internal_share: float, fixed_history: int | None = None
    ) -> None:
        self.rng = random.Random(seed)
        self.taxonomy = taxonomy
        self.internal_share = internal_share
        self.fixed_history = fixed_history
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.numbers: Counter[int] = Counter()  # year -> last reference number

    def received_times(self, count: int) -> list[datetime]:
        end = self.now - timedelta(hours=1)
        span = timedelta(days=3 * 365).total_seconds()
        offsets = sorted(self.rng.random() * span for _ in range(count))
        return [end - timedelta(seconds=span - offset) for offset in offsets]

    def _path(self, age_days: int) -> list[str]:
        rng = self.rng
        roll = rng.random()
        if age_days > 90:
            closed, escalated = 0.92, 0.02
        elif age_days > 21:
            closed, escalated = 0.55, 0.03
        else:
            closed, escalated = 0.10, 0.0
        if roll < closed:
            return list(_weighted(rng, CLOSED_PATHS))
        if roll < closed + escalated:
            return list(_weighted(rng, ESCALATED_PATHS))
        return list(_weighted(rng, OPEN_PATHS))

    def _description(self) -> str:
        rng = self.rng
        sentences = rng.sample(SENTENCES, rng.randint(2, 4))
        if rng.random() < SEARCH_SHARE:
            sentences.insert(rng.randint(0, len(sentences)), SEARCH_SENTENCE)
        return " ".join(sentences)

    def build(self, received_at: datetime) -> tuple[Complaint, History]:
        """One unsaved complaint and its history as (from, to, at, actor) tuples."""
        rng, tax = self.rng, self.taxonomy
        local = timezone.localtime(received_at)
        received_on = local.date()
        self.numbers[local.year] += 1
        age_days = (self.today - received_on).days
        path_ = self._path(age_days)
        status = path_[-1]
        internal = rng.random() < self.internal_share
        first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
        city, postal = rng.choice(CITIES)
        category = rng.choice(tax.categories)
        handler = rng.choice(tax.handlers) if status != S.RECEIVED or rng.random() < 0.5 else None
        channel = (
            rng.choice([Complaint.Channel.IN_PERSON, Complaint.Channel.EMAIL]) if internal else _weighted(rng, CHANNELS)
        )
        end = min(self.now, received_at + timedelta(days=rng.randint(3, 60)))
        acknowledged_at = received_at + (end - received_at) * 0.1 if S.ACKNOWLEDGED in path_ else None
        closed_at = end if status == S.CLOSED else None
        outcome = ""
        if status == S.CLOSED:
            outcome = Outcome.WITHDRAWN if path_ == [S.RECEIVED, S.CLOSED] else _weighted(rng, OUTCOMES)
        agreed = S.ACTION_AGREED in path_
        extended = S.INVESTIGATING in path_ and rng.random() < 0.05
        response_due = received_on + timedelta(days=42)
        complaint = Complaint(
            uuid=uuid.uuid4(),
            reference=f"{local.year}-{self.numbers[local.year]:05d}",
            kind=Complaint.Kind.INTERNAL if internal else Complaint.Kind.EXTERNAL,
            channel=channel,
            received_at=received_at,
            received_by_id=handler.pk if handler and channel != Complaint.Channel.WEB_FORM else None,
            status=status,
            complainant_name=f"{first} {last}",
            complainant_address=f"{rng.choice(STREETS)} {rng.randint(1, 240)}",
            complainant_postal_code=f"{postal}{rng.randint(10, 99)} {chr(65 + rng.randint(0, 25))}{chr(65 + rng.randint(0, 25))}",
            complainant_city=city,
            complainant_phone=f"06 {rng.randint(10_000_000, 99_999_999)}" if rng.random() < 0.7 else "",
            complainant_email=(
                f"{first}.{last}".lower().replace(" ", "") + f"{rng.randint(1, 999)}@{rng.choice(EMAIL_DOMAINS)}"
                if rng.random() < 0.9
                else ""
            ),
            customer_number=f"K{rng.randint(100_000, 999_999)}" if rng.random() < 0.6 else "",
            incident_date=received_on - timedelta(days=rng.randint(0, 14)) if rng.random() < 0.7 else None,
            incident_place=rng.choice(PLACES),
            employee_involved=rng.choice(EMPLOYEES),
            department_id=rng.choice(tax.departments).pk if rng.random() < 0.4 else None,
            description=self._description(),
            remedy_sought=rng.choice(REMEDIES),
            category_id=category.pk,
            cause_id=rng.choice(tax.causes).pk,
            severity=(
                Complaint.Severity.SERIOUS if category.is_serious or rng.random() < 0.05 else Complaint.Severity.NORMAL
            ),
            handler_id=handler.pk if handler else None,
            action_owner_id=rng.choice(tax.handlers).pk if agreed else None,
            promised_action=rng.choice(PROMISED_ACTIONS) if agreed else "",
            callback_on=received_on + timedelta(days=rng.randint(7, 30)) if agreed else None,
            callback_answer=rng.choice(CALLBACK_ANSWERS) if S.CALLBACK in path_ and status == S.CLOSED else "",
            outcome=outcome,
            redress_given=rng.choice(REDRESS) if outcome == Outcome.RESOLVED and rng.random() < 0.3 else "",
            acknowledgment_due_on=received_on + timedelta(days=7),
            response_due_on=response_due,
            extended_due_on=response_due + timedelta(days=28) if extended else None,
            extension_reason=rng.choice(EXTENSION_REASONS) if extended else "",
            acknowledged_at=acknowledged_at,
            closed_at=closed_at,
            created_at=received_at,
            updated_at=end,
        )
        actor = handler.full_name if handler else "klager"
        if self.fixed_history is not None:
            steps = [("", status)] + [(status, status)] * (self.fixed_history - 1)
        else:
            steps = list(zip(["", *path_[:-1]], path_, strict=True))
        step = (end - received_at) / max(len(steps), 1)
        history = [
            (source, target, received_at + step * index, "klager" if index == 0 else actor)
            for index, (source, target) in enumerate(steps)
        ]
        return complaint, history


def _built_batches(factory: ComplaintFactory, times: list[datetime]) -> Iterator[list[tuple[Complaint, History]]]:
    """Batches of ``factory.build()``, made in a second thread while this one writes the previous
    batch (the database round trips release the GIL, so building and writing overlap)."""
    batches: queue.Queue[list[tuple[Complaint, History]] | Exception | None] = queue.Queue(maxsize=2)

    def produce() -> None:
        try:
            for start in range(0, len(times), SEED_BATCH):
                batches.put([factory.build(received_at) for received_at in times[start : start + SEED_BATCH]])
        except Exception as exc:  # noqa: BLE001 - handed to the consuming thread, which raises it
            batches.put(exc)
            return
        batches.put(None)

    producer = threading.Thread(target=produce, name="bench-seed", daemon=True)
    producer.start()
    while (batch := batches.get()) is not None:
        if isinstance(batch, Exception):
            raise batch
        yield batch
    producer.join()


def seed_complaints(
    count: int, taxonomy: Taxonomy, *, internal_share: float = 0.05, fixed_history: int | None = None, log: Log
) -> SeedResult:
    """Write ``count`` complaints and their history into the current schema with ``bulk_create``;
    continue the reference counters after them; VACUUM ANALYZE both tables."""
    factory = ComplaintFactory(taxonomy, seed=SEED + count, internal_share=internal_share, fixed_history=fixed_history)
    started = time.perf_counter()
    times = factory.received_times(count)
    history_lengths: Counter[int] = Counter()
    changes_written = 0
    done = 0
    with _given_timestamps():
        for built in _built_batches(factory, times):
            with transaction.atomic(), connection.cursor() as cursor:
                # Setup only: a crash would lose nothing that matters, so do not wait for each flush.
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
                complaints = Complaint.objects.bulk_create([complaint for complaint, _history in built])
                changes: list[StatusChange] = []
                for complaint, (_unsaved, history) in zip(complaints, built, strict=True):
                    history_lengths[len(history)] += 1
                    changes.extend(
                        StatusChange(
                            complaint_id=complaint.pk, from_status=f, to_status=t, changed_at=at, actor_label=who
                        )
                        for f, t, at, who in history
                    )
                StatusChange.objects.bulk_create(changes, batch_size=5000)
                changes_written += len(changes)
            done += len(built)
            if done % 20_000 < SEED_BATCH or done == count:
                log(f"    {done:,} complaints written ({time.perf_counter() - started:.0f} s)")
    for year, last in factory.numbers.items():
        ReferenceCounter.objects.update_or_create(year=year, defaults={"last_number": last})
    seconds = time.perf_counter() - started
    vacuum_started = time.perf_counter()
    with connection.cursor() as cursor:
        for model in (Complaint, StatusChange):
            cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return SeedResult(count, changes_written, seconds, time.perf_counter() - vacuum_started, history_lengths)


def add_history(rows_per_complaint: int) -> int:
    """Append ``rows_per_complaint`` status changes to every complaint of the current schema."""
    now = timezone.now()
    changes = [
        StatusChange(complaint_id=pk, from_status=status, to_status=status, changed_at=now, actor_label="bench")
        for pk, status in Complaint.objects.values_list("pk", "status")
        for _ in range(rows_per_complaint)
    ]
    StatusChange.objects.bulk_create(changes, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(StatusChange._meta.db_table)}")
    return len(changes)
