"""Issuing certificates by each route, the signed one-page bilingual PDF, and the status changes."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import pypdfium2
import pytest
import zxingcpp
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from commission.certification import certificates
from commission.certification.certificates import (
    RENEWAL_DAYS,
    certificate_change,
    certificate_issue_due,
    certificate_render,
    certificate_request,
    members_due,
    normalise_serial,
    verification_url,
)
from commission.certification.models import Certificate, Invoice
from core.pdf import pdf_text
from core.pdf_signing import verify_pdf
from tenants.audit.models import AuditEvent
from tenants.members.models import Member
from tenants.outbox.models import OutboundEmail
from tests.signing.conftest import flip_one_byte

pytestmark = pytest.mark.django_db


def qr_texts(pdf: bytes) -> list[str]:
    """The QR codes on the first page, decoded by a real decoder from the rendered page."""
    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=3).to_pil()
    return [result.text for result in zxingcpp.read_barcodes(image)]


def test_the_secretary_issues_a_signed_one_page_bilingual_certificate(alpha, issued):
    certificate = issued()
    assert certificate.status == Certificate.Status.ISSUED and certificate.route == "secretary"
    assert (certificate.valid_from, certificate.valid_until) == (
        timezone.localdate(),
        certificates.one_year_after(timezone.localdate()),
    )
    pdf = certificate.pdf.read()
    assert hashlib.sha256(pdf).hexdigest() == certificate.pdf_sha256
    assert len(pypdfium2.PdfDocument(pdf)) == 1
    text = " ".join(pdf_text(pdf).split())
    url = verification_url(certificate.serial)
    for expected in (
        certificate.serial,
        alpha.legal_name,
        "Certificaat klachtafhandeling",
        "Certificate of complaint handling",
    ):
        assert expected in text
    assert url in text.replace(" ", "") or url in pdf_text(pdf).replace("\n", "")
    assert qr_texts(pdf) == [url]
    verification = verify_pdf(pdf)
    assert verification.valid, verification.message
    assert not verify_pdf(flip_one_byte(pdf)).valid


def test_a_failing_criterion_refuses_and_stores_nothing(alpha, secretary, english_messages):
    Member.objects.filter(pk=alpha.pk).update(membership_status=Member.MembershipStatus.SUSPENDED)
    alpha.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        certificate_request(member=alpha, route=Certificate.Route.SECRETARY, actor=secretary)
    assert "Membership is active: Suspended" in refused.value.messages
    assert not Certificate.objects.exists()


def test_an_overdue_invoice_refuses_with_its_number(alpha, secretary, english_messages):
    today = timezone.localdate()
    Invoice.objects.create(
        member=alpha, year=today.year, number="2026-0042", amount=100, issued_on=today - timedelta(days=60),
        due_on=today - timedelta(days=30),
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        certificate_request(member=alpha, route=Certificate.Route.OWNER, actor=secretary)
    assert any("2026-0042" in message for message in refused.value.messages)


def test_a_current_certificate_refuses_a_second_until_the_renewal_window(alpha, issued, secretary, english_messages):
    first = issued()
    with pytest.raises(ValidationError) as refused:
        certificate_request(member=alpha, route=Certificate.Route.OWNER, actor=secretary)
    assert first.serial in refused.value.messages[0]
    # Within the renewal window before the end, the next one may be issued.
    renewal_day = first.valid_until - timedelta(days=RENEWAL_DAYS - 1)
    second = issued(on=renewal_day)
    assert second.valid_from == renewal_day and second.serial != first.serial


def test_the_same_day_twice_is_refused_by_the_database(alpha, issued, secretary):
    first = issued()
    Certificate.objects.filter(pk=first.pk).update(status=Certificate.Status.SUSPENDED)  # no longer "holding"
    with pytest.raises(ValidationError):
        certificate_request(member=alpha, route=Certificate.Route.SECRETARY, actor=secretary)
    assert Certificate.objects.filter(member=alpha).count() == 1


def test_serials_are_random_and_typed_forms_normalise():
    serials = {certificates.new_serial(2026) for _ in range(200)}
    assert len(serials) == 200 and all(len(s) == 14 and s.startswith("2026-") for s in serials)
    assert not any(set(s) & set("ILOU") for s in serials)
    assert normalise_serial(" 2026-k7mq-3xzd ") == "2026-K7MQ-3XZD"
    assert normalise_serial("2026-K7MQ-OXZL") == "2026-K7MQ-0XZ1"


def test_the_certificate_keeps_the_evaluation_and_the_particulars_of_the_day(alpha, issued):
    certificate = issued()
    Member.objects.filter(pk=alpha.pk).update(legal_name="Alfa Bouw Nieuw B.V.")
    certificate.refresh_from_db()
    assert certificate.member_name == "Alfa Bouw B.V."
    assert certificate.evaluation["passed"] is True
    codes = [c["code"] for c in certificate.evaluation["criteria"]]
    assert codes[0] == "membership_active" and "first_line_answered" in codes
    assert certificate.evaluation["criteria"][0]["labels"] == {
        "nl": "Lidmaatschap is actief",
        "en": "Membership is active",
    }


# Rendering ------------------------------------------------------------------------------------------


def test_rendering_twice_does_the_work_once(alpha, issued):
    certificate = issued()
    again = certificate_render(certificate_id=certificate.pk)
    assert again.pdf_sha256 == certificate.pdf_sha256 and again.rendered_at == certificate.rendered_at


def test_the_member_is_told_when_the_certificate_is_ready(alpha, issued, make_user):
    from tenants.accounts.roles import Role

    make_user(alpha, Role.OWNER, email="eigenaar@alfa.example.org")
    certificate = issued()
    with transaction.atomic():
        mails = list(OutboundEmail.objects.filter(about=f"certificate:{certificate.uuid}"))
    assert [m.to for m in mails] == ["eigenaar@alfa.example.org"]
    assert certificate.serial in mails[0].subject
    assert "http://alpha.wederhoor.test/office/certificates/" in mails[0].body_text
    assert verification_url(certificate.serial) in mails[0].body_text
    assert "&amp;" not in mails[0].body_text


# Status changes -------------------------------------------------------------------------------------


def test_suspend_reinstate_revoke_with_reasons_in_the_audit_trail(alpha, issued, secretary, english_messages):
    certificate = issued()
    today = timezone.localdate()
    suspended = certificate_change(
        certificate=certificate, change="suspend", reason="Uitspraak niet nagekomen", actor=secretary
    )
    assert suspended.standing_on(today) == Certificate.Standing.SUSPENDED
    assert suspended.status_reason == "Uitspraak niet nagekomen"
    reinstated = certificate_change(
        certificate=certificate, change="reinstate", reason="Alsnog nagekomen", actor=secretary
    )
    assert reinstated.standing_on(today) == Certificate.Standing.VALID
    revoked = certificate_change(
        certificate=certificate, change="revoke", reason="Lidmaatschap beëindigd", actor=secretary
    )
    assert revoked.standing_on(today) == Certificate.Standing.REVOKED
    events = list(
        AuditEvent.objects.filter(target_id=str(certificate.uuid)).order_by("pk").values_list("event_type", "data")
    )
    assert [e for e, _d in events] == [
        "certification.certificate_requested",
        "certification.certificate_issued",
        "certification.certificate_suspended",
        "certification.certificate_reinstated",
        "certification.certificate_revoked",
    ]
    assert events[-1][1]["reason"] == "Lidmaatschap beëindigd"
    topics = set(OutboundEmail.objects.filter(about=f"certificate:{certificate.uuid}").values_list("topic", flat=True))
    # The member has no owner yet: the contact address is told.
    assert topics <= {"certificate_issued", "certificate_suspended", "certificate_reinstated", "certificate_revoked"}


def test_wrong_changes_are_refused_with_a_message(alpha, issued, secretary, english_messages):
    certificate = issued()
    with pytest.raises(ValidationError) as no_reason:
        certificate_change(certificate=certificate, change="suspend", reason="  ", actor=secretary)
    assert "reason" in no_reason.value.message_dict
    with pytest.raises(ValidationError) as not_suspended:
        certificate_change(certificate=certificate, change="reinstate", reason="x", actor=secretary)
    assert "cannot be reinstated" in not_suspended.value.messages[0]
    certificate_change(certificate=certificate, change="revoke", reason="Fraude", actor=secretary)
    for change in ("suspend", "reinstate", "revoke"):
        with pytest.raises(ValidationError):
            certificate_change(certificate=certificate, change=change, reason="nogmaals", actor=secretary)


def test_the_database_refuses_to_change_an_issued_certificate(alpha, issued, secretary):
    certificate = issued()
    for change in ({"valid_until": date(2099, 1, 1)}, {"member_name": "Nep B.V."}, {"pdf_sha256": "0" * 64},
                   {"status": "pending"}):  # fmt: skip
        with pytest.raises(DatabaseError), transaction.atomic():
            Certificate.objects.filter(pk=certificate.pk).update(**change)
    with pytest.raises(DatabaseError), transaction.atomic():
        Certificate.objects.filter(pk=certificate.pk).delete()
    certificate_change(certificate=certificate, change="revoke", reason="Fraude", actor=secretary)
    with pytest.raises(DatabaseError), transaction.atomic():
        Certificate.objects.filter(pk=certificate.pk).update(status="issued")


# The yearly route -----------------------------------------------------------------------------------


def test_the_yearly_route_issues_to_members_that_pass_and_skips_the_rest(alpha, beta, tmp_media):
    Member.objects.filter(pk=beta.pk).update(membership_status=Member.MembershipStatus.SUSPENDED)
    assert set(members_due()) >= {alpha.pk}
    assert beta.pk not in members_due()
    certificate = certificate_issue_due(member_id=alpha.pk)
    assert certificate is not None and certificate.route == "yearly" and certificate.status == "issued"
    assert certificate_issue_due(member_id=alpha.pk) is None  # holds one now
    assert alpha.pk not in members_due()
    assert certificate_issue_due(member_id=beta.pk) is None
    assert not Certificate.objects.filter(member=beta).exists()


def test_a_suspended_certificate_blocks_a_new_one_until_it_ends(alpha, issued, secretary, english_messages):
    certificate = issued()
    certificate_change(certificate=certificate, change="suspend", reason="Bijdrage onbetaald", actor=secretary)
    renewal_day = certificate.valid_until - timedelta(days=5)
    assert alpha.pk not in members_due(on=renewal_day)
    assert certificate_issue_due(member_id=alpha.pk, on=renewal_day) is None
    with pytest.raises(ValidationError) as refused:
        certificate_request(member=alpha, route=Certificate.Route.SECRETARY, actor=secretary, on=renewal_day)
    assert "is suspended" in refused.value.messages[0]
    # Once it has ended, the member can be certified again.
    after = certificate.valid_until + timedelta(days=1)
    assert alpha.pk in members_due(on=after)
