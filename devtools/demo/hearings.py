"""Demo hearing days (two weeks ahead, or two weeks back for cases already heard) with the demo
panel seated, and cases scheduled on them (run in the public schema)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from commission.cases.models import Case, Committee
from commission.hearings.models import HearingDay, Panel, Slot
from commission.hearings.services import case_schedule, hearing_day_create, panel_compose
from devtools.demo.staff import panel_ensure
from tenants.accounts.models import User

DEMO_HEARING_PLACE = "Huis van Wederhoor, Voorbeeldplein 1, Utrecht"


def _weekday(day: date, step: int) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=step)
    return day


def hearing_day_ensure(*, committee: Committee, upcoming: bool, secretary: User) -> HearingDay:
    """The committee's demo hearing day two weeks ahead (or back), with the demo panel seated."""
    step = 1 if upcoming else -1
    on = _weekday(timezone.localdate() + timedelta(days=14 * step), step)
    days = HearingDay.objects.filter(committee=committee, place=DEMO_HEARING_PLACE, cancelled=False)
    if upcoming:
        days = days.filter(date__gte=timezone.localdate())
    else:
        days = days.filter(date__lt=timezone.localdate())
    day = days.order_by("date").first()
    if day is not None:
        return day
    # The same panel cannot sit for two committees on one date.
    while Panel.objects.filter(hearing_day__date=on).exclude(hearing_day__committee=committee).exists():
        on = _weekday(on + timedelta(days=step), step)
    day = hearing_day_create(
        committee=committee, date=on, starts_at=time(10, 0), actor=secretary, place=DEMO_HEARING_PLACE,
        room="Zaal 2", slot_minutes=30,
    )  # fmt: skip
    seats = panel_ensure()
    panel_compose(day=day, chair=seats["chair"], consumer=seats["consumer"], trade=seats["trade"], actor=secretary)
    return day


def schedule(case: Case, *, upcoming: bool, secretary: User) -> Slot:
    """``case`` in the next free slot of its committee's demo hearing day."""
    day = hearing_day_ensure(committee=case.committee, upcoming=upcoming, secretary=secretary)
    taken = day.slots.filter(status__in=Slot.ACTIVE).count()
    starts_at = (datetime.combine(day.date, day.starts_at) + timedelta(minutes=day.slot_minutes * taken)).time()
    return case_schedule(case=case, day=day, starts_at=starts_at, actor=secretary)
