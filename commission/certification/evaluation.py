"""Whether a member meets the commission's criteria: one result per criterion, each with its figure.

The evaluation reads the commission's tables (membership, contribution ledger, rulings) and the
member's schema through one published function (``tenants.complaints.figures``), so the number of
SQL statements per member does not depend on how many complaints it has. The result is a value that
can be stored as JSON (a certificate keeps the evaluation it was issued on).
"""

from __future__ import annotations

import calendar
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.apps import apps as django_apps
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from commission.rulings.services import member_standing
from tenants.complaints.figures import FirstLineFigures, first_line_figures
from tenants.members.models import Member

from .models import Criteria, Invoice

#: Where the published regulation of a member is asked for; the regulations app may not be installed.
REGULATION_LOOKUP = "tenants.regulations.published:published_version_for"


#: A text of the result, written in the language that is active when it is called.
Text = Callable[[], str]


def in_every_language(text: Text) -> dict[str, str]:
    """``text`` written in each of the platform's languages (a certificate is bilingual)."""
    written = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            written[language] = str(text())
    return written


@dataclass(frozen=True)
class CriterionResult:
    """One criterion's outcome. Its label and figure are kept in every language, so a stored result
    reads the same later and a bilingual certificate can print both."""

    code: str
    passed: bool
    #: False when the figures were too few to judge on (then it passes).
    judged: bool = True
    labels: dict[str, str] = field(default_factory=dict)
    figures: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, code: str, *, label: Text, figure: Text, passed: bool, judged: bool = True) -> CriterionResult:
        return cls(
            code=code, passed=passed, judged=judged, labels=in_every_language(label), figures=in_every_language(figure)
        )

    def _in_language(self, texts: dict[str, str]) -> str:
        # No active language means translation is switched off: the source texts, which are English.
        language = (translation.get_language() or "en")[:2]
        return texts.get(language) or texts.get(settings.LANGUAGE_CODE) or next(iter(texts.values()), "")

    @property
    def label(self) -> str:
        """The label in the active language."""
        return self._in_language(self.labels)

    @property
    def figure(self) -> str:
        """The figure in the active language."""
        return self._in_language(self.figures)

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "passed": self.passed,
            "judged": self.judged,
            "labels": self.labels,
            "figures": self.figures,
        }


