"""Postponement of a hearing (uitstel) at a party's request, and what the parties see of their hearings.

docs/procedure/commission.md, "Hearings": the date is set by the commission; a party that cannot
attend asks for postponement with a reason. The secretary grants the request (the hearing is
cancelled for everyone, with the calendar cancellations that a cancellation always sends, and the
case waits in the hearing stage to be scheduled again) or refuses it with a note the party receives.
A party has one open request per hearing at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from commission.cases.models import Case
from commission.cases.services import PartyActor, case_link, member_case_url
from commission.cases.services.notifications import member_staff_addresses
from tenants.accounts.actors import Actor, actor_label
from tenants.accounts.models import User
from tenants.accounts.roles import Capability, Role, has_capability
from tenants.members.links import base_url_for_host
from tenants.outbox.services import email_queue_rendered

from . import events, ics
from .invitations import slot_calendar
from .models import Panel, PanelRole, PostponementRequest, Slot
from .services import HearingRefused, case_cancel_hearing


class PostponementRefused(ValidationError):
    """The request or the decision is not possible; the message says why."""


# What a party sees ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PartyHearing:
    """One hearing of a case as a party sees it: when, where, who sits, and the party's requests.
    Nothing here names the other party's contact details."""

    slot: Slot
    seats: list[tuple[str, str]]
    requests: list[PostponementRequest]

    @property
    def cancelled(self) -> bool:
        return self.slot.status == Slot.Status.CANCELLED or self.slot.hearing_day.cancelled

    @property
    def open_request(self) -> PostponementRequest | None:
        return next((r for r in self.requests if r.is_open), None)

    @property
    def can_ask_postponement(self) -> bool:
        return not self.cancelled and self.slot.held_at is None and self.open_request is None


def party_hearings(*, case: Case, party: str) -> list[PartyHearing]:
    """The hearings of ``case`` for one of its parties (the caller has found the case through that
    party's own link or back-office): scheduled, rescheduled and cancelled, newest date first, each
    with the panel's names and seats and that party's postponement requests only."""
    if party not in PostponementRequest.Party.values:
        return []
    # The panel's users live in the commission's schema; a member's page runs in the member's schema,
    # whose users table would otherwise answer the join.
    with schema_context("public"):
        return _party_hearings(case, party)


def _party_hearings(case: Case, party: str) -> list[PartyHearing]:
    slots = Slot.objects.filter(case=case).select_related("hearing_day").order_by("-hearing_day__date", "-starts_at")
    panels = {
        p.hearing_day_id: p
        for p in Panel.objects.filter(hearing_day__in=[s.hearing_day_id for s in slots]).select_related(
            "chair__user", "consumer__user", "trade__user"
        )
    }
    requests: dict[int, list[PostponementRequest]] = {}
    for request in PostponementRequest.objects.filter(slot__case=case, party=party):
        requests.setdefault(request.slot_id, []).append(request)
    hearings = []
    for slot in slots:
        panel = panels.get(slot.hearing_day_id)
        seats = [(str(PanelRole(seat).label), str(member)) for seat, member in panel.seats] if panel else []
        hearings.append(PartyHearing(slot=slot, seats=seats, requests=requests.get(slot.pk, [])))
    return hearings


def party_slot(*, case: Case, uid: Any) -> Slot | None:
    """A hearing of ``case`` by its uid: never looked up without the case its party reached."""
    try:
        return Slot.objects.filter(case=case, uid=uid).select_related("case__member", "hearing_day").first()
    except ValidationError:
        return None


def party_calendar(*, slot: Slot, party: str) -> str:
    """The hearing's iCalendar file for one party, naming only that party's people (the same file the
    invitation e-mail carried; a cancelled hearing gives the cancellation)."""
    case = slot.case
    if party == PostponementRequest.Party.COMPLAINANT:
        attendees = [ics.Attendee(name=case.complainant_name, email=case.complainant_email)]
    else:
        attendees = [
            ics.Attendee(name=f"{case.member.legal_name}", email=address)
            for address, _language in member_staff_addresses(case)
        ]
    cancelled = slot.status == Slot.Status.CANCELLED or slot.hearing_day.cancelled
    return slot_calendar(slot, attendees=attendees, cancel=cancelled)


# Requests and decisions ----------------------------------------------------------------------------


def postponement_request(*, slot: Slot, party: str, reason: str, actor: PartyActor) -> PostponementRequest:
    """A party asks to postpone its scheduled hearing. Refused without a reason, for a hearing that is
    cancelled, held or already begun, and while the same party has an open request for it."""
    reason = (reason or "").strip()
    if party not in PostponementRequest.Party.values:
        raise PostponementRefused(_("Unknown party: %(party)s") % {"party": party})
    if not reason:
        raise PostponementRefused({"reason": [_("Give the reason why the hearing should be postponed.")]})
    with schema_context("public"), transaction.atomic():
        slot = Slot.objects.select_for_update().select_related("case", "hearing_day").get(pk=slot.pk)
        if slot.status not in Slot.ACTIVE or slot.hearing_day.cancelled:
            raise PostponementRefused(_("This hearing is cancelled."))
        if slot.held_at is not None or timezone.now() >= slot.start:
            raise PostponementRefused(_("This hearing has already begun; it can no longer be postponed."))
        if slot.postponement_requests.filter(party=party, decision="").exists():
            raise PostponementRefused(
                _("You already asked to postpone this hearing; the commission has not decided yet.")
            )
        try:
            with transaction.atomic():
                request = PostponementRequest.objects.create(
                    slot=slot, party=party, reason=reason, requested_by_label=actor.label
                )
        except IntegrityError as exc:  # a concurrent request of the same party won the race
            raise PostponementRefused(
                _("You already asked to postpone this hearing; the commission has not decided yet.")
            ) from exc
        events.slot_event(
            event_type="hearing.postponement_requested",
            slot=slot,
            actor=actor,
            new={"party": party, "reason": reason, "request": str(request.uuid)},
        )
        _tell_secretaries(request)
    return request


