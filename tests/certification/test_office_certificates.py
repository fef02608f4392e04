"""The commission office's certificate pages: the list, issuing on demand, one certificate's page with
its PDF, history and status changes, and who may use them."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.utils import translation
from django.utils.html import escape

from commission.certification import evaluation, views_office
from commission.certification.certificates import certificate_render, certificate_request
from commission.certification.models import Certificate
from core.pdf import pdf_text
from tenants.accounts.roles import Role
from tenants.audit.models import AuditEvent
from tenants.outbox.models import OutboundEmail
from tests.helpers import nl, read, wait_for

LIST = "/office/certificates/"


def member_page(member) -> str:
    return f"/office/certificates/members/{member.slug}/"


def detail(serial: str) -> str:
    return f"/office/certificates/{serial}/"


def pdf(serial: str) -> str:
    return f"/office/certificates/{serial}/pdf/"


def change(serial: str, action: str) -> str:
    return f"/office/certificates/{serial}/{action}/"


@pytest.fixture
def office(client_for, secretary):
    return client_for(None, secretary)


def events(certificate: Certificate) -> list[str]:
    return list(
        AuditEvent.objects.filter(target_type="certification.certificate", target_id=str(certificate.uuid))
        .order_by("occurred_at", "id")
        .values_list("event_type", flat=True)
    )


def mails(certificate: Certificate, topic: str) -> list[OutboundEmail]:
    # Sent from the commission's host: the rows are in the public schema.
    return list(OutboundEmail.objects.filter(about=f"certificate:{certificate.uuid}", topic=topic))


def form_errors(response) -> str:
    """The text of the error blocks on a page."""
    found = re.findall(r'<div class="form-errors" role="alert"[^>]*>(.*?)</div>', response.content.decode(), re.S)
    return " ".join(found)


# Who may -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.SECRETARY, Role.PLATFORM_ADMIN])
def test_secretary_and_platform_admin_use_every_page(db, role, make_user, client_for, alpha, issued):
    certificate = issued()
    client = client_for(None, make_user(None, role))
    listing = client.get(LIST)
    assert listing.status_code == 200
    assert certificate.serial in listing.content.decode()
    assert client.get(member_page(alpha)).status_code == 200
    page = client.get(detail(certificate.serial))
    assert page.status_code == 200
    assert certificate.pdf_sha256 in page.content.decode()
    download = client.get(pdf(certificate.serial))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert hashlib.sha256(read(download)).hexdigest() == certificate.pdf_sha256
    # The navigation and the member's page lead here.
    assert f'href="{LIST}"' in listing.content.decode()
    member = client.get(f"/office/members/{alpha.slug}/").content.decode()
    assert f'href="{detail(certificate.serial)}"' in member and f'href="{member_page(alpha)}"' in member


def test_other_commission_roles_anonymous_and_member_staff_are_refused(
    db, make_user, client_for, hosts, alpha, staff, issued
):
    certificate = issued()
    reads = [LIST, member_page(alpha), detail(certificate.serial), pdf(certificate.serial)]
    writes = [(member_page(alpha), {}), (change(certificate.serial, "suspend"), {"reason": "Geen reden"})]
    for role in (Role.CHAIR, Role.PANEL_MEMBER):
        client = client_for(None, make_user(None, role))
        for url in reads:
            assert client.get(url).status_code == 403, (role, url)
        for url, data in writes:
            assert client.post(url, data).status_code == 403, (role, url)
        assert f'href="{LIST}"' not in client.get("/office/").content.decode()
    anonymous = client_for(None)
    for url in reads:
        response = anonymous.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url
    for url, data in writes:
        assert anonymous.post(url, data).status_code == 302
    # The member's owner: its session means nothing on the commission's host, and on its own host
    # the commission's pages do not exist.
    owner = client_for(alpha, staff["owner"])
    assert owner.post(change(certificate.serial, "revoke"), {"reason": "x", "confirm": "on"}).status_code in (
        403,
        404,
        405,
    )
    owner.defaults["HTTP_HOST"] = hosts.commission
    assert owner.get(LIST).status_code == 302
    assert owner.post(change(certificate.serial, "suspend"), {"reason": "x"}).status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED
    assert Certificate.objects.count() == 1


def test_the_chair_sees_the_members_certificate_without_the_office_links(db, chair, client_for, alpha, issued):
    certificate = issued()
    page = client_for(None, chair).get(f"/office/members/{alpha.slug}/").content.decode()
    assert certificate.serial in page
    assert f'href="{detail(certificate.serial)}"' not in page and f'href="{member_page(alpha)}"' not in page


# The list ------------------------------------------------------------------------------------------


def test_list_counts_filters_searches_and_pages(db, office, alpha, beta, secretary, issued, monkeypatch):
    due = office.get(LIST)
    due_list = re.search(r'data-testid="members-due">(.*?)</ul>', due.content.decode(), re.S).group(1)
    assert alpha.legal_name in due_list and f'href="{member_page(alpha)}"' in due_list
    assert due.context["due_count"] == 2

    valid = issued(alpha)
    suspended = certificate_request(member=beta, route=Certificate.Route.SECRETARY, actor=secretary)
    suspended = certificate_render(certificate_id=suspended.pk)
    assert office.post(change(suspended.serial, "suspend"), {"reason": "Uitspraak niet nagekomen."}).status_code == 302

    response = office.get(LIST)
    counts = {value: count for value, _label, count in response.context["per_standing"]}
    assert counts["valid"] == 1 and counts["suspended"] == 1 and counts["revoked"] == 0
    assert (
        alpha.legal_name not in re.search(r'data-testid="members-due">(.*?)</ul>', response.content.decode(), re.S)[1]
    )

    def serials(**query) -> set[str]:
        return {certificate.serial for certificate, _standing in office.get(LIST, query).context["rows"]}

    assert serials() == {valid.serial, suspended.serial}
    assert serials(standing="valid") == {valid.serial}
    assert serials(standing="suspended") == {suspended.serial}
    assert serials(standing="revoked") == set()
    assert serials(standing="nonsense") == {valid.serial, suspended.serial}
    assert serials(q=beta.legal_name[:6]) == {suspended.serial}
    assert serials(q=valid.serial.lower()) == {valid.serial}
    assert serials(q="no such member") == set()
    suspended_row = f'status-suspended">{escape(nl(Certificate.Standing.SUSPENDED.label))}</span>'
    assert suspended_row in office.get(LIST, {"standing": "suspended"}).content.decode()

    monkeypatch.setattr(views_office, "PAGE_SIZE", 1)
    first, second = serials(), serials(page=2)
    assert len(first) == len(second) == 1 and first | second == {valid.serial, suspended.serial}
    assert 'rel="next"' in office.get(LIST).content.decode()


# Issuing on demand ---------------------------------------------------------------------------------


def test_issue_on_demand_pending_then_rendered(db, office, alpha, secretary, tmp_media):
    page = office.get(member_page(alpha))
    assert page.status_code == 200
    assert 'data-passed="false"' not in page.content.decode() and 'data-passed="true"' in page.content.decode()

    response = office.post(member_page(alpha))
    certificate = Certificate.objects.get(member=alpha)
    assert response.status_code == 302 and response["Location"] == detail(certificate.serial)
    assert certificate.route == Certificate.Route.SECRETARY and certificate.status == Certificate.Status.PENDING
    assert AuditEvent.objects.get(event_type="certification.certificate_requested").actor_id == secretary.pk

    # No worker ran (the test's transaction never commits): the page says the PDF is on its way.
    pending = office.get(detail(certificate.serial)).content.decode()
    assert 'data-testid="rendering"' in pending and f'href="{pdf(certificate.serial)}"' not in pending
    assert office.get(pdf(certificate.serial)).status_code == 404

    certificate_render(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    done = office.get(detail(certificate.serial)).content.decode()
    assert 'data-testid="rendering"' not in done
    assert f'href="{pdf(certificate.serial)}"' in done and certificate.pdf_sha256 in done
    body = read(office.get(pdf(certificate.serial)))
    assert hashlib.sha256(body).hexdigest() == certificate.pdf_sha256
    assert certificate.serial in pdf_text(body)
    # The stored evaluation with both labels.
    with translation.override("nl"):
        dutch = evaluation.Evaluation.from_json(certificate.evaluation).results[0].label
    with translation.override("en"):
        english = evaluation.Evaluation.from_json(certificate.evaluation).results[0].label
    assert dutch != english
    assert escape(dutch) in done and escape(english) in done


def test_issue_on_demand_refused_when_a_criterion_fails(db, office, alpha, monkeypatch):
    monkeypatch.setattr(evaluation, "_regulation_lookup", lambda: lambda member: None)
    page = office.get(member_page(alpha)).content.decode()
    assert 'data-criterion="regulation_published" data-passed="false"' in page

    response = office.post(member_page(alpha))
    assert response.status_code == 400
    errors = form_errors(response)
    assert escape(nl("Not every criterion is met, so no certificate can be issued:")) in errors
    assert escape(nl("A complaints regulation is published")) in errors
    assert not Certificate.objects.exists()


def test_issue_on_demand_refused_while_a_certificate_holds(db, office, alpha, issued):
    held = issued()
    response = office.post(member_page(alpha))
    assert response.status_code == 400
    assert held.serial in form_errors(response)
    assert Certificate.objects.filter(member=alpha).count() == 1


def test_unknown_serial_and_member_are_404_and_a_typed_serial_is_found(db, office, issued):
    certificate = issued()
    for url in (detail("2026-ZZZZ-ZZZZ"), pdf("2026-ZZZZ-ZZZZ"), "/office/certificates/members/nobody/"):
        assert office.get(url).status_code == 404, url
    assert office.post(change("2026-ZZZZ-ZZZZ", "suspend"), {"reason": "x"}).status_code == 404
    assert office.post(change(certificate.serial, "delete"), {"reason": "x"}).status_code == 404
    assert office.get(detail(certificate.serial.lower())).status_code == 200


# Status changes ------------------------------------------------------------------------------------


def test_suspend_reinstate_revoke_with_reasons_audit_and_mail(db, office, alpha, staff, secretary, issued):
    certificate = issued()
    owner_email = staff["owner"].email
    steps = [
        ("suspend", {"reason": "Uitspraak 2026/14 niet nagekomen."}, Certificate.Status.SUSPENDED, "suspended"),
        ("reinstate", {"reason": "Uitspraak alsnog nagekomen."}, Certificate.Status.ISSUED, "reinstated"),
        ("revoke", {"reason": "Lidmaatschap beëindigd.", "confirm": "on"}, Certificate.Status.REVOKED, "revoked"),
    ]
    for action, data, status, event in steps:
        response = office.post(change(certificate.serial, action), data)
        assert response.status_code == 302 and response["Location"] == detail(certificate.serial), action
        certificate.refresh_from_db()
        assert certificate.status == status and certificate.status_reason == data["reason"]
        audit = AuditEvent.objects.get(event_type=f"certification.certificate_{event}")
        assert audit.actor_id == secretary.pk and audit.data["reason"] == data["reason"]
        sent = mails(certificate, f"certificate_{event}")
        assert owner_email in {mail.to for mail in sent}, event
        assert all(data["reason"] in mail.body_text for mail in sent)
    assert events(certificate) == [
        "certification.certificate_requested",
        "certification.certificate_issued",
        "certification.certificate_suspended",
        "certification.certificate_reinstated",
        "certification.certificate_revoked",
    ]
    page = office.get(detail(certificate.serial))
    history = re.search(r'data-testid="history">(.*?)</ul>', page.content.decode(), re.S).group(1)
    for _action, data, _status, _event in steps:
        assert escape(data["reason"]) in history
    assert page.context["standing"] == Certificate.Standing.REVOKED
    assert page.context["actions"] == []  # nothing is left to change


def test_revoke_needs_the_confirmation(db, office, issued):
    certificate = issued()
    response = office.post(change(certificate.serial, "revoke"), {"reason": "Lidmaatschap beëindigd."})
    assert response.status_code == 400
    assert escape(nl("Confirm that you understand a revocation cannot be undone.")) in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED
    assert "certification.certificate_revoked" not in events(certificate)


def test_a_revoked_certificate_cannot_be_reinstated_or_suspended(db, office, issued):
    certificate = issued()
    office.post(change(certificate.serial, "revoke"), {"reason": "Ingetrokken.", "confirm": "on"})
    for action in ("reinstate", "suspend"):
        response = office.post(change(certificate.serial, action), {"reason": "Toch weer geldig."})
        assert response.status_code == 400, action
        message = nl("Certificate %(serial)s is %(status)s: it cannot be %(change)s.") % {
            "serial": certificate.serial,
            "status": nl(Certificate.Status.REVOKED.label).lower(),
            "change": nl("reinstated" if action == "reinstate" else "suspended"),
        }
        assert escape(message) in form_errors(response), action
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED and certificate.status_reason == "Ingetrokken."
    assert mails(certificate, "certificate_reinstated") == []


def test_the_reason_is_required(db, office, issued):
    certificate = issued()
    for reason in ("", "   "):
        response = office.post(change(certificate.serial, "suspend"), {"reason": reason})
        assert response.status_code == 400
        assert escape(nl("This field is required.")) in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED and certificate.status_reason == ""
    assert mails(certificate, "certificate_suspended") == []


def test_a_reason_with_markup_is_shown_as_text(db, office, issued):
    certificate = issued()
    reason = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    assert office.post(change(certificate.serial, "suspend"), {"reason": reason}).status_code == 302
    page = office.get(detail(certificate.serial)).content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert escape(reason) in page


# With the real worker ------------------------------------------------------------------------------


@pytest.mark.worker
def test_the_worker_renders_what_the_secretary_issued(committed_db, tmp_media, client_for, make_user):
    from tenants.members.models import Member

    alpha = Member.objects.get(slug="alpha")
    office = client_for(None, make_user(None, Role.SECRETARY))
    response = office.post(member_page(alpha))
    assert response.status_code == 302
    certificate = Certificate.objects.get(member=alpha)

    def rendered() -> bool:
        certificate.refresh_from_db()
        return certificate.status == Certificate.Status.ISSUED

    assert wait_for(rendered, timeout=60)
    page = office.get(detail(certificate.serial)).content.decode()
    assert 'data-testid="rendering"' not in page and f'href="{pdf(certificate.serial)}"' in page
    assert hashlib.sha256(read(office.get(pdf(certificate.serial)))).hexdigest() == certificate.pdf_sha256
