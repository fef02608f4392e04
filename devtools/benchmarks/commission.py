"""Section 7 of ``manage.py bench`` (``--only commission``), inside the bench database.

a/b. Escalation of a complaint with 20 attachments (10 PNG, 10 PDF): ``case_escalate`` timed in the
   member's schema (median of a few complaints, with its statement count). Baseline: registering the
   same complaint with its 20 attachments (``complaint_register``) in the same run.
c/d. The secretary's dashboard (``GET /office/cases/`` at the commission host, logged in as the
   secretary, DEBUG off) with 10,000 cases across 200 members: median server time, and the statement
   count at 1,000 and at 10,000 cases (it must not grow). The 200 members are registry rows only
   (schema status *pending*, so nothing routes to them); their cases are bulk-inserted over every
   stage with dates spread over the past year. Baseline: a plain Django view (no middleware, no
   template) that writes the 50 newest cases with ``values_list``.
e. The ruling PDF: a realistic ruling with long sections (3-5 pages) rendered with
   ``core.pdf.render_pdf("rulings/ruling.html", ...)`` as ``ruling_approve`` does; time per page.
   Baseline: a one-page document (``devtools/bench/one_page.html``: a letterhead, a title and one
   section on the PDF base template and its stylesheet) through the same ``render_pdf``.
"""

from __future__ import annotations

import io
import random
import statistics
import sys
import types
import uuid
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from functools import partial
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.test.utils import override_settings
from django.urls import path
from django.utils import timezone, translation
from django_tenants.utils import tenant_context
from pypdf import PdfReader

from commission.cases.models import Case, Stage
from commission.cases.services import case_escalate, committee_for
from commission.rulings.models import Ruling
from core.pdf import render_pdf
from core.tenancy import connection
from core.uploads import CheckedUpload
from devtools.benchmarks.fixtures import BenchRun, Figures, client_with_middleware, fetch, full_client, provision_member
from devtools.benchmarks.timing import (
    Log,
    Row,
    Samples,
    interleaved,
    spread,
    statement_count,
    timed,
    timed_statements,
    times_costlier,
)
from devtools.demo import demo_pdf, demo_png, demo_upload, ruling_values
from tenants.accounts.roles import Role
from tenants.accounts.services import user_create
from tenants.complaints.models import Complaint
from tenants.complaints.services import complaint_register, complaint_transition
from tenants.complaints.workflow import Status
from tenants.members.models import Member, Sector

ESCALATIONS = 5
ATTACHMENTS = 20
DASHBOARD_MEMBERS = 200
DASHBOARD_CASES = (1_000, 10_000)
DASHBOARD_REQUESTS = 30
DASHBOARD_WARMUP = 5
PDF_RENDERS = 5
PAGE_SIZE = 50
DASHBOARD_URL = "/office/cases/"
BASELINE_URL = "/bench/cases/"
BASELINE_HOST = "testserver"


def _attachments(number: int) -> list[CheckedUpload]:
    """Ten PNG photos and ten one-page PDFs, each a few hundred bytes to a few kB, all different."""
    uploads = []
    for index in range(ATTACHMENTS):
        if index % 2:
            content = demo_pdf(f"Bijlage {number}-{index}", (f"Factuur {number}-{index}", "Bedrag: 380,00 euro"))
            uploads.append(demo_upload(f"bijlage-{index}.pdf", content))
        else:
            uploads.append(demo_upload(f"foto-{index}.png", demo_png(seed=number * ATTACHMENTS + index, size=32)))
    return uploads


# a/b. Escalation -----------------------------------------------------------------------------------


@dataclass
class EscalationResult:
    register: Samples
    escalate: Samples
    register_statements: int
    escalate_statements: int
    documents: int


