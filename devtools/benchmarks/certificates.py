"""Section 8 of ``manage.py bench`` (``--only certificates``), inside the bench database.

a. Render + sign one certificate in a warm process: ``render_certificate`` (the template, the QR
   code, WeasyPrint) and ``sign_rendered`` (PAdES with pyHanko), median of CERTIFICATE_RENDERS runs.
   Baseline, interleaved with it: the bare WeasyPrint render of the same HTML
   (``HTML(string=html, base_url=BASE_URL, url_fetcher=...).write_pdf()``). Goal: at most 1.3×.
   On a busy machine two medians of ~0.4 s differ by more than what the template, the QR code and
   the signature add (~20 ms), so the notes also give that ratio from the parts: the template with
   its QR code timed alone (a third interleaved action) and the signing within ``ours``.
b. A batch of N certificates (``--certificates``, default 1,000) through Celery with two workers of
   one process each (``devtools.benchmarks.workers``): N members with schemas cloned from a migrated
   template (``devtools.benchmarks.cloning``), each with its sector's model regulation published
   and its contribution for the year invoiced and paid, so every one passes the criteria. Timed from
   sending ``certification.issue_due`` (jitter 0) until the last certificate was rendered
   (its ``rendered_at``); certificates per second. Goal: under 60 s.
c. The worker time per certificate of (b), 2 × wall time ÷ N: the yearly route's whole task
   (evaluation, locking, render, sign, storing the file, audit, the e-mail to the outbox, the broker)
   against render + sign of (a): the overhead ratio.
d. The SQL statements of ``evaluate_member`` for a member with 0 and one with 200 complaints
   (received over the last eleven months, half taken into investigation), counted with Django's
   ``CaptureQueriesContext`` after one warm-up evaluation each: they must be equal.

Members of earlier sections would be due in the yearly run too; they are left out of it (membership
*ended*) while this section runs and put back afterwards.
"""

from __future__ import annotations

import hashlib
import logging
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import reset_queries
from django.db.models import Max, Min
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone, translation
from django_tenants.utils import schema_context, tenant_context

from commission.certification.certificates import (
    certificate_context,
    failing_criteria,
    members_due,
    render_certificate,
    verification_url,
)
from commission.certification.evaluation import evaluate_member, member_figures, months_before
from commission.certification.models import Certificate, Contribution, Criteria, Invoice
from commission.certification.services import contribution_set, invoices_create_for_year, payment_record
from commission.certification.tasks import issue_due_task
from core.pdf import BASE_URL, _fetcher, pdf_text
from core.pdf_signing import sign_rendered, verify_pdf
from core.tenancy import connection
from devtools.benchmarks.cloning import cloned_members
from devtools.benchmarks.fixtures import BenchMember, BenchRun, Figures, Options, bench_sector, provision_member
from devtools.benchmarks.timing import Log, Row, Samples, duration, interleaved, spread, timed, times_costlier
from devtools.benchmarks.workers import celery_workers, send_task_now
from tenants.complaints.models import Complaint
from tenants.complaints.services import complaint_register, complaint_transition
from tenants.complaints.workflow import Status
from tenants.members.models import Member, Sector
from tenants.regulations.sections import model_for_sector
from tenants.regulations.services import version_publish, version_start_draft

#: Slug prefix of the batch's members.
PREFIX = "cert"
WORKERS = 2
CERTIFICATE_RENDERS = 30
RENDER_WARMUP = 3
#: What render_certificate renders (its template and QR code are timed apart from WeasyPrint).
CERTIFICATE_TEMPLATE = "certification/certificate_pdf.html"
BUSY_COMPLAINTS = 200
#: The goals for certificates, printed beside the figures.
RENDER_GOAL = 1.3
BATCH_GOAL_SECONDS = 60.0
CONTRIBUTION = Decimal("395.00")
POLL_SECONDS = 0.5


# Members that pass -----------------------------------------------------------------------------------


def publish_regulation(member: Member, sector: Sector) -> None:
    """Version 1 of the sector's model regulation, published (in the member's schema)."""
    with schema_context(member.schema_name):
        version = version_start_draft(actor=None, source="model", model=model_for_sector(sector.code))
        version_publish(version=version, actor=None)


def invoice_and_pay(members: list[Member], *, year: int) -> None:
    """The year's contribution for every sector, the invoices of every active member, and the
    payments of ``members`` (in full, within the term)."""
    for sector in Sector.objects.all():
        if not Contribution.objects.filter(sector=sector, year=year).exists():
            contribution_set(sector=sector, year=year, amount=CONTRIBUTION, actor=None)
    invoices_create_for_year(year=year, actor=None, issued_on=date(year, 1, 15))
    for invoice in Invoice.objects.filter(year=year, member__in=members, payments__isnull=True):
        payment_record(
            invoice=invoice, amount=invoice.amount, paid_on=invoice.issued_on + timedelta(days=12),
            reference=f"Bijdrage {invoice.number}", actor=None,
        )  # fmt: skip


