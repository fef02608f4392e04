"""Compliance certificates: issuing (three routes), rendering and signing, and the status changes
(docs/procedure/commission.md, "Certificates").

- A certificate is asked for yearly by periodic work (one task per member that is due), by the
  secretary for one member, or by the member's owner. Every route evaluates the criteria first and
  refuses when one fails or when the member already holds a certificate that is not yet due for
  renewal; the evaluation is stored with the certificate.
- The row is created in the request; a worker renders the bilingual one-page PDF, signs it with the
  commission's key (docs/adr/0008-signed-pdfs.md) and stores it privately with its SHA-256. The
  yearly task renders in the same task (it already runs in a worker).
- Suspension, reinstatement and revocation carry a reason, are in the audit trail and are told to
  the member. The database refuses any other change to an issued certificate.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from core.background import enqueue_on_commit
from core.pdf import RenderedPdf, render_pdf
from core.pdf_signing import sign_rendered
from core.qr import qr_svg_data_uri
from tenants.accounts.actors import Actor, actor_label
from tenants.accounts.selectors import member_manager_emails
from tenants.audit.services import audit_record
from tenants.members.links import absolute_url, base_url_for_host
from tenants.members.models import Member
from tenants.outbox.services import email_queue_rendered

from .evaluation import Evaluation, evaluate_member
from .models import Certificate

#: A certificate is valid for a year from its day of issue; within this many days of its end the
#: member may be given the next one (the yearly run renews it then).
RENEWAL_DAYS = 31
#: Crockford's base32: no I, L, O or U, so a serial read aloud or typed is not mistaken.
SERIAL_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
#: Fixed points on the commission's host (other tooling relies on them).
VERIFY_PATH = "/verify/{serial}/"
BADGE_PATH = "/badge/{slug}.svg"


# Serials and links ---------------------------------------------------------------------------------


def new_serial(year: int) -> str:
    """``2026-K7MQ-3XZD``: the year and eight random characters (40 bits), so serials can be neither
    guessed from one another nor counted."""
    code = "".join(secrets.choice(SERIAL_ALPHABET) for _ in range(8))
    return f"{year}-{code[:4]}-{code[4:]}"


def normalise_serial(text: str) -> str:
    """A serial as someone may type it (lower case, spaces, O for 0, I or L for 1) in its stored form."""
    cleaned = "".join(text.split()).upper().replace("O", "0").replace("I", "1").replace("L", "1")
    return cleaned[:20]


def commission_url(path: str) -> str:
    """``path`` on the commission's host, whatever schema the connection is in."""
    return base_url_for_host(settings.PLATFORM_DOMAIN) + path


def verification_url(serial: str) -> str:
    return commission_url(VERIFY_PATH.format(serial=serial))


def badge_url(member: Member) -> str:
    return commission_url(BADGE_PATH.format(slug=member.slug))


def one_year_after(day: date) -> date:
    """The last day of the year that starts on ``day`` (29 February counts to 27 February)."""
    try:
        return day.replace(year=day.year + 1) - timedelta(days=1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28) - timedelta(days=1)


# Issuing ------------------------------------------------------------------------------------------


def _holding_filter(on: date) -> Q:
    """Certificates that keep their member from getting a new one on ``on``: issued (or still being
    issued) and valid beyond the renewal window, or suspended and not yet expired (a new certificate
    would undo the suspension)."""
    return Q(
        status__in=[Certificate.Status.ISSUED, Certificate.Status.PENDING],
        valid_until__gt=on + timedelta(days=RENEWAL_DAYS),
    ) | Q(status=Certificate.Status.SUSPENDED, valid_until__gte=on)


def holding(member: Member, *, on: date) -> Certificate | None:
    """The certificate that keeps ``member`` from getting a new one on ``on`` (see _holding_filter)."""
    return Certificate.objects.filter(_holding_filter(on), member=member).order_by("-valid_until").first()


def failing_criteria(evaluation: Evaluation) -> list[str]:
    return [f"{result.label}: {result.figure}" for result in evaluation.results if not result.passed]


def _address(member: Member) -> str:
    town = " ".join(part for part in (member.postal_code, member.city) if part)
    return ", ".join(part for part in (member.street, town) if part)


