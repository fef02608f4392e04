"""Give a member's user a token for the member API (integrations), or show the one they have.

``manage.py create_api_token --member alfa-bouw --email handler@example.org``

Tokens live in the member's schema, like its users: a token only works at that member's host. The
key is printed on its own line, so scripts can read it.
"""

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import tenant_context

from core.tenancy import connection
from tenants.accounts.models import User
from tenants.accounts.services import api_token_get_or_create
from tenants.members.models import Member


class Command(BaseCommand):
    help = "Create (or show) the API token of a member's user; prints the key."

    def add_arguments(self, parser):
        parser.add_argument("--member", required=True, help="The member's short name (slug).")
        parser.add_argument("--email", required=True, help="The e-mail address the user logs in with.")

    def handle(self, *args, **options):
        connection.set_schema_to_public()
        member = Member.objects.filter(slug=options["member"], kind=Member.Kind.MEMBER).first()
        if member is None:
            raise CommandError(f"No member with the short name {options['member']!r}.")
        if not member.is_schema_ready:
            raise CommandError(f"The schema of {member.slug} is not ready yet.")
        with tenant_context(member):
            user = User.objects.filter(email__iexact=options["email"].strip()).first()
            if user is None:
                raise CommandError(f"{member.slug} has no user {options['email']!r}.")
            if not user.is_active:
                raise CommandError(f"{user.email} is deactivated at {member.slug}.")
            token, created = api_token_get_or_create(user=user, via="create_api_token")
        what = "Created a new" if created else "Existing"
        self.stderr.write(f"{what} API token for {user.email} at {member.slug} ({user.get_role_display()}):")
        self.stdout.write(token.key)