@contextmanager
def quiet_renderer() -> Iterator[None]:
    """WeasyPrint logs every step at INFO; the bench prints its own progress."""
    logger = logging.getLogger("weasyprint")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


@contextmanager
def only_in_yearly_run(members: list[Member], *, log: Log) -> Iterator[None]:
    """Leave the members of earlier sections out of the yearly run (membership *ended*) while the
    block runs; put them back afterwards."""
    others = list(
        Member.objects.filter(kind=Member.Kind.MEMBER, membership_status=Member.MembershipStatus.ACTIVE)
        .exclude(pk__in=[member.pk for member in members])
        .values_list("pk", flat=True)
    )
    if others:
        log(f"   {len(others)} members of earlier sections left out of the yearly run")
        Member.objects.filter(pk__in=others).update(membership_status=Member.MembershipStatus.ENDED)
    try:
        yield
    finally:
        if others:
            Member.objects.filter(pk__in=others).update(membership_status=Member.MembershipStatus.ACTIVE)


@dataclass
class Batch:
    members: list[Member]
    clone_seconds: float
    prepare_seconds: float


def prepare_batch(count: int, *, log: Log) -> Batch:
    sector = bench_sector()
    members, clone_seconds = cloned_members(
        count, prefix=PREFIX, sector=sector, log=log, city="Utrecht", street="Keurmerkstraat 1",
        postal_code="3511 AA", contact_email="info@certificaat.example.org",
    )  # fmt: skip
    log(f"   {count} member schemas cloned in {clone_seconds:.1f} s; publishing regulations, invoicing")
    started = time.perf_counter()
    for member in members:
        publish_regulation(member, sector)
    connection.set_schema_to_public()
    invoice_and_pay(members, year=timezone.localdate().year)
    evaluation = evaluate_member(members[0], on=timezone.localdate())
    connection.set_schema_to_public()
    if not evaluation.passed:
        raise CommandError(f"{members[0].slug} fails the criteria: {'; '.join(failing_criteria(evaluation))}")
    return Batch(members, clone_seconds, time.perf_counter() - started)


# b/c. The batch through Celery ------------------------------------------------------------------------


@dataclass
class BatchResult:
    count: int
    seconds: float
    first_seconds: float
    sample: Certificate

    @property
    def steady_rate(self) -> float:
        """Certificates per second once both workers were warm: (N - 1) ÷ (last - first)."""
        span = self.seconds - self.first_seconds
        return (self.count - 1) / span if span > 0 and self.count > 1 else 0.0


def _batch_certificates() -> tuple[int, int]:
    issued = Certificate.objects.filter(member__slug__startswith=f"{PREFIX}-")
    return issued.filter(status=Certificate.Status.ISSUED).count(), issued.count()


def _check_stored(certificate: Certificate) -> None:
    """One certificate of the batch: its stored PDF matches its SHA-256, is signed by us and names it."""
    with certificate.pdf.open("rb") as stored:
        pdf = stored.read()
    if hashlib.sha256(pdf).hexdigest() != certificate.pdf_sha256:
        raise CommandError(f"{certificate.serial}: the stored PDF does not match its SHA-256")
    if not verify_pdf(pdf).valid:
        raise CommandError(f"{certificate.serial}: the stored PDF's signature does not validate")
    text = pdf_text(pdf)
    if certificate.serial not in text or verification_url(certificate.serial) not in text.replace("\n", ""):
        raise CommandError(f"{certificate.serial}: the PDF does not show its serial and verification URL")


def measure_batch(batch: Batch, *, scratch: Path, log: Log) -> BatchResult:
    count = len(batch.members)
    due = set(members_due())
    expected = {member.pk for member in batch.members}
    if due != expected:
        raise CommandError(f"{len(due)} members due for the yearly run, expected the batch of {count}")
    limit = max(300.0, 2.0 * count)
    with celery_workers(WORKERS, scratch=scratch, log=log) as workers:
        sent_at = timezone.now()
        started = time.perf_counter()
        send_task_now(issue_due_task, queue=workers.queue, kwargs={"jitter_seconds": 0})
        reported = started
        while True:
            issued, created = _batch_certificates()
            if issued == count:
                break
            now = time.perf_counter()
            if now - started > limit:
                raise CommandError(f"{issued} of {count} certificates issued ({created} created) after {limit:.0f} s")
            if now - reported >= 10:
                log(f"   {issued} of {count} certificates issued ({now - started:.0f} s)")
                reported = now
            time.sleep(POLL_SECONDS)
    times = Certificate.objects.filter(member__slug__startswith=f"{PREFIX}-").aggregate(
        first=Min("rendered_at"), last=Max("rendered_at")
    )
    sample = Certificate.objects.filter(member__slug__startswith=f"{PREFIX}-").order_by("rendered_at").last()
    if sample is None or times["first"] is None or times["last"] is None:
        raise CommandError("the batch left no rendered certificate")
    _check_stored(sample)
    result = BatchResult(
        count=count,
        seconds=(times["last"] - sent_at).total_seconds(),
        first_seconds=(times["first"] - sent_at).total_seconds(),
        sample=sample,
    )
    log(f"   {count} certificates issued in {result.seconds:.1f} s ({count / result.seconds:.1f}/s)")
    return result


