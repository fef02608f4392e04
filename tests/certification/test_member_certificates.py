"""The member's side of its certificates: the back-office page, the owner's request, the downloads, the
embed snippet and the member API; who may, and that one member never reaches another's certificate."""

from __future__ import annotations

import html
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token

from commission.certification.certificates import (
    badge_url,
    certificate_change,
    certificate_request,
    verification_url,
)
from commission.certification.models import Certificate
from commission.certification.services import contribution_set, invoices_create_for_year
from core.pdf import pdf_text
from core.pdf_signing import verify_pdf
from tenants.accounts.roles import Role
from tests.helpers import error_of, nl, read, wait_for

PAGE = "/office/certificates/"
REQUEST = "/office/certificates/request/"
API = "/api/v1/certificates/"
API_FIELDS = {
    "serial", "member", "status", "valid_from", "valid_until", "issued_on", "route", "verification_url", "pdf_url",
}  # fmt: skip


def pdf_page(serial: str) -> str:
    return f"/office/certificates/{serial}/pdf/"


def pdf_api(serial: str) -> str:
    return f"{API}{serial}/pdf/"


def refusal_of(page: str) -> str:
    """The text of the refusal block on the certificates page ('' when there is none)."""
    found = re.search(r'<div class="form-errors" role="alert">(.*?)</div>', page, re.S)
    return html.unescape(found.group(1)) if found else ""