def _tell_secretaries(request: PostponementRequest) -> None:
    """The commission's secretaries learn of a new request at once (after the commit, through the
    outbox), with the link to the hearing day page where they grant or refuse it."""
    slot, case = request.slot, request.slot.case
    path = reverse("hearings:detail", kwargs={"uuid": slot.hearing_day.uuid}, urlconf=settings.PUBLIC_SCHEMA_URLCONF)
    link = base_url_for_host(settings.PLATFORM_DOMAIN) + path
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "reference": case.reference,
            "party": request.get_party_display().lower(),
            "reason": request.reason,
            "date": formats.date_format(slot.date, "l j F Y"),
            "time": slot.starts_at.strftime("%H:%M"),
            "link": link,
        }
        subject = render_to_string("hearings/emails/postponement_requested_subject.txt", context).strip()
        body = render_to_string("hearings/emails/postponement_requested_body.txt", context)
    secretaries = User.objects.filter(role=Role.SECRETARY, is_active=True).order_by("email")
    for address in secretaries.values_list("email", flat=True):
        email_queue_rendered(
            to=address,
            subject=subject,
            body_text=body,
            topic="hearing_postponement_requested",
            about=f"cases.case:{case.uuid}",
        )


def postponement_decide(
    *, request: PostponementRequest, grant: bool, actor: Actor, note: str = ""
) -> PostponementRequest:
    """The secretary grants or refuses a party's open request. Granting cancels the hearing for
    everyone (the calendar cancellations go out as for any cancellation) and leaves the case in the
    hearing stage, ready to be scheduled again; refusing needs a note, which the party receives."""
    if not has_capability(actor, Capability.MANAGE_CASES):
        raise PostponementRefused(_("Only the secretary decides on postponement."))
    note = (note or "").strip()
    if not grant and not note:
        raise PostponementRefused({"note": [_("Say why the request is refused; the party receives this note.")]})
    with schema_context("public"), transaction.atomic():
        request = (
            PostponementRequest.objects.select_for_update()
            .select_related("slot__case__member", "slot__hearing_day")
            .get(pk=request.pk)
        )
        if not request.is_open:
            raise PostponementRefused(_("This request has already been decided."))
        slot = request.slot
        if grant and slot.status in Slot.ACTIVE:
            try:
                slot = case_cancel_hearing(
                    slot=slot,
                    actor=actor,
                    reason=_("Postponed at the request of the %(party)s: %(reason)s")
                    % {"party": request.get_party_display().lower(), "reason": request.reason},
                )
            except HearingRefused as exc:
                raise PostponementRefused(exc.messages) from exc
        request.decision = PostponementRequest.Decision.GRANTED if grant else PostponementRequest.Decision.REFUSED
        request.decided_at = timezone.now()
        request.decided_by_label = actor_label(actor)
        request.decision_note = note
        request.save(update_fields=["decision", "decided_at", "decided_by_label", "decision_note"])
        events.slot_event(
            event_type="hearing.postponement_decided",
            slot=slot,
            actor=actor,
            old={"request": str(request.uuid), "party": request.party},
            new={"decision": request.decision, "note": note},
        )
        _tell_party(request)
    return request


def _tell_party(request: PostponementRequest) -> None:
    """The requesting party learns the decision: the complainant at their address with their link, the
    member's owners and handlers with the back-office link, each in their own language."""
    slot, case = request.slot, request.slot.case
    if request.party == PostponementRequest.Party.COMPLAINANT:
        recipients = [(case.complainant_email, "")]
        link = case_link(case)
    else:
        recipients = list(member_staff_addresses(case))
        link = member_case_url(case)
    for address, language in recipients:
        with translation.override(language or settings.LANGUAGE_CODE):
            context = {
                "reference": case.reference,
                "commission": settings.COMMISSION_NAME,
                "date": formats.date_format(slot.date, "l j F Y"),
                "time": slot.starts_at.strftime("%H:%M"),
                "granted": request.decision == PostponementRequest.Decision.GRANTED,
                "note": request.decision_note,
                "link": link,
            }
            subject = render_to_string("hearings/emails/postponement_decided_subject.txt", context)
            body = render_to_string("hearings/emails/postponement_decided_body.txt", context)
        email_queue_rendered(
            to=address,
            subject=subject,
            body_text=body,
            topic="hearing_postponement_decided",
            about=f"cases.case:{case.uuid}",
        )


def open_postponement_requests(*, slots: list[Slot]) -> dict[int, list[PostponementRequest]]:
    """The open requests of the given hearings, by slot id, for the secretary's hearing day page."""
    found: dict[int, list[PostponementRequest]] = {}
    for request in PostponementRequest.objects.filter(slot__in=slots, decision="").order_by("requested_at"):
        found.setdefault(request.slot_id, []).append(request)
    return found


def may_ask_postponement(user: Any) -> bool:
    """On the member's side the owner or a manager asks for postponement, not every complaint handler:
    it commits the organisation."""
    return has_capability(user, Capability.REPRESENT_MEMBER)