# a. Render + sign against the bare render ---------------------------------------------------------------


@dataclass
class RenderResult:
    ours: Samples
    bare: Samples
    sign: Samples
    #: The template and its QR code alone (measured apart, interleaved with the other two).
    template: Samples
    #: Median of ours ÷ bare per round: the two ran back to back, so load on the machine cancels.
    paired_ratio: float


def measure_render(certificate: Certificate, *, log: Log) -> RenderResult:
    """Render + sign ``certificate`` in this (warm) process, interleaved with WeasyPrint alone."""
    from weasyprint import HTML  # as core.pdf does: loaded on first use

    reason = f"Certificaat / Certificate {certificate.serial}"
    html = render_certificate(certificate).html
    signing: list[float] = []

    def ours() -> float:
        started = time.perf_counter()
        rendered = render_certificate(certificate)
        rendered_at = time.perf_counter()
        sign_rendered(rendered, reason=reason, location=settings.PLATFORM_DOMAIN)
        signed_at = time.perf_counter()
        signing.append(signed_at - rendered_at)
        return signed_at - started

    def bare() -> float:
        # core.pdf's fetcher: the document's stylesheet is a static file (the renderer fetches nothing else).
        return timed(lambda: HTML(string=html, base_url=BASE_URL, url_fetcher=_fetcher()).write_pdf())

    def template() -> float:
        with translation.override(settings.LANGUAGE_CODE):
            return timed(lambda: render_to_string(CERTIFICATE_TEMPLATE, certificate_context(certificate)))

    samples = interleaved(
        {"ours": ours, "bare": bare, "template": template}, repeat=CERTIFICATE_RENDERS, warmup=RENDER_WARMUP
    )
    result = RenderResult(
        ours=samples["ours"],
        bare=samples["bare"],
        sign=Samples(tuple(signing[-CERTIFICATE_RENDERS:])),
        template=samples["template"],
        paired_ratio=statistics.median(
            o / b for o, b in zip(samples["ours"].seconds, samples["bare"].seconds, strict=True)
        ),
    )
    log(f"   render + sign {duration(result.ours.median)}, bare WeasyPrint {duration(result.bare.median)}")
    return result


# d. Statements of the evaluation --------------------------------------------------------------------------


def _complaints(bench: BenchMember, count: int) -> None:
    """``count`` complaints through the service, received over the last eleven months; every second
    one taken into investigation (its first step, which counts as the acknowledgment)."""
    now = timezone.now()
    with tenant_context(bench.member):
        for number in range(count):
            complaint = complaint_register(
                channel=Complaint.Channel.EMAIL,
                actor=bench.handler,
                received_at=now - timedelta(days=330 * (count - number) / count, hours=1),
                complainant_name=f"Klager {number}",
                complainant_email=f"klager{number}@certificaat.example.org",
                description="De levering was te laat en niemand belde terug.",
                handler=bench.handler,
                send_acknowledgment=False,
            )
            if number % 2:
                complaint_transition(complaint=complaint, target=Status.INVESTIGATING, actor=bench.handler)
    connection.set_schema_to_public()


def _statements(member: Member) -> int:
    today = timezone.localdate()
    evaluate_member(member, on=today)  # warm: what a process looks up once is not per member
    # With DEBUG on, the connection's query log is full by now (9,000 entries), and a full log
    # would give the context an empty slice.
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        evaluate_member(member, on=today)
    connection.set_schema_to_public()
    return len(captured.captured_queries)


