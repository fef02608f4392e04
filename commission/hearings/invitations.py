"""Hearing invitations: one e-mail per person from the commission's outbox, each with an iCalendar
file that names only that person's party (docs/procedure/commission.md, "Hearings")."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from tenants.accounts.models import User
from tenants.accounts.roles import Role
from tenants.members.models import Member
from tenants.outbox.services import email_attachment, email_queue_rendered

from . import ics
from .models import Panel, PanelRole, Slot


def _member_contacts(member: Member) -> list[ics.Attendee]:
    """The member's owners and handlers (users live in the member's own schema)."""

    with schema_context(member.schema_name):
        users = User.objects.filter(is_active=True, role__in=[Role.OWNER, Role.HANDLER]).order_by("email")
        return [ics.Attendee(name=f"{u.full_name} ({member.legal_name})", email=u.email) for u in users]


def invited_parties(slot: Slot) -> list[list[ics.Attendee]]:
    """Who is invited, by party: the complainant, the member's contacts and the panel. Each party's
    calendar names only that party as attendees (a party never learns another party's or the panel's
    addresses; the panel members see each other). An address appears in one party only."""
    case = slot.case
    parties = [[ics.Attendee(name=case.complainant_name, email=case.complainant_email)], _member_contacts(case.member)]
    panel = (
        Panel.objects.filter(hearing_day=slot.hearing_day)
        .select_related("chair__user", "consumer__user", "trade__user")
        .first()
    )
    if panel is not None:
        role: dict[str, str] = {PanelRole.CHAIR: "CHAIR"}
        parties.append(
            [
                ics.Attendee(name=str(m), email=m.user.email, role=role.get(seat, "REQ-PARTICIPANT"))
                for seat, m in panel.seats
            ]
        )
    seen: set[str] = set()
    unique_parties = []
    for party in parties:
        unique = []
        for person in party:
            if person.email.lower() not in seen:
                seen.add(person.email.lower())
                unique.append(person)
        if unique:
            unique_parties.append(unique)
    return unique_parties


def invited(slot: Slot) -> list[ics.Attendee]:
    """Everyone invited to the hearing, all parties together."""
    return [person for party in invited_parties(slot) for person in party]


def slot_calendar(slot: Slot, *, attendees: list[ics.Attendee], cancel: bool = False) -> str:
    """The hearing as an iCalendar invitation (or cancellation) naming ``attendees``: one party's
    calendar, never everyone's (see ``invited_parties``)."""
    day = slot.hearing_day
    return ics.calendar(
        uid=f"{slot.uid}@{settings.PLATFORM_DOMAIN}",
        sequence=slot.sequence,
        start=slot.start,
        end=slot.end,
        summary=_("Hearing %(case)s — %(commission)s")
        % {"case": slot.case.reference, "commission": settings.COMMISSION_NAME},
        description=_("Complainant: %(complainant)s. Member: %(member)s.")
        % {"complainant": slot.case.complainant_name, "member": slot.case.member.legal_name},
        location=", ".join(p for p in (day.place, day.room) if p) or day.video_link,
        url=day.video_link,
        attendees=attendees,
        cancel=cancel,
    )


def send_invitations(slot: Slot, *, cancel: bool, parties: list[list[ics.Attendee]] | None = None) -> None:
    """One e-mail per recipient from the commission's outbox, with the invitation (or cancellation)
    of the recipient's party attached. ``parties``: only these people, by party (those a reschedule
    dropped); default: everyone invited now."""

    if parties is None:
        parties = invited_parties(slot)
    method = "CANCEL" if cancel else "REQUEST"
    template = "cancelled" if cancel else ("updated" if slot.sequence else "invitation")
    day = slot.hearing_day
    with schema_context("public"):
        for party in parties:
            attachment = email_attachment(
                filename="cancel.ics" if cancel else "invite.ics",
                content=slot_calendar(slot, cancel=cancel, attendees=party),
                content_type=f"text/calendar; charset=utf-8; method={method}",
            )
            for person in party:
                context = {
                    "name": person.name,
                    "reference": slot.case.reference,
                    "commission": settings.COMMISSION_NAME,
                    "date": formats.date_format(day.date, "l j F Y"),
                    "time": slot.starts_at.strftime("%H:%M"),
                    "place": ", ".join(p for p in (day.place, day.room) if p),
                    "video_link": day.video_link,
                }
                email_queue_rendered(
                    to=person.email,
                    subject=render_to_string(f"hearings/emails/{template}_subject.txt", context),
                    body_text=render_to_string(f"hearings/emails/{template}_body.txt", context),
                    topic=f"hearing_{template}",
                    about=f"cases.case:{slot.case.uuid}",
                    attachments=[attachment],
                )


# Agenda ------------------------------------------------------------------------------------------
