"""Reading certificates for the commission office (the secretary's and the platform administrator's
pages under /office/certificates/).

Every read takes the user acting and returns nothing to a user who may not manage the standing of
members, so the list, the detail page and the member page agree on who sees what.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet

from tenants.accounts.actors import Actor
from tenants.accounts.roles import Capability, has_capability
from tenants.audit.models import AuditEvent
from tenants.members.models import Member

from .certificates import normalise_serial
from .models import Certificate
from .selectors import standing_expression

#: The office pages are the secretary's (manages cases) and the platform administrator's (manages
#: members), as the criteria and the contribution ledger are (``views.LEDGER_CAPABILITIES``).
OFFICE_CAPABILITIES = (Capability.MANAGE_CASES, Capability.MANAGE_MEMBERS)
#: How the audit trail names a certificate (``audit_record`` stores the model's label).
CERTIFICATE_TARGET_TYPE = "certification.certificate"


def may_manage_certificates(actor: Actor | AnonymousUser) -> bool:
    return any(has_capability(actor, capability) for capability in OFFICE_CAPABILITIES)


def certificate_list(
    *, actor: Actor | AnonymousUser, on: date, standing: str = "", search: str = ""
) -> QuerySet[Certificate]:
    """Every member's certificates, newest first, each annotated with its ``standing`` on ``on``;
    optionally only one standing, or those whose member's name or serial contains ``search``."""
    if not may_manage_certificates(actor):
        return Certificate.objects.none()
    certificates = Certificate.objects.select_related("member").annotate(standing=standing_expression(on))
    if standing in Certificate.Standing.values:
        certificates = certificates.filter(standing=standing)
    search = search.strip()[:100]
    if search:
        certificates = certificates.filter(
            Q(member_name__icontains=search)
            | Q(member__legal_name__icontains=search)
            | Q(serial__icontains=normalise_serial(search))
        )
    return certificates.order_by("-issued_on", "-created_at")


def certificate_counts(*, actor: Actor | AnonymousUser, on: date) -> dict[str, int]:
    """How many certificates have each standing on ``on`` (every standing, zero included)."""
    counts = dict.fromkeys(Certificate.Standing.values, 0)
    if not may_manage_certificates(actor):
        return counts
    rows = Certificate.objects.values(standing=standing_expression(on)).annotate(count=Count("pk")).order_by()
    for row in rows:
        counts[row["standing"]] = row["count"]
    return counts


def certificate_get(*, actor: Actor | AnonymousUser, serial: str, on: date) -> Certificate:
    """One certificate by its serial (as typed), for the office; raises Certificate.DoesNotExist."""
    return certificate_list(actor=actor, on=on).get(serial=normalise_serial(serial))


def certificate_history(*, actor: Actor | AnonymousUser, certificate: Certificate) -> QuerySet[AuditEvent]:
    """The certificate's events in the commission's audit trail, oldest first. The caller is in the
    public schema (the commission's host), where certificates and their trail live."""
    if not may_manage_certificates(actor):
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(target_type=CERTIFICATE_TARGET_TYPE, target_id=str(certificate.uuid)).order_by(
        "occurred_at", "id"
    )


def members_by_id(ids: list[int]) -> QuerySet[Member]:
    """The members with these ids (the ones due for a certificate), by name."""
    return Member.objects.filter(pk__in=ids).select_related("sector").order_by("legal_name")