def measure_escalation(*, log: Log) -> tuple[EscalationResult, Member]:
    bench = provision_member("bench-cases")
    register_times, escalate_times = [], []
    register_counts, escalate_counts = [], []
    with tenant_context(bench.member):
        received = timezone.now() - timedelta(days=40)
        for number in range(ESCALATIONS):
            uploads = _attachments(number)
            fields: dict[str, Any] = {
                "channel": Complaint.Channel.WEB_FORM,
                "received_at": received,
                "complainant_name": f"Klager {number}",
                "complainant_email": f"klager{number}@bench.example.org",
                "description": "De reparatie is twee keer mislukt en de kosten worden niet vergoed. " * 5,
                "remedy_sought": "Vergoeding van de herstelkosten.",
                "handler": bench.handler,
            }
            seconds, captured, complaint = timed_statements(partial(complaint_register, attachments=uploads, **fields))
            register_times.append(seconds)
            register_counts.append(len(captured))
            complaint_transition(complaint=complaint, target=Status.INVESTIGATING, actor=bench.handler)
            escalate = partial(
                case_escalate,
                complaint=complaint,
                claim="Vergoeding van € 380.",
                binding_accepted=True,
                disputed_amount=Decimal("380.00"),
            )
            seconds, captured, (case, created) = timed_statements(escalate)
            escalate_times.append(seconds)
            escalate_counts.append(len(captured))
            if not created or case.documents.count() != ATTACHMENTS:
                raise CommandError(f"escalation {number}: {case.documents.count()} documents, expected {ATTACHMENTS}")
        log(f"   {ESCALATIONS} complaints with {ATTACHMENTS} attachments registered and escalated")
    connection.set_schema_to_public()
    return (
        EscalationResult(
            register=Samples(tuple(register_times)),
            escalate=Samples(tuple(escalate_times)),
            register_statements=int(statistics.median(register_counts)),
            escalate_statements=int(statistics.median(escalate_counts)),
            documents=ATTACHMENTS,
        ),
        bench.member,
    )


# c/d. The dashboard --------------------------------------------------------------------------------


def _baseline_cases_view(request: HttpRequest) -> HttpResponse:
    """The dashboard's list as plainly as Django can: 50 rows, no routing, no template."""
    rows = Case.objects.order_by("-filed_at", "-id").values_list(
        "reference", "member__legal_name", "complainant_name", "stage", "filed_at", "adr_due_on"
    )[:PAGE_SIZE]
    return HttpResponse("\n".join(" | ".join(str(value) for value in row) for row in rows))


BENCH_URLCONF = types.ModuleType(f"{__name__}_urls")
BENCH_URLCONF.urlpatterns = [path(BASELINE_URL.strip("/") + "/", _baseline_cases_view)]  # type: ignore[attr-defined]
sys.modules[BENCH_URLCONF.__name__] = BENCH_URLCONF


def seed_members(count: int) -> list[Member]:
    """Registry rows only: no schema (pending), so nothing routes to them."""
    sectors = list(Sector.objects.all())
    members = [
        Member(
            legal_name=f"Dashboard lid {n:03d} B.V.",
            slug=f"dash-{n:03d}",
            schema_name=f"dash_{n:03d}",
            sector=sectors[n % len(sectors)],
            membership_status=Member.MembershipStatus.ACTIVE,
            schema_status=Member.SchemaStatus.PENDING,
            city="Utrecht",
        )
        for n in range(count)
    ]
    Member.objects.bulk_create(members)
    return list(Member.objects.filter(slug__startswith="dash-").order_by("slug"))


#: Share of the cases per stage (most cases are closed, a few in every open stage).
STAGE_WEIGHTS = [
    (Stage.FILED, 8), (Stage.ADMISSIBILITY, 5), (Stage.DEFENCE, 8), (Stage.WRITTEN_ROUNDS, 8), (Stage.EXPERT, 3),
    (Stage.HEARING, 6), (Stage.DELIBERATION, 4), (Stage.RULED, 8), (Stage.CLOSED, 50),
]  # fmt: skip


