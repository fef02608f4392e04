"""Shared fixtures: one test database with the commission and two members (``alpha``, ``beta``)
created once per session through the provisioning services; every test rolls back.

Tests that need a real Celery worker (marked ``worker``) use ``committed_db`` instead of ``db``:
the worker thread has its own database connection and only sees committed rows, so those tests
commit, and the fixture empties the tables they may have written to afterwards.

Fixtures more than one folder needs live here (people, ``register``, ``escalate``, cache, media and
language isolation); plain helper functions are in ``tests/helpers.py``. A folder's own conftest
keeps what only that folder uses.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from tests.helpers import six_weeks_ago

ALPHA = "alpha"
BETA = "beta"
PASSWORD = "correct-horse-battery-9"


@dataclass
class Hosts:
    commission: str
    alpha: str
    beta: str


@pytest.fixture(scope="session")
def hosts() -> Hosts:
    domain = settings.PLATFORM_DOMAIN
    return Hosts(commission=domain, alpha=f"{ALPHA}.{domain}", beta=f"{BETA}.{domain}")


def _ensure_platform() -> None:
    from tenants.members.models import Member, Sector
    from tenants.members.services import commission_ensure, member_provision, member_schema_create, sector_ensure

    connection.set_schema_to_public()
    commission_ensure()
    sector_ensure(code="building", name_nl="Bouw en wonen", name_en="Building and housing")
    sector_ensure(code="care", name_nl="Zorg", name_en="Care")
    for slug, name, sector in ((ALPHA, "Alfa Bouw B.V.", "building"), (BETA, "Beta Zorg", "care")):
        member = Member.objects.filter(slug=slug).first()
        if member is None:
            member = member_provision(
                legal_name=name,
                slug=slug,
                sector=Sector.objects.get(code=sector),
                owner_email=f"owner@{slug}.example.org",
                city="Utrecht",
            )
        if not member.is_schema_ready:
            member_schema_create(member_id=member.pk)
    connection.set_schema_to_public()


@pytest.fixture(scope="session")
def django_db_setup(
    request, django_test_environment, django_db_blocker, django_db_keepdb, django_db_modify_db_settings
):
    """The test database, with the commission and two members committed once for the session (per
    xdist worker).

    pytest-django only creates the test database when a collected test is marked ``django_db``; the
    worker tests use ``committed_db`` instead, so the database is always set up here.
    """
    from django.test.utils import setup_databases, teardown_databases

    with django_db_blocker.unblock():
        db_cfg = setup_databases(
            verbosity=request.config.option.verbose, interactive=False, keepdb=django_db_keepdb, aliases={"default"}
        )
        # Tests empty tables (committed_db): never let them run against a real database.
        if not connection.settings_dict["NAME"].startswith("test_"):
            pytest.exit(f"refusing to run tests against {connection.settings_dict['NAME']!r}", returncode=3)
        _ensure_platform()
    yield
    if not django_db_keepdb:
        with django_db_blocker.unblock():
            connection.set_schema_to_public()
            teardown_databases(db_cfg, verbosity=request.config.option.verbose)


@pytest.fixture(autouse=True)
def _public_schema_after_test():
    yield
    connection.set_schema_to_public()


@pytest.fixture
def members(db):
    from tenants.members.models import Member

    return {m.slug: m for m in Member.objects.filter(slug__in=[ALPHA, BETA])}


@pytest.fixture
def alpha(members):
    return members[ALPHA]


@pytest.fixture
def beta(members):
    return members[BETA]


@pytest.fixture
def in_schema():
    """``with in_schema(member): ...`` runs ORM code inside that member's schema."""
    from django_tenants.utils import schema_context

    def use(member_or_schema):
        schema = getattr(member_or_schema, "schema_name", member_or_schema)
        return schema_context(schema)

    return use


@pytest.fixture
def make_user(in_schema):
    """Create a user through the service, in the schema of ``member`` (None: the commission)."""
    from tenants.accounts.services import user_create

    counter = {"n": 0}

    def make(member, role, *, email=None, password=PASSWORD):
        counter["n"] += 1
        email = email or f"{role}{counter['n']}@{getattr(member, 'slug', 'commission')}.example.org"
        with in_schema(member or "public"):
            return user_create(
                email=email, full_name=f"Test {role.title()} {counter['n']}", role=role, password=password
            )

    return make


@pytest.fixture
def client_for(hosts, in_schema):
    """A test client bound to a host, optionally logged in as ``user`` of that host's schema."""

    def make(member=None, user=None):
        host = hosts.commission if member is None else f"{member.slug}.{settings.PLATFORM_DOMAIN}"
        client = Client(HTTP_HOST=host)
        if user is not None:
            with in_schema(member or "public"):
                client.force_login(user)
        return client

    return make


@pytest.fixture
def api(client_for):
    """``api(member_or_None, user=None)``: a client at that host (None: the commission), asking for
    English."""

    def make(member=None, user=None):
        client = client_for(member, user)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return make


# People ------------------------------------------------------------------------------------------


