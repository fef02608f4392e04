from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from devtools.demo import COMMISSION_STAFF, DEMO_PASSWORD, demo_member_users, load_demo
from tenants.members.links import absolute_url


class Command(BaseCommand):
    help = "Load the demo commission, staff and members (idempotent)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--quiet", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        members = load_demo()
        if options["quiet"]:
            return
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write(f"\nCommission: {absolute_url('/')}  (back-office: {absolute_url('/office/')})")
        for email, _name, role in COMMISSION_STAFF:
            self.stdout.write(f"  {role.label:<24} {email}")
        for member in members:
            self.stdout.write(
                f"\n{member.legal_name}: {absolute_url('/', tenant=member)}  (back-office: {absolute_url('/office/', tenant=member)})"
            )
            for email, _name, role in demo_member_users(member.slug):
                self.stdout.write(f"  {role.label:<24} {email}")
        self.stdout.write(f"\nEvery demo login uses the password: {DEMO_PASSWORD}")