def token_client(host: str, user, in_schema, member) -> Client:
    with in_schema(member):
        key = Token.objects.create(user=user).key
    return Client(HTTP_HOST=host, HTTP_AUTHORIZATION=f"Token {key}", HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def overdue_invoice(secretary):
    """``overdue_invoice(member)``: the member's contribution invoiced 60 days ago and not paid."""

    def make(member):
        today = timezone.localdate()
        contribution_set(sector=member.sector, year=today.year, amount=Decimal("275.00"), actor=secretary)
        (invoice,) = invoices_create_for_year(year=today.year, actor=secretary, issued_on=today - timedelta(days=60))
        return invoice

    return make


# Pages ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_owner_and_manager_see_the_certificates_handler_and_anonymous_do_not(client_for, alpha, staff, issued):
    certificate = issued(alpha)
    for role in ("owner", "manager"):
        client = client_for(alpha, staff[role])
        response = client.get(PAGE)
        assert response.status_code == 200, role
        page = response.content.decode()
        assert certificate.serial in page
        assert f'href="{pdf_page(certificate.serial)}"' in page
        assert f'href="{PAGE}"' in page, "the back-office navigation links to the certificates"
        # Only the owner is offered the request (and sees the criteria before it).
        assert (f'action="{REQUEST}"' in page) == (role == "owner"), role
        assert (nl("Membership is active") in page) == (role == "owner"), role
    handler = client_for(alpha, staff["handler"])
    assert handler.get(PAGE).status_code == 403
    assert handler.get(pdf_page(certificate.serial)).status_code == 403
    assert f'href="{PAGE}"' not in handler.get("/office/").content.decode()
    anonymous = client_for(alpha)
    for url in (PAGE, pdf_page(certificate.serial)):
        response = anonymous.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


@pytest.mark.django_db
def test_only_the_owner_may_request(client_for, alpha, staff):
    for role, expected in (("manager", 403), ("handler", 403)):
        assert client_for(alpha, staff[role]).post(REQUEST).status_code == expected, role
    response = client_for(alpha).post(REQUEST)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Certificate.objects.filter(member=alpha).exists()
    # Asking is a POST: a GET changes nothing.
    assert client_for(alpha, staff["owner"]).get(REQUEST).status_code == 405
    assert not Certificate.objects.filter(member=alpha).exists()


@pytest.mark.django_db
def test_the_pdf_download_is_the_signed_certificate(client_for, alpha, staff, issued):
    certificate = issued(alpha)
    for role in ("owner", "manager"):
        response = client_for(alpha, staff[role]).get(pdf_page(certificate.serial))
        pdf = read(response)
        assert response.status_code == 200, role
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment")
        assert "private" in response["Cache-Control"]
        assert pdf == certificate.pdf.open("rb").read()
        assert certificate.serial in pdf_text(pdf)
        assert verify_pdf(pdf).valid


@pytest.mark.django_db
def test_the_owner_requests_a_certificate_that_is_then_being_issued(client_for, alpha, staff):
    owner = client_for(alpha, staff["owner"])
    page = owner.get(PAGE).content.decode()
    # The criteria with their figures come before the button.
    assert page.index(nl("Membership is active")) < page.index(f'action="{REQUEST}"')
    assert nl("Nothing overdue") in page
    response = owner.post(REQUEST)
    assert response.status_code == 302 and response["Location"] == PAGE
    certificate = Certificate.objects.get(member=alpha)
    assert certificate.status == Certificate.Status.PENDING
    assert certificate.route == Certificate.Route.OWNER
    assert certificate.requested_by_label == staff["owner"].full_name
    page = owner.get(PAGE).content.decode()
    assert certificate.serial in page
    # Being issued: no download yet, no embed snippet, and the PDF address is not found.
    assert f'href="{pdf_page(certificate.serial)}"' not in page
    assert 'id="embed-snippet"' not in page
    assert owner.get(pdf_page(certificate.serial)).status_code == 404


@pytest.mark.django_db
def test_a_failing_criterion_is_shown_and_nothing_is_created(client_for, alpha, staff, overdue_invoice):
    invoice = overdue_invoice(alpha)
    owner = client_for(alpha, staff["owner"])
    assert invoice.number in owner.get(PAGE).content.decode(), "the evaluation shows the overdue invoice"
    response = owner.post(REQUEST)
    assert response.status_code == 400
    refusal = refusal_of(response.content.decode())
    assert nl("Not every criterion is met, so no certificate can be issued:") in refusal
    assert invoice.number in refusal
    assert not Certificate.objects.filter(member=alpha).exists()


@pytest.mark.django_db
def test_a_certificate_that_holds_refuses_another(client_for, alpha, staff, issued):
    current = issued(alpha)
    response = client_for(alpha, staff["owner"]).post(REQUEST)
    assert response.status_code == 400
    assert current.serial in refusal_of(response.content.decode())
    assert list(Certificate.objects.filter(member=alpha)) == [current]


@pytest.mark.django_db
def test_a_bad_serial_in_the_address_is_not_found(client_for, alpha, staff):
    owner = client_for(alpha, staff["owner"])
    for serial in ("NOPE", "2026-XXXX-XXXX", "%27%22%3Cscript%3E", "a" * 300):
        assert owner.get(pdf_page(serial)).status_code == 404, serial
    response = owner.get(pdf_api("2026-XXXX-XXXX"))
    assert response.status_code == 404 and error_of(response)["code"] == "not_found"


# The embed snippet ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_embed_snippet_links_the_badge_to_the_verification_page(client_for, alpha, staff, issued, secretary):
    owner = client_for(alpha, staff["owner"])
    assert 'id="embed-snippet"' not in owner.get(PAGE).content.decode(), "no certificate, no snippet"
    certificate = issued(alpha)
    page = owner.get(PAGE).content.decode()
    snippet = re.search(r'<textarea id="embed-snippet"[^>]*>(.*?)</textarea>', page, re.S)
    assert snippet is not None and "<img" not in snippet.group(1), "the snippet is shown as text, escaped"
    code = html.unescape(snippet.group(1))
    assert code.startswith(f'<a href="{verification_url(certificate.serial)}"><img src="{badge_url(alpha)}" alt="')
    assert code.endswith('"></a>')
    assert badge_url(alpha).endswith(f"/badge/{alpha.slug}.svg")
    assert verification_url(certificate.serial).endswith(f"/verify/{certificate.serial}/")
    # Suspended, the member still holds it (the badge says so); revoked, it does not.
    certificate_change(certificate=certificate, change="suspend", reason="Uitspraak niet nagekomen.", actor=secretary)
    page = owner.get(PAGE).content.decode()
    assert 'id="embed-snippet"' in page and nl(Certificate.Standing.SUSPENDED.label) in page
    certificate_change(certificate=certificate, change="revoke", reason="Uitspraak niet nagekomen.", actor=secretary)
    page = owner.get(PAGE).content.decode()
    assert 'id="embed-snippet"' not in page and nl(Certificate.Standing.REVOKED.label) in page
    # A past certificate stays downloadable.
    assert f'href="{pdf_page(certificate.serial)}"' in page


# API -----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_api_lists_the_members_own_certificates(api, alpha, staff, issued, secretary):
    certificate = issued(alpha)
    for role in ("owner", "manager"):
        response = api(alpha, staff[role]).get(API)
        assert response.status_code == 200, role
        (item,) = response.json()["results"]
        assert set(item) == API_FIELDS
        assert item["serial"] == certificate.serial
        assert item["member"] == str(alpha.uuid)
        assert item["status"] == "valid"
        assert item["valid_from"] == certificate.valid_from.isoformat()
        assert item["valid_until"] == certificate.valid_until.isoformat()
        assert item["issued_on"] == certificate.issued_on.isoformat()
        assert item["route"] == "secretary"
        assert item["verification_url"] == verification_url(certificate.serial)
        assert item["pdf_url"].endswith(f"//{alpha.slug}.{settings.PLATFORM_DOMAIN}{pdf_api(certificate.serial)}")
    certificate_change(certificate=certificate, change="suspend", reason="Uitspraak niet nagekomen.", actor=secretary)
    assert api(alpha, staff["owner"]).get(API).json()["results"][0]["status"] == "suspended"
    response = api(alpha, staff["handler"]).get(API)
    assert response.status_code == 403 and error_of(response)["code"] == "permission_denied"
    response = api(alpha).get(API)
    assert response.status_code == 401 and error_of(response)["code"] == "not_authenticated"


@pytest.mark.django_db
def test_api_downloads_the_pdf_and_not_while_pending(api, alpha, staff, issued, make_user):
    certificate = issued(alpha)
    owner = api(alpha, staff["owner"])
    response = owner.get(pdf_api(certificate.serial))
    pdf = read(response)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert pdf == certificate.pdf.open("rb").read()
    assert api(alpha, staff["handler"]).get(pdf_api(certificate.serial)).status_code == 403
    assert api(alpha).get(pdf_api(certificate.serial)).status_code == 401
    # Once the owner may renew (inside the renewal window), a new one is pending until rendered.
    pending = certificate_request(
        member=alpha,
        route=Certificate.Route.OWNER,
        actor=staff["owner"],
        on=certificate.valid_until - timedelta(days=10),
    )
    items = {item["serial"]: item for item in owner.get(API).json()["results"]}
    assert items[pending.serial]["status"] == "pending" and items[pending.serial]["pdf_url"] is None
    assert items[pending.serial]["route"] == "owner"
    response = owner.get(pdf_api(pending.serial))
    assert response.status_code == 404 and error_of(response)["code"] == "not_found"


# Isolation -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_member_never_reaches_another_members_certificate(
    client_for, api, hosts, alpha, beta, staff, make_user, issued, in_schema
):
    ours, theirs = issued(alpha), issued(beta)
    owner = client_for(alpha, staff["owner"])
    page = owner.get(PAGE).content.decode()
    assert ours.serial in page and theirs.serial not in page
    for url in (pdf_page(theirs.serial), pdf_page(str(theirs.uuid))):
        assert owner.get(url).status_code == 404, url
    client = api(alpha, staff["owner"])
    assert [item["serial"] for item in client.get(API).json()["results"]] == [ours.serial]
    for url in (pdf_api(theirs.serial), pdf_api(str(theirs.uuid))):
        response = client.get(url)
        assert response.status_code == 404 and error_of(response)["code"] == "not_found", url
    # Alpha's session and alpha's token mean nothing on beta's host.
    session = client_for(alpha, staff["owner"])
    session.defaults["HTTP_HOST"] = hosts.beta
    assert session.get(PAGE).status_code == 302
    assert session.get(pdf_page(theirs.serial)).status_code == 302
    token = token_client(hosts.beta, staff["owner"], in_schema, alpha)
    for url in (API, pdf_api(theirs.serial)):
        assert token.get(url).status_code == 401, url
    # And beta's owner, at home, does not reach alpha's.
    beta_owner = client_for(beta, make_user(beta, Role.OWNER))
    assert beta_owner.get(pdf_page(ours.serial)).status_code == 404
    assert ours.serial not in beta_owner.get(PAGE).content.decode()
    assert api(beta, make_user(beta, Role.MANAGER)).get(pdf_api(ours.serial)).status_code == 404


