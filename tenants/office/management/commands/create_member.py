"""``manage.py create_member "Legal Name" slug --sector building --owner-email owner@example.org``

Here rather than in the registry app because ``--now`` onboards the owner in this process, which is
back-office work.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import tenant_context

from tenants.members.links import absolute_url
from tenants.members.models import Sector
from tenants.members.services import member_provision, member_schema_create
from tenants.office.services import member_onboard


class Command(BaseCommand):
    help = "Provision a member: a spare schema from the pool when one is ready, otherwise a worker creates it."

    def add_arguments(self, parser):
        parser.add_argument("legal_name")
        parser.add_argument("slug")
        parser.add_argument("--sector", required=True, help="sector code, e.g. building, care, webshops")
        parser.add_argument("--owner-email", required=True)
        parser.add_argument("--owner-name", default="")
        parser.add_argument("--city", default="")
        parser.add_argument("--contact-email", default="")
        parser.add_argument(
            "--now",
            action="store_true",
            help="when the pool is empty, create the schema in this process instead of a worker",
        )

    def handle(self, *args, **options):
        try:
            sector = Sector.objects.get(code=options["sector"])
        except Sector.DoesNotExist:
            codes = ", ".join(Sector.objects.values_list("code", flat=True))
            raise CommandError(f"Unknown sector {options['sector']!r}. Known: {codes}") from None
        try:
            member = member_provision(
                legal_name=options["legal_name"],
                slug=options["slug"],
                sector=sector,
                owner_email=options["owner_email"],
                owner_name=options["owner_name"],
                city=options["city"],
                contact_email=options["contact_email"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())) from None
            raise CommandError(" ".join(exc.messages)) from None
        if not member.is_schema_ready and options["now"]:
            member = member_schema_create(member_id=member.pk)
            with tenant_context(member):
                member_onboard(owner_email=options["owner_email"], owner_name=options["owner_name"])
        how = (
            "from the pool"
            if member.provisioned_from_pool
            else ("schema ready" if member.is_schema_ready else "schema being prepared by a worker")
        )
        self.stdout.write(self.style.SUCCESS(f"{member.legal_name}: {absolute_url('/', tenant=member)} ({how})"))
