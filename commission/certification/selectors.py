"""Reading the contribution ledger, and certificates for their public proof (the verification page,
the badge and the API on the commission's host)."""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.db.models import BooleanField, Case, CharField, F, Q, QuerySet, TextChoices, Value, When
from django.db.models.expressions import Expression
from django.utils.translation import gettext_lazy as _

from core.pdf_signing import verify_pdf
from tenants.accounts.actors import Actor
from tenants.accounts.roles import Capability, has_capability
from tenants.members.models import Member

from .certificates import SERIAL_ALPHABET, normalise_serial
from .models import Certificate, Invoice, InvoiceQuerySet


def invoice_list(*, year: int, on: date) -> InvoiceQuerySet:
    """The year's invoices with what was paid and whether each is paid in full or overdue on ``on``."""
    invoices: InvoiceQuerySet = Invoice.objects.filter(year=year).with_paid().select_related("member")
    return invoices.annotate(
        is_paid=Case(
            When(Q(paid_amount__gte=F("amount")), then=Value(True)), default=Value(False), output_field=BooleanField()
        ),
        is_overdue=Case(
            When(Q(due_on__lt=on) & Q(paid_amount__lt=F("amount")), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    ).order_by("number")


# Certificates: the public proof (verification page, badge, API) -----------------------------------

#: A serial as ``certificates.new_serial`` writes it: the year and two groups of four characters of
#: Crockford's base32.
SERIAL_PATTERN = re.compile(rf"[0-9]{{4}}-[{SERIAL_ALPHABET}]{{4}}-[{SERIAL_ALPHABET}]{{4}}")
#: The largest PDF the verification accepts: a certificate is one page of about 100 KB.
VERIFY_MAX_BYTES = 10 * 1024 * 1024


def canonical_serial(text: str) -> str | None:
    """``text`` as a serial in its stored form (lower case, spaces, O for 0, I or L for 1, the
    hyphens left out), or None when it cannot be one: then there is nothing to look up."""
    cleaned = normalise_serial(text[:100])
    bare = cleaned.replace("-", "")
    if len(bare) == 12:
        cleaned = f"{bare[:4]}-{bare[4:8]}-{bare[8:]}"
    return cleaned if SERIAL_PATTERN.fullmatch(cleaned) else None


def certificate_by_serial(serial: str) -> Certificate | None:
    """The certificate with this serial (typed in any of the forms ``canonical_serial`` accepts)."""
    canonical = canonical_serial(serial)
    if canonical is None:
        return None
    return Certificate.objects.select_related("member", "member__sector").filter(serial=canonical).first()


def member_certificates(*, member: Member) -> QuerySet[Certificate]:
    """The certificates of ``member``, newest first; never another member's."""
    return Certificate.objects.filter(member=member).order_by("-valid_from", "-created_at")


def member_certificate_with_pdf(*, member: Member, serial: str) -> Certificate | None:
    """``member``'s certificate ``serial`` once its PDF is rendered; None for another member's, an
    unknown serial or one still being issued."""
    return (
        member_certificates(member=member)
        .exclude(status=Certificate.Status.PENDING)
        .exclude(pdf="")
        .filter(serial=serial)
        .first()
    )


def current_certificate(member: Member) -> Certificate | None:
    """The certificate that says where ``member`` stands now: its latest one by start of validity
    that is no longer being issued (whether it is valid, expired, suspended or revoked)."""
    return (
        Certificate.objects.filter(member=member)
        .exclude(status=Certificate.Status.PENDING)
        .order_by("-valid_from", "-created_at")
        .first()
    )


def standing_expression(on: date) -> Expression:
    """``Certificate.standing_on(on)`` in SQL, so lists can be filtered and counted by it."""
    issued = Q(status=Certificate.Status.ISSUED)
    return Case(
        When(status=Certificate.Status.REVOKED, then=Value(Certificate.Standing.REVOKED.value)),
        When(status=Certificate.Status.SUSPENDED, then=Value(Certificate.Standing.SUSPENDED.value)),
        When(status=Certificate.Status.PENDING, then=Value(Certificate.Standing.PENDING.value)),
        When(issued & Q(valid_from__gt=on), then=Value(Certificate.Standing.NOT_YET_VALID.value)),
        When(issued & Q(valid_until__lt=on), then=Value(Certificate.Standing.EXPIRED.value)),
        default=Value(Certificate.Standing.VALID.value),
        output_field=CharField(),
    )


def certificate_register(
    *, actor: Actor | AnonymousUser, on: date, member: UUID | None = None, standing: str = ""
) -> QuerySet[Certificate]:
    """Every member's certificates, newest first, for a user who may see the member register (none
    for anyone else); optionally of one member (by UUID) or with one standing on ``on``."""
    if not has_capability(actor, Capability.VIEW_MEMBER_REGISTER):
        return Certificate.objects.none()
    certificates = Certificate.objects.select_related("member")
    if member is not None:
        certificates = certificates.filter(member__uuid=member)
    if standing:
        certificates = certificates.annotate(standing=standing_expression(on)).filter(standing=standing)
    return certificates.order_by("-issued_on", "-created_at", "-pk")


class BadgeState(TextChoices):
    """What a member's badge says: its current certificate's standing, and the membership."""

    CERTIFIED = "certified", _("Certified")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", _("Revoked")
    EXPIRED = "expired", _("Expired")
    NOT_CERTIFIED = "not_certified", _("Not certified")


#: The badge of an active member, by its current certificate's standing; any other standing (no
#: certificate, or one not yet valid) certifies nothing.
BADGE_STATES = {
    Certificate.Standing.VALID: BadgeState.CERTIFIED,
    Certificate.Standing.SUSPENDED: BadgeState.SUSPENDED,
    Certificate.Standing.EXPIRED: BadgeState.EXPIRED,
}


@dataclass(frozen=True)
class Badge:
    member: Member
    state: BadgeState
    certificate: Certificate | None


def member_badge(*, slug: str, on: date) -> Badge | None:
    """What ``/badge/<slug>.svg`` shows on ``on``, or None for a slug that names no member.

    A suspended membership suspends the badge whatever the certificate says (the commission may not
    have suspended the certificate yet); an ended membership certifies nothing.
    """
    member = Member.objects.filter(kind=Member.Kind.MEMBER, slug=slug[:100]).first()
    if member is None:
        return None
    certificate = current_certificate(member)
    standing = certificate.standing_on(on) if certificate is not None else None
    if standing == Certificate.Standing.REVOKED:
        state = BadgeState.REVOKED
    elif member.membership_status == Member.MembershipStatus.SUSPENDED:
        state = BadgeState.SUSPENDED
    elif member.membership_status != Member.MembershipStatus.ACTIVE:
        state = BadgeState.NOT_CERTIFIED
    else:
        state = BADGE_STATES.get(standing, BadgeState.NOT_CERTIFIED) if standing else BadgeState.NOT_CERTIFIED
    return Badge(member=member, state=state, certificate=certificate)


class PdfOutcome(TextChoices):
    """What a PDF offered for verification turned out to be."""

    GENUINE = "genuine", _("A certificate issued by the commission, unchanged")
    ALTERED = "altered", _("Altered after it was signed")
    NOT_SIGNED_BY_COMMISSION = "not_signed_by_commission", _("Signed, but not by the commission")
    UNSIGNED = "unsigned", _("Not signed")
    UNKNOWN_DOCUMENT = "unknown_document", _("Signed by the commission, but not a certificate it issued")


@dataclass(frozen=True)
class PdfCheck:
    outcome: PdfOutcome
    #: The certificate whose PDF this is, byte for byte (only when ``outcome`` is genuine).
    certificate: Certificate | None
    sha256: str
    signer_name: str
    signed_at: datetime.datetime | None
    #: What the signature check found, in one sentence (``core.pdf_signing.verify_pdf``).
    signature_message: str


def certificate_pdf_check(pdf: bytes) -> PdfCheck:
    """Whether ``pdf`` is a certificate the commission issued, as it was issued.

    The SHA-256 of the file is looked up among the certificates issued: a match is the very file the
    commission stored, so nothing in it changed. Otherwise the signature says what the file is:
    altered after signing, signed by someone else, not signed at all, or signed by the commission
    but not one of its certificates (a ruling, say). Nothing of the file is kept.
    """
    sha256 = hashlib.sha256(pdf).hexdigest()
    verification = verify_pdf(pdf)
    certificate = (
        Certificate.objects.select_related("member", "member__sector")
        .exclude(status=Certificate.Status.PENDING)
        .filter(pdf_sha256=sha256)
        .first()
    )
    if certificate is not None:
        outcome = PdfOutcome.GENUINE
    elif not verification.signed:
        outcome = PdfOutcome.UNSIGNED
    elif not verification.intact:
        outcome = PdfOutcome.ALTERED
    elif not verification.signed_by_us:
        outcome = PdfOutcome.NOT_SIGNED_BY_COMMISSION
    else:
        outcome = PdfOutcome.UNKNOWN_DOCUMENT
    return PdfCheck(
        outcome=outcome,
        certificate=certificate,
        sha256=sha256,
        signer_name=verification.signer_name,
        signed_at=verification.signed_at,
        signature_message=verification.message,
    )
