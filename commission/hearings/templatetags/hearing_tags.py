"""The hearings of a case on the parties' pages (the complainant's case page, the member's case page),
read from the commission's tables through the case the party reached with its own link or login."""

from __future__ import annotations

from typing import Any

from django import template

from commission.cases.models import Case

from ..postponement import PartyHearing, may_ask_postponement, party_hearings

register = template.Library()


@register.simple_tag
def hearings_for_party(case: Case, party: str) -> list[PartyHearing]:
    return party_hearings(case=case, party=party)


@register.simple_tag
def may_ask_postponement_tag(user: Any) -> bool:
    return may_ask_postponement(user)
