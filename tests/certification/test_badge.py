"""The badge a member embeds on its website (``/badge/<member-slug>.svg``): drawn live from the
member's current certificate and membership, safe to show as an image on another origin, and
escaped whatever the member's name holds."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from datetime import timedelta

import pytest
from django.utils import formats, timezone, translation

from commission.certification.certificates import certificate_change, certificate_request
from commission.certification.models import Certificate
from commission.certification.selectors import BadgeState, current_certificate
from tenants.members.models import Member
from tenants.members.services import member_set_status, member_update
from tests.helpers import nl

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


def badge(client, member):
    return client.get(f"/badge/{member.slug}.svg")


def parsed(response) -> ElementTree.Element:
    """The badge as an SVG document (it must be well-formed XML, or no browser draws it)."""
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{SVG}svg"
    return root


def state_of(response) -> str:
    return parsed(response).get("data-state", "")


def texts(response) -> list[str]:
    return [element.text or "" for element in parsed(response).iter(f"{SVG}text")]


def day(value) -> str:
    with translation.override("nl"):
        return formats.date_format(value, "j F Y")


def test_a_certified_member_s_badge(issued, client_for, alpha):
    certificate = issued()
    response = badge(client_for(), alpha)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-cache, max-age=0"
    # Another site shows it as an <img>: nothing may keep another origin from loading it.
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert "frame-ancestors" not in response.get("Content-Security-Policy", "")
    assert state_of(response) == BadgeState.CERTIFIED
    shown = texts(response)
    assert nl("Certified") in shown
    assert alpha.legal_name in shown
    assert any(day(certificate.valid_until) in text for text in shown)


def test_no_certificate_is_not_certified(client_for, alpha, beta, issued):
    issued(alpha)
    response = badge(client_for(), beta)
    assert response.status_code == 200
    assert state_of(response) == BadgeState.NOT_CERTIFIED
    assert nl("Not certified") in texts(response)
    assert "Beta Zorg" in texts(response), "beta's badge, not alpha's"


def test_a_certificate_still_being_issued_does_not_certify(client_for, alpha, secretary, tmp_media):
    certificate_request(member=alpha, route=Certificate.Route.SECRETARY, actor=secretary)
    assert state_of(badge(client_for(), alpha)) == BadgeState.NOT_CERTIFIED


def test_an_expired_certificate(issued, client_for, alpha):
    issued(on=timezone.localdate() - timedelta(days=400))
    response = badge(client_for(), alpha)
    assert state_of(response) == BadgeState.EXPIRED
    assert nl("Expired") in texts(response)


def test_revocation_and_suspension_show_at_once(issued, secretary, client_for, alpha):
    certificate = issued()
    client = client_for()
    assert state_of(badge(client, alpha)) == BadgeState.CERTIFIED
    certificate_change(certificate=certificate, change="suspend", reason="Uitspraak niet nagekomen", actor=secretary)
    response = badge(client, alpha)
    assert state_of(response) == BadgeState.SUSPENDED
    assert nl("Suspended") in texts(response)
    certificate_change(certificate=certificate, change="reinstate", reason="Alsnog nagekomen", actor=secretary)
    assert state_of(badge(client, alpha)) == BadgeState.CERTIFIED
    certificate_change(certificate=certificate, change="revoke", reason="Opnieuw niet nagekomen", actor=secretary)
    response = badge(client, alpha)
    assert state_of(response) == BadgeState.REVOKED
    assert nl("Revoked") in texts(response)
    assert response["Cache-Control"] == "no-cache, max-age=0"


def test_a_suspended_membership_suspends_the_badge(issued, client_for, alpha, platform_admin):
    issued()
    client = client_for()
    assert state_of(badge(client, alpha)) == BadgeState.CERTIFIED
    member_set_status(
        member=alpha, status=Member.MembershipStatus.SUSPENDED, actor=platform_admin, reason="Contributie"
    )
    assert state_of(badge(client, alpha)) == BadgeState.SUSPENDED
    member_set_status(member=alpha, status=Member.MembershipStatus.ENDED, actor=platform_admin, reason="Opgezegd")
    assert state_of(badge(client, alpha)) == BadgeState.NOT_CERTIFIED
    member_set_status(member=alpha, status=Member.MembershipStatus.ACTIVE, actor=platform_admin)
    assert state_of(badge(client, alpha)) == BadgeState.CERTIFIED


def test_the_latest_certificate_counts(issued, secretary, client_for, alpha):
    old = issued(on=timezone.localdate() - timedelta(days=400))
    new = issued()
    assert current_certificate(alpha) == new
    assert state_of(badge(client_for(), alpha)) == BadgeState.CERTIFIED
    certificate_change(certificate=new, change="revoke", reason="Onjuist afgegeven", actor=secretary)
    assert current_certificate(alpha) == new, "a revoked certificate does not bring back the one before it"
    assert state_of(badge(client_for(), alpha)) == BadgeState.REVOKED
    assert current_certificate(alpha) != old


def test_the_member_s_name_is_escaped(issued, client_for, alpha, platform_admin):
    issued()
    name = 'Alfa <script>alert("x")</script> & Zn\'s'
    member_update(member=alpha, actor=platform_admin, legal_name=name)
    response = badge(client_for(), alpha)
    assert b"<script>" not in response.content
    root = parsed(response)
    assert not list(root.iter(f"{SVG}script")), "no element comes from the name"
    assert name in [element.text for element in root.iter(f"{SVG}text")]


def test_an_unknown_member_is_a_404(client_for):
    response = client_for().get("/badge/does-not-exist.svg")
    assert response.status_code == 404
    assert state_of(response) == BadgeState.NOT_CERTIFIED
    for junk in ("/badge/%3Cscript%3E.svg", "/badge/.svg", "/badge/alpha.png", "/badge/alpha%00.svg"):
        assert client_for().get(junk).status_code == 404, junk


def test_the_commission_itself_has_no_badge(client_for):
    commission = Member.objects.get(kind=Member.Kind.COMMISSION)
    assert client_for().get(f"/badge/{commission.slug}.svg").status_code == 404
