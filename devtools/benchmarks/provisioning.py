"""Section 1 of ``manage.py bench``: provisioning one member, milliseconds per member, median and
min-max of K (``--repeat``) members.

*Ours*: ``member_provision()`` with a filled pool: it takes a spare schema that was migrated ahead
of time and renames it (plus validation, the audit events and the enqueued tasks).
*Baseline*: django-tenants' classic way: ``Member.save()`` with ``auto_create_schema`` set, which
runs CREATE SCHEMA and every member migration while the caller waits, plus the Domain row.
An information row shows what filling the pool cost per spare: the work is not gone, it moved to a
background task.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

from django.core.management.base import CommandError

from core.tenancy import connection
from devtools.benchmarks.fixtures import BenchRun, Figures, bench_sector
from devtools.benchmarks.timing import Log, Row, Samples, duration, sample, spread, timed, times_faster
from tenants.members.links import member_host
from tenants.members.migration_state import expected_member_migrations
from tenants.members.models import Domain, Member, Sector, schema_name_for_slug
from tenants.members.pool import pool_refill
from tenants.members.services import member_provision


@dataclass(frozen=True)
class ProvisioningResult:
    pool: Samples
    classic: Samples
    refill_per_spare: float


def _provision_from_pool(slug: str, sector: Sector) -> Member:
    member = member_provision(
        legal_name=f"Pool {slug}", slug=slug, sector=sector, owner_email=f"owner@{slug}.example.org"
    )
    if not member.provisioned_from_pool:
        raise CommandError(f"{slug}: the pool was empty, the measurement would time the fallback")
    return member


def _provision_classic(slug: str, sector: Sector) -> Member:
    """django-tenants' migrate-on-create: ``save()`` creates the schema and runs every migration."""
    member = Member(
        kind=Member.Kind.MEMBER,
        legal_name=f"Classic {slug}",
        slug=slug,
        sector=sector,
        schema_name=schema_name_for_slug(slug),
        schema_status=Member.SchemaStatus.READY,
    )
    member.auto_create_schema = True  # False on the class: the project never creates schemas in save()
    member.save(verbosity=0)
    Domain.objects.create(domain=member_host(slug), tenant=member, is_primary=True)
    connection.set_schema_to_public()
    return member


def _numbered(provision: Callable[[str, Sector], Member], prefix: str, sector: Sector) -> Callable[[], float]:
    """A timed action that provisions ``<prefix>-00``, ``<prefix>-01`` … one per call."""
    numbers = itertools.count()
    return lambda: timed(lambda: provision(f"{prefix}-{next(numbers):02d}", sector))


def measure_provisioning(repeat: int, *, log: Log) -> ProvisioningResult:
    sector = bench_sector()
    refill_seconds = timed(lambda: pool_refill(target=repeat + 1))
    log(f"  pool filled with {repeat + 1} spares in {refill_seconds:.1f} s")
    # One untimed warm-up of each kind, so neither side pays for first-use costs in the samples.
    pool = sample(_numbered(_provision_from_pool, "pool", sector), repeat=repeat, warmup=1)
    classic = sample(_numbered(_provision_classic, "classic", sector), repeat=repeat, warmup=1)
    return ProvisioningResult(pool, classic, refill_seconds / (repeat + 1))


def provisioning_rows(repeat: int, provisioning: ProvisioningResult) -> list[Row]:
    migrations = len(expected_member_migrations())
    p, c = provisioning.pool, provisioning.classic
    return [
        Row(
            f"1. provision a member, per member (K={repeat})",
            spread(p),
            spread(c),
            times_faster(c.median, p.median),
            f"ours: member_provision(), renames a spare; baseline: save() with auto_create_schema "
            f"(CREATE SCHEMA + {migrations} migrations)",
        ),
        Row(
            "   fill the pool, per spare (background)",
            duration(provisioning.refill_per_spare),
            duration(c.median),
            times_faster(c.median, provisioning.refill_per_spare),
            f"pool_refill(), mean of {repeat + 1}; the migrations move to a worker, they do not shrink",
        ),
    ]


def run(bench: BenchRun) -> Figures:
    bench.log("1. provisioning")
    repeat = bench.options.repeat
    return Figures(provisioning_rows(repeat, measure_provisioning(repeat, log=bench.log)))
