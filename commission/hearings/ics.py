"""iCalendar (RFC 5545) invitations for hearings, built with the ``icalendar`` library.

Times are in UTC (``...Z``), so no VTIMEZONE block is needed and every calendar shows local time.
The UID is the slot's and stays the same through reschedules; SEQUENCE rises with every change, and a
cancellation is METHOD:CANCEL with STATUS:CANCELLED (RFC 5546). The library escapes TEXT values
(RFC 5545 §3.3.11), quotes parameter values where needed and folds lines at 75 octets.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress
from icalendar.parser import Contentline

PRODID = "-//Wederhoor//Hearings//NL"


@dataclass(frozen=True)
class Attendee:
    name: str
    email: str
    role: str = "REQ-PARTICIPANT"


def fold(line: str) -> str:
    """Fold a content line at 75 octets (continuation lines start with one space), never inside a
    UTF-8 character."""
    return Contentline(line).to_ical().decode()


def _address(email: str, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    for name, value in params.items():
        address.params[name] = value
    return address


def calendar(
    *,
    uid: str,
    sequence: int,
    start: datetime,
    end: datetime,
    summary: str,
    description: str = "",
    location: str = "",
    url: str = "",
    attendees: list[Attendee],
    cancel: bool = False,
    stamp: datetime | None = None,
) -> str:
    """One VCALENDAR with one VEVENT, CRLF line ends, folded lines. ``attendees`` are the only
    addresses in it besides the commission's (the organizer)."""
    cal = Calendar()
    cal.add("version", "2.0")
    cal.add("prodid", PRODID)
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "CANCEL" if cancel else "REQUEST")
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", (stamp or timezone.now()).astimezone(UTC))
    event.add("dtstart", start.astimezone(UTC))
    event.add("dtend", end.astimezone(UTC))
    event.add("sequence", sequence)
    event.add("status", "CANCELLED" if cancel else "CONFIRMED")
    event.add("summary", summary)
    if description:
        event.add("description", description)
    if location:
        event.add("location", location)
    if url:
        event.add("url", url)
    event.add("organizer", _address(settings.DEFAULT_FROM_EMAIL, CN=settings.COMMISSION_NAME), encode=False)
    for attendee in attendees:
        event.add(
            "attendee",
            _address(
                attendee.email,
                CN=attendee.name or attendee.email,
                ROLE=attendee.role,
                PARTSTAT="NEEDS-ACTION",
                RSVP="FALSE",
            ),
            encode=False,
        )
    cal.add_component(event)
    return cal.to_ical().decode()