def seed_cases(members: list[Member], count: int, *, start: int, rng: random.Random) -> None:
    """``count`` cases over ``members`` with stages and dates spread over the past year."""
    committees = {member.pk: committee_for(member) for member in members}
    today = timezone.localdate()
    stages = [stage for stage, _weight in STAGE_WEIGHTS]
    weights = [weight for _stage, weight in STAGE_WEIGHTS]
    batch = []
    for number in range(start, start + count):
        member = members[number % len(members)]
        stage = rng.choices(stages, weights)[0]
        filed_days = rng.randint(0, 365)
        filed_on = today - timedelta(days=filed_days)
        completed = stage not in (Stage.FILED,)
        batch.append(
            Case(
                reference=f"GC-B-{number:06d}",
                committee=committees[member.pk],
                member=member,
                member_complaint_uuid=uuid.uuid4(),
                member_complaint_reference=f"K-{number:06d}",
                complainant_name=f"Klager {number}",
                complainant_email=f"klager{number}@bench.example.org",
                claim="Vergoeding van de schade.",
                disputed_amount=Decimal(rng.randint(50, 5000)),
                first_complained_on=filed_on - timedelta(days=rng.randint(28, 90)),
                binding_accepted_at=timezone.now() - timedelta(days=filed_days),
                stage=stage,
                closure=Case.Closure.SETTLED if stage == Stage.CLOSED else "",
                completion_due_on=filed_on + timedelta(days=30),
                file_completed_at=timezone.now() - timedelta(days=max(filed_days - 20, 0)) if completed else None,
                adr_due_on=filed_on + timedelta(days=110) if completed else None,
                fee_amount=Decimal("52.50"),
                fee_due_on=filed_on + timedelta(days=14),
                fee_paid_at=timezone.now() - timedelta(days=max(filed_days - 10, 0)) if completed else None,
            )
        )
    Case.objects.bulk_create(batch, batch_size=2000)
    # ``filed_at`` is set on insert; spread it the way the cases were filed.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cases_case SET filed_at = binding_accepted_at WHERE reference LIKE 'GC-B-%%' "
            "AND filed_at > binding_accepted_at"
        )
        cursor.execute("ANALYZE cases_case")


@dataclass
class DashboardResult:
    ours: Samples
    baseline: Samples
    statements: dict[int, int]
    baseline_statements: int
    cases: int


def _warm_count(client: Client, url: str, host: str) -> int:
    """The statements of a request made right after the same request."""
    fetch(client, url, host)
    return statement_count(lambda: fetch(client, url, host))


def measure_dashboard(*, log: Log) -> DashboardResult:
    host = settings.PLATFORM_DOMAIN.lower()
    connection.set_schema_to_public()
    secretary = user_create(
        email="secretaris@bench.example.org", full_name="Sam Secretaris", role=Role.SECRETARY, password=None
    )
    ours_client = full_client()
    ours_client.force_login(secretary)
    baseline_client = client_with_middleware([])
    members = seed_members(DASHBOARD_MEMBERS)
    rng = random.Random(2026)
    counts: dict[int, int] = {}
    seeded = 0

    def ours() -> float:
        seconds = fetch(ours_client, DASHBOARD_URL, host)[0]
        connection.set_schema_to_public()
        return seconds

    allowed = [*settings.ALLOWED_HOSTS, host, BASELINE_HOST]
    with override_settings(DEBUG=False, ALLOWED_HOSTS=allowed):
        for total in DASHBOARD_CASES:
            seed_cases(members, total - seeded, start=seeded, rng=rng)
            seeded = total
            log(f"   {Case.objects.count()} cases over {DASHBOARD_MEMBERS} members")
            counts[total] = _warm_count(ours_client, DASHBOARD_URL, host)
            connection.set_schema_to_public()
        _seconds, body = fetch(ours_client, DASHBOARD_URL, host)
        links = body.count(f'href="{DASHBOARD_URL}'.encode())
        if links < PAGE_SIZE:
            raise CommandError(f"{DASHBOARD_URL}: {links} case links on the page, expected at least {PAGE_SIZE}")
        with override_settings(ROOT_URLCONF=BENCH_URLCONF.__name__):
            connection.set_schema_to_public()
            if fetch(baseline_client, BASELINE_URL, BASELINE_HOST)[1].count(b"\n") != PAGE_SIZE - 1:
                raise CommandError("the baseline view did not write 50 rows")
            samples = interleaved(
                {"ours": ours, "baseline": lambda: fetch(baseline_client, BASELINE_URL, BASELINE_HOST)[0]},
                repeat=DASHBOARD_REQUESTS,
                warmup=DASHBOARD_WARMUP,
            )
            baseline_statements = _warm_count(baseline_client, BASELINE_URL, BASELINE_HOST)
    connection.set_schema_to_public()
    return DashboardResult(samples["ours"], samples["baseline"], counts, baseline_statements, DASHBOARD_CASES[-1])


# e. The ruling PDF ---------------------------------------------------------------------------------


@dataclass
class PdfResult:
    long: Samples
    short: Samples
    long_pages: int
    short_pages: int


def _pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def _ruling(case: Case, paragraphs: int) -> Ruling:
    values = ruling_values(
        dispute_name=case.complainant_name, member_name=case.member.legal_name, claim=case.claim, amount="380.00",
        paragraphs=paragraphs,
    )  # fmt: skip
    today = timezone.localdate()
    return Ruling(
        case=case, version=1, number=f"{case.reference}/1", status=Ruling.Status.APPROVED,
        approved_by_label="Pim Paneelvoorzitter", decided_on=today, sent_on=today, effective_on=today,
        compliance_due_on=today + timedelta(days=30), court_review_until=today + timedelta(days=61), **values,
    )  # fmt: skip


