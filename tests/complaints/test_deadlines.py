"""Deadline rules: Dutch public holidays, working days, terms, extensions and time zones.

All dates are fixed; nothing here depends on today's date or on the database.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from core.deadlines import (
    AMSTERDAM,
    Term,
    TermUnit,
    add_term,
    add_working_days,
    days_overdue,
    due_date,
    dutch_public_holidays,
    easter_sunday,
    extended_due_date,
    is_due_soon,
    is_working_day,
    local_date,
    next_working_day,
    working_days_between,
)

WORKING_DAYS = TermUnit.WORKING_DAYS
CALENDAR_DAYS = TermUnit.CALENDAR_DAYS
WEEKS = TermUnit.WEEKS
MONTHS = TermUnit.MONTHS


# --- Easter and public holidays -------------------------------------------------------------------


@pytest.mark.parametrize(
    "year, easter",
    [
        (1943, date(1943, 4, 25)),  # latest possible
        (2000, date(2000, 4, 23)),
        (2008, date(2008, 3, 23)),
        (2019, date(2019, 4, 21)),
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2027, date(2027, 3, 28)),
        (2038, date(2038, 4, 25)),
        (2285, date(2285, 3, 22)),  # earliest possible
    ],
)
def test_easter_sunday(year, easter):
    assert easter_sunday(year) == easter
    assert easter.weekday() == 6


def test_holidays_2024():
    assert dutch_public_holidays(2024) == {
        date(2024, 1, 1),
        date(2024, 3, 31),  # Easter Sunday
        date(2024, 4, 1),  # Easter Monday
        date(2024, 4, 27),  # King's Day on a Saturday stays put
        date(2024, 5, 5),  # Liberation Day (a Sunday)
        date(2024, 5, 9),  # Ascension
        date(2024, 5, 19),  # Whit Sunday
        date(2024, 5, 20),  # Whit Monday
        date(2024, 12, 25),
        date(2024, 12, 26),
    }


def test_holidays_2025_kings_day_moves_to_saturday_when_27_april_is_a_sunday():
    assert date(2025, 4, 27).weekday() == 6
    assert dutch_public_holidays(2025) == {
        date(2025, 1, 1),
        date(2025, 4, 20),  # Easter Sunday
        date(2025, 4, 21),  # Easter Monday
        date(2025, 4, 26),  # King's Day, Saturday
        date(2025, 5, 5),  # Liberation Day, a Monday
        date(2025, 5, 29),  # Ascension
        date(2025, 6, 8),  # Whit Sunday
        date(2025, 6, 9),  # Whit Monday
        date(2025, 12, 25),
        date(2025, 12, 26),
    }


def test_holidays_2026():
    assert dutch_public_holidays(2026) == {
        date(2026, 1, 1),
        date(2026, 4, 5),  # Easter Sunday
        date(2026, 4, 6),  # Easter Monday
        date(2026, 4, 27),  # King's Day, Monday
        date(2026, 5, 5),  # Liberation Day, Tuesday: counted every year, not only every fifth
        date(2026, 5, 14),  # Ascension
        date(2026, 5, 24),  # Whit Sunday
        date(2026, 5, 25),  # Whit Monday
        date(2026, 12, 25),
        date(2026, 12, 26),
    }


def test_good_friday_only_on_request():
    assert date(2025, 4, 18) not in dutch_public_holidays(2025)
    with_good_friday = dutch_public_holidays(2025, include_good_friday=True)
    assert with_good_friday - dutch_public_holidays(2025) == {date(2025, 4, 18)}
    assert is_working_day(date(2025, 4, 18))


def test_kings_day_before_2014_was_queens_day():
    assert date(2013, 4, 30) in dutch_public_holidays(2013)
    assert date(2006, 4, 29) in dutch_public_holidays(2006)  # 30 April 2006 was a Sunday


# --- Working days ---------------------------------------------------------------------------------


def test_is_working_day():
    assert is_working_day(date(2025, 3, 7))  # Friday
    assert not is_working_day(date(2025, 3, 8))  # Saturday
    assert not is_working_day(date(2025, 3, 9))  # Sunday
    assert not is_working_day(date(2025, 5, 5))  # Liberation Day, Monday
    assert not is_working_day(date(2025, 12, 25))


def test_closed_days_are_not_working_days():
    assert not is_working_day(date(2025, 7, 14), closed_days=[date(2025, 7, 14)])
    assert is_working_day(date(2025, 7, 15), closed_days=[date(2025, 7, 14)])


def test_next_working_day():
    assert next_working_day(date(2025, 3, 7)) == date(2025, 3, 7)  # a working day stays
    assert next_working_day(date(2025, 3, 8)) == date(2025, 3, 10)
    assert next_working_day(date(2025, 4, 26)) == date(2025, 4, 28)  # King's Day Saturday, Sunday
    assert next_working_day(date(2025, 12, 25)) == date(2025, 12, 29)


def test_add_working_days_across_a_weekend():
    assert add_working_days(date(2025, 3, 7), 1) == date(2025, 3, 10)  # Friday -> Monday
    assert add_working_days(date(2025, 3, 6), 2) == date(2025, 3, 10)  # Thursday -> Monday
    assert add_working_days(date(2025, 3, 3), 5) == date(2025, 3, 10)  # Monday -> next Monday


def test_add_working_days_from_a_saturday_does_not_count_the_start_day():
    saturday = date(2025, 4, 5)
    assert add_working_days(saturday, 0) == date(2025, 4, 7)
    assert add_working_days(saturday, 1) == date(2025, 4, 7)
    assert add_working_days(saturday, 5) == date(2025, 4, 11)


def test_add_zero_working_days_is_the_next_working_day():
    assert add_working_days(date(2025, 3, 7), 0) == date(2025, 3, 7)
    assert add_working_days(date(2025, 12, 25), 0) == date(2025, 12, 29)


def test_add_working_days_across_christmas_and_new_year():
    # Wed 24 (1), Thu 25 and Fri 26 Christmas, weekend, Mon 29 (2), Tue 30 (3), Wed 31 (4),
    # Thu 1 January New Year's Day, Fri 2 January (5).
    assert add_working_days(date(2025, 12, 23), 5) == date(2026, 1, 2)


def test_five_working_days_over_kings_day_2025():
    # Fri 25 April (1), Sat 26 King's Day and Sun 27 skipped, Mon 28 (2), Tue 29 (3), Wed 30 (4), Thu 1 May (5).
    assert add_working_days(date(2025, 4, 24), 5) == date(2025, 5, 1)
    # Fri 2 May (6), Mon 5 May is Liberation Day, Tue 6 May (7).
    assert add_working_days(date(2025, 4, 24), 6) == date(2025, 5, 2)
    assert add_working_days(date(2025, 4, 24), 7) == date(2025, 5, 6)


def test_add_working_days_over_easter_and_whitsun_2025():
    assert add_working_days(date(2025, 4, 17), 2) == date(2025, 4, 22)  # Good Friday works, Easter Monday not
    assert add_working_days(date(2025, 6, 6), 1) == date(2025, 6, 10)  # Whit Monday 9 June


def test_add_working_days_with_closed_days():
    closure = [date(2025, 12, 29), date(2025, 12, 31), date(2026, 1, 2)]
    # Wed 24 (1); Mon 29 closed, Tue 30 (2), Wed 31 closed, Thu 1 holiday, Fri 2 closed, Mon 5 (3).
    assert add_working_days(date(2025, 12, 23), 2, closed_days=closure) == date(2025, 12, 30)
    assert add_working_days(date(2025, 12, 23), 3, closed_days=closure) == date(2026, 1, 5)


def test_add_negative_working_days_is_refused():
    with pytest.raises(ValueError):
        add_working_days(date(2025, 3, 7), -1)


def test_a_datetime_is_refused_where_a_date_is_expected():
    with pytest.raises(TypeError, match="local_date"):
        is_working_day(datetime(2025, 12, 25, 12, tzinfo=AMSTERDAM))


# --- Calendar-based terms -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "start, landing, expected",
    [
        # 6 weeks from Monday 16 March 2026 is Monday 27 April, King's Day.
        (date(2026, 3, 16), date(2026, 4, 27), date(2026, 4, 28)),
        # 6 weeks from Thursday 2 April 2026 is Ascension Day; the Friday after is a working day.
        (date(2026, 4, 2), date(2026, 5, 14), date(2026, 5, 15)),
        # 6 weeks from Thursday 13 November 2025 is Christmas Day; then Boxing Day and a weekend.
        (date(2025, 11, 13), date(2025, 12, 25), date(2025, 12, 29)),
        # 6 weeks from a Saturday is a Saturday.
        (date(2025, 3, 1), date(2025, 4, 12), date(2025, 4, 14)),
        # An ordinary working day stays.
        (date(2025, 3, 3), date(2025, 4, 14), date(2025, 4, 14)),
    ],
)
def test_six_weeks_ending_on_a_non_working_day_moves_to_the_next_working_day(start, landing, expected):
    assert start + timedelta(weeks=6) == landing
    assert add_term(start, Term(6, WEEKS)) == expected


def test_calendar_days():
    assert add_term(date(2025, 3, 3), Term(14, CALENDAR_DAYS)) == date(2025, 3, 17)
    assert add_term(date(2025, 3, 6), Term(2, CALENDAR_DAYS)) == date(2025, 3, 10)  # Saturday -> Monday
    assert add_term(date(2025, 3, 7), Term(0, CALENDAR_DAYS)) == date(2025, 3, 7)


@pytest.mark.parametrize(
    "start, months, expected",
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),  # clamped; a Friday
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year; a Thursday
        (date(2026, 1, 31), 1, date(2026, 3, 2)),  # clamped to Saturday 28 February, then Monday
        (date(2025, 10, 31), 4, date(2026, 3, 2)),  # across the year, clamped to Saturday 28 February
        (date(2025, 11, 15), 2, date(2026, 1, 15)),  # across the year
        (date(2025, 3, 31), 1, date(2025, 4, 30)),  # clamped to 30 April
        (date(2025, 4, 5), 1, date(2025, 5, 6)),  # 5 May is Liberation Day, a Monday
        (date(2025, 5, 15), 12, date(2026, 5, 15)),
    ],
)
def test_months_keep_the_day_number_clamped_to_the_month_end(start, months, expected):
    assert add_term(start, Term(months, MONTHS)) == expected


def test_calendar_term_landing_on_a_closed_day_moves_on():
    assert add_term(date(2025, 7, 1), Term(2, WEEKS)) == date(2025, 7, 15)
    closure = [date(2025, 7, 15) + timedelta(days=offset) for offset in range(3)]
    assert add_term(date(2025, 7, 1), Term(2, WEEKS), closed_days=closure) == date(2025, 7, 18)


def test_short_calendar_term_contains_at_least_two_working_days():
    # Atw art. 2: 3 days from Wed 24 December 2025 end on Sat 27, which art. 1 moves to Mon 29; the
    # term then holds one working day only, so it runs to Tue 30.
    assert add_term(date(2025, 12, 24), Term(3, CALENDAR_DAYS)) == date(2025, 12, 30)
    # 3 days from Thursday before Easter end on Easter Sunday, moved past Easter Monday to Tuesday:
    # Good Friday and Tuesday make two working days, nothing more to add ...
    assert add_term(date(2025, 4, 17), Term(3, CALENDAR_DAYS)) == date(2025, 4, 22)
    # ... unless Good Friday is closed too.
    good_friday = dutch_public_holidays(2025, include_good_friday=True)
    assert add_term(date(2025, 4, 17), Term(3, CALENDAR_DAYS), closed_days=good_friday) == date(2025, 4, 23)
    # Shorter terms are not extended that way.
    assert add_term(date(2025, 12, 24), Term(2, CALENDAR_DAYS)) == date(2025, 12, 29)


def test_working_day_term_in_add_term():
    assert add_term(date(2025, 4, 24), Term(5, WORKING_DAYS)) == date(2025, 5, 1)


# --- Due dates from a moment of receipt -----------------------------------------------------------


def test_local_date_in_summer_time_cest():
    assert local_date(datetime(2025, 6, 10, 21, 59, tzinfo=UTC)) == date(2025, 6, 10)  # 23:59 local
    assert local_date(datetime(2025, 6, 10, 22, 0, tzinfo=UTC)) == date(2025, 6, 11)  # 00:00 local
    assert local_date(datetime(2025, 6, 10, 23, 30, tzinfo=UTC)) == date(2025, 6, 11)


def test_local_date_in_winter_time_cet():
    assert local_date(datetime(2025, 1, 14, 22, 59, tzinfo=UTC)) == date(2025, 1, 14)  # 23:59 local
    assert local_date(datetime(2025, 1, 14, 23, 0, tzinfo=UTC)) == date(2025, 1, 15)  # 00:00 local
    assert local_date(datetime(2025, 1, 14, 22, 30, tzinfo=UTC)) == date(2025, 1, 14)


def test_local_date_keeps_a_local_moment():
    assert local_date(datetime(2025, 3, 30, 0, 30, tzinfo=AMSTERDAM)) == date(2025, 3, 30)


@pytest.mark.parametrize("moment", [datetime(2025, 6, 10, 12, 0), datetime(2025, 6, 10)])
def test_naive_datetime_is_refused(moment):
    with pytest.raises(ValueError):
        local_date(moment)
    with pytest.raises(ValueError):
        due_date(moment, Term(5, WORKING_DAYS))


def test_due_date_counts_from_the_local_date_in_summer():
    term = Term(5, WORKING_DAYS)
    # Thursday 12 June 2025, 23:30 UTC is already Friday 13 June in Amsterdam.
    assert due_date(datetime(2025, 6, 12, 21, 30, tzinfo=UTC), term) == date(2025, 6, 19)
    assert due_date(datetime(2025, 6, 12, 23, 30, tzinfo=UTC), term) == date(2025, 6, 20)


def test_due_date_counts_from_the_local_date_in_winter():
    term = Term(1, WORKING_DAYS)
    # Thursday 16 January 2025: 22:59 UTC is Thursday evening, 23:00 UTC is Friday midnight.
    assert due_date(datetime(2025, 1, 16, 22, 59, tzinfo=UTC), term) == date(2025, 1, 17)
    assert due_date(datetime(2025, 1, 16, 23, 0, tzinfo=UTC), term) == date(2025, 1, 20)


def test_due_date_with_closed_days():
    received = datetime(2025, 7, 10, 9, 0, tzinfo=AMSTERDAM)  # Thursday
    closure = [date(2025, 7, 11), date(2025, 7, 14)]
    assert due_date(received, Term(2, WORKING_DAYS), closed_days=closure) == date(2025, 7, 16)


def test_wkkgz_six_weeks_extended_by_four():
    received = datetime(2025, 3, 20, 10, 0, tzinfo=AMSTERDAM)  # Thursday
    original = due_date(received, Term(6, WEEKS))
    assert original == date(2025, 5, 1)
    # Four weeks after 1 May is Ascension Day, Thursday 29 May: the Friday after.
    assert extended_due_date(original, Term(4, WEEKS)) == date(2025, 5, 30)


def test_extension_runs_from_the_moved_due_date():
    # 6 weeks from Monday 16 March 2026 land on King's Day and move to Tuesday 28 April;
    # 4 more weeks run from that Tuesday.
    original = add_term(date(2026, 3, 16), Term(6, WEEKS))
    assert original == date(2026, 4, 28)
    assert extended_due_date(original, Term(4, WEEKS)) == date(2026, 5, 26)  # Whit Monday is the 25th
    assert extended_due_date(original, Term(10, WORKING_DAYS)) == date(2026, 5, 13)


# --- Counting, overdue and due soon ---------------------------------------------------------------


def test_working_days_between():
    assert working_days_between(date(2025, 3, 7), date(2025, 3, 7)) == 0
    assert working_days_between(date(2025, 3, 7), date(2025, 3, 8)) == 0  # Friday to Saturday
    assert working_days_between(date(2025, 3, 7), date(2025, 3, 10)) == 1  # Friday to Monday
    assert working_days_between(date(2025, 3, 3), date(2025, 3, 10)) == 5
    assert working_days_between(date(2025, 3, 10), date(2025, 3, 7)) == -1
    assert working_days_between(date(2025, 12, 23), date(2026, 1, 2)) == 5
    assert working_days_between(date(2025, 12, 23), date(2026, 1, 2), closed_days=[date(2025, 12, 30)]) == 4


def test_working_days_between_agrees_with_add_working_days():
    start = date(2025, 4, 24)
    for days in range(0, 30):
        end = add_working_days(start, days)
        assert working_days_between(start, end) == days


def test_days_overdue():
    due = date(2025, 3, 7)  # Friday
    assert days_overdue(due, date(2025, 3, 6)) == 0  # before
    assert days_overdue(due, due) == 0  # due today is not late
    assert days_overdue(due, date(2025, 3, 8)) == 0  # the weekend after does not count
    assert days_overdue(due, date(2025, 3, 10)) == 1
    assert days_overdue(due, date(2025, 3, 14)) == 5
    assert days_overdue(date(2025, 3, 6), due) == 1  # due yesterday
    # Over King's Day 2025 and its Sunday: Friday 25 and Monday 28 April.
    assert days_overdue(date(2025, 4, 24), date(2025, 4, 28)) == 2
    assert days_overdue(date(2025, 4, 24), date(2025, 4, 28), closed_days=[date(2025, 4, 25)]) == 1


def test_is_due_soon():
    friday, monday, tuesday = date(2025, 3, 7), date(2025, 3, 10), date(2025, 3, 11)
    assert is_due_soon(friday, friday, 0)  # due today
    assert is_due_soon(friday, friday, 3)
    assert not is_due_soon(date(2025, 3, 6), friday, 3)  # due yesterday: overdue, not soon
    assert is_due_soon(monday, friday, 1)  # Monday seen from Friday is 1 working day away
    assert not is_due_soon(monday, friday, 0)
    assert not is_due_soon(tuesday, friday, 1)
    assert is_due_soon(tuesday, friday, 2)
    assert not is_due_soon(friday, date(2025, 3, 8), 5)  # seen from the Saturday after, it has passed
    assert is_due_soon(monday, date(2025, 3, 8), 1)  # from Saturday, Monday is 1 working day away
    # Tuesday 29 April 2025 seen from Thursday 24 April: Friday 25, Monday 28, Tuesday 29.
    assert not is_due_soon(date(2025, 4, 29), date(2025, 4, 24), 2)
    assert is_due_soon(date(2025, 4, 29), date(2025, 4, 24), 3)
    assert is_due_soon(tuesday, friday, 1, closed_days=[monday])


def test_is_due_soon_refuses_a_negative_lead():
    with pytest.raises(ValueError):
        is_due_soon(date(2025, 3, 7), date(2025, 3, 7), -1)


# --- Terms ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "term, text",
    [
        (Term(5, WORKING_DAYS), "5 working days"),
        (Term(1, WORKING_DAYS), "1 working day"),
        (Term(14, CALENDAR_DAYS), "14 calendar days"),
        (Term(6, WEEKS), "6 weeks"),
        (Term(1, WEEKS), "1 week"),
        (Term(1, MONTHS), "1 month"),
        (Term(0, WEEKS), "0 weeks"),
    ],
)
def test_term_str(term, text):
    assert str(term) == text


def test_term_accepts_the_stored_unit_string():
    term = Term(6, "weeks")
    assert term.unit is TermUnit.WEEKS
    assert term == Term(6, WEEKS)


@pytest.mark.parametrize(
    "amount, unit, error",
    [(-1, WEEKS, ValueError), (1, "fortnights", ValueError), (1.5, WEEKS, TypeError), (True, WEEKS, TypeError)],
)
def test_term_refuses_bad_input(amount, unit, error):
    with pytest.raises(error):
        Term(amount, unit)


def test_term_is_immutable_and_hashable():
    term = Term(6, WEEKS)
    with pytest.raises(AttributeError):
        term.amount = 7
    assert {term, Term(6, WEEKS)} == {term}


def test_term_unit_values_are_stable():
    # Stored in the database by regulations and commission rules: renaming a value needs a migration.
    assert [unit.value for unit in TermUnit] == ["working_days", "calendar_days", "weeks", "months"]
