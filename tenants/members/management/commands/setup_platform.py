from django.core.management.base import BaseCommand

from tenants.members.sectors import DEFAULT_SECTORS
from tenants.members.services import commission_ensure, sector_ensure


class Command(BaseCommand):
    help = "Create the commission's own tenant row, the base domain and the default sectors (idempotent)."

    def handle(self, *args, **options):
        commission = commission_ensure()
        for code, name_nl, name_en in DEFAULT_SECTORS:
            sector_ensure(code=code, name_nl=name_nl, name_en=name_en)
        self.stdout.write(f"Commission: {commission.legal_name} at {commission.primary_host}")