#: The baseline document: the PDF base template (same stylesheet) with a letterhead, a title and
#: one section; it reads only the ruling's number and summary.
ONE_PAGE_TEMPLATE = "devtools/bench/one_page.html"


def _render(ruling: Ruling, template: str) -> bytes:
    context = {
        "ruling": ruling, "case": ruling.case, "member": ruling.case.member, "committee": ruling.case.committee,
        "commission_name": settings.COMMISSION_NAME,
    }  # fmt: skip
    with translation.override(settings.LANGUAGE_CODE):
        return render_pdf(template, context).pdf


def measure_pdf(case: Case, *, log: Log) -> PdfResult:
    long = _ruling(case, paragraphs=6)
    short = _ruling(case, paragraphs=1)
    # WeasyPrint's import and font set-up are not part of either figure.
    pdfs = {"long": _render(long, "rulings/ruling.html"), "short": _render(short, ONE_PAGE_TEMPLATE)}
    samples = interleaved(
        {
            "long": lambda: timed(lambda: _render(long, "rulings/ruling.html")),
            "short": lambda: timed(lambda: _render(short, ONE_PAGE_TEMPLATE)),
        },
        repeat=PDF_RENDERS,
    )
    result = PdfResult(samples["long"], samples["short"], _pages(pdfs["long"]), _pages(pdfs["short"]))
    log(f"   ruling PDF: {result.long_pages} pages; baseline {result.short_pages} page(s)")
    return result


# The rows ------------------------------------------------------------------------------------------


def commission_rows(escalation: EscalationResult, dashboard: DashboardResult, pdf: PdfResult) -> list[Row]:
    small, large = DASHBOARD_CASES
    long_per_page = pdf.long.per(pdf.long_pages)
    short_per_page = pdf.short.per(pdf.short_pages)
    return [
        Row(
            f"7a. escalate a complaint with {escalation.documents} attachments",
            spread(escalation.escalate),
            spread(escalation.register),
            times_costlier(escalation.escalate.median, escalation.register.median),
            f"median of {len(escalation.escalate)}; baseline: complaint_register of the same complaint and files",
        ),
        Row(
            "7b. escalation statements",
            str(escalation.escalate_statements),
            str(escalation.register_statements),
            times_costlier(escalation.escalate_statements, escalation.register_statements),
            "snapshot, case, 20 documents copied, complaint status, audit",
        ),
        Row(
            f"7c. dashboard /office/cases/, {dashboard.cases:,} cases, {DASHBOARD_MEMBERS} members",
            spread(dashboard.ours),
            spread(dashboard.baseline),
            times_costlier(dashboard.ours.median, dashboard.baseline.median),
            f"secretary, DEBUG off, median of {len(dashboard.ours)}; baseline: plain view, values_list, 50 rows",
        ),
        Row(
            "7d. dashboard statements",
            f"{dashboard.statements[small]} at {small:,} / {dashboard.statements[large]} at {large:,}",
            str(dashboard.baseline_statements),
            times_costlier(dashboard.statements[large], dashboard.baseline_statements),
            "constant"
            if dashboard.statements[small] == dashboard.statements[large]
            else "GROWS with the number of cases",
        ),
        Row(
            f"7e. ruling PDF per page ({pdf.long_pages} pages)",
            spread(long_per_page),
            spread(short_per_page),
            times_costlier(long_per_page.median, short_per_page.median),
            f"whole ruling {spread(pdf.long)}; baseline: {pdf.short_pages}-page document, pdf/base.html and its CSS",
        ),
    ]


def run(bench: BenchRun) -> Figures:
    """Section 7, inside the bench database; rows for the shared table."""
    bench.log("7. commission")
    escalation, member = measure_escalation(log=bench.log)
    case = Case.objects.filter(member=member).select_related("member", "committee").first()
    if case is None:
        raise CommandError("the escalation figures left no case")
    dashboard = measure_dashboard(log=bench.log)
    pdf = measure_pdf(case, log=bench.log)
    connection.set_schema_to_public()
    return Figures(commission_rows(escalation, dashboard, pdf))
