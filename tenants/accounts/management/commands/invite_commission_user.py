"""Invite commission staff from the command line: how the first platform administrator gets in.

``manage.py invite_commission_user admin@example.org --role platform_admin --name "A. Admin"``
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.tenancy import connection
from tenants.accounts.roles import COMMISSION_ROLES
from tenants.accounts.services import invitation_create


class Command(BaseCommand):
    help = "Invite a commission staff member; prints the invitation link (it is e-mailed too)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--role", required=True, choices=[role.value for role in COMMISSION_ROLES])
        parser.add_argument("--name", default="")

    def handle(self, *args, **options):
        connection.set_schema_to_public()
        try:
            invitation = invitation_create(email=options["email"], role=options["role"], full_name=options["name"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(self.style.SUCCESS(f"Invitation for {invitation.email} ({invitation.get_role_display()}):"))
        self.stdout.write(invitation.link)
