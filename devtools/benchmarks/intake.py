"""Section 6 of ``manage.py bench`` (``--only intake``): the public complaint form under concurrent
load, over loopback, on a real server (``devtools.benchmarks.server``).

C client threads (``--intake-clients``) share R operations (``--intake-requests``) of each kind
below, and give up after ``INTAKE_TIME_LIMIT`` seconds per kind. The kinds run in ``INTAKE_ROUNDS``
alternating rounds (healthz, form, form with PNG, healthz, ...), so that a disturbance on the machine
does not fall on one kind alone; a warm-up of 2 C submissions comes first. Every operation opens its
own connections with ``http.client`` (the sync workers close them after each response) and sends the
member's host name. The form is submitted to the register member when the register figures ran
(``BenchRun.register_member``: its unique indexes, its full-text index and its reference counter),
otherwise to a new member ``bench-intake``.

*Ours*: one submission = GET ``/complaint/`` (the CSRF cookie and token) and POST of the form
(multipart, varied names and texts); 302 to the thanks page counts as success, anything else
(status, refused connection, timeout) as an error. Reported: submissions per second (successes ÷
wall time), median and p95 latency of the POST (with C clients on 2 workers this includes the wait
for a free worker), the errors. A second kind attaches a small PNG.
*Baseline*: the same server and client threads, GET ``/healthz`` (answered by the first middleware,
before routing), R requests. Afterwards the bench counts the complaints (and attachments) in the
member's schema: they must have grown by exactly the number of successful submissions (with a PNG).
The client threads run in the bench process on the same cores as the server, for both sides alike.
"""

from __future__ import annotations

import http.client
import itertools
import random
import re
import statistics
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from http.cookies import SimpleCookie

from django.core.management.base import CommandError
from django.utils import timezone
from django_tenants.utils import tenant_context

from core.tenancy import connection
from devtools.benchmarks.fixtures import BenchMember, BenchRun, Figures, Options, provision_member
from devtools.benchmarks.seeding import CITIES, FIRST_NAMES, PLACES, REMEDIES, SEED, SENTENCES, STREETS, SURNAMES
from devtools.benchmarks.server import HTTP_TIMEOUT, gunicorn_server, request
from devtools.benchmarks.timing import Log, Row, duration, p95, times_costlier
from devtools.demo import demo_png
from tenants.complaints.models import Attachment, Complaint
from tenants.members.models import Member

INTAKE_SLUG = "bench-intake"
INTAKE_TIME_LIMIT = 180.0  # seconds per kind of load, over all rounds
INTAKE_ROUNDS = 4
PNG = demo_png(size=16)

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


#: One operation of a load run: (port, host, number) -> its outcome.
Operation = Callable[[int, str, int], Attempt]


def _healthz(port: int, host: str, number: int) -> Attempt:
    started = time.perf_counter()
    status, _headers, _body = request(port, "GET", "/healthz", {"Host": host})
    seconds = time.perf_counter() - started
    return Attempt(status == 200, "" if status == 200 else f"HTTP {status}", seconds)


def _submission(attach: bool) -> Operation:
    def submit(port: int, host: str, number: int) -> Attempt:
        origin = f"http://{host}"
        started = time.perf_counter()
        status, headers, body = request(port, "GET", "/complaint/", {"Host": host, "Accept-Language": "nl"})
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
        status, headers, body = request(
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
    def errors(self) -> Counter[str]:
        return Counter(o.error.split(" b'")[0] for o in self.outcomes if not o.ok)

    @property
    def error_count(self) -> int:
        return len(self.outcomes) - self.ok

    @property
    def rate(self) -> float:
        return self.ok / self.wall if self.wall > 0 else 0.0

    def latencies(self, attribute: str = "latency") -> list[float]:
        return sorted(getattr(o, attribute) for o in self.outcomes if o.ok)


def run_load(
    operation: Operation,
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

        def load(operation: Operation, total: int, first: int = 0) -> LoadRun:
            return run_load(operation, port=port, host=host, clients=clients, total=total, limit=limit, first=first)

        first = 0
        for share in shares:
            runs["healthz"].append(load(_healthz, share))
            runs["form"].append(load(_submission(False), share, first))
            runs["form_png"].append(load(_submission(True), share, first + share))
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
    return f"{duration(statistics.median(values))} (p95 {duration(p95(values))})" if values else "–"


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


def check(options: Options) -> None:
    if options.intake_clients < 1 or options.intake_requests < 1:
        raise CommandError("--intake-clients and --intake-requests must be at least 1")


def run(bench: BenchRun) -> Figures:
    bench.log("6. public form under load")
    options = bench.options
    result = measure_intake(
        bench.register_member, clients=options.intake_clients, requests=options.intake_requests, log=bench.log
    )
    connection.set_schema_to_public()
    return Figures(intake_rows(result))
