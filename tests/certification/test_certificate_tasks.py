"""Certificates through the real worker: the nightly fan-out, the owner's request rendered after
commit, a broker that refuses the render task, and two requests at the same moment."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from commission.certification.certificates import certificate_request
from commission.certification.models import Certificate
from commission.certification.tasks import issue_due_task
from core.pdf_signing import verify_pdf
from tenants.members.models import Member
from tests.helpers import wait_for

pytestmark = pytest.mark.worker


def members():
    return Member.objects.get(slug="alpha"), Member.objects.get(slug="beta")


def issued(member):
    return Certificate.objects.filter(member=member, status=Certificate.Status.ISSUED).first()


def test_the_nightly_run_fans_out_and_issues_a_signed_certificate_per_member(committed_db, tmp_media):
    alpha, beta = members()
    sent = issue_due_task.apply_async(kwargs={"jitter_seconds": 0}, headers={"_schema_name": "public"}).get(timeout=30)
    assert sent == 2
    assert wait_for(lambda: issued(alpha) is not None and issued(beta) is not None, timeout=60)
    for member in (alpha, beta):
        certificate = issued(member)
        assert certificate.route == Certificate.Route.YEARLY
        assert verify_pdf(certificate.pdf.read()).valid
    # Run again: nobody is due, nothing new.
    assert (
        issue_due_task.apply_async(kwargs={"jitter_seconds": 0}, headers={"_schema_name": "public"}).get(timeout=30)
        == 0
    )
    assert Certificate.objects.count() == 2


def test_the_owners_request_is_rendered_by_the_worker_after_commit(committed_db, tmp_media):
    alpha, _beta = members()
    certificate = certificate_request(member=alpha, route=Certificate.Route.OWNER, actor=None)
    assert certificate.status == Certificate.Status.PENDING
    assert wait_for(lambda: issued(alpha) is not None, timeout=60)
    assert issued(alpha).pk == certificate.pk and issued(alpha).pdf_sha256


def test_a_refused_render_task_stays_pending_and_the_nightly_run_renders_it(committed_db, tmp_media):
    from tests.faults.conftest import BrokerOutage

    alpha, beta = members()
    Member.objects.filter(pk=beta.pk).update(membership_status=Member.MembershipStatus.ENDED)
    outage = BrokerOutage()
    try:
        certificate = certificate_request(member=alpha, route=Certificate.Route.OWNER, actor=None)
    finally:
        outage.end()
    # The request stood; the certificate waits for its render.
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.PENDING
    Certificate.objects.filter(pk=certificate.pk).update(created_at=timezone.now() - timedelta(minutes=11))
    assert (
        issue_due_task.apply_async(kwargs={"jitter_seconds": 0}, headers={"_schema_name": "public"}).get(timeout=30)
        == 0
    )
    assert wait_for(lambda: issued(alpha) is not None, timeout=60)
    assert Certificate.objects.filter(member=alpha).count() == 1


def test_two_requests_at_the_same_moment_make_one_certificate(committed_db, tmp_media):
    alpha, _beta = members()
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def ask() -> None:
        try:
            barrier.wait()
            certificate_request(member=alpha, route=Certificate.Route.OWNER, actor=None)
            outcomes.append("issued")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == ["issued", "refused"]
    assert Certificate.objects.filter(member=alpha).count() == 1
    assert wait_for(lambda: issued(alpha) is not None, timeout=60)