def _create(member: Member, *, evaluation: Evaluation, route: str, actor: Actor | None, on: date) -> Certificate:
    sector = member.sector
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return Certificate.objects.create(
                    serial=new_serial(on.year),
                    member=member,
                    route=route,
                    issued_on=on,
                    valid_from=on,
                    valid_until=one_year_after(on),
                    member_name=member.legal_name,
                    member_address=_address(member),
                    sector_nl=sector.name_nl if sector else "",
                    sector_en=sector.name_en if sector else "",
                    evaluation=evaluation.as_json(),
                    requested_by_label=actor_label(actor) if actor is not None else "",
                )
        except IntegrityError as exc:
            if "certificate_once_per_member_day" in str(exc):
                raise ValidationError(_("A certificate was issued to this member today already.")) from exc
            # Otherwise two serials met (one chance in a trillion): draw another.
    raise RuntimeError("no free certificate serial after three attempts")


def _prepare(member: Member, *, route: str, actor: Actor | None, on: date) -> Certificate:
    """Evaluate and create the pending certificate (the caller holds the member's lock), or refuse."""
    if member.kind != Member.Kind.MEMBER:
        raise ValidationError(_("Only members receive certificates."))
    current = holding(member, on=on)
    if current is not None and current.status == Certificate.Status.SUSPENDED:
        raise ValidationError(
            _("Certificate %(serial)s of %(member)s is suspended: reinstate or revoke it before issuing another.")
            % {"serial": current.serial, "member": member.legal_name}
        )
    if current is not None:
        raise ValidationError(
            _("%(member)s holds certificate %(serial)s, valid until %(date)s; a new one can be issued from %(from)s.")
            % {
                "member": member.legal_name,
                "serial": current.serial,
                "date": formats.date_format(current.valid_until, "j F Y"),
                "from": formats.date_format(current.valid_until - timedelta(days=RENEWAL_DAYS), "j F Y"),
            }
        )
    evaluation = evaluate_member(member, on=on)
    if not evaluation.passed:
        raise ValidationError(
            [_("Not every criterion is met, so no certificate can be issued:")] + failing_criteria(evaluation)
        )
    certificate = _create(member, evaluation=evaluation, route=route, actor=actor, on=on)
    audit_record(
        event_type="certification.certificate_requested",
        actor=actor,
        target=certificate,
        data={"serial": certificate.serial, "member": str(member.uuid), "route": route},
    )
    return certificate


def _locked(member: Member) -> Member:
    """The member's row, locked until the transaction ends: one certificate request at a time."""
    return Member.objects.select_for_update(of=("self",)).select_related("sector").get(pk=member.pk)


def certificate_request(*, member: Member, route: str, actor: Actor | None, on: date | None = None) -> Certificate:
    """Ask for a certificate for ``member`` (route ``secretary`` or ``owner``); a worker renders it
    after the commit. Raises ValidationError, saying why, when it cannot be issued."""
    from .tasks import render_certificate_task  # the tasks module imports this one

    on = on or timezone.localdate()
    with transaction.atomic():
        certificate = _prepare(_locked(member), route=route, actor=actor, on=on)
        enqueue_on_commit(render_certificate_task, certificate.pk, schema_name="public")
    return certificate


def certificate_issue_due(*, member_id: int, on: date | None = None) -> Certificate | None:
    """The yearly route for one member: issue and render its certificate when it is due and the
    criteria pass; None when it is not due or a criterion fails (nothing is recorded then)."""
    on = on or timezone.localdate()
    with transaction.atomic():
        member = _locked(Member(pk=member_id))
        if member.membership_status != Member.MembershipStatus.ACTIVE or holding(member, on=on) is not None:
            return None
        try:
            certificate = _prepare(member, route=Certificate.Route.YEARLY, actor=None, on=on)
        except ValidationError:
            return None
    return certificate_render(certificate_id=certificate.pk)


