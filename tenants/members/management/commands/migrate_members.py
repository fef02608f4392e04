"""Bring every member schema (and every spare) up to date, in parallel, touching only those behind.

Deploy order: ``migrate_schemas --shared`` → ``migrate_members`` → start workers.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django_tenants.management.commands.migrate_schemas import Command as MigrateSchemasCommand
from django_tenants.migration_executors import get_executor

from tenants.members.migration_state import pending_schemas
from tenants.members.models import Member, SpareSchema


class Command(BaseCommand):
    help = "Migrate the member schemas that are behind (found with one query), in parallel."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="only report; exit 1 when a schema is behind")
        parser.add_argument("--all", action="store_true", help="run migrate on every schema, even current ones")
        parser.add_argument("--executor", default="multiprocessing", choices=["standard", "multiprocessing"])

    def handle(self, *args, **options):
        schemas = list(
            Member.objects.filter(kind=Member.Kind.MEMBER, schema_status=Member.SchemaStatus.READY).values_list(
                "schema_name", flat=True
            )
        ) + list(SpareSchema.objects.values_list("name", flat=True))
        started = time.perf_counter()
        behind = schemas if options["all"] else pending_schemas(schemas)
        took = (time.perf_counter() - started) * 1000
        self.stdout.write(f"{len(behind)} of {len(schemas)} member schemas behind (checked in {took:.0f} ms)")
        if options["check"]:
            if behind:
                self.stdout.write("\n".join(behind))
                raise CommandError("member schemas are behind the migrations")
            return
        if not behind:
            return
        run_member_migrations(behind, executor=options["executor"], verbosity=options["verbosity"])
        still_behind = pending_schemas(behind)
        if still_behind:
            raise CommandError(f"still behind after migrating: {', '.join(still_behind)}")
        self.stdout.write(self.style.SUCCESS(f"migrated {len(behind)} schemas"))


def run_member_migrations(schemas: list[str], *, executor: str = "multiprocessing", verbosity: int = 0) -> None:
    """Run django-tenants' migration executor on exactly ``schemas``."""
    command = MigrateSchemasCommand()
    parser = command.create_parser("manage.py", "migrate_schemas")
    # System checks ran once when this command started; not again for every schema.
    options = vars(
        parser.parse_args(
            ["--tenant", "--noinput", "--skip-checks", f"--executor={executor}", f"--verbosity={verbosity}"]
        )
    )
    get_executor(codename=executor)((), options).run_migrations(tenants=list(schemas))
