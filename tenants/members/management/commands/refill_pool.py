from django.conf import settings
from django.core.management.base import BaseCommand

from tenants.members.pool import pool_refill


class Command(BaseCommand):
    help = "Bring the pool of spare member schemas to its size (MEMBER_POOL_SIZE), migrating stale spares."

    def add_arguments(self, parser):
        parser.add_argument("--size", type=int, default=None)

    def handle(self, *args, **options):
        size = options["size"] if options["size"] is not None else settings.MEMBER_POOL_SIZE
        result = pool_refill(target=size)
        self.stdout.write(
            f"pool: {result.ready} ready, {result.created} created, {result.refreshed} migrated forward, "
            f"{result.dropped_orphans} leftovers dropped" + (" (another refill was running)" if result.skipped else "")
        )
