"""Provisioning under real concurrency: threads with their own database connections on committed
data, as two platform administrators (or a command and a page) would race."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from tenants.accounts.roles import Role
from tenants.members.models import Member, Sector, SpareSchema
from tenants.members.pool import pool_drain, spare_create, spare_hand_out, spare_take
from tenants.members.services import member_provision

pytestmark = pytest.mark.worker

RACERS = 4


def worker_settled(quiet_seconds: float = 2.0, timeout: float = 90.0) -> None:
    """Wait until the worker has run what the provisionings queued (onboarding, its e-mail, the pool
    refill): the members' schemas are dropped afterwards, which must not meet a running task."""
    from celery.worker import state

    deadline = time.monotonic() + timeout
    quiet_since = time.monotonic()
    while time.monotonic() < deadline:
        if state.active_requests or state.reserved_requests:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since >= quiet_seconds:
            return
        time.sleep(0.1)


@pytest.fixture
def pool(committed_db):
    """An empty pool to fill per test; spares left behind are dropped afterwards."""
    pool_drain()
    yield
    worker_settled()
    connection.set_schema_to_public()
    pool_drain()


def in_thread(function):
    """Run ``function`` with this thread's own connection, closed afterwards."""

    def run(*args):
        try:
            return function(*args)
        finally:
            connections.close_all()

    return run


def race(function, count: int) -> list:
    """Call ``function(index)`` from ``count`` threads released at the same moment; each outcome is
    the return value or the exception raised."""
    barrier = threading.Barrier(count)

    @in_thread
    def attempt(index):
        barrier.wait(timeout=30)
        try:
            return function(index)
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test looks at
            return exc

    with ThreadPoolExecutor(count) as executor:
        return list(executor.map(attempt, range(count)))


def provision(slug: str) -> Member:
    return member_provision(
        legal_name=f"{slug.title()} B.V.",
        slug=slug,
        sector=Sector.objects.get(code="building"),
        owner_email=f"owner@{slug}.example.org",
    )


def test_a_spare_held_by_one_provisioning_leaves_the_others_free(pool):
    """While one provisioning holds its spare (before its rename commits), another one finds the
    next free spare instead of waiting for a new schema."""
    spare_create()
    spare_create()
    held, release = threading.Event(), threading.Event()

    @in_thread
    def slow_provisioning():
        with transaction.atomic():
            spare = spare_take()
            held.set()
            release.wait(timeout=30)
            spare_hand_out(spare=spare, schema_name="m_slowpoke")
            return spare.name

    with ThreadPoolExecutor(1) as executor:
        slow = executor.submit(slow_provisioning)
        assert held.wait(timeout=30)
        try:
            member = provision("kappa")
        finally:
            release.set()
        slow_spare = slow.result(timeout=30)
    assert member.provisioned_from_pool and member.is_schema_ready
    assert not SpareSchema.objects.filter(name=slow_spare).exists()
    with connection.cursor() as cursor:
        cursor.execute('DROP SCHEMA IF EXISTS "m_slowpoke" CASCADE')


def test_two_concurrent_provisionings_with_two_free_spares_both_get_one(pool):
    spare_create()
    spare_create()
    outcomes = race(lambda index: provision(f"lambda{index}"), 2)
    assert all(isinstance(outcome, Member) for outcome in outcomes), outcomes
    assert all(outcome.provisioned_from_pool for outcome in outcomes)


def test_concurrent_create_member_with_one_short_name_fails_cleanly(pool):
    for _index in range(2):
        spare_create()

    def create(index):
        call_command(
            "create_member",
            "Mu Installaties",
            "mubouw",
            "--sector",
            "building",
            "--owner-email",
            f"owner{index}@mubouw.example.org",
        )

    outcomes = race(create, RACERS)
    with translation.override("nl"):
        in_use = gettext("This short name is already in use.")
    assert outcomes.count(None) == 1, outcomes
    failures = [outcome for outcome in outcomes if outcome is not None]
    assert all(isinstance(failure, CommandError) for failure in failures), failures
    assert all(str(failure) == f"slug: {in_use}" for failure in failures), failures
    assert Member.objects.filter(slug="mubouw").count() == 1


def test_concurrent_member_provision_with_one_short_name_fails_cleanly(pool):
    from django.core.exceptions import ValidationError

    spare_create()
    outcomes = race(lambda index: provision("nubouw"), RACERS)
    assert sum(isinstance(outcome, Member) for outcome in outcomes) == 1, outcomes
    failures = [outcome for outcome in outcomes if not isinstance(outcome, Member)]
    assert all(isinstance(failure, ValidationError) and "slug" in failure.message_dict for failure in failures)


def test_concurrent_office_forms_with_one_short_name_answer_with_a_form_error(pool, make_user):
    spare_create()
    admin = make_user(None, Role.PLATFORM_ADMIN)
    sector = Sector.objects.get(code="building")

    def submit(index):
        client = Client(HTTP_HOST="wederhoor.test")
        client.force_login(admin)
        return client.post(
            "/office/members/new/",
            {
                "legal_name": "Xi Installaties",
                "slug": "xibouw",
                "sector": sector.pk,
                "owner_email": f"owner{index}@xibouw.example.org",
            },
        )

    responses = race(submit, RACERS)
    assert all(not isinstance(response, Exception) for response in responses), responses
    statuses = sorted(response.status_code for response in responses)
    assert statuses == [302] + [400] * (RACERS - 1), statuses
    with translation.override("nl"):
        in_use = gettext("This short name is already in use.")
    for response in responses:
        if response.status_code == 400:
            body = response.content.decode()
            assert in_use in body and 'value="Xi Installaties"' in body