def members_due(*, on: date | None = None) -> list[int]:
    """Active members without a certificate that keeps them from a new one (see _holding_filter)."""
    on = on or timezone.localdate()
    held = Certificate.objects.filter(_holding_filter(on)).values("member_id")
    return list(
        Member.objects.filter(
            kind=Member.Kind.MEMBER,
            membership_status=Member.MembershipStatus.ACTIVE,
            schema_status=Member.SchemaStatus.READY,
        )
        .exclude(pk__in=held)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


# Rendering ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dates:
    nl: str
    en: str


def _dates(day: date) -> Dates:
    written = {}
    for language in ("nl", "en"):
        with translation.override(language):
            written[language] = formats.date_format(day, "j F Y")
    return Dates(**written)


def certificate_context(certificate: Certificate) -> dict[str, Any]:
    url = verification_url(certificate.serial)
    return {
        "certificate": certificate,
        "evaluation": Evaluation.from_json(certificate.evaluation),
        "commission_name": settings.COMMISSION_NAME,
        "verification_url": url,
        "qr": qr_svg_data_uri(url),
        "issued_on": _dates(certificate.issued_on),
        "valid_from": _dates(certificate.valid_from),
        "valid_until": _dates(certificate.valid_until),
    }


def render_certificate(certificate: Certificate) -> RenderedPdf:
    """The certificate's PDF (Dutch and English on one page), unsigned."""
    with translation.override(settings.LANGUAGE_CODE):
        return render_pdf("certification/certificate_pdf.html", certificate_context(certificate))


def certificate_render(*, certificate_id: int) -> Certificate:
    """Render, sign and store a pending certificate; a certificate already rendered is left as it is
    (a task delivered twice does the work once)."""
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().select_related("member").get(pk=certificate_id)
        if certificate.status != Certificate.Status.PENDING:
            return certificate
        reason = f"Certificaat / Certificate {certificate.serial}"
        signed = sign_rendered(render_certificate(certificate), reason=reason, location=settings.PLATFORM_DOMAIN)
        certificate.pdf.save(f"{certificate.serial}.pdf", ContentFile(signed.pdf), save=False)
        certificate.pdf_sha256 = signed.sha256
        certificate.status = Certificate.Status.ISSUED
        certificate.rendered_at = timezone.now()
        certificate.save(update_fields=["pdf", "pdf_sha256", "status", "rendered_at"])
        audit_record(
            event_type="certification.certificate_issued",
            target=certificate,
            data={"serial": certificate.serial, "sha256": certificate.pdf_sha256},
        )
        _tell_member(certificate, "issued")
    return certificate


def pending_certificates(*, older_than: timedelta = timedelta(minutes=10)) -> list[int]:
    """Certificates still being issued after ``older_than`` (their task was lost): to render again."""
    return list(
        Certificate.objects.filter(
            status=Certificate.Status.PENDING, created_at__lt=timezone.now() - older_than
        ).values_list("pk", flat=True)
    )


# Status changes -----------------------------------------------------------------------------------

#: Which status each change starts from and leads to.
CHANGES: dict[str, tuple[tuple[str, ...], str]] = {
    "suspend": ((Certificate.Status.ISSUED,), Certificate.Status.SUSPENDED),
    "reinstate": ((Certificate.Status.SUSPENDED,), Certificate.Status.ISSUED),
    "revoke": ((Certificate.Status.ISSUED, Certificate.Status.SUSPENDED), Certificate.Status.REVOKED),
}


def certificate_change(*, certificate: Certificate, change: str, reason: str, actor: Actor) -> Certificate:
    """Suspend, reinstate or revoke ``certificate`` with a reason; told to the member at once."""
    if change not in CHANGES:
        raise ValueError(f"unknown change {change!r}")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason; the member is told it.")]})
    sources, target = CHANGES[change]
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().select_related("member").get(pk=certificate.pk)
        if locked.status not in sources:
            raise ValidationError(
                _("Certificate %(serial)s is %(status)s: it cannot be %(change)s.")
                % {
                    "serial": locked.serial,
                    "status": locked.get_status_display().lower(),
                    "change": CHANGE_LABELS[change](),
                }
            )
        previous = locked.status
        locked.status = target
        locked.status_reason = reason
        locked.status_changed_at = timezone.now()
        locked.status_changed_by_label = actor_label(actor)
        locked.save(update_fields=["status", "status_reason", "status_changed_at", "status_changed_by_label"])
        audit_record(
            event_type=f"certification.certificate_{CHANGE_EVENTS[change]}",
            actor=actor,
            target=locked,
            data={"serial": locked.serial, "from": previous, "to": target, "reason": reason},
        )
        _tell_member(locked, CHANGE_EVENTS[change])
    return locked


CHANGE_EVENTS = {"suspend": "suspended", "reinstate": "reinstated", "revoke": "revoked"}
CHANGE_LABELS = {
    "suspend": lambda: _("suspended"),
    "reinstate": lambda: _("reinstated"),
    "revoke": lambda: _("revoked"),
}


def _tell_member(certificate: Certificate, event: str) -> None:
    """E-mail the member's owners and managers (after the commit, through the outbox)."""
    member = certificate.member
    context = {
        "certificate": certificate,
        "member": member.legal_name,
        "commission": settings.COMMISSION_NAME,
        "valid_until": formats.date_format(certificate.valid_until, "j F Y"),
        "reason": certificate.status_reason,
        "link": absolute_url("/office/certificates/", tenant=member),
        "verification_url": verification_url(certificate.serial),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"certification/emails/certificate_{event}_subject.txt", context).strip()
        body = render_to_string(f"certification/emails/certificate_{event}_body.txt", context)
        for to in member_manager_emails(member):
            email_queue_rendered(
                to=to,
                subject=subject,
                body_text=body,
                topic=f"certificate_{event}",
                about=f"certificate:{certificate.uuid}",
            )
