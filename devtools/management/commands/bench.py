"""``manage.py bench [--only SECTIONS] [--members N] [--repeat K] [--requests R] [--complaints N]
[--intake-clients C] [--intake-requests R] [--certificates N] [--keep]``: provisioning, migration,
routing, complaint register, public form, commission and certificate figures, each beside a baseline from the same run (see
``devtools.benchmarks``)."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from devtools.benchmarks.fixtures import Options
from devtools.benchmarks.sections import NAMES, parse_sections, run


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class Command(BaseCommand):
    help = (
        "Measure member provisioning, member migrations, member routing, the complaint register and the "
        "public complaint form, the commission (escalation, dashboard, ruling PDF) and certificates (render and sign, a batch through Celery, evaluation statements) against baselines, in a throw-away database <name>_bench; prints a table of ratios."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--only",
            default=",".join(NAMES),
            help=f"comma-separated sections to run, of {','.join(NAMES)} (default: all)",
        )
        parser.add_argument("--members", type=int, default=100, help="member schemas for the migration figures")
        parser.add_argument("--repeat", type=int, default=5, help="members provisioned per provisioning figure")
        parser.add_argument("--requests", type=int, default=300, help="requests per routing figure")
        parser.add_argument(
            "--complaints", type=int, default=100_000, help="complaints seeded into the register member"
        )
        parser.add_argument(
            "--intake-clients", type=int, default=8, help="concurrent client threads on the public form"
        )
        parser.add_argument(
            "--intake-requests", type=int, default=200, help="submissions (and /healthz requests) per intake figure"
        )
        parser.add_argument(
            "--certificates", type=int, default=1_000, help="certificates issued in the batch through Celery"
        )
        parser.add_argument("--keep", action="store_true", help="keep the <name>_bench database afterwards")

    def handle(self, *args: Any, **options: Any) -> None:
        run(
            Options(
                members=options["members"],
                repeat=options["repeat"],
                requests=options["requests"],
                complaints=options["complaints"],
                intake_clients=options["intake_clients"],
                intake_requests=options["intake_requests"],
                certificates=options["certificates"],
            ),
            keep=options["keep"],
            out=self.stdout,
            log=log,
            sections=parse_sections(options["only"]),
        )