@pytest.fixture
def staff(make_user, alpha):
    """An owner, a handler and a manager of alpha."""
    from tenants.accounts.roles import Role

    return {
        "owner": make_user(alpha, Role.OWNER),
        "handler": make_user(alpha, Role.HANDLER),
        "manager": make_user(alpha, Role.MANAGER),
    }


@pytest.fixture
def secretary(make_user):
    """A secretary of the commission."""
    from tenants.accounts.roles import Role

    return make_user(None, Role.SECRETARY)


@pytest.fixture
def chair(make_user):
    """A chair of the commission (approves rulings)."""
    from tenants.accounts.roles import Role

    return make_user(None, Role.CHAIR)


# Complaints and cases, set up through the services the way users create them -----------------------


@pytest.fixture
def register(in_schema, alpha):
    """``register(member=None, **fields)`` registers a complaint in ``member`` (default alpha)."""
    from tenants.complaints.services import complaint_register

    def make(member=None, **fields):
        values = {
            "channel": "phone",
            "complainant_name": "Karin Klant",
            "complainant_email": "karin@example.org",
            "description": "Het pakket kwam niet aan.",
        }
        values.update(fields)
        with in_schema(member or alpha):
            return complaint_register(**values)

    return make


@pytest.fixture
def escalate(register, in_schema, alpha):
    """``escalate(member=None, claim=..., **fields)``: a complaint received six weeks ago (past the
    four-week wait) taken to the commission; returns the new case. ``fields`` go to ``register``,
    except ``disputed_amount``, which goes to the escalation."""
    from commission.cases.services import case_escalate

    def make(member=None, claim="Terugbetaling van € 250.", disputed_amount=None, **fields):
        member = member or alpha
        fields.setdefault("received_at", six_weeks_ago())
        complaint = register(member, **fields)
        extra = {} if disputed_amount is None else {"disputed_amount": disputed_amount}
        with in_schema(member):
            case, _created = case_escalate(complaint=complaint, claim=claim, binding_accepted=True, **extra)
        return case

    return make


@pytest.fixture
def tomorrow():
    from datetime import timedelta

    from django.utils import timezone

    return timezone.localdate() + timedelta(days=1)


# Test isolation ------------------------------------------------------------------------------------


@pytest.fixture
def fresh_cache():
    """An empty cache before and after the test: rate limits and login throttles start from zero."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def tmp_media(settings, tmp_path):
    """Stored files (attachments, case documents, ruling PDFs) go to a temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def issued(alpha, secretary, tmp_media):
    """``issued(member=alpha, on=None)``: a compliance certificate the secretary asked for, rendered and
    signed as the worker does it (the member must pass the criteria)."""
    from commission.certification.certificates import certificate_render, certificate_request
    from commission.certification.models import Certificate

    def make(member=None, **kwargs):
        certificate = certificate_request(
            member=member or alpha, route=Certificate.Route.SECRETARY, actor=secretary, **kwargs
        )
        return certificate_render(certificate_id=certificate.pk)

    return make


@pytest.fixture
def reset_urlconf():
    """A download left unread keeps the request's urlconf on the thread (Django resets it when the
    response is closed); start the next test from the default."""
    from django.urls import set_urlconf

    yield
    set_urlconf(None)


@pytest.fixture
def english_messages():
    """Messages in English, for tests that match the wording of a refusal (the Dutch translation is
    checked in the browser and end-to-end tests)."""
    from django.utils import translation

    with translation.override("en"):
        yield


# Real worker -------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker):
    """A real Celery worker in a thread of this process (not eager mode)."""
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    with django_db_blocker.unblock():
        with start_worker(
            app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=10
        ) as worker:
            yield worker


KEEP_TABLES = {
    "django_migrations",
    "django_content_type",
    "auth_permission",
    "members_member",
    "members_domain",
    "members_sector",
}


def _truncate_schema(schema: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = %s AND NOT (tablename = ANY(%s))",
            [schema, list(KEEP_TABLES)],
        )
        tables = [row[0] for row in cursor.fetchall()]
        if tables:
            # The immutable tables refuse TRUNCATE through triggers; emptying the test database is the
            # one exception, so triggers are off for this statement (the tests run as a superuser).
            cursor.execute("SET session_replication_role = replica")
            try:
                cursor.execute("TRUNCATE " + ", ".join(f'"{schema}"."{t}"' for t in tables) + " CASCADE")
            finally:
                cursor.execute("SET session_replication_role = DEFAULT")


@pytest.fixture
def committed_db(django_db_setup, django_db_blocker, celery_worker):
    """Database access without the per-test transaction, for tests whose data a worker must see.
    Afterwards every table the test could have written to is emptied again."""
    from tenants.members.models import Member

    with django_db_blocker.unblock():
        yield
        connection.set_schema_to_public()
        extra = Member.objects.exclude(slug__in=[ALPHA, BETA]).exclude(kind=Member.Kind.COMMISSION)
        for member in extra:
            with connection.cursor() as cursor:
                cursor.execute(f'DROP SCHEMA IF EXISTS "{member.schema_name}" CASCADE')
        extra.delete()
        for schema in ["public", f"m_{ALPHA}", f"m_{BETA}"]:
            _truncate_schema(schema)
        _ensure_platform()
