"""``manage.py bench [--members N] [--repeat K] [--requests R] [--keep]``: provisioning, migration and
routing figures, each beside a baseline from the same run (see ``tenants.members.benchmark``)."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from tenants.members.benchmark import run


class Command(BaseCommand):
    help = (
        "Measure member provisioning, member migrations and member routing against baselines, in a "
        "throw-away database <name>_bench; prints a table of ratios."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--members", type=int, default=100, help="member schemas for the migration figures")
        parser.add_argument("--repeat", type=int, default=5, help="members provisioned per provisioning figure")
        parser.add_argument("--requests", type=int, default=300, help="requests per routing figure")
        parser.add_argument("--keep", action="store_true", help="keep the <name>_bench database afterwards")

    def handle(self, *args: Any, **options: Any) -> None:
        def log(message: str) -> None:
            print(message, file=sys.stderr, flush=True)

        run(
            members=options["members"],
            repeat=options["repeat"],
            requests=options["requests"],
            keep=options["keep"],
            out=self.stdout,
            log=log,
        )
