"""The commission API for certificates (staff who may see the member register) and the public
verification endpoints (no login), on the commission's host."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from commission.certification import views_public
from commission.certification.certificates import certificate_change, certificate_request, render_certificate
from commission.certification.models import Certificate
from commission.certification.selectors import VERIFY_MAX_BYTES
from tenants.accounts.roles import Role
from tenants.accounts.services import api_token_get_or_create
from tests.certification.test_verification import pdf_of
from tests.helpers import error_of, read
from tests.images import png_bytes
from tests.signing.conftest import flip_one_byte

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache", "reset_urlconf")]

API = "/api/v1"
LIST = f"{API}/certificates/"


def serials(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["serial"] for row in response.json()["results"]]


@pytest.fixture
def certificates(issued, beta, secretary):
    """One certificate of each standing: alpha's expired, revoked and valid ones, beta's suspended one."""
    today = timezone.localdate()
    expired = issued(on=today - timedelta(days=400))
    revoked = issued(on=today - timedelta(days=10))
    revoked = certificate_change(certificate=revoked, change="revoke", reason="Onjuist afgegeven", actor=secretary)
    valid = issued()
    suspended = issued(beta)
    suspended = certificate_change(
        certificate=suspended, change="suspend", reason="Uitspraak niet nagekomen", actor=secretary
    )
    return {"expired": expired, "revoked": revoked, "valid": valid, "suspended": suspended}


# Commission staff -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.SECRETARY, Role.CHAIR, Role.PLATFORM_ADMIN])
def test_staff_who_see_the_register_list_the_certificates(role, api, make_user, certificates, alpha):
    response = api(None, make_user(None, role)).get(LIST)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 4
    rows = {row["serial"]: row for row in body["results"]}
    valid = certificates["valid"]
    row = rows[valid.serial]
    assert {"serial", "member", "status", "valid_from", "valid_until"} <= set(row)
    assert row["member"] == str(alpha.uuid)
    assert row["status"] == "valid"
    assert (row["valid_from"], row["valid_until"]) == (valid.valid_from.isoformat(), valid.valid_until.isoformat())
    assert row["pdf_sha256"] == valid.pdf_sha256
    assert row["verification_url"].endswith(f"/verify/{valid.serial}/")
    assert row["pdf_url"].endswith(f"{API}/certificates/{valid.serial}/pdf/")
    assert {rows[c.serial]["status"] for c in certificates.values()} == {"valid", "expired", "revoked", "suspended"}


def test_filters_by_member_and_standing(api, secretary, certificates, alpha, beta):
    client = api(None, secretary)
    assert sorted(serials(client.get(LIST, {"member": str(alpha.uuid)}))) == sorted(
        certificates[kind].serial for kind in ("expired", "revoked", "valid")
    )
    assert serials(client.get(LIST, {"member": str(beta.uuid)})) == [certificates["suspended"].serial]
    for standing in ("valid", "expired", "revoked", "suspended"):
        assert serials(client.get(LIST, {"status": standing})) == [certificates[standing].serial], standing
    assert serials(client.get(LIST, {"member": str(beta.uuid), "status": "valid"})) == []
    assert serials(client.get(LIST, {"status": ""})) != []


def test_bad_filters_are_400_in_the_envelope(api, secretary, certificates):
    client = api(None, secretary)
    for params in ({"status": "issued"}, {"status": "<script>"}, {"member": "not-a-uuid"}):
        response = client.get(LIST, params)
        assert response.status_code == 400, params
        assert error_of(response)["code"] == "invalid"


def test_the_list_is_paginated(api, secretary, certificates):
    response = api(None, secretary).get(LIST, {"page": 99})
    assert response.status_code == 404
    body = api(None, secretary).get(LIST).json()
    assert {"count", "next", "previous", "results"} <= set(body)


def test_detail_with_the_criteria(api, secretary, certificates, alpha):
    certificate = certificates["revoked"]
    response = api(None, secretary).get(f"{LIST}{certificate.serial}/")
    assert response.status_code == 200
    body = response.json()
    assert body["serial"] == certificate.serial and body["status"] == "revoked"
    assert body["member_name"] == alpha.legal_name
    assert body["status_reason"] == "Onjuist afgegeven"
    assert body["evaluated_on"] == certificate.issued_on.isoformat()
    criteria = {criterion["code"]: criterion for criterion in body["criteria"]}
    assert criteria["membership_active"]["passed"] is True
    assert criteria["membership_active"]["label"] == "Membership is active", "in the language asked for"
    assert set(criteria) == {result["code"] for result in certificate.evaluation["criteria"]}
    # The serial as someone may type it.
    assert api(None, secretary).get(f"{LIST}{certificate.serial.lower()}/").status_code == 200


def test_the_signed_pdf(api, secretary, certificates):
    certificate = certificates["valid"]
    response = api(None, secretary).get(f"{LIST}{certificate.serial}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert hashlib.sha256(read(response)).hexdigest() == certificate.pdf_sha256


def test_a_certificate_being_issued_has_no_pdf(api, secretary, alpha, tmp_media):
    pending = certificate_request(member=alpha, route=Certificate.Route.SECRETARY, actor=secretary)
    client = api(None, secretary)
    assert client.get(f"{LIST}{pending.serial}/").json()["pdf_url"] is None
    response = client.get(f"{LIST}{pending.serial}/pdf/")
    assert response.status_code == 404 and error_of(response)["code"] == "not_found"


@pytest.mark.parametrize("path", ["2026-0000-0000/", "2026-0000-0000/pdf/", "%3Cscript%3E/", "x%00/pdf/", "a/b/c/"])
def test_unknown_and_junk_serials_are_404_in_the_envelope(api, secretary, certificates, path):
    response = api(None, secretary).get(f"{LIST}{path}")
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


@pytest.mark.parametrize("suffix", ["", "{serial}/", "{serial}/pdf/"])
def test_anonymous_is_401(api, certificates, suffix):
    response = api().get(LIST + suffix.format(serial=certificates["valid"].serial))
    assert response.status_code == 401
    assert error_of(response)["code"] == "not_authenticated"


@pytest.mark.parametrize("suffix", ["", "{serial}/", "{serial}/pdf/"])
def test_commission_roles_without_the_register_are_403(api, make_user, certificates, suffix):
    response = api(None, make_user(None, Role.PANEL_MEMBER)).get(
        LIST + suffix.format(serial=certificates["valid"].serial)
    )
    assert response.status_code == 403
    assert error_of(response)["code"] == "permission_denied"


@pytest.mark.parametrize("role", [Role.OWNER, Role.MANAGER, Role.HANDLER])
def test_member_users_are_not_let_in_at_the_commission(
    role, make_user, certificates, alpha, hosts, in_schema, client_for
):
    user = make_user(alpha, role)
    # A member's user exists only in its schema: neither its session nor its token opens the commission's API.
    session = client_for(alpha, user)
    for suffix in ("", f"{certificates['valid'].serial}/", f"{certificates['valid'].serial}/pdf/"):
        assert session.get(LIST + suffix, HTTP_HOST=hosts.commission).status_code == 401
    with in_schema(alpha):
        token, _created = api_token_get_or_create(user=user)
    client = Client(HTTP_HOST=hosts.commission, HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.get(LIST)
    assert response.status_code == 401 and error_of(response)["code"] == "authentication_failed"


# Public verification ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["valid", "expired", "suspended", "revoked"])
def test_verify_by_serial_needs_no_login(kind, api, certificates, alpha, beta):
    certificate = certificates[kind]
    response = api().get(f"{API}/verify/{certificate.serial}/")
    assert response.status_code == 200
    body = response.json()
    assert body["serial"] == certificate.serial and body["status"] == kind
    assert body["member_name"] == certificate.member_name
    assert (body["valid_from"], body["valid_until"]) == (
        certificate.valid_from.isoformat(),
        certificate.valid_until.isoformat(),
    )
    if kind in ("suspended", "revoked"):
        assert body["status_reason"] == certificate.status_reason
        assert body["status_changed_on"] == timezone.localdate(certificate.status_changed_at).isoformat()
    else:
        assert body["status_reason"] is None and body["status_changed_on"] is None
    assert "pdf_sha256" not in body and "criteria" not in body, "only what the public page shows"


def test_verify_by_serial_accepts_a_typed_serial_and_refuses_junk(api, certificates):
    serial = certificates["valid"].serial
    assert api().get(f"{API}/verify/{serial.lower().replace('-', '')}/").json()["serial"] == serial
    for junk in ("2026-0000-0000", "%3Cscript%3E", "x" * 500, "%00"):
        response = api().get(f"{API}/verify/{junk}/")
        assert response.status_code == 404, junk
        assert error_of(response)["code"] == "not_found"


def test_a_bad_token_does_not_stop_the_public_check(certificates, hosts):
    client = Client(HTTP_HOST=hosts.commission, HTTP_AUTHORIZATION="Token nonsense")
    assert client.get(f"{API}/verify/{certificates['valid'].serial}/").status_code == 200


def post_pdf(client, content: bytes, name: str = "certificaat.pdf"):
    return client.post(f"{API}/verify/", {"pdf": SimpleUploadedFile(name, content, content_type="application/pdf")})


def test_verify_a_pdf(api, certificates):
    client = api()
    suspended = certificates["suspended"]
    body = post_pdf(client, pdf_of(suspended)).json()
    assert body["outcome"] == "genuine"
    assert body["certificate"]["serial"] == suspended.serial and body["certificate"]["status"] == "suspended"
    assert body["sha256"] == suspended.pdf_sha256
    assert suspended.serial in body["message"] and "suspended" in body["message"]
    altered = post_pdf(client, flip_one_byte(pdf_of(certificates["valid"]))).json()
    assert altered["outcome"] == "altered" and altered["certificate"] is None
    unsigned = post_pdf(client, render_certificate(certificates["valid"]).pdf).json()
    assert unsigned["outcome"] == "unsigned" and unsigned["signer_name"] is None and unsigned["certificate"] is None


def test_verify_a_pdf_refuses_what_is_no_pdf(api, certificates):
    client = api()
    response = post_pdf(client, png_bytes())
    assert response.status_code == 400 and "pdf" in error_of(response)["fields"]
    response = post_pdf(client, b"%PDF-1.7\n" + b"0" * VERIFY_MAX_BYTES)
    assert response.status_code == 400 and "too large" in error_of(response)["fields"]["pdf"][0]
    response = client.post(f"{API}/verify/", {})
    assert response.status_code == 400 and "pdf" in error_of(response)["fields"]
    response = client.post(f"{API}/verify/", {"pdf": "x"}, content_type="application/json")
    assert response.status_code == 415


def test_verify_a_pdf_is_rate_limited(api):
    client = api()
    for _ in range(views_public.VERIFY_UPLOAD_RATE_LIMIT):
        assert post_pdf(client, b"not a pdf").status_code == 400
    response = post_pdf(client, b"not a pdf")
    assert response.status_code == 429
    assert error_of(response)["code"] == "throttled"
