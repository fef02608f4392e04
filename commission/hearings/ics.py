"""iCalendar (RFC 5545) invitations for hearings, written by hand (no dependency needed for one VEVENT).

Times are in UTC (``...Z``), so no VTIMEZONE block is needed and every calendar shows local time.
The UID is the slot's and stays the same through reschedules; SEQUENCE rises with every change, and a
cancellation is METHOD:CANCEL with STATUS:CANCELLED (RFC 5546).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.utils import timezone

PRODID = "-//Wederhoor//Hearings//NL"


@dataclass(frozen=True)
class Attendee:
    name: str
    email: str
    role: str = "REQ-PARTICIPANT"


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 §3.3.11)."""
    return (
        value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def _param(value: str) -> str:
    """A parameter value: quoted, without the characters a quoted value may not hold."""
    return '"' + value.replace('"', "'").replace("\r", " ").replace("\n", " ") + '"'


def fold(line: str) -> str:
    """Fold a content line at 75 octets (continuation lines start with one space), never inside a
    UTF-8 character."""
    out: list[str] = []
    current = b""
    limit = 75
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > limit:
            out.append(current.decode())
            current = b" "
            limit = 75
        current += encoded
    out.append(current.decode())
    return "\r\n".join(out)


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
    """One VCALENDAR with one VEVENT, CRLF line ends, folded lines."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"METHOD:{'CANCEL' if cancel else 'REQUEST'}",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{_utc(stamp or timezone.now())}",
        f"DTSTART:{_utc(start)}",
        f"DTEND:{_utc(end)}",
        f"SEQUENCE:{sequence}",
        f"STATUS:{'CANCELLED' if cancel else 'CONFIRMED'}",
        f"SUMMARY:{_text(summary)}",
    ]
    if description:
        lines.append(f"DESCRIPTION:{_text(description)}")
    if location:
        lines.append(f"LOCATION:{_text(location)}")
    if url:
        lines.append(f"URL:{url}")
    lines.append(f"ORGANIZER;CN={_param(settings.COMMISSION_NAME)}:mailto:{settings.DEFAULT_FROM_EMAIL}")
    for attendee in attendees:
        lines.append(
            f"ATTENDEE;CN={_param(attendee.name or attendee.email)};ROLE={attendee.role};"
            f"PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:{attendee.email}"
        )
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(fold(line) for line in lines) + "\r\n"
