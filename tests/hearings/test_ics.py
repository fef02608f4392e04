"""The invitation file read back with the icalendar library: a long description with commas,
semicolons, backslashes and newlines is escaped and folded, and comes back as it went in."""

from __future__ import annotations

from datetime import UTC, datetime

from icalendar import Calendar

from commission.hearings.ics import Attendee, calendar

DESCRIPTION = (
    "Klager: Karin de Vries, Utrecht; lid: Alfa B.V., Den Haag.\n"
    "Neem mee: uw stukken; een legitimatie, en zo nodig een tolk.\n"
    "Pad: C:\\zaken\\GC-2031-00001 — " + "één lange regel met komma's, puntkomma's; en nog meer tekst, " * 4
)


def test_long_description_is_escaped_folded_and_read_back():
    start = datetime(2031, 3, 12, 9, 30, tzinfo=UTC)
    text = calendar(
        uid="slot-1@wederhoor.test",
        sequence=2,
        start=start,
        end=datetime(2031, 3, 12, 10, 0, tzinfo=UTC),
        summary="Zitting GC-2031-00001, Geschillencommissie; Den Haag",
        description=DESCRIPTION,
        location="Den Haag, Zaal 2",
        attendees=[Attendee(name="Karin de Vries", email="karin@example.org")],
    )
    raw_lines = text.split("\r\n")
    assert text.endswith("\r\n") and all(len(line.encode()) <= 75 for line in raw_lines)
    assert any(line.startswith(" ") for line in raw_lines)  # the description was folded
    unfolded = text.replace("\r\n ", "")
    (description_line,) = [line for line in unfolded.split("\r\n") if line.startswith("DESCRIPTION:")]
    assert "\\," in description_line and "\\;" in description_line and "\\n" in description_line
    assert "\\\\zaken" in description_line and "\n" not in description_line

    (event,) = Calendar.from_ical(text).walk("VEVENT")
    assert str(event["DESCRIPTION"]) == DESCRIPTION
    assert str(event["SUMMARY"]) == "Zitting GC-2031-00001, Geschillencommissie; Den Haag"
    assert str(event["LOCATION"]) == "Den Haag, Zaal 2"
    assert str(event["UID"]) == "slot-1@wederhoor.test" and int(event["SEQUENCE"]) == 2
    assert event.decoded("DTSTART") == start
    attendee = event["ATTENDEE"]  # one party's file: one attendee, no one else's address
    assert str(attendee) == "mailto:karin@example.org" and attendee.params["CN"] == "Karin de Vries"
