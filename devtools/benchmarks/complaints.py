"""Figures for the complaint register and the public complaint form (``manage.py bench --only register,intake``).

Part of ``manage.py bench`` (see ``devtools.benchmarks.members``): it runs in the same throw-away database,
and every figure is printed beside a baseline measured in the same run, as a ratio. Nothing here
asserts a threshold; where the issue names a target (150 ms median server time, zero errors), the
notes say whether the figure meets it.

The members
    Members are provisioned the way the platform does it: ``pool_refill()`` prepares a spare schema,
    ``member_provision()`` renames it, and ``member_onboard()`` (the onboarding task, which the bench
    does not leave to a worker) writes the profile, the regulation and the default categories and
    causes. Then an owner and six handlers are created with ``user_create()`` and four departments.

    * ``bench-register``: the register of the issue, N = ``--complaints`` (default 100,000).
    * ``bench-register-small``: 1,010 external complaints with exactly one status change each, for
      the constancy checks (1,010 = 40 full pages of 25 and a last page of 10 rows).
    * ``bench-intake``: only when ``intake`` runs without ``register``; otherwise the public form is
      submitted to ``bench-register``, so every submission lands in the big register (its unique
      indexes, its full-text index and its reference counter).

Seeding (setup, reported above the table, not in it)
    The services are far too slow per row for 100,000 complaints (they hash, e-mail and audit), so the
    rows are written with ``bulk_create`` in batches of ``SEED_BATCH``, from a fixed random seed:
    Dutch names, addresses and complaint texts (two to four sentences), categories, causes, handlers
    and departments spread, 5% internal complaints, channels weighted as in practice, ``received_at``
    spread over three years, statuses by age (old complaints mostly closed with an outcome, some left
    open and therefore overdue, recent ones mostly open), coarse due dates (acknowledge within 7
    days, answer within 42, 5% extended by 28), and one to six ``StatusChange`` rows per complaint that
    follow the workflow table, so the length of the history varies. Reference numbers are unique
    ``YYYY-NNNNN`` per year of receipt (wider when a year has more than 99,999), and the member's
    ``ReferenceCounter`` continues after the highest, so later submissions cannot collide. The
    timestamps that Django would set to "now" (``created_at``, ``updated_at``, ``changed_at``) get
    seeded values. Afterwards ``VACUUM ANALYZE`` brings the tables to the state autovacuum would leave
    them in (statistics, visibility map), so that it does not start in the middle of a measurement.

What is measured

5. The register in the back-office, server time in process: ``django.test.Client`` (no network)
   with the member's host name, through the full middleware, the view, the selector and the
   template, DEBUG off, logged in as a handler (who sees external complaints only) and as the owner
   (who sees internal complaints too). ``REGISTER_REQUESTS`` requests per page after
   ``REGISTER_WARMUP`` warm-up requests, all pages and the baseline interleaved so that noise on the
   machine hits every side alike; median and min-max. Before that, one request of each page is
   checked: it must list the expected number of complaints and show the expected total (a filter
   silently dropped by an invalid form would otherwise go unnoticed). Afterwards
   ``STATEMENT_REQUESTS`` more requests of each page are made with their SQL statements captured
   (``CaptureQueriesContext``) and timed (an execute wrapper), each right after a trivial request to
   the same host, so that the routing has the host remembered, as on most requests (its lookup
   once per ``TENANT_ROUTING_CACHE_SECONDS`` is measured in section 4); the notes give the number of
   statements, the sum of their median times (the rest of the server time is Python: middleware,
   form, model instances, template) and the slowest statement, whose plan is logged to stderr with
   ``EXPLAIN ANALYZE``.

   a. first page ``/office/complaints/`` (handler; and the owner, who sees internal complaints too);
   b. a filtered page ``?status=open&category=<id>&overdue=on``;
   c. a search ``?q=vloerverwarming``: the word occurs in about 1% of the complaint texts;
   d. page 200 of the unfiltered list (deep pagination, for information).

   *Baseline*: a plain Django view behind the project's middleware without the health-check and
   member-routing middleware, without a template: it sets the member's schema with
   ``connection.set_schema()`` and returns the 25 newest external complaints (the handler's first
   page) from ``.values_list(...)[:25]`` as text. The ratio (ours ÷ baseline) is what the register
   page costs on top of reading its 25 rows: routing, session and user, the filter form, the count
   for the paginator, the model instances and the template.

   *Constancy*: the issue asks for a number of statements that does not depend on the page size or
   the length of the history. The page size is fixed (25), so the number of rows on a page is varied
   instead: the statements of the first page are counted for the big register, for the small one
   (1,010 complaints, one status change each), for the small one's last page (10 rows), and for the
   small one's first page after five more status changes were added to every complaint. All four
   must be equal.

   *CSV export* of a filtered list of about 10,000 rows (``?category=<id>&received_from=<date>``,
   the date chosen so that about 10,000 rows match), ``EXPORT_REQUESTS`` requests after one
   checked warm-up, the whole streamed body read. The export iterates with ``.iterator()``, so its
   number of statements must be the same for 10,000 rows as for the same filter on the small
   register (a few hundred rows). *Baseline*: a plain view (no routing middleware, no model
   instances) that streams the same rows and columns as CSV from ``.values_list(...).iterator()``;
   both sides are checked to write exactly the rows the selector counts.

6. The public complaint form under concurrent load, over loopback. A real server is started:
   ``gunicorn config.wsgi:application --workers 2 --threads 1`` on 127.0.0.1 and a free port, with
   ``config.settings.dev``, DEBUG off, the bench database, ``COMPLAINT_FORM_RATE_LIMIT`` set very high
   (every client comes from 127.0.0.1), ``CELERY_BROKER_URL=memory://`` (the acknowledgment e-mails
   are queued in the outbox and their tasks go nowhere) and a temporary ``MEDIA_ROOT``. C client
   threads (``--intake-clients``) share R operations (``--intake-requests``) of each kind below,
   and give up after ``INTAKE_TIME_LIMIT`` seconds per kind. The kinds run in ``INTAKE_ROUNDS``
   alternating rounds (healthz, form, form with PNG, healthz, ...), so that a disturbance on the
   machine does not fall on one kind alone; a warm-up of 2 C submissions comes first. Every
   operation opens its own connections with ``http.client`` (the sync workers close them after each
   response) and sends the member's host name.

   *Ours*: one submission = GET ``/complaint/`` (the CSRF cookie and token) and POST of the form
   (multipart, varied names and texts); 302 to the thanks page counts as success, anything else
   (status, refused connection, timeout) as an error. Reported: submissions per second (successes ÷
   wall time), median and p95 latency of the POST (with C clients on 2 workers this includes the
   wait for a free worker), the errors. A second kind attaches a small PNG.
   *Baseline*: the same server and client threads, GET ``/healthz`` (answered by the first
   middleware, before routing), R requests. Afterwards the bench counts the complaints (and
   attachments) in the member's schema: they must have grown by exactly the number of successful
   submissions (with a PNG). The client threads run in the bench process on the same two cores as
   the server, for both sides alike. The server is stopped at the end, also after an error.
"""

