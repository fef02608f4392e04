"""Deadline arithmetic: working days, Dutch public holidays, terms and extensions.

Pure functions only: no database, no clock. The terms themselves (how many days, weeks or months)
come from configuration, the member's complaints regulation (klachtenregeling) or the commission's
rules; this module only computes dates from them. Callers pass "today" explicitly.

The rules, in plain words:

- Public holidays are the "algemeen erkende feestdagen" of the Algemene termijnenwet (Atw), art. 3
  lid 1: New Year's Day (1 January), Easter Monday (tweede Paasdag), Ascension Day (Hemelvaartsdag,
  Easter + 39 days), Whit Monday (tweede Pinksterdag, Easter + 50 days), King's Day (Koningsdag,
  27 April, or Saturday 26 April when 27 April is a Sunday), Liberation Day (Bevrijdingsdag, 5 May,
  which the Atw counts every year, not only every fifth year) and Christmas Day and Boxing Day (25 and
  26 December). Easter Sunday and Whit Sunday are listed too; they are Sundays anyway.
- Easter is computed with the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
- Good Friday (Goede Vrijdag) is only included on request (``include_good_friday=True``), and the
  working-day functions never include it by themselves. Note that Atw art. 3 lid 2 puts Good Friday
  on a par with a public holiday for statutory terms; a regulation that follows the Atw strictly can
  pass Good Friday in ``closed_days`` (``dutch_public_holidays(year, include_good_friday=True)``
  gives the full set). The same goes for the bridging days that a royal decree equates with public
  holidays every few years (Atw art. 3 lid 3): they are not built in.
- Before 2014 the King's birthday was Koninginnedag, 30 April (29 April when 30 April was a
  Sunday); that rule is used for earlier years. Older changes in the law are not modelled.
- ``closed_days`` are extra non-working days a member configures, such as a collective closure.
- A working day is Monday to Friday, not a public holiday and not a closed day.
- A term in working days counts that many working days after the start day; the start day itself
  never counts, whether or not it is a working day. A term of 0 working days ends on the start day if
  that is a working day, otherwise on the next working day.
- A term in calendar days, weeks or months adds that calendar amount to the start day. A month term
  ends on the same day number in the target month, or on the month's last day when that month is
  shorter (31 January + 1 month = 28 or 29 February).
- When a calendar-based term would end on a Saturday, Sunday, public holiday or closed day, it ends
  on the next working day instead (Atw art. 1 lid 1).
- A calendar-based term of at least three days is extended, where needed, so that it contains at
  least two working days after the start day (Atw art. 2). This only matters for short terms over
  Christmas or Easter, or over a long closure: 3 calendar days from Wednesday 24 December 2025
  would end on Monday 29 December (art. 1) but end on Tuesday 30 December (art. 2).
- Strictly the Atw only governs terms set by statute (such as the Wkkgz handling term) and not
  terms longer than 90 days, 12 weeks or 3 months; the platform applies the same rules to every
  term, including those in a member's regulation, so that all deadlines behave alike.
- A complaint's term starts on the date on which it was received, in Dutch local time
  (Europe/Amsterdam): a complaint received at 23:30 UTC on a summer evening was received the next
  day in the Netherlands.
- An extension (such as the Wkkgz extension of 4 weeks on top of 6) runs from the original due
  date, with the same rules.
"""

from __future__ import annotations

import calendar
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = [
    "AMSTERDAM",
    "Term",
    "TermUnit",
    "add_term",
    "add_working_days",
    "days_overdue",
    "due_date",
    "dutch_public_holidays",
    "easter_sunday",
    "extended_due_date",
    "is_due_soon",
    "is_working_day",
    "local_date",
    "next_working_day",
    "working_days_between",
]

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

ONE_DAY = timedelta(days=1)

# Atw art. 2 only applies to terms of at least this many days.
SHORT_TERM_MINIMUM_DAYS = 3
# ...and then requires at least this many working days inside the term.
SHORT_TERM_MINIMUM_WORKING_DAYS = 2


class TermUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("working days")
    CALENDAR_DAYS = "calendar_days", _("calendar days")
    WEEKS = "weeks", _("weeks")
    MONTHS = "months", _("months")


#: The choices of a model field that stores a term's unit.
TERM_UNIT_CHOICES = TermUnit.choices


# English only, singular and plural: ``Term.__str__`` is for logs, audit values and tests; the UI
# translates through the ``TermUnit`` labels.
_UNIT_WORDS: dict[TermUnit, tuple[str, str]] = {
    TermUnit.WORKING_DAYS: ("working day", "working days"),
    TermUnit.CALENDAR_DAYS: ("calendar day", "calendar days"),
    TermUnit.WEEKS: ("week", "weeks"),
    TermUnit.MONTHS: ("month", "months"),
}