@dataclass(frozen=True)
class Evaluation:
    member_uuid: str
    on: date
    results: tuple[CriterionResult, ...]

    @property
    def passed(self) -> bool:
        return all(result.passed for result in self.results)

    def as_json(self) -> dict[str, Any]:
        return {
            "member": self.member_uuid,
            "on": self.on.isoformat(),
            "passed": self.passed,
            "criteria": [result.as_json() for result in self.results],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Evaluation:
        return cls(
            member_uuid=data["member"],
            on=date.fromisoformat(data["on"]),
            results=tuple(CriterionResult(**result) for result in data["criteria"]),
        )


def months_before(day: date, months: int) -> date:
    """The same day number ``months`` earlier, or that month's last day when it is shorter."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return day.replace(year=year, month=month + 1, day=min(day.day, calendar.monthrange(year, month + 1)[1]))


def _percent(part: int, whole: int) -> str:
    return f"{part * 100 / whole:.0f} %" if whole else "–"


def _regulation_lookup() -> Callable[[Member], tuple[int, Any] | None] | None:
    """The regulations app's published-version lookup, or None while that app is not installed."""
    module_name, _sep, name = REGULATION_LOOKUP.partition(":")
    if not django_apps.is_installed(module_name.rpartition(".")[0]):
        return None
    # Imported by name, late: the regulations app is optional for this evaluation and its models
    # cannot be imported while it is not installed.
    lookup: Callable[[Member], tuple[int, Any] | None] = getattr(importlib.import_module(module_name), name)
    return lookup


def _membership(member: Member) -> CriterionResult:
    status = Member.MembershipStatus(member.membership_status)
    return CriterionResult.of(
        "membership_active",
        label=lambda: _("Membership is active"),
        figure=lambda: str(status.label),
        passed=status == Member.MembershipStatus.ACTIVE,
    )


def _contribution(member: Member, on: date) -> CriterionResult:
    overdue = list(Invoice.objects.overdue(on=on).filter(member=member).values_list("number", flat=True))
    return CriterionResult.of(
        "contribution_paid",
        label=lambda: _("Annual contribution paid"),
        figure=lambda: _("Overdue: %(numbers)s") % {"numbers": ", ".join(overdue)} if overdue else _("Nothing overdue"),
        passed=not overdue,
    )


def _regulation(member: Member) -> CriterionResult:
    def label() -> str:
        return _("A complaints regulation is published")

    lookup = _regulation_lookup()
    if lookup is None:
        return CriterionResult.of(
            "regulation_published", label=label, figure=lambda: _("Not yet available"), passed=False, judged=False
        )
    version = lookup(member)
    return CriterionResult.of(
        "regulation_published",
        label=label,
        figure=lambda: _("Version %(number)s") % {"number": version[0]} if version else _("None published"),
        passed=bool(version),
    )


def _rulings(member: Member) -> CriterionResult:
    standing = member_standing(member)
    failing = standing["overdue"] + standing["not_complied"]
    return CriterionResult.of(
        "rulings_complied",
        label=lambda: _("No ruling left uncomplied past its term"),
        figure=lambda: (
            _("%(overdue)s overdue, %(not_complied)s not complied with, of %(to_comply)s to comply with") % standing
        ),
        passed=failing == 0,
    )


def _share(code: str, label: Text, part: int, whole: int, *, minimum: int, required: int) -> CriterionResult:
    if whole < minimum:
        return CriterionResult.of(
            code,
            label=label,
            figure=lambda: (
                _("%(count)s complaints: not enough to judge (minimum %(minimum)s)")
                % {"count": whole, "minimum": minimum}
            ),
            passed=True,
            judged=False,
        )
    return CriterionResult.of(
        code,
        label=label,
        figure=lambda: (
            _("%(part)s of %(whole)s (%(share)s; required %(required)s %%)")
            % {"part": part, "whole": whole, "share": _percent(part, whole), "required": required}
        ),
        passed=part * 100 >= required * whole,
    )


def member_figures(member: Member, *, since: date, until: date) -> FirstLineFigures:
    """The member's first-line figures, read in its own schema (none while that is being prepared)."""
    if not member.is_schema_ready:
        return FirstLineFigures(
            since=since, until=until, received=0, acknowledgment_judged=0, acknowledged_in_time=0,
            answer_judged=0, answered_in_time=0,
        )  # fmt: skip
    with schema_context(member.schema_name):
        return first_line_figures(since=since, until=until)


def evaluate_member(member: Member, *, on: date, criteria: Criteria | None = None) -> Evaluation:
    """The member's standing on ``on``: one result per criterion the commission has switched on."""
    criteria = criteria or Criteria.current()
    results: list[CriterionResult] = []
    if criteria.membership_active:
        results.append(_membership(member))
    if criteria.contribution_paid:
        results.append(_contribution(member, on))
    if criteria.regulation_published:
        results.append(_regulation(member))
    if criteria.rulings_complied:
        results.append(_rulings(member))
    if criteria.first_line_acknowledged or criteria.first_line_answered:
        figures = member_figures(member, since=months_before(on, criteria.period_months) + timedelta(days=1), until=on)
        if criteria.first_line_acknowledged:
            results.append(
                _share(
                    "first_line_acknowledged",
                    lambda: _("Complaints acknowledged within the member's term"),
                    figures.acknowledged_in_time,
                    figures.acknowledgment_judged,
                    minimum=criteria.minimum_complaints,
                    required=criteria.acknowledged_share,
                )
            )
        if criteria.first_line_answered:
            results.append(
                _share(
                    "first_line_answered",
                    lambda: _("Complaints answered within the handling term (after extension)"),
                    figures.answered_in_time,
                    figures.answer_judged,
                    minimum=criteria.minimum_complaints,
                    required=criteria.answered_share,
                )
            )
    return Evaluation(member_uuid=str(member.uuid), on=on, results=tuple(results))