from __future__ import annotations

import csv
import http.client
import itertools
import math
import os
import queue
import random
import re
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
import types
import uuid
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import path
from django.utils import timezone
from django_tenants.utils import tenant_context

from config import urls_member
from devtools.benchmarks.members import (
    ROUTING_MIDDLEWARE,
    Row,
    Samples,
    _client_with_middleware,
    duration,
    spread,
    times_costlier,
)
from tenants.accounts.models import User
from tenants.accounts.roles import Role
from tenants.accounts.services import user_create
from tenants.complaints.models import Attachment, Category, Cause, Complaint, Department, ReferenceCounter, StatusChange
from tenants.complaints.selectors import ComplaintFilters, complaint_list
from tenants.complaints.workflow import Outcome, Status
from tenants.members.links import member_host
from tenants.members.models import Member, Sector
from tenants.members.pool import pool_refill
from tenants.members.services import member_provision
from tenants.office.services import member_onboard

Log = Callable[[str], None]

REGISTER_SLUG = "bench-register"
SMALL_SLUG = "bench-register-small"
INTAKE_SLUG = "bench-intake"
SMALL_COMPLAINTS = 1010
SMALL_EXTRA_HISTORY = 5
PAGE_SIZE = 25
DEEP_PAGE = 200
REGISTER_REQUESTS = 30
REGISTER_WARMUP = 5
STATEMENT_REQUESTS = 5
EXPORT_ROWS = 10_000
EXPORT_REQUESTS = 5
TARGET_MEDIAN = 0.150
SEED_BATCH = 2500
SEED = 20_240_917
INTAKE_TIME_LIMIT = 180.0  # seconds per kind of load, over all rounds
INTAKE_ROUNDS = 4
SERVER_START_TIMEOUT = 60.0
HTTP_TIMEOUT = 30.0

#: The search of measurement 5c; it occurs only in SEARCH_SENTENCE, which SEARCH_SHARE of the complaints contain.
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
DEPARTMENTS = ["Klantenservice", "Planning", "Financiën", "Uitvoering"]
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


def _weighted(rng: random.Random, choices: list[tuple]) -> object:
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights=weights)[0]


@dataclass
class Taxonomy:
    categories: list[Category]
    causes: list[Cause]
    departments: list[Department]
    handlers: list[User]


@dataclass
class SeedResult:
    complaints: int
    status_changes: int
    seconds: float
    vacuum_seconds: float
    history: Counter = field(default_factory=Counter)