def measure_statements(*, log: Log) -> dict[int, int]:
    """The statements of ``evaluate_member`` at 0 and at BUSY_COMPLAINTS complaints."""
    sector = bench_sector()
    quiet, busy = provision_member(f"{PREFIX}-quiet"), provision_member(f"{PREFIX}-busy")
    for bench in (quiet, busy):
        publish_regulation(bench.member, sector)
    connection.set_schema_to_public()
    _complaints(busy, BUSY_COMPLAINTS)
    today = timezone.localdate()
    since = months_before(today, Criteria.current().period_months) + timedelta(days=1)
    received = member_figures(busy.member, since=since, until=today).received
    connection.set_schema_to_public()
    if received != BUSY_COMPLAINTS:
        raise CommandError(f"the evaluation sees {received} complaints, expected {BUSY_COMPLAINTS}")
    counts = {0: _statements(quiet.member), BUSY_COMPLAINTS: _statements(busy.member)}
    log(f"   evaluate_member: {counts[0]} statements at 0 complaints, {counts[BUSY_COMPLAINTS]} at {BUSY_COMPLAINTS}")
    return counts


# The rows ------------------------------------------------------------------------------------------


def certificate_rows(render: RenderResult, batch: BatchResult, statements: dict[int, int]) -> list[Row]:
    ratio = render.ours.median / render.bare.median
    # The same ratio from the parts: steadier on a busy machine, where the medians of two ~0.4 s
    # renders differ by more than the ~20 ms that template, QR code and signature add.
    from_parts = (render.bare.median + render.template.median + render.sign.median) / render.bare.median
    per_worker = WORKERS * batch.seconds / batch.count
    # The least the batch could take on WORKERS processes if each certificate cost only WeasyPrint.
    floor = batch.count * render.bare.median / WORKERS
    zero, busy = statements[0], statements[BUSY_COMPLAINTS]
    return [
        Row(
            "8a. certificate render + sign, warm process",
            spread(render.ours),
            spread(render.bare),
            times_costlier(render.ours.median, render.bare.median),
            f"goal ≤ {RENDER_GOAL}×: {'met' if ratio <= RENDER_GOAL else 'MISSED'}; median of {len(render.ours)}, "
            f"interleaved (median of the per-round ratios {render.paired_ratio:.2f}×); parts: template + QR "
            f"{duration(render.template.median)}, sign_rendered {duration(render.sign.median)}, so (bare + parts) ÷ bare "
            f"= {from_parts:.2f}×; baseline: bare WeasyPrint of the same HTML",
        ),
        Row(
            f"8b. {batch.count:,} certificates through Celery, {WORKERS} workers",
            f"{batch.seconds:.1f} s",
            "–",
            "–",
            f"{batch.count / batch.seconds:.1f} certificates/s; goal under {BATCH_GOAL_SECONDS:.0f} s: "
            f"{'met' if batch.seconds < BATCH_GOAL_SECONDS else 'MISSED'} (the bare render of 8a alone, "
            f"N × {duration(render.bare.median)} ÷ {WORKERS}, is {floor:.0f} s); from sending issue_due (jitter 0) to "
            f"the last rendered_at; first after {batch.first_seconds:.1f} s (cold workers: imports, fonts), then "
            f"{batch.steady_rate:.1f}/s",
        ),
        Row(
            "8c. worker time per certificate (batch)",
            duration(per_worker),
            duration(render.ours.median),
            times_costlier(per_worker, render.ours.median),
            f"{WORKERS} × wall ÷ N (wall ÷ N = {duration(batch.seconds / batch.count)}): evaluation, lock, render, "
            "sign, file, audit, e-mail, broker; baseline: render + sign of 8a (overhead ratio)",
        ),
        Row(
            "8d. evaluate_member statements",
            f"{busy} at {BUSY_COMPLAINTS} complaints",
            f"{zero} at 0",
            times_costlier(busy, zero),
            "constant" if busy == zero else "GROWS with the number of complaints",
        ),
    ]


def check(options: Options) -> None:
    if options.certificates < 1:
        raise CommandError("--certificates must be at least 1")


def run(bench: BenchRun) -> Figures:
    """Section 8, inside the bench database; rows for the shared table."""
    bench.log("8. certificates")
    count = bench.options.certificates
    with tempfile.TemporaryDirectory(prefix="wederhoor-bench-certificates-") as scratch_name:
        scratch = Path(scratch_name)
        # The workers store the PDFs here; this process reads one back from the same place.
        with override_settings(MEDIA_ROOT=scratch / "media"), quiet_renderer():
            batch = prepare_batch(count, log=bench.log)
            with only_in_yearly_run(batch.members, log=bench.log):
                result = measure_batch(batch, scratch=scratch, log=bench.log)
            render = measure_render(result.sample, log=bench.log)
            statements = measure_statements(log=bench.log)
    connection.set_schema_to_public()
    setup = (
        f"setup (not in the table): {count:,} members for the certificate batch in "
        f"{batch.clone_seconds + batch.prepare_seconds:.1f} s (schemas cloned from a migrated template in "
        f"{batch.clone_seconds:.1f} s; regulations published, contributions invoiced and paid in "
        f"{batch.prepare_seconds:.1f} s)"
    )
    return Figures(certificate_rows(render, result, statements), [setup])
