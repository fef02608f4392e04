"""Invitations: one e-mail per party and panel member with an iCalendar file; updates keep the UID
and raise SEQUENCE; a cancellation is METHOD:CANCEL."""

from __future__ import annotations

import base64
from datetime import date, time, timedelta

import pytest
from django.conf import settings

from commission.hearings.ics import fold
from commission.hearings.services import case_cancel_hearing, case_reschedule, case_schedule
from tenants.outbox.models import OutboundEmail
from tenants.outbox.services import email_send

from .conftest import HEARING_DATE

pytestmark = pytest.mark.django_db


def parse_ics(text: str) -> list[tuple[str, dict, str]]:
    """(name, params, value) per content line, after unfolding."""
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    unfolded = text.replace("\r\n ", "").split("\r\n")
    lines = []
    for line in filter(None, unfolded):
        head, value = line.split(":", 1) if '"' not in line.split(":", 1)[0] else _split_quoted(line)
        name, *params = head.split(";")
        lines.append((name, dict(p.split("=", 1) for p in params), value))
    return lines


def _split_quoted(line: str) -> tuple[str, str]:
    quoted = False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return line[:index], line[index + 1 :]
    raise AssertionError(line)


def field(lines, name):
    return [value for n, _params, value in lines if n == name]


def calendars(to=None):
    messages = OutboundEmail.objects.order_by("id")
    if to:
        messages = messages.filter(to=to)
    return [(m, base64.b64decode(m.attachments[0]["content"]).decode()) for m in messages]


def test_invitation_to_both_parties_and_the_panel(make_case, make_day, panel_of, staff, secretary, pool):
    day = make_day(on=date(2031, 3, 12))
    panel_of(day)
    case = make_case(complainant_email="karin@example.org")
    slot = case_schedule(case=case, day=day, starts_at=time(10, 30), actor=secretary)
    recipients = set(OutboundEmail.objects.values_list("to", flat=True))
    panel_emails = {pool[s][0].user.email for s in ("chair", "consumer", "trade")}
    assert recipients == {"karin@example.org", staff["owner"].email, staff["handler"].email, *panel_emails}
    assert staff["manager"].email not in recipients
    message, text = calendars("karin@example.org")[0]
    assert message.attachments[0]["content_type"].startswith("text/calendar")
    assert case.reference in message.subject
    lines = parse_ics(text)
    assert field(lines, "METHOD") == ["REQUEST"] and field(lines, "VERSION") == ["2.0"]
    assert field(lines, "UID") == [f"{slot.uid}@{settings.PLATFORM_DOMAIN}"]
    # 10:30 in Amsterdam in March (CET, UTC+1) is 09:30 UTC.
    assert field(lines, "DTSTART") == ["20310312T093000Z"] and field(lines, "DTEND") == ["20310312T100000Z"]
    assert field(lines, "SEQUENCE") == ["0"]
    assert field(lines, "LOCATION") == ["Den Haag\\, Zaal 2"]
    # The complainant's calendar names the complainant only (no one else's address).
    assert attendees_of(text) == {"karin@example.org"}
    assert field(lines, "ORGANIZER")[0].startswith("mailto:")


def attendees_of(text: str) -> set[str]:
    return {value.removeprefix("mailto:").lower() for value in field(parse_ics(text), "ATTENDEE")}


def assert_each_party_sees_only_itself(messages, parties: list[set[str]]) -> None:
    """Every e-mail's calendar names exactly the party its recipient belongs to."""
    assert messages
    for message, text in messages:
        (party,) = [party for party in parties if message.to.lower() in party]
        assert attendees_of(text) == party, (message.to, message.topic)


