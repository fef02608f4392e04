"""Reads for the commission's public site: the register of members with their certificates and
regulations, and the committees' fees and terms for "how it works".

Everything here is public: no actor, and nothing a member has not made public (a draft regulation,
a certificate still being rendered, a member still being prepared) is returned.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from commission.cases.models import Committee
from commission.cases.services.escalation import GENERAL_COMMITTEE_NAME
from commission.certification.certificates import VERIFY_PATH
from commission.certification.models import Certificate
from commission.certification.selectors import current_certificate
from core.deadlines import Term, TermUnit
from tenants.members.links import absolute_url
from tenants.members.models import Member, Sector
from tenants.members.selectors import member_get, public_member_list, sector_list
from tenants.regulations.published import published_version_for

# The register -------------------------------------------------------------------------------------


def register_member_list(
    *,
    search: str = "",
    city: str = "",
    sector: str = "",
    statuses: Collection[str],
    on: date | None = None,
) -> QuerySet[Member]:
    """The public register's members, each with ``has_valid_certificate``: an issued certificate
    whose period covers ``on`` (a suspended or revoked one does not count)."""
    on = on or timezone.localdate()
    valid = Certificate.objects.valid_on(on).filter(member=OuterRef("pk"))
    return public_member_list(search=search, city=city, sector=sector, statuses=statuses).annotate(
        has_valid_certificate=Exists(valid)
    )


@dataclass(frozen=True)
class RegisterEntry:
    """What a member's public entry shows besides the member's own particulars."""

    member: Member
    certificate: Certificate | None
    certificate_standing: str
    certificate_standing_label: str
    verify_path: str
    regulation_number: int | None
    regulation_published_at: datetime | None
    regulation_url: str
    regulation_pdf_url: str
    complaint_url: str
    committee: CommitteeOverview


def register_entry(*, slug: str, on: date | None = None) -> RegisterEntry:
    """A member's entry in the public register, whatever its membership status; raises
    ``Member.DoesNotExist`` for a slug the register does not know."""
    on = on or timezone.localdate()
    member = member_get(slug=slug, public=True)
    certificate = current_certificate(member)
    standing = certificate.standing_on(on) if certificate is not None else None
    published = published_version_for(member)
    return RegisterEntry(
        member=member,
        certificate=certificate,
        certificate_standing=standing.value if standing is not None else "",
        certificate_standing_label=str(standing.label) if standing is not None else "",
        verify_path=VERIFY_PATH.format(serial=certificate.serial) if certificate is not None else "",
        regulation_number=published[0] if published else None,
        regulation_published_at=published[1] if published else None,
        regulation_url=_member_url("regulations_public:page", member) if published else "",
        regulation_pdf_url=_member_url("regulations_public:pdf", member) if published else "",
        complaint_url=_member_url("complaints_public:form", member),
        committee=committee_of(member),
    )


def _member_url(name: str, member: Member) -> str:
    # The member's pages are in the member hosts' URL conf, not in the commission host's.
    return absolute_url(reverse(name, urlconf=settings.ROOT_URLCONF), tenant=member)


# The committees -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeeTier:
    up_to: Decimal | None
    fee: Decimal


@dataclass(frozen=True)
class CommitteeOverview:
    """A committee as the public sees it: the sectors it hears and its rules, terms in words."""

    committee: Committee
    sectors: list[Sector] = field(default_factory=list)
    #: The general committee: it hears every sector without a committee of its own.
    is_general: bool = False

    @property
    def fee_tiers(self) -> list[FeeTier]:
        """The fee by disputed amount, ascending; empty when the committee charges one amount."""
        if self.committee.fee_mode != Committee.FeeMode.TIERED:
            return []
        return [tier for tier in (_fee_tier(row) for row in self.committee.fee_tiers or []) if tier is not None]

    def term_text(self, name: str) -> str:
        return term_words(self.committee.term(name))

    @property
    def min_wait(self) -> str:
        return self.term_text("min_wait")

    @property
    def completion(self) -> str:
        return self.term_text("completion")

    @property
    def defence(self) -> str:
        return self.term_text("defence")

    @property
    def expert_comment(self) -> str:
        return self.term_text("expert_comment")

    @property
    def ruling(self) -> str:
        return self.term_text("ruling")

    @property
    def filing_limit(self) -> str:
        return term_words(Term(self.committee.filing_limit_months, TermUnit.MONTHS))

    @property
    def court_review(self) -> str:
        return term_words(Term(self.committee.court_review_months, TermUnit.MONTHS))

    @property
    def payment_term(self) -> str:
        return term_words(Term(self.committee.payment_term_days, TermUnit.CALENDAR_DAYS))

    @property
    def payment_reminder(self) -> str:
        return term_words(Term(self.committee.payment_reminder_days, TermUnit.CALENDAR_DAYS))

    @property
    def adr_target(self) -> str:
        return term_words(Term(self.committee.adr_target_days, TermUnit.CALENDAR_DAYS))


def _fee_tier(row: Any) -> FeeTier | None:
    """One row of ``Committee.fee_tiers``; a row that is not a tier is left out rather than shown wrong."""
    try:
        up_to = row.get("up_to")
        return FeeTier(up_to=None if up_to is None else Decimal(str(up_to)), fee=Decimal(str(row["fee"])))
    except (AttributeError, KeyError, InvalidOperation):
        return None


def term_words(term: Term) -> str:
    """``term`` in the words of the active language ("4 weken", "1 month")."""
    count = term.amount
    match term.unit:
        case TermUnit.WORKING_DAYS:
            text = ngettext("%(count)s working day", "%(count)s working days", count)
        case TermUnit.CALENDAR_DAYS:
            text = ngettext("%(count)s day", "%(count)s days", count)
        case TermUnit.WEEKS:
            text = ngettext("%(count)s week", "%(count)s weeks", count)
        case _:
            text = ngettext("%(count)s month", "%(count)s months", count)
    return text % {"count": count}


def committee_overview() -> list[CommitteeOverview]:
    """The committees that hear complaints, each with the sectors it hears, by name.

    A sector goes to the first committee (by id) that lists it, else to the general committee: the
    rule of ``committee_for`` (commission/cases/services/escalation.py), so the page names the
    committee a complaint really goes to. A committee no sector goes to is not shown. Before the
    general committee's row exists (it is created on the first escalation to it), its rules are the
    model's defaults, the values that row will get.
    """
    committees = list(Committee.objects.prefetch_related("sectors").order_by("id"))
    general = next((c for c in committees if c.name == GENERAL_COMMITTEE_NAME), None) or Committee(
        name=GENERAL_COMMITTEE_NAME
    )
    heard: dict[int, list[Sector]] = {}
    by_key: dict[int, Committee] = {}
    for sector in sector_list():
        committee = next((c for c in committees if sector in c.sectors.all()), general)
        heard.setdefault(id(committee), []).append(sector)
        by_key[id(committee)] = committee
    overviews = [
        CommitteeOverview(committee=by_key[key], sectors=sectors, is_general=by_key[key] is general)
        for key, sectors in heard.items()
    ]
    return sorted(overviews, key=lambda overview: (overview.is_general, overview.committee.name))


def committee_of(member: Member) -> CommitteeOverview:
    """The committee that hears complaints about ``member`` (the rule of ``committee_overview``)."""
    for overview in committee_overview():
        if any(sector.pk == member.sector_id for sector in overview.sectors):
            return overview
    # A member always has a sector (a constraint), and every sector is in the overview.
    return CommitteeOverview(committee=Committee(name=GENERAL_COMMITTEE_NAME), is_general=True)