@dataclass(frozen=True)
class Term:
    """A term (termijn) as a regulation states it: an amount of working days, calendar days, weeks or
    months. The amount is a whole number, zero or more; the unit may be given as its stored string
    (``"weeks"``), as read from a model field."""

    amount: int
    unit: TermUnit

    def __post_init__(self) -> None:
        if isinstance(self.amount, bool) or not isinstance(self.amount, int):
            raise TypeError(f"Term amount must be an int, not {type(self.amount).__name__}")
        if self.amount < 0:
            raise ValueError(f"Term amount cannot be negative: {self.amount}")
        # A frozen dataclass: normalise the unit once, so a plain string from the database works too.
        object.__setattr__(self, "unit", TermUnit(self.unit))

    def __str__(self) -> str:
        singular, plural = _UNIT_WORDS[self.unit]
        return f"{self.amount} {singular if self.amount == 1 else plural}"


def _require_date(value: object, name: str) -> None:
    # A datetime is a date subclass but never equals a date, so it would silently miss every holiday.
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"{name} must be a date, not {type(value).__name__}; convert datetimes with local_date()")


def easter_sunday(year: int) -> date:
    """Easter Sunday of a Gregorian year, by the anonymous Gregorian algorithm (Meeus/Jones/Butcher)."""
    golden = year % 19
    century, year_of_century = divmod(year, 100)
    leap_centuries, century_rest = divmod(century, 4)
    moon_correction = (century + 8) // 25
    solar_correction = (century - moon_correction + 1) // 3
    epact = (19 * golden + century - leap_centuries - solar_correction + 15) % 30
    leap_years, year_rest = divmod(year_of_century, 4)
    weekday_offset = (32 + 2 * century_rest + 2 * leap_years - epact - year_rest) % 7
    correction = (golden + 11 * epact + 22 * weekday_offset) // 451
    month, day = divmod(epact + weekday_offset - 7 * correction + 114, 31)
    return date(year, month, day + 1)


def _kings_day(year: int) -> date:
    if year >= 2014:
        kings_day = date(year, 4, 27)
    else:
        kings_day = date(year, 4, 30)  # Koninginnedag
    # Never celebrated on a Sunday: it moves to the Saturday before.
    if kings_day.weekday() == calendar.SUNDAY:
        kings_day -= ONE_DAY
    return kings_day


@lru_cache(maxsize=64)
def dutch_public_holidays(year: int, *, include_good_friday: bool = False) -> frozenset[date]:
    """The Dutch public holidays of a year as the Algemene termijnenwet (art. 3) counts them.

    New Year's Day, Easter Sunday and Monday, King's Day (27 April, or 26 April when the 27th is a
    Sunday), Liberation Day (5 May, every year), Ascension Day, Whit Sunday and Monday, Christmas Day
    and Boxing Day. Good Friday only when ``include_good_friday`` is true.
    """
    easter = easter_sunday(year)
    holidays = {
        date(year, 1, 1),  # Nieuwjaarsdag
        easter,  # eerste Paasdag
        easter + timedelta(days=1),  # tweede Paasdag
        _kings_day(year),  # Koningsdag
        date(year, 5, 5),  # Bevrijdingsdag
        easter + timedelta(days=39),  # Hemelvaartsdag
        easter + timedelta(days=49),  # eerste Pinksterdag
        easter + timedelta(days=50),  # tweede Pinksterdag
        date(year, 12, 25),  # eerste Kerstdag
        date(year, 12, 26),  # tweede Kerstdag
    }
    if include_good_friday:
        holidays.add(easter - timedelta(days=2))  # Goede Vrijdag
    return frozenset(holidays)


def _working(day: date, closed: frozenset[date]) -> bool:
    return day.weekday() < calendar.SATURDAY and day not in closed and day not in dutch_public_holidays(day.year)


def is_working_day(day: date, *, closed_days: Collection[date] = ()) -> bool:
    """A working day is Monday to Friday, not a Dutch public holiday and not one of ``closed_days``."""
    _require_date(day, "day")
    return _working(day, frozenset(closed_days))


def _next_working(day: date, closed: frozenset[date]) -> date:
    while not _working(day, closed):
        day += ONE_DAY
    return day


def next_working_day(day: date, *, closed_days: Collection[date] = ()) -> date:
    """The day itself when it is a working day, otherwise the first working day after it."""
    _require_date(day, "day")
    return _next_working(day, frozenset(closed_days))


def _add_working(start: date, days: int, closed: frozenset[date]) -> date:
    if days < 0:
        raise ValueError(f"Cannot add a negative number of working days: {days}")
    if days == 0:
        return _next_working(start, closed)
    day = start
    while days:
        day += ONE_DAY
        if _working(day, closed):
            days -= 1
    return day


