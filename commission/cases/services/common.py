"""What every step of the procedure shares: who acts for a party, and how a case is locked.

Every service is keyword-only, runs in one transaction in the ``public`` schema (the commission's
audit trail and outbox live there, also when a member's staff act from their own back-office) and
writes its audit event. E-mails go through the commission's outbox after commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _

from ..models import Case, Stage


@dataclass(frozen=True)
class PartyActor:
    """A party acting through its own page: a member's staff user (whose row lives in the member's
    schema) or the complainant with their link. The public audit trail stores the label, never a
    user id from another schema."""

    party: str
    label: str
    is_authenticated: bool = False

    @property
    def audit_label(self) -> str:
        return f"{self.party}: {self.label}"


def locked(case: Case) -> Case:
    return Case.objects.select_for_update().select_related("committee", "member").get(pk=case.pk)


def refuse_closed(case: Case) -> None:
    if case.stage == Stage.CLOSED:
        raise ValidationError(_("This case is closed."))


def long_date(value: date | None) -> str:
    return formats.date_format(value, "j F Y") if value else ""
