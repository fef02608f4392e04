"""Due dates from the member's regulation: working days, Dutch public holidays, Europe/Amsterdam,
closing days, presets and the one extension."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from tenants.complaints.models import Message
from tenants.complaints.services import complaint_extend, regulation_apply_preset, regulation_get, regulation_update

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


def received(*args) -> datetime:
    return datetime(*args, tzinfo=AMS)


def test_default_terms_skip_weekend_and_kings_day(register):
    # Friday 24 April 2026; Monday 27 April is King's Day, Tuesday 5 May Liberation Day.
    complaint = register(received_at=received(2026, 4, 24, 10, 0))
    assert complaint.acknowledgment_due_on == date(2026, 5, 4)  # 5 working days
    assert complaint.response_due_on == date(2026, 6, 5)  # 6 weeks


def test_terms_over_christmas_and_new_year(register, in_schema, alpha):
    with in_schema(alpha):
        regulation_apply_preset(preset="webshop", actor=None)
    complaint = register(received_at=received(2025, 12, 23, 16, 0))
    assert complaint.acknowledgment_due_on == date(2025, 12, 30)  # 3 working days: 24, 29, 30 December
    assert complaint.response_due_on == date(2026, 1, 6)  # 14 calendar days


def test_term_ending_on_a_holiday_moves_to_the_next_working_day(register):
    # 6 weeks after Thursday 2 April 2026 is Thursday 14 May 2026: Ascension Day.
    complaint = register(received_at=received(2026, 4, 2, 9, 0))
    assert complaint.response_due_on == date(2026, 5, 15)


def test_late_evening_complaint_counts_from_the_amsterdam_date(register):
    from datetime import UTC

    # 23:30 UTC on Thursday 11 June 2026 is already Friday 12 June in Amsterdam (CEST).
    complaint = register(received_at=datetime(2026, 6, 11, 23, 30, tzinfo=UTC))
    assert complaint.acknowledgment_due_on == date(2026, 6, 19)


def test_closing_days_of_the_member_count_as_non_working(register, in_schema, alpha):
    with in_schema(alpha):
        regulation_update(actor=None, closed_days=[date(2026, 11, 4), date(2026, 11, 5)])
    complaint = register(received_at=received(2026, 11, 2, 9, 0))  # Monday
    assert complaint.acknowledgment_due_on == date(2026, 11, 11)  # skips Wed 4 and Thu 5


def test_wkkgz_preset_six_weeks_plus_four(register, in_schema, alpha, staff):
    with in_schema(alpha):
        regulation = regulation_apply_preset(preset="care_wkkgz", actor=staff["owner"])
        assert (regulation.handling_amount, regulation.handling_unit) == (6, "weeks")
        assert (regulation.extension_amount, regulation.extension_unit) == (4, "weeks")
    complaint = register(received_at=received(2026, 4, 24, 10, 0))
    assert complaint.response_due_on == date(2026, 6, 5)
    with in_schema(alpha):
        extended = complaint_extend(
            complaint=complaint, actor=staff["handler"], reason="Wij wachten op een verslag van de arts."
        )
        assert extended.extended_due_on == date(2026, 7, 3)
        assert extended.due_on == date(2026, 7, 3)
        notice = Message.objects.get(complaint=complaint, kind=Message.Kind.EXTENSION)
        assert "Wij wachten op een verslag van de arts." in notice.body and "3 juli 2026" in notice.body


def test_extension_only_once_with_a_reason(register, in_schema, alpha, staff):
    complaint = register()
    with in_schema(alpha):
        with pytest.raises(ValidationError):
            complaint_extend(complaint=complaint, actor=staff["handler"], reason=" ")
        complaint_extend(complaint=complaint, actor=staff["handler"], reason="Onderzoek loopt.")
        with pytest.raises(ValidationError):
            complaint_extend(complaint=complaint, actor=staff["handler"], reason="Nog eens.")


def test_no_extension_when_the_regulation_has_none(register, in_schema, alpha, staff):
    with in_schema(alpha):
        regulation_update(actor=None, extension_amount=0)
    complaint = register()
    with in_schema(alpha), pytest.raises(ValidationError):
        complaint_extend(complaint=complaint, actor=staff["handler"], reason="Graag.")


def test_changed_terms_apply_to_new_complaints_only(register, in_schema, alpha):
    earlier = register(received_at=received(2026, 3, 2, 9, 0))
    with in_schema(alpha):
        regulation_update(actor=None, handling_amount=2, handling_unit="weeks")
        earlier.refresh_from_db()
        assert regulation_get().handling_amount == 2
    assert earlier.response_due_on == date(2026, 4, 13)
    later = register(received_at=received(2026, 3, 2, 9, 0), complainant_email="later@example.org")
    assert later.response_due_on == date(2026, 3, 16)


def test_overdue_view_lists_late_open_complaints_only(register, in_schema, alpha, staff, client_for):
    from tenants.complaints.services import complaint_transition

    late = register(received_at=received(2026, 1, 5, 9, 0), complainant_name="Laat Klant")
    register(complainant_name="Op Tijd", complainant_email="optijd@example.org")
    closed = register(
        received_at=received(2026, 1, 5, 9, 0), complainant_name="Gesloten Klant", complainant_email="g@example.org"
    )
    with in_schema(alpha):
        complaint_transition(complaint=closed, target="closed", actor=staff["handler"], outcome="withdrawn")
    page = client_for(alpha, staff["handler"]).get("/office/complaints/?overdue=on").content.decode()
    assert late.reference in page and "Op Tijd" not in page and "Gesloten Klant" not in page