def add_working_days(start: date, days: int, *, closed_days: Collection[date] = ()) -> date:
    """The date ``days`` working days after ``start``.

    The start day never counts, even when it is a working day: 1 working day from a Friday is the
    Monday after, and so is 1 working day from a Saturday. 0 working days gives the start day when it
    is a working day, otherwise the next working day.
    """
    _require_date(start, "start")
    return _add_working(start, days, frozenset(closed_days))


def _add_months(start: date, months: int) -> date:
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def _count_working(start: date, end: date, closed: frozenset[date]) -> int:
    if end < start:
        return -_count_working(end, start, closed)
    count = 0
    day = start
    while day < end:
        day += ONE_DAY
        if _working(day, closed):
            count += 1
    return count


def add_term(start: date, term: Term, *, closed_days: Collection[date] = ()) -> date:
    """The last day of ``term`` counted from ``start`` (the start day itself does not count).

    Working days: see ``add_working_days``. Calendar days, weeks and months: add the calendar amount
    (months keep the day number, clamped to the end of a shorter month); a term that would end on a
    Saturday, Sunday, public holiday or closed day ends on the next working day (Atw art. 1), and a
    term of three days or more always contains at least two working days (Atw art. 2).
    """
    _require_date(start, "start")
    closed = frozenset(closed_days)
    if term.unit == TermUnit.WORKING_DAYS:
        return _add_working(start, term.amount, closed)
    if term.unit == TermUnit.CALENDAR_DAYS:
        end = start + timedelta(days=term.amount)
    elif term.unit == TermUnit.WEEKS:
        end = start + timedelta(weeks=term.amount)
    else:
        end = _add_months(start, term.amount)
    lasts_three_days_or_more = (end - start).days >= SHORT_TERM_MINIMUM_DAYS
    end = _next_working(end, closed)
    if lasts_three_days_or_more:
        end = max(end, _add_working(start, SHORT_TERM_MINIMUM_WORKING_DAYS, closed))
    return end


def local_date(moment: datetime) -> date:
    """The calendar date of an aware moment in Dutch local time (Europe/Amsterdam).

    A naive datetime is refused with ``ValueError``: without a time zone the date is a guess.
    """
    if not isinstance(moment, datetime):
        raise TypeError(f"moment must be a datetime, not {type(moment).__name__}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("local_date() needs an aware datetime; got a naive one")
    return moment.astimezone(AMSTERDAM).date()


def due_date(received_at: datetime, term: Term, *, closed_days: Collection[date] = ()) -> date:
    """The day by which something received at ``received_at`` must be dealt with under ``term``.

    The term starts on the Dutch local date of receipt (a complaint received at 23:30 UTC on a summer
    evening was received the next day in the Netherlands) and is counted as in ``add_term``.
    """
    return add_term(local_date(received_at), term, closed_days=closed_days)


def extended_due_date(original_due: date, extension: Term, *, closed_days: Collection[date] = ()) -> date:
    """The new due date after an extension: the extension runs from the original due date, counted as
    in ``add_term`` (Wkkgz: 6 weeks, extended once by 4 weeks, ends 4 weeks after the 6-week date)."""
    return add_term(original_due, extension, closed_days=closed_days)


def working_days_between(start: date, end: date, *, closed_days: Collection[date] = ()) -> int:
    """The number of working days after ``start`` up to and including ``end``.

    Friday to the next Monday is 1. When ``end`` is before ``start`` the result is negative: minus the
    working days after ``end`` up to and including ``start``.
    """
    _require_date(start, "start")
    _require_date(end, "end")
    return _count_working(start, end, frozenset(closed_days))


def days_overdue(due: date, today: date, *, closed_days: Collection[date] = ()) -> int:
    """How many working days ``today`` is past ``due``; 0 when it is not overdue.

    Lateness is counted in working days after the due date: due on Friday, it is 0 on the Saturday and
    Sunday after and 1 on Monday.
    """
    _require_date(due, "due")
    _require_date(today, "today")
    return max(0, _count_working(due, today, frozenset(closed_days)))


def is_due_soon(due: date, today: date, lead_working_days: int, *, closed_days: Collection[date] = ()) -> bool:
    """Whether ``due`` is today or at most ``lead_working_days`` working days away.

    True when the due date is not in the past and the working days after today up to and including
    the due date number at most the lead: due today is always soon; due on Monday is soon on the
    Friday before with a lead of 1; a due date already passed is never soon (it is overdue).
    """
    _require_date(due, "due")
    _require_date(today, "today")
    if lead_working_days < 0:
        raise ValueError(f"lead_working_days cannot be negative: {lead_working_days}")
    if due < today:
        return False
    return _count_working(today, due, frozenset(closed_days)) <= lead_working_days