def test_each_party_sees_only_itself_in_invitations_updates_and_cancellations(
    make_case, make_day, panel_of, staff, secretary, pool
):
    day = make_day()
    panel_of(day)
    later = make_day(on=HEARING_DATE + timedelta(days=1), room="Zaal 5")
    panel_of(later, 1)
    case = make_case(complainant_email="karin@example.org")
    complainant = {"karin@example.org"}
    member = {staff["owner"].email, staff["handler"].email}
    first_panel = {pool[seat][0].user.email for seat in ("chair", "consumer", "trade")}
    second_panel = {pool[seat][1].user.email for seat in ("chair", "consumer", "trade")}
    parties = [complainant, member, first_panel, second_panel]

    slot = case_schedule(case=case, day=day, starts_at=time(10, 0), actor=secretary)
    invitations = calendars()
    assert {m.to for m, _text in invitations} == complainant | member | first_panel
    assert_each_party_sees_only_itself(invitations, parties)

    # Moved to a day with another panel: an update for those still invited, a cancellation for the
    # first panel, each naming only its own party, all with the same UID and the next SEQUENCE.
    case_reschedule(slot=slot, day=later, starts_at=time(11, 0), actor=secretary)
    updates = calendars()[len(invitations) :]
    assert {m.to for m, _text in updates} == complainant | member | first_panel | second_panel
    assert_each_party_sees_only_itself(updates, parties)
    for message, text in updates:
        lines = parse_ics(text)
        assert field(lines, "SEQUENCE") == ["1"] and field(lines, "UID") == [f"{slot.uid}@{settings.PLATFORM_DOMAIN}"]
        expected = "CANCEL" if message.to in first_panel else "REQUEST"
        assert field(lines, "METHOD") == [expected], message.to

    case_cancel_hearing(slot=slot, actor=secretary, reason="Schikking")
    cancellations = calendars()[len(invitations) + len(updates) :]
    assert {m.to for m, _text in cancellations} == complainant | member | second_panel
    assert_each_party_sees_only_itself(cancellations, parties)
    for _message, text in cancellations:
        assert field(parse_ics(text), "METHOD") == ["CANCEL"] and field(parse_ics(text), "SEQUENCE") == ["2"]


def test_reschedule_keeps_uid_and_raises_sequence_then_cancel(make_case, make_day, secretary):
    day = make_day()
    case = make_case()
    slot = case_schedule(case=case, day=day, starts_at=time(10, 0), actor=secretary)
    first = parse_ics(calendars("karin@example.org")[0][1])
    case_reschedule(slot=slot, day=day, starts_at=time(13, 0), actor=secretary)
    updated_message, updated_text = calendars("karin@example.org")[1]
    updated = parse_ics(updated_text)
    assert field(updated, "UID") == field(first, "UID")
    assert field(updated, "SEQUENCE") == ["1"] and field(updated, "METHOD") == ["REQUEST"]
    assert field(updated, "DTSTART") == ["20310312T120000Z"]
    assert updated_message.topic == "hearing_updated"
    case_cancel_hearing(slot=slot, actor=secretary, reason="Schikking")
    cancelled = parse_ics(calendars("karin@example.org")[2][1])
    assert field(cancelled, "METHOD") == ["CANCEL"] and field(cancelled, "STATUS") == ["CANCELLED"]
    assert field(cancelled, "UID") == field(first, "UID") and field(cancelled, "SEQUENCE") == ["2"]
    # The case can be scheduled again.
    case_schedule(case=case, day=day, starts_at=time(10, 0), actor=secretary)


def test_video_hearing_has_url(make_case, make_day, secretary):
    day = make_day(place="", room="", video_link="https://video.example.org/zitting-12")
    case_schedule(case=make_case(), day=day, starts_at=time(10, 0), actor=secretary)
    lines = parse_ics(calendars("karin@example.org")[0][1])
    assert field(lines, "URL") == ["https://video.example.org/zitting-12"]


def test_attachment_is_sent_with_the_mail(make_case, make_day, secretary, mailoutbox):
    case_schedule(case=make_case(), day=make_day(), starts_at=time(10, 0), actor=secretary)
    message = OutboundEmail.objects.get(to="karin@example.org")
    email_send(email_id=message.pk)
    filename, content, content_type = mailoutbox[0].attachments[0]
    assert filename == "invite.ics" and content_type.startswith("text/calendar") and "BEGIN:VCALENDAR" in content


def test_long_lines_are_folded_at_75_octets():
    line = "DESCRIPTION:" + "é" * 80
    folded = fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line