@contextmanager
def _given_timestamps() -> Iterator[None]:
    """Let ``bulk_create`` write the seeded ``created_at``/``updated_at``/``changed_at`` instead of
    "now" (Django's auto_now and auto_now_add would overwrite them)."""
    fields = [
        Complaint._meta.get_field("created_at"),
        Complaint._meta.get_field("updated_at"),
        StatusChange._meta.get_field("changed_at"),
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

    def __init__(self, taxonomy: Taxonomy, *, seed: int, internal_share: float, fixed_history: int | None = None):
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

    def build(self, received_at: datetime) -> tuple[Complaint, list[tuple[str, str, datetime, str]]]:
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


def _built_batches(factory: ComplaintFactory, times: list[datetime]) -> Iterator[list]:
    """Batches of ``factory.build()``, made in a second thread while this one writes the previous
    batch (the database round trips release the GIL, so building and writing overlap)."""
    batches: queue.Queue = queue.Queue(maxsize=2)

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
                changes = []
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


# Members -----------------------------------------------------------------------------------------


@dataclass
class BenchMember:
    member: Member
    host: str
    owner: User
    handler: User
    taxonomy: Taxonomy

    @property
    def schema(self) -> str:
        return self.member.schema_name


def provision_member(slug: str) -> BenchMember:
    """A member as the platform makes one: a spare schema from the pool, ``member_provision()``, the
    onboarding step; then an owner, six handlers and four departments."""
    sector = Sector.objects.order_by("code").first()
    if sector is None:
        raise CommandError("setup_platform created no sector")
    pool_refill(target=1)
    member = member_provision(
        legal_name=f"Bench {slug}", slug=slug, sector=sector, owner_email=f"owner@{slug}.example.org"
    )
    if not member.provisioned_from_pool:
        raise CommandError(f"{slug}: the pool was empty")
    with tenant_context(member):
        member_onboard(owner_email=f"owner@{slug}.example.org", owner_name="Olga Eigenaar")
        owner = user_create(email=f"owner@{slug}.example.org", full_name="Olga Eigenaar", role=Role.OWNER)
        handlers = [
            user_create(email=f"handler{index}@{slug}.example.org", full_name=name, role=Role.HANDLER)
            for index, name in enumerate(
                ["Henk Behandelaar", "Hatice Demir", "Joost Mol", "Lieke Smit", "Rachid Amrani", "Sofie Claes"]
            )
        ]
        departments = [Department.objects.create(name=name) for name in DEPARTMENTS]
        taxonomy = Taxonomy(list(Category.objects.all()), list(Cause.objects.all()), departments, handlers)
    connection.set_schema_to_public()
    return BenchMember(member, member_host(slug), owner, handlers[0], taxonomy)


# 5. The register -----------------------------------------------------------------------------


def _register_baseline_view(request: HttpRequest, schema: str) -> HttpResponse:
    """The handler's first page as plainly as Django can: 25 rows, no routing, no template."""
    connection.set_schema(schema)
    rows = (
        Complaint.objects.filter(kind=Complaint.Kind.EXTERNAL)
        .order_by("-received_at", "-id")
        .values_list("reference", "received_at", "complainant_name", "status", "response_due_on")[:PAGE_SIZE]
    )
    return HttpResponse("\n".join(" | ".join(str(value) for value in row) for row in rows))


EXPORT_BASELINE_COLUMNS = (
    "reference", "kind", "status", "received_at", "channel", "complainant_name", "complainant_email",
    "complainant_phone", "complainant_city", "customer_number", "category__name", "cause__name", "severity",
    "handler__full_name", "employee_involved", "department__name", "response_due_on", "extended_due_on",
    "outcome", "description", "remedy_sought", "promised_action", "callback_on", "redress_given",
)  # fmt: skip


class _Echo:
    def write(self, value: str) -> str:
        return value


def _export_baseline_view(request: HttpRequest, schema: str) -> StreamingHttpResponse:
    """The same rows and columns as the export, streamed as CSV from ``values_list().iterator()``."""
    connection.set_schema(schema)
    rows = Complaint.objects.filter(kind=Complaint.Kind.EXTERNAL, category_id=int(request.GET["category"]))
    if request.GET.get("received_from"):
        rows = rows.filter(received_at__date__gte=date.fromisoformat(request.GET["received_from"]))
    values = rows.order_by("-received_at", "-id").values_list(*EXPORT_BASELINE_COLUMNS).iterator(chunk_size=2000)
    writer = csv.writer(_Echo())
    lines = itertools.chain([writer.writerow(EXPORT_BASELINE_COLUMNS)], (writer.writerow(row) for row in values))
    return StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")


#: The member URLconf plus the two baseline views (and a trivial one, see ``_statements``), so that
#: both sides are served by one URLconf and their requests can be interleaved.
BENCH_URLCONF = types.ModuleType(f"{__name__}_urls")
BENCH_URLCONF.urlpatterns = [  # type: ignore[attr-defined]
    path("bench/register/<str:schema>/", _register_baseline_view),
    path("bench/export/<str:schema>/", _export_baseline_view),
    path("bench/ok/", lambda request: HttpResponse("ok")),
    *urls_member.urlpatterns,
]
for _name in ("handler403", "handler404", "handler500"):
    setattr(BENCH_URLCONF, _name, getattr(urls_member, _name))
sys.modules[BENCH_URLCONF.__name__] = BENCH_URLCONF

DETAIL_LINK = re.compile(rb'href="/office/complaints/[0-9a-f-]{36}/"')


@dataclass
class Page:
    """One kind of request: who sends it (client), where, and what the answer must show."""

    key: str
    client: Client
    url: str
    host: str
    rows: int | None = None  # detail links expected on the page
    total: int | None = None  # the count the page must show
    streamed: bool = False
    csv_rows: int | None = None  # data rows the CSV must have


@dataclass
class PageResult:
    samples: Samples
    statements: list[tuple[str, float]]

    @property
    def sql_seconds(self) -> float:
        return sum(seconds for _sql, seconds in self.statements)

    @property
    def slowest(self) -> tuple[str, float]:
        return max(self.statements, key=lambda s: s[1]) if self.statements else ("", 0.0)


def _fetch(page: Page) -> tuple[float, bytes]:
    started = time.perf_counter()
    response = page.client.get(page.url, HTTP_HOST=page.host)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    seconds = time.perf_counter() - started
    if response.status_code != 200:
        raise CommandError(f"GET {page.host}{page.url} answered {response.status_code}")
    return seconds, body


def _check(page: Page, body: bytes) -> None:
    """The page shows what it should: a 200 alone could be the right page with a filter ignored."""
    if page.rows is not None:
        found = len(DETAIL_LINK.findall(body))
        if found != page.rows:
            raise CommandError(f"{page.url}: {found} complaints on the page, expected {page.rows}")
    if page.total is not None and not re.search(rb"<p>%d " % page.total, body):
        raise CommandError(f"{page.url}: the page does not show the expected count {page.total}")
    if page.csv_rows is not None and _csv_rows(body) != page.csv_rows:
        raise CommandError(f"{page.url}: {_csv_rows(body)} CSV rows, expected {page.csv_rows}")


def _statements(page: Page) -> tuple[list[tuple[str, float]], bytes]:
    """The statements of one request (``CaptureQueriesContext``), each with its execution time
    measured by an execute wrapper (finer than the captured millisecond figure)."""
    timings: list[float] = []

    def timed_execute(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timings.append(time.perf_counter() - started)

    # The host is looked up once per TENANT_ROUTING_CACHE_SECONDS (the routing figures measure that);
    # a trivial request just before makes sure the captured one finds it remembered, however long
    # the previous request took.
    page.client.get("/bench/ok/", HTTP_HOST=page.host)
    with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(timed_execute):
        _seconds, body = _fetch(page)
    sqls = [query["sql"] for query in captured.captured_queries]
    if len(timings) != len(sqls):
        timings = [float(query["time"]) for query in captured.captured_queries]
    return list(zip(sqls, timings, strict=True)), body


def _typical_statements(page: Page, requests: int) -> list[tuple[str, float]]:
    """The statements of ``requests`` requests, each with its median time (the statements of a page
    are the same on every request; if they are not, the first request's list is returned as is)."""
    runs = [_statements(page)[0] for _ in range(requests)]
    if len({len(run) for run in runs}) != 1:
        return runs[0]
    return [(run_sql, statistics.median(run[i][1] for run in runs)) for i, (run_sql, _t) in enumerate(runs[0])]


def measure_pages(
    pages: list[Page], *, repeat: int, warmup: int, statement_requests: int = STATEMENT_REQUESTS
) -> dict[str, PageResult]:
    """One checked request of every page, ``warmup`` more, then ``repeat`` timed requests of each,
    interleaved (DEBUG off); then ``statement_requests`` requests of each with their statements."""
    allowed_hosts = [*settings.ALLOWED_HOSTS, *{page.host for page in pages}]
    times: dict[str, list[float]] = {page.key: [] for page in pages}
    results: dict[str, PageResult] = {}
    with override_settings(DEBUG=False, ALLOWED_HOSTS=allowed_hosts, ROOT_URLCONF=BENCH_URLCONF.__name__):
        for page in pages:
            _seconds, body = _fetch(page)
            _check(page, body)
        for _ in range(warmup):
            for page in pages:
                _fetch(page)
        for _ in range(repeat):
            for page in pages:
                times[page.key].append(_fetch(page)[0])
        for page in pages:
            statements = _typical_statements(page, statement_requests)
            results[page.key] = PageResult(Samples(tuple(times[page.key])), statements)
    connection.set_schema_to_public()
    return results


def count_statements(pages: list[Page]) -> dict[str, int]:
    allowed_hosts = [*settings.ALLOWED_HOSTS, *{page.host for page in pages}]
    counts = {}
    with override_settings(DEBUG=False, ALLOWED_HOSTS=allowed_hosts, ROOT_URLCONF=BENCH_URLCONF.__name__):
        for page in pages:
            _fetch(page)  # the same state as in measure_pages: the host is remembered
            statements, body = _statements(page)
            _check(page, body)
            counts[page.key] = len(statements)
    connection.set_schema_to_public()
    return counts


def _logged_in(user: User, member: Member) -> Client:
    client = _client_with_middleware(list(settings.MIDDLEWARE))
    with tenant_context(member):
        client.force_login(user)
    connection.set_schema_to_public()
    return client


def _explain(member: Member, sql: str) -> list[str]:
    if not sql.lstrip().upper().startswith("SELECT"):
        return []
    with tenant_context(member), connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + sql)
        lines = [row[0] for row in cursor.fetchall()]
    connection.set_schema_to_public()
    return lines


def _short_sql(sql: str) -> str:
    """``SELECT COUNT(*) ...`` or ``SELECT <table> ...``: what a statement is, in a few words."""
    text = " ".join(sql.split())
    if text.upper().startswith("SELECT COUNT(*)"):
        return "COUNT(*) for the paginator"
    match = re.match(r'SELECT .*? FROM "(\w+)"', text)
    if match:
        return f"SELECT FROM {match.group(1)}"
    return text[:40]


@dataclass
class RegisterResult:
    complaints: int
    seed: SeedResult
    small_seed: SeedResult
    pages: dict[str, PageResult]
    small_last_rows: int
    counts: dict[str, int]
    constancy: dict[str, int]
    export: dict[str, PageResult]
    export_rows: int
    export_statements_small: int
    small_export_rows: int
    search_matches: int
    deep_page: int
    pages_total: int
    member: BenchMember


def _export_filter(bench: BenchMember) -> tuple[dict[str, str], int]:
    """A filter on one category and a receipt date from which about EXPORT_ROWS complaints match."""
    with tenant_context(bench.member):
        category = max(
            bench.taxonomy.categories, key=lambda c: Complaint.objects.filter(category=c, kind="external").count()
        )
        base = complaint_list(actor=bench.handler, filters=ComplaintFilters(category=category.pk))
        params = {"category": str(category.pk)}
        if base.count() > EXPORT_ROWS:
            at = base.values_list("received_at", flat=True)[EXPORT_ROWS - 1]
            params["received_from"] = timezone.localtime(at).date().isoformat()
        filters = ComplaintFilters(
            category=category.pk,
            received_from=date.fromisoformat(params["received_from"]) if "received_from" in params else None,
        )
        rows = complaint_list(actor=bench.handler, filters=filters).count()
    connection.set_schema_to_public()
    return params, rows


def _csv_rows(body: bytes) -> int:
    return sum(1 for _ in csv.reader(body.decode("utf-8-sig").splitlines())) - 1


def measure_register(complaints: int, *, log: Log) -> RegisterResult:
    log(f"  provisioning {REGISTER_SLUG} and seeding {complaints:,} complaints")
    bench = provision_member(REGISTER_SLUG)
    with tenant_context(bench.member):
        seed = seed_complaints(complaints, bench.taxonomy, log=log)
    connection.set_schema_to_public()
    log(f"  provisioning {SMALL_SLUG} ({SMALL_COMPLAINTS:,} complaints, one status change each)")
    small = provision_member(SMALL_SLUG)
    with tenant_context(small.member):
        small_seed = seed_complaints(SMALL_COMPLAINTS, small.taxonomy, internal_share=0.0, fixed_history=1, log=log)
    connection.set_schema_to_public()

    handler = _logged_in(bench.handler, bench.member)
    owner = _logged_in(bench.owner, bench.member)
    plain = _client_with_middleware([m for m in settings.MIDDLEWARE if m not in ROUTING_MIDDLEWARE])
    host = bench.host

    with tenant_context(bench.member):
        category = bench.taxonomy.categories[1]
        external = complaint_list(actor=bench.handler).count()
        everything = complaint_list(actor=bench.owner).count()
        filtered = complaint_list(
            actor=bench.handler, filters=ComplaintFilters(status="open", category=category.pk, overdue=True)
        ).count()
        search_matches = complaint_list(actor=bench.handler, filters=ComplaintFilters(q=SEARCH_WORD)).count()
    connection.set_schema_to_public()
    pages_total = max(1, math.ceil(external / PAGE_SIZE))
    deep = min(DEEP_PAGE, pages_total)
    deep_rows = PAGE_SIZE if deep < pages_total else external - PAGE_SIZE * (pages_total - 1)
    base = "/office/complaints/"
    filtered_query = urlencode({"status": "open", "category": category.pk, "overdue": "on"})
    pages = [
        Page("first", handler, base, host, min(PAGE_SIZE, external), external),
        Page("filtered", handler, f"{base}?{filtered_query}", host, min(PAGE_SIZE, filtered), filtered),
        Page("search", handler, f"{base}?q={SEARCH_WORD}", host, min(PAGE_SIZE, search_matches), search_matches),
        Page("deep", handler, f"{base}?page={deep}", host, deep_rows, external),
        Page("owner", owner, base, host, min(PAGE_SIZE, everything), everything),
        Page("baseline", plain, f"/bench/register/{bench.schema}/", host),
    ]
    log(f"  register pages: {REGISTER_REQUESTS} requests each after {REGISTER_WARMUP} warm-up, interleaved")
    results = measure_pages(pages, repeat=REGISTER_REQUESTS, warmup=REGISTER_WARMUP)
    for key, result in results.items():
        sql, seconds = result.slowest
        log(
            f"    {key}: median {duration(result.samples.median)}, {len(result.statements)} statements, "
            f"slowest {duration(seconds)}: {' '.join(sql.split())[:300]}"
        )
        for line in _explain(bench.member, sql)[:14]:
            log(f"      | {line}")

    # Constancy of the number of statements: rows in the table, rows on the page, length of the history.
    small_handler = _logged_in(small.handler, small.member)
    small_pages = math.ceil(SMALL_COMPLAINTS / PAGE_SIZE)
    small_last_rows = SMALL_COMPLAINTS - PAGE_SIZE * (small_pages - 1)
    constancy = count_statements(
        [
            Page("big", handler, base, host, PAGE_SIZE, external),
            Page("small", small_handler, base, small.host, PAGE_SIZE, SMALL_COMPLAINTS),
            Page("small_last", small_handler, f"{base}?page={small_pages}", small.host, small_last_rows),
        ]
    )
    with tenant_context(small.member):
        add_history(SMALL_EXTRA_HISTORY)
    connection.set_schema_to_public()
    constancy |= {
        "small_history": count_statements(
            [Page("small_history", small_handler, base, small.host, PAGE_SIZE, SMALL_COMPLAINTS)]
        )["small_history"]
    }

    # The CSV export of about EXPORT_ROWS rows.
    params, export_rows = _export_filter(bench)
    query = urlencode(params)
    export_pages = [
        Page("export", handler, f"{base}export.csv?{query}", host, streamed=True, csv_rows=export_rows),
        Page("baseline", plain, f"/bench/export/{bench.schema}/?{query}", host, streamed=True, csv_rows=export_rows),
    ]
    log(f"  CSV export of {export_rows:,} rows: {EXPORT_REQUESTS} requests each after 1 checked warm-up")
    export = measure_pages(export_pages, repeat=EXPORT_REQUESTS, warmup=0, statement_requests=1)
    # The same filter (category and receipt date) on the small register: far fewer rows.
    small_params, small_export_rows = _export_filter(small)
    small_params.setdefault("received_from", (timezone.localdate() - timedelta(days=4 * 365)).isoformat())
    small_export = Page(
        "small_export",
        small_handler,
        f"{base}export.csv?{urlencode(small_params)}",
        small.host,
        streamed=True,
        csv_rows=small_export_rows,
    )
    export_statements_small = count_statements([small_export])["small_export"]
    log(
        f"    export: median {duration(export['export'].samples.median)}, "
        f"{len(export['export'].statements)} statements; baseline {duration(export['baseline'].samples.median)}"
    )
    return RegisterResult(
        complaints=complaints,
        seed=seed,
        small_seed=small_seed,
        pages=results,
        small_last_rows=small_last_rows,
        counts={"external": external, "everything": everything, "filtered": filtered},
        constancy=constancy,
        export=export,
        export_rows=export_rows,
        export_statements_small=export_statements_small,
        small_export_rows=small_export_rows,
        search_matches=search_matches,
        deep_page=deep,
        pages_total=pages_total,
        member=bench,
    )


def _target(seconds: float) -> str:
    return "under 150 ms" if seconds < TARGET_MEDIAN else "OVER 150 ms"


def register_rows(result: RegisterResult) -> list[Row]:
    pages, base = result.pages, result.pages["baseline"]
    n = result.complaints

    def row(label: str, key: str, note: str) -> Row:
        page = pages[key]
        sql, seconds = page.slowest
        return Row(
            label,
            spread(page.samples),
            spread(base.samples),
            times_costlier(page.samples.median, base.samples.median),
            f"{_target(page.samples.median)}; {len(page.statements)} SQL (Σ {duration(page.sql_seconds)}), slowest "
            f"{duration(seconds)} ({_short_sql(sql)}); {note}",
        )

    counts = result.counts
    c = result.constancy
    constant = len(set(c.values())) == 1
    export, export_base = result.export["export"], result.export["baseline"]
    return [
        row(
            f"5. register first page, handler (N={n:,})",
            "first",
            f"{counts['external']:,} external complaints; baseline: 25 rows, values_list, no routing, no template",
        ),
        row("   filtered: open + category + overdue", "filtered", f"{counts['filtered']:,} match"),
        row(
            f"   search q={SEARCH_WORD}",
            "search",
            f"{result.search_matches:,} match ({result.search_matches / max(counts['external'], 1):.1%})",
        ),
        row(
            f"   page {result.deep_page} of {result.pages_total:,} (information)",
            "deep",
            f"OFFSET {(result.deep_page - 1) * PAGE_SIZE:,}",
        ),
        row("   first page, owner (sees internal too)", "owner", f"{counts['everything']:,} complaints"),
        Row(
            "   SQL statements per page, constancy",
            f"{c['big']} / {c['small']} / {c['small_last']} / {c['small_history']}",
            str(len(base.statements)),
            "–",
            ("constant" if constant else "NOT CONSTANT")
            + f": first page {n:,} complaints (1–6 status changes) / {SMALL_COMPLAINTS:,} complaints (1 each) / "
            f"last page ({result.small_last_rows} rows) / first page after +{SMALL_EXTRA_HISTORY} status "
            f"changes each",
        ),
        Row(
            f"   CSV export, {result.export_rows:,} rows (filtered)",
            spread(export.samples),
            spread(export_base.samples),
            times_costlier(export.samples.median, export_base.samples.median),
            f"{len(export.statements)} SQL for {result.export_rows:,} rows, {result.export_statements_small} for "
            f"{result.small_export_rows:,} ({'constant' if len(export.statements) == result.export_statements_small else 'NOT CONSTANT'}); "
            f"baseline: values_list().iterator() to csv, same rows",
        ),
    ]


def register_setup_lines(result: RegisterResult) -> list[str]:
    seed = result.seed
    lengths = seed.history
    mean = sum(k * v for k, v in lengths.items()) / max(seed.complaints, 1)
    return [
        f"setup (not in the table): {seed.complaints:,} complaints + {seed.status_changes:,} status changes "
        f"({min(lengths)}–{max(lengths)} per complaint, mean {mean:.1f}) seeded with bulk_create in "
        f"{seed.seconds:.1f} s ({seed.complaints / seed.seconds:,.0f} complaints/s), VACUUM ANALYZE "
        f"{seed.vacuum_seconds:.1f} s; small register {result.small_seed.complaints:,} complaints in "
        f"{result.small_seed.seconds:.1f} s",
    ]


# 6. The public form under load -----------------------------------------------------------------


def _database_url() -> str:
    """The bench database as a DATABASE_URL for the server process (``core.env.database_from_url``)."""
    db = settings.DATABASES["default"]
    auth = ""
    if db.get("USER"):
        auth = quote(db["USER"], safe="")
        if db.get("PASSWORD"):
            auth += ":" + quote(db["PASSWORD"], safe="")
        auth += "@"
    host, port = db.get("HOST") or "", db.get("PORT") or ""
    options = dict(db.get("OPTIONS") or {})
    netloc = ""
    if host.startswith("/"):
        options["host"] = host
    elif host:
        netloc = host + (f":{port}" if port else "")
    query = f"?{urlencode(options)}" if options else ""
    return f"postgresql://{auth}{netloc}/{quote(db['NAME'], safe='')}{query}"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _request(port: int, method: str, url: str, headers: dict[str, str], body: bytes | None = None):
    connection_ = http.client.HTTPConnection("127.0.0.1", port, timeout=HTTP_TIMEOUT)
    try:
        connection_.request(method, url, body=body, headers=headers)
        response = connection_.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection_.close()


@contextmanager
def gunicorn_server(*, log: Log) -> Iterator[int]:
    """``gunicorn config.wsgi:application`` on 127.0.0.1 and a free port, against the bench database;
    stopped (its process group) when the block ends, also after an error."""
    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="wederhoor-bench-") as scratch:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "DJANGO_DEBUG": "false",
            "DATABASE_URL": _database_url(),
            "COMPLAINT_FORM_RATE_LIMIT": str(10**9),
            "CELERY_BROKER_URL": "memory://",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "MEDIA_ROOT": str(Path(scratch) / "media"),
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
        command = [
            sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
            "--workers", "2", "--threads", "1", "--timeout", "60", "--graceful-timeout", "5",
            "--log-level", "warning", "--no-control-socket", "--worker-tmp-dir", scratch,
        ]  # fmt: skip
        log_path = Path(scratch) / "gunicorn.log"
        with log_path.open("wb") as server_log:
            process = subprocess.Popen(
                command, cwd=settings.BASE_DIR, env=env, stdout=server_log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        try:
            _wait_until_up(port, process, log_path)
            log(f"  gunicorn (pid {process.pid}) listening on 127.0.0.1:{port}, 2 workers x 1 thread")
            yield port
        except BaseException:
            tail = log_path.read_text(errors="replace")[-3000:]
            if tail.strip():
                log("  server log (tail):\n" + tail)
            raise
        finally:
            _stop(process)
            log(f"  gunicorn (pid {process.pid}) stopped")


def _wait_until_up(port: int, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise CommandError(f"gunicorn exited with {process.returncode}: {log_path.read_text()[-2000:]}")
        try:
            status, _headers, _body = _request(port, "GET", "/healthz", {"Host": "localhost"})
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise CommandError(f"gunicorn did not answer /healthz within {SERVER_START_TIMEOUT:.0f} s")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)
    except ProcessLookupError:
        pass


def _png() -> bytes:
    """A valid 16x16 PNG (a few hundred bytes)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    width = height = 16
    raw = b"".join(b"\x00" + bytes([200, 80 + y * 8, 40]) * width for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


PNG = _png()
CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def _multipart(fields: list[tuple[str, str]], files: list[tuple[str, str, str, bytes]]) -> tuple[bytes, str]:
    boundary = f"----bench{uuid.uuid4().hex}"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields
    ]
    parts += [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        f"Content-Type: {content_type}\r\n\r\n".encode()
        + content
        + b"\r\n"
        for name, filename, content_type, content in files
    ]
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _form_fields(number: int) -> list[tuple[str, str]]:
    rng = random.Random(SEED + number)
    first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
    city, postal = rng.choice(CITIES)
    return [
        ("complainant_name", f"{first} {last}"),
        ("complainant_email", f"{first}.{last}".lower().replace(" ", "") + f"{number}@example.nl"),
        ("complainant_phone", f"06 {rng.randint(10_000_000, 99_999_999)}"),
        ("complainant_address", f"{rng.choice(STREETS)} {rng.randint(1, 240)}"),
        ("complainant_postal_code", f"{postal}{rng.randint(10, 99)} AB"),
        ("complainant_city", city),
        ("customer_number", f"K{rng.randint(100_000, 999_999)}"),
        ("on_behalf_of", ""),
        ("description", " ".join(rng.sample(SENTENCES, 3))),
        ("incident_date", (timezone.localdate() - timedelta(days=rng.randint(1, 10))).isoformat()),
        ("incident_time", ""),
        ("incident_place", rng.choice(PLACES)),
        ("persons_involved", ""),
        ("remedy_sought", rng.choice(REMEDIES)),
        ("website", ""),
        ("consent", "on"),
    ]


@dataclass
class Attempt:
    ok: bool
    error: str = ""
    latency: float = 0.0  # the POST, or the GET of /healthz
    form_latency: float = 0.0  # the GET of the form before the POST


def _healthz(port: int, host: str, number: int) -> Attempt:
    started = time.perf_counter()
    status, _headers, _body = _request(port, "GET", "/healthz", {"Host": host})
    seconds = time.perf_counter() - started
    return Attempt(status == 200, "" if status == 200 else f"HTTP {status}", seconds)


def _submission(attach: bool) -> Callable[[int, str, int], Attempt]:
    def submit(port: int, host: str, number: int) -> Attempt:
        origin = f"http://{host}"
        started = time.perf_counter()
        status, headers, body = _request(port, "GET", "/complaint/", {"Host": host, "Accept-Language": "nl"})
        form_seconds = time.perf_counter() - started
        if status != 200:
            return Attempt(False, f"GET form: HTTP {status}")
        cookies = SimpleCookie()
        for value in headers.get_all("Set-Cookie") or []:
            cookies.load(value)
        token = CSRF_FIELD.search(body)
        if "csrftoken" not in cookies or token is None:
            return Attempt(False, "GET form: no CSRF cookie or token")
        fields = [("csrfmiddlewaretoken", token.group(1).decode()), *_form_fields(number)]
        files = [("attachments", "foto-schade.png", "image/png", PNG)] if attach else []
        payload, content_type = _multipart(fields, files)
        started = time.perf_counter()
        status, headers, body = _request(
            port,
            "POST",
            "/complaint/",
            {
                "Host": host,
                "Origin": origin,
                "Referer": f"{origin}/complaint/",
                "Content-Type": content_type,
                "Cookie": f"csrftoken={cookies['csrftoken'].value}",
                "Accept-Language": "nl",
            },
            payload,
        )
        seconds = time.perf_counter() - started
        if status == 302 and (headers.get("Location") or "").endswith("/complaint/thanks/"):
            return Attempt(True, latency=seconds, form_latency=form_seconds)
        return Attempt(False, f"POST: HTTP {status} {body[:200]!r}", seconds, form_seconds)

    return submit


@dataclass
class LoadRun:
    planned: int
    clients: int
    wall: float
    outcomes: list[Attempt]

    @property
    def ok(self) -> int:
        return sum(1 for o in self.outcomes if o.ok)

    @property
    def errors(self) -> Counter:
        return Counter(o.error.split(" b'")[0] for o in self.outcomes if not o.ok)

    @property
    def error_count(self) -> int:
        return len(self.outcomes) - self.ok

    @property
    def rate(self) -> float:
        return self.ok / self.wall if self.wall > 0 else 0.0

    def latencies(self, attribute: str = "latency") -> list[float]:
        return sorted(getattr(o, attribute) for o in self.outcomes if o.ok)


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)] if ordered else 0.0


def run_load(
    operation: Callable[[int, str, int], Attempt],
    *,
    port: int,
    host: str,
    clients: int,
    total: int,
    limit: float,
    first: int = 0,
) -> LoadRun:
    """``clients`` threads share ``total`` operations; each stops when they are used up, or after
    ``limit`` seconds. Exceptions (refused, reset, timeout) count as errors."""
    numbers = itertools.count(first)
    lock = threading.Lock()
    outcomes: list[Attempt] = []
    deadline = time.perf_counter() + limit

    def client() -> None:
        while time.perf_counter() < deadline:
            with lock:
                number = next(numbers)
            if number >= first + total:
                return
            try:
                outcome = operation(port, host, number)
            except (OSError, http.client.HTTPException) as exc:
                outcome = Attempt(False, f"{type(exc).__name__}: {exc}")
            with lock:
                outcomes.append(outcome)

    threads = [threading.Thread(target=client, name=f"bench-client-{i}", daemon=True) for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(limit + HTTP_TIMEOUT * 2)
    return LoadRun(total, clients, time.perf_counter() - started, outcomes)


@dataclass
class IntakeResult:
    healthz: LoadRun
    form: LoadRun
    form_png: LoadRun
    complaints_added: int
    attachments_added: int
    member_complaints: int  # in the member's schema before the measured load
    register_member: bool


def _counts(member: Member) -> tuple[int, int]:
    with tenant_context(member):
        counts = Complaint.objects.count(), Attachment.objects.count()
    connection.set_schema_to_public()
    return counts


def _merge(runs: list[LoadRun]) -> LoadRun:
    return LoadRun(
        sum(r.planned for r in runs), runs[0].clients, sum(r.wall for r in runs), [o for r in runs for o in r.outcomes]
    )


def measure_intake(bench: BenchMember | None, *, clients: int, requests: int, log: Log) -> IntakeResult:
    """The three kinds of load in INTAKE_ROUNDS alternating rounds, so that a disturbance on the
    machine (other processes, autovacuum) does not fall on one kind alone."""
    register_member = bench is not None
    if bench is None:
        log(f"  provisioning {INTAKE_SLUG}")
        bench = provision_member(INTAKE_SLUG)
    rounds = max(1, min(INTAKE_ROUNDS, requests))
    shares = [requests // rounds + (1 if index < requests % rounds else 0) for index in range(rounds)]
    limit = INTAKE_TIME_LIMIT / rounds
    runs: dict[str, list[LoadRun]] = {"healthz": [], "form": [], "form_png": []}
    with gunicorn_server(log=log) as port:
        host = bench.host
        # Warm-up: both workers load templates, translations and open their database connection.
        warm = run_load(
            _submission(False), port=port, host=host, clients=clients, total=2 * clients, first=10**6, limit=limit
        )
        run_load(_healthz, port=port, host=host, clients=clients, total=4 * clients, limit=limit)
        if warm.error_count:
            raise CommandError(f"warm-up submissions failed: {dict(warm.errors)}")
        complaints_before, attachments_before = _counts(bench.member)
        log(
            f"  {requests} each of GET /healthz, submissions, submissions with a PNG; {clients} clients, "
            f"{rounds} alternating rounds"
        )
        first = 0
        for share in shares:
            common = {"port": port, "host": host, "clients": clients, "total": share, "limit": limit}
            runs["healthz"].append(run_load(_healthz, **common))
            runs["form"].append(run_load(_submission(False), first=first, **common))
            runs["form_png"].append(run_load(_submission(True), first=first + share, **common))
            first += 2 * share
        complaints_after, attachments_after = _counts(bench.member)
    healthz, form, form_png = (_merge(runs[key]) for key in ("healthz", "form", "form_png"))
    for label, run in (("healthz", healthz), ("form", form), ("form+png", form_png)):
        if run.error_count:
            first_error = next(o.error for o in run.outcomes if not o.ok)
            log(f"    {label}: {run.error_count} errors, e.g. {first_error}")
    return IntakeResult(
        healthz,
        form,
        form_png,
        complaints_after - complaints_before,
        attachments_after - attachments_before,
        complaints_before,
        register_member,
    )


def _latency(values: list[float]) -> str:
    return f"{duration(statistics.median(values))} (p95 {duration(_p95(values))})" if values else "–"


def intake_rows(result: IntakeResult) -> list[Row]:
    health = result.healthz
    health_latency = health.latencies()
    baseline_note = f"baseline: GET /healthz, {health.ok} of {health.planned}, {health.error_count} errors"
    where = (
        f"into the register of {result.member_complaints:,} complaints"
        if result.register_member
        else "into a new member's empty register"
    )
    rows = []
    for number, label, run in (("6.", "", result.form), ("  ", " with a PNG attachment", result.form_png)):
        stopped = "" if len(run.outcomes) == run.planned else f", stopped after {INTAKE_TIME_LIMIT:.0f} s"
        errors = "zero errors" if not run.error_count else f"{run.error_count} ERRORS {dict(run.errors)}"
        post = run.latencies()
        rows += [
            Row(
                f"{number} public form{label}: submissions/s (C={run.clients})",
                f"{run.rate:.1f}/s",
                f"{health.rate:.0f}/s",
                times_costlier(health.rate / run.rate, 1.0) if run.rate else "–",
                f"{run.ok} of {run.planned} (GET form + POST, 302){stopped}: {errors}; {where}; {baseline_note}",
            ),
            Row(
                "   POST latency, median (p95)",
                _latency(post),
                _latency(health_latency),
                times_costlier(statistics.median(post), statistics.median(health_latency))
                if post and health_latency
                else "–",
                f"the GET /complaint/ before it: {_latency(run.latencies('form_latency'))}",
            ),
        ]
    successes = result.form.ok + result.form_png.ok
    verified = result.complaints_added == successes and result.attachments_added == result.form_png.ok
    rows.append(
        Row(
            "   complaints written (checked in the schema)",
            f"+{result.complaints_added}",
            f"{successes} successes",
            "–",
            ("verified" if verified else "MISMATCH")
            + f": +{result.complaints_added} complaints for {successes} submissions answered 302, "
            f"+{result.attachments_added} attachments for {result.form_png.ok} with a PNG",
        )
    )
    return rows


# The section runner --------------------------------------------------------------------------------


@dataclass
class ComplaintFigures:
    rows: list[Row]
    setup_lines: list[str]


def run_sections(
    *, register: bool, intake: bool, complaints: int, intake_clients: int, intake_requests: int, log: Log
) -> ComplaintFigures:
    """Sections 5 (register) and 6 (intake), inside the bench database; rows for the shared table."""
    if complaints < SMALL_COMPLAINTS and register:
        raise CommandError(f"--complaints must be at least {SMALL_COMPLAINTS}")
    if intake_clients < 1 or intake_requests < 1:
        raise CommandError("--intake-clients and --intake-requests must be at least 1")
    rows: list[Row] = []
    setup: list[str] = []
    bench = None
    if register:
        log("5. register")
        result = measure_register(complaints, log=log)
        rows += register_rows(result)
        setup += register_setup_lines(result)
        bench = result.member
    if intake:
        log("6. public form under load")
        rows += intake_rows(measure_intake(bench, clients=intake_clients, requests=intake_requests, log=log))
    connection.set_schema_to_public()
    return ComplaintFigures(rows, setup)