# With the real worker ------------------------------------------------------------------------------


def worker_settled(quiet_seconds: float = 1.0, timeout: float = 60.0) -> None:
    """Wait until the worker has run what the test queued (the rendering, the e-mails): the tables
    are emptied afterwards, which must not meet a running task."""
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
def alpha_owner(committed_db, make_user):
    from tenants.members.models import Member

    member = Member.objects.get(slug="alpha")
    yield member, make_user(member, Role.OWNER)
    worker_settled()


@pytest.mark.worker
def test_the_worker_renders_the_requested_certificate(alpha_owner, client_for):
    alpha, owner_user = alpha_owner
    owner = client_for(alpha, owner_user)
    assert owner.post(REQUEST).status_code == 302
    certificate = Certificate.objects.get(member=alpha)
    assert wait_for(lambda: Certificate.objects.get(pk=certificate.pk).status == Certificate.Status.ISSUED)
    certificate.refresh_from_db()
    page = owner.get(PAGE).content.decode()
    assert f'href="{pdf_page(certificate.serial)}"' in page and 'id="embed-snippet"' in page
    response = owner.get(pdf_page(certificate.serial))
    pdf = read(response)
    assert response.status_code == 200
    text = " ".join(pdf_text(pdf).split())
    assert certificate.serial in text and alpha.legal_name in text
    assert verify_pdf(pdf).valid


@pytest.mark.worker
def test_two_requests_at_once_make_one_certificate(alpha_owner, client_for):
    alpha, owner_user = alpha_owner
    clients = [client_for(alpha, owner_user) for _ in range(2)]
    barrier = threading.Barrier(len(clients))

    def ask(client: Client) -> int:
        try:
            barrier.wait(timeout=30)
            return client.post(REQUEST).status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(len(clients)) as executor:
        outcomes = sorted(executor.map(ask, clients))
    assert outcomes == [302, 400]
    certificate = Certificate.objects.get(member=alpha)
    assert wait_for(lambda: Certificate.objects.get(pk=certificate.pk).status == Certificate.Status.ISSUED)
