"""A panel member sits on at most one hearing day per date, also when the panels of several committees'
days are composed at the same moment: each attempt runs in its own thread, with its own database
connection and transaction, on committed data."""

from __future__ import annotations

import threading
import time
from datetime import time as clock
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone, translation

from commission.cases.models import Committee
from commission.hearings import services
from commission.hearings.models import Panel, PanelRole
from tenants.accounts.roles import Role

pytestmark = [pytest.mark.worker]

ATTEMPTS = 6


def _compose_all_at_once(days, seats_for) -> list[str | None]:
    """Compose every day's panel in its own thread, all released together. Returns, per day, None when
    the panel was saved, or the refusal's text."""
    barrier = threading.Barrier(len(days))
    results: list[str | None] = [None] * len(days)

    def attempt(index: int) -> None:
        try:
            with translation.override("en"):
                barrier.wait(timeout=30)
                services.panel_compose(day=days[index], actor=None, **seats_for(index))
        except services.HearingRefused as refused:
            results[index] = " ".join(refused.messages)
        except Exception as error:  # noqa: BLE001  (reported in the assertion below)
            results[index] = f"unexpected {type(error).__name__}: {error}"
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(index,)) for index in range(len(days))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return results


def test_one_panel_member_is_booked_once_per_date_across_committees(committed_db, make_user, monkeypatch):
    secretary = make_user(None, Role.SECRETARY)

    def seat(role: str, seat_name: str):
        return services.panel_member_add(user=make_user(None, role), panel_role=seat_name, actor=secretary)

    shared = seat(Role.PANEL_MEMBER, PanelRole.CONSUMER)
    chairs = [seat(Role.CHAIR, PanelRole.CHAIR) for _ in range(ATTEMPTS)]
    trades = [seat(Role.PANEL_MEMBER, PanelRole.TRADE) for _ in range(ATTEMPTS)]
    # Committees are configuration (no service creates them); one per hearing day here.
    committees = [Committee.objects.create(name=f"Testcommissie {index}") for index in range(ATTEMPTS)]
    on = timezone.localdate() + timedelta(days=30)
    days = [
        services.hearing_day_create(
            committee=committee, date=on, starts_at=clock(10, 0), place=f"Zaal {index}", actor=secretary
        )
        for index, committee in enumerate(committees)
    ]

    # Widen the window between the check and the write, so that without a lock every attempt sees the
    # shared panel member still free.
    check = services._double_booking

    def slow_check(panel_member, day):
        found = check(panel_member, day)
        time.sleep(0.3)
        return found

    monkeypatch.setattr(services, "_double_booking", slow_check)

    results = _compose_all_at_once(
        days, lambda index: {"chair": chairs[index], "consumer": shared, "trade": trades[index]}
    )

    saved = [index for index, result in enumerate(results) if result is None]
    assert len(saved) == 1, results
    winner = days[saved[0]]
    assert Panel.objects.filter(consumer=shared).count() == 1
    assert Panel.objects.get(consumer=shared).hearing_day == winner
    for index, result in enumerate(results):
        if index == saved[0]:
            continue
        # The clean refusal names the panel member and the booking it clashes with.
        assert result.startswith(f"{shared} already sits on the hearing day of"), result
        assert str(winner.committee) in result and winner.place in result, result
