"""Hearings: hearing days, the panel pool, composing panels, scheduling cases, invitations and
attendance. Every function is one transaction and writes its audit event; e-mails are outbox rows that
leave after commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from commission.cases.models import Case, Committee, Stage
from commission.cases.services import case_move
from core.pdf import RenderedPdf, render_pdf
from tenants.accounts.actors import Actor, actor_label
from tenants.accounts.models import User
from tenants.accounts.roles import Role
from tenants.members.models import Member, Sector

from . import events
from .invitations import invited, invited_parties, send_invitations
from .models import Attendance, Conflict, HearingDay, Panel, PanelMember, PanelRole, Slot, Unavailability

#: Stages from which a case can be put on a hearing day; all but ``hearing`` move the case there.
SCHEDULABLE_STAGES = (Stage.DEFENCE, Stage.WRITTEN_ROUNDS, Stage.EXPERT, Stage.DELIBERATION, Stage.HEARING)


class HearingRefused(ValidationError):
    """The planning request conflicts with a rule; the message names what it conflicts with."""


def _day_label(day: HearingDay) -> str:
    return f"{formats.date_format(day.date, 'j F Y')} ({day.committee}, {day.location or '-'})"


def _slot_label(slot: Slot) -> str:
    return _("case %(case)s at %(time)s on %(day)s") % {
        "case": slot.case.reference,
        "time": slot.starts_at.strftime("%H:%M"),
        "day": _day_label(slot.hearing_day),
    }


# Hearing days and the pool ----------------------------------------------------------------------


def hearing_day_create(
    *,
    committee: Committee,
    date: date,
    starts_at: time,
    actor: Actor,
    place: str = "",
    room: str = "",
    video_link: str = "",
    slot_minutes: int = 30,
) -> HearingDay:
    """A session day of a committee. It needs a place or a video link."""
    if not place.strip() and not video_link.strip():
        raise HearingRefused({"place": [_("Give a place or a video link.")]})
    if slot_minutes < 5:
        raise HearingRefused({"slot_minutes": [_("A slot takes at least 5 minutes.")]})
    with transaction.atomic():
        day = HearingDay.objects.create(
            committee=committee,
            date=date,
            starts_at=starts_at,
            place=place.strip(),
            room=room.strip(),
            video_link=video_link.strip(),
            slot_minutes=slot_minutes,
        )
        events.hearing_day_created_event(day=day, actor=actor)
    return day


def panel_member_add(*, user: User, panel_role: str, actor: Actor, sectors: Sequence[Sector] = ()) -> PanelMember:
    """Add a commission user (panel member or chair) to the pool for one seat."""
    if user.role not in (Role.PANEL_MEMBER, Role.CHAIR) or not user.is_active:
        raise HearingRefused(_("Only active panel members and chairs can join the pool."))
    if panel_role not in PanelRole.values:
        raise HearingRefused({"panel_role": [_("Choose a seat.")]})
    with transaction.atomic():
        panel_member, _created = PanelMember.objects.update_or_create(
            user=user, defaults={"panel_role": panel_role, "active": True}
        )
        panel_member.sectors.set(sectors)
        events.panel_member_added_event(panel_member=panel_member, actor=actor)
    return panel_member


def conflict_declare(
    *, panel_member: PanelMember, reason: str, actor: Actor, member: Member | None = None, case: Case | None = None
) -> Conflict:
    """Record that a panel member may not hear cases of a member organisation, or one case."""
    if (member is None) == (case is None):
        raise HearingRefused(_("Choose either a member or a case."))
    if not reason.strip():
        raise HearingRefused({"reason": [_("Give the reason for the conflict.")]})
    with transaction.atomic():
        _lock_panel_members([panel_member.pk])
        conflict = Conflict.objects.create(panel_member=panel_member, member=member, case=case, reason=reason.strip())
        events.conflict_declared_event(conflict=conflict, actor=actor)
    return conflict


def unavailability_add(*, panel_member: PanelMember, date: date, actor: Actor, note: str = "") -> Unavailability:
    """A date on which the panel member cannot sit."""
    with transaction.atomic():
        _lock_panel_members([panel_member.pk])
        unavailability, _created = Unavailability.objects.get_or_create(
            panel_member=panel_member, date=date, defaults={"note": note.strip()}
        )
        events.unavailability_added_event(unavailability=unavailability, actor=actor)
    return unavailability


# Panels -------------------------------------------------------------------------------------------


def _conflict_with(panel_member: PanelMember, cases: list[Case]) -> str | None:
    """The first declared conflict of ``panel_member`` with one of ``cases``, described, or None."""
    for case in cases:
        conflict = (
            Conflict.objects.filter(panel_member=panel_member)
            .filter(_member_or_case(case))
            .select_related("member", "case")
            .first()
        )
        if conflict is not None:
            return _("%(person)s declared a conflict with %(what)s (case %(case)s): %(reason)s") % {
                "person": panel_member,
                "what": conflict.member.legal_name
                if conflict.member
                else conflict.case.reference
                if conflict.case
                else "",
                "case": case.reference,
                "reason": conflict.reason,
            }
    return None


def _member_or_case(case: Case) -> Q:
    return Q(member_id=case.member_id) | Q(case_id=case.pk)


def _double_booking(panel_member: PanelMember, day: HearingDay) -> str | None:
    other = (
        Panel.objects.filter(hearing_day__date=day.date, hearing_day__cancelled=False)
        .exclude(hearing_day=day)
        .filter(Q(chair=panel_member) | Q(consumer=panel_member) | Q(trade=panel_member))
        .select_related("hearing_day__committee")
        .first()
    )
    if other is None:
        return None
    return _("%(person)s already sits on the hearing day of %(day)s.") % {
        "person": panel_member,
        "day": _day_label(other.hearing_day),
    }


def _lock_panel_members(pks: Iterable[int]) -> None:
    """Lock the panel members' rows, always in the order of their ids (so two requests never wait for
    each other in a circle). Every write that books, or checks the bookings of, a panel member takes
    this lock first: the check of another day on the same date then sees a booking that a concurrent
    request made, instead of reading past it (the days may belong to different committees, so the lock
    on the hearing day alone does not serialise them)."""
    list(PanelMember.objects.select_for_update().filter(pk__in=set(pks)).order_by("pk").values_list("pk", flat=True))


def _active_cases(day: HearingDay) -> list[Case]:
    return [slot.case for slot in day.slots.filter(status__in=Slot.ACTIVE).select_related("case")]


def panel_compose(
    *, day: HearingDay, chair: PanelMember, consumer: PanelMember, trade: PanelMember, actor: Actor
) -> Panel:
    """Seat three different active panel members, one per seat, on a hearing day.

    Refused when someone is unavailable that date, already sits on another hearing day that date
    (double booking) or declared a conflict with a member or case scheduled on this day.
    """
    seats = {PanelRole.CHAIR: chair, PanelRole.CONSUMER: consumer, PanelRole.TRADE: trade}
    if len({chair.pk, consumer.pk, trade.pk}) != 3:
        raise HearingRefused(_("The panel has three different people."))
    with transaction.atomic():
        day = HearingDay.objects.select_for_update().select_related("committee").get(pk=day.pk)
        if day.cancelled:
            raise HearingRefused(_("This hearing day is cancelled."))
        _lock_panel_members(seat.pk for seat in seats.values())
        cases = _active_cases(day)
        errors = []
        for seat, panel_member in seats.items():
            if panel_member.panel_role != seat or not panel_member.active:
                errors.append(
                    _("%(person)s is not an active member of the pool for the seat “%(seat)s”.")
                    % {"person": panel_member, "seat": PanelRole(seat).label}
                )
                continue
            if panel_member.unavailable_dates.filter(date=day.date).exists():
                errors.append(
                    _("%(person)s is not available on %(date)s.")
                    % {"person": panel_member, "date": formats.date_format(day.date, "j F Y")}
                )
            for problem in (_double_booking(panel_member, day), _conflict_with(panel_member, cases)):
                if problem:
                    errors.append(problem)
        if errors:
            raise HearingRefused(errors)
        existing = Panel.objects.filter(hearing_day=day).first()
        old = {s: str(m) for s, m in existing.seats} if existing else None
        panel, _created = Panel.objects.update_or_create(
            hearing_day=day, defaults={"chair": chair, "consumer": consumer, "trade": trade}
        )
        events.panel_composed_event(day=day, actor=actor, old=old, new={s: str(m) for s, m in panel.seats})
    return panel


# Scheduling --------------------------------------------------------------------------------------


def _check_slot(*, case: Case, day: HearingDay, starts_at: time, exclude: Slot | None = None) -> None:
    if day.cancelled:
        raise HearingRefused(_("This hearing day is cancelled."))
    if case.committee_id != day.committee_id:
        raise HearingRefused(_("The case belongs to another committee than this hearing day."))
    if starts_at < day.starts_at:
        raise HearingRefused(
            {"starts_at": [_("The hearing day starts at %(time)s.") % {"time": day.starts_at.strftime("%H:%M")}]}
        )
    start = datetime.combine(day.date, starts_at)
    end = start + timedelta(minutes=day.slot_minutes)
    others = day.slots.filter(status__in=Slot.ACTIVE).select_related("case", "hearing_day__committee")
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    for other in others:
        other_start = datetime.combine(day.date, other.starts_at)
        if other_start < end and start < other_start + timedelta(minutes=day.slot_minutes):
            raise HearingRefused({"starts_at": [_("This time overlaps %(slot)s.") % {"slot": _slot_label(other)}]})
    panel = Panel.objects.filter(hearing_day=day).select_related("chair__user", "consumer__user", "trade__user").first()
    if panel is not None:
        _lock_panel_members(panel_member.pk for _seat, panel_member in panel.seats)
        for _seat, panel_member in panel.seats:
            problem = _conflict_with(panel_member, [case])
            if problem:
                raise HearingRefused(problem)


def case_schedule(*, case: Case, day: HearingDay, starts_at: time, actor: Actor) -> Slot:
    """Put a case on a hearing day at a time, and invite both parties and the panel.

    Refused when the time overlaps another case that day, the case already has a hearing planned, or a
    panel member declared a conflict with it. A case in defence, written rounds or expert investigation
    (or deliberation, to hear the parties again) moves to the hearing stage.
    """
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("member", "committee").get(pk=case.pk)
        day = HearingDay.objects.select_for_update().select_related("committee").get(pk=day.pk)
        planned = case.hearing_slots.filter(status__in=Slot.ACTIVE).select_related("hearing_day__committee").first()
        if planned is not None:
            raise HearingRefused(_("This case is already scheduled: %(slot)s.") % {"slot": _slot_label(planned)})
        if case.stage not in SCHEDULABLE_STAGES:
            raise HearingRefused(
                _("A case at “%(stage)s” cannot be scheduled for a hearing.") % {"stage": case.get_stage_display()}
            )
        _check_slot(case=case, day=day, starts_at=starts_at)
        if case.stage != Stage.HEARING:
            case_move(case=case, to=Stage.HEARING, actor=actor, note=_day_label(day))
        slot = Slot.objects.create(hearing_day=day, case=case, starts_at=starts_at)
        events.slot_event(event_type="hearing.scheduled", slot=slot, actor=actor, new=_slot_state(slot))
        send_invitations(slot, cancel=False)
    return slot


def _slot_state(slot: Slot) -> dict[str, str]:
    return {"day": str(slot.hearing_day.uuid), "date": slot.date.isoformat(), "starts_at": slot.starts_at.isoformat()}


def case_reschedule(*, slot: Slot, day: HearingDay, starts_at: time, actor: Actor) -> Slot:
    """Move a planned hearing to another time or day. The invitation is updated (same UID, higher
    SEQUENCE); panel members of the old day who do not sit on the new one receive a cancellation."""
    with transaction.atomic():
        slot = Slot.objects.select_for_update().select_related("case", "hearing_day").get(pk=slot.pk)
        if slot.status not in Slot.ACTIVE:
            raise HearingRefused(_("This hearing is cancelled."))
        if slot.held_at is not None:
            raise HearingRefused(_("This hearing was already held."))
        day = HearingDay.objects.select_for_update().select_related("committee").get(pk=day.pk)
        _check_slot(case=slot.case, day=day, starts_at=starts_at, exclude=slot)
        old_parties = invited_parties(slot)
        old = _slot_state(slot)
        slot.hearing_day, slot.starts_at = day, starts_at
        slot.status = Slot.Status.RESCHEDULED
        slot.sequence += 1
        slot.save(update_fields=["hearing_day", "starts_at", "status", "sequence"])
        events.slot_event(event_type="hearing.rescheduled", slot=slot, actor=actor, old=old, new=_slot_state(slot))
        current = {a.email.lower() for a in invited(slot)}
        send_invitations(slot, cancel=False)
        # Each party's cancellation names only those of that party who are no longer invited.
        dropped = [[a for a in party if a.email.lower() not in current] for party in old_parties]
        dropped = [party for party in dropped if party]
        if dropped:
            send_invitations(slot, cancel=True, parties=dropped)
    return slot


def case_cancel_hearing(*, slot: Slot, actor: Actor, reason: str = "") -> Slot:
    """Cancel a planned hearing; everyone invited receives a cancellation (METHOD:CANCEL). The case
    stays in the hearing stage, ready to be scheduled again."""
    with transaction.atomic():
        slot = Slot.objects.select_for_update().select_related("case", "hearing_day").get(pk=slot.pk)
        if slot.status not in Slot.ACTIVE:
            raise HearingRefused(_("This hearing is already cancelled."))
        if slot.held_at is not None:
            raise HearingRefused(_("This hearing was already held."))
        slot.status = Slot.Status.CANCELLED
        slot.sequence += 1
        slot.save(update_fields=["status", "sequence"])
        events.slot_event(
            event_type="hearing.cancelled", slot=slot, actor=actor, old=_slot_state(slot), new={"reason": reason}
        )
        send_invitations(slot, cancel=True)
    return slot


def hearing_day_cancel(*, day: HearingDay, actor: Actor, reason: str) -> HearingDay:
    """Cancel a whole hearing day: every planned hearing on it is cancelled (each invitee receives a
    METHOD:CANCEL with the same UID and a higher SEQUENCE). Refused when a hearing that day was already
    held, or when the day is already cancelled."""
    reason = (reason or "").strip()
    if not reason:
        raise HearingRefused({"reason": [_("Give the reason for cancelling the hearing day.")]})
    with transaction.atomic():
        day = HearingDay.objects.select_for_update().select_related("committee").get(pk=day.pk)
        if day.cancelled:
            raise HearingRefused(_("This hearing day is already cancelled."))
        held = day.slots.filter(held_at__isnull=False).select_related("case", "hearing_day__committee").first()
        if held is not None:
            raise HearingRefused(
                _("A hearing on this day was already held (%(slot)s); the day cannot be cancelled.")
                % {"slot": _slot_label(held)}
            )
        planned = list(day.slots.filter(status__in=Slot.ACTIVE).order_by("starts_at"))
        for slot in planned:
            case_cancel_hearing(slot=slot, actor=actor, reason=reason)
        day.cancelled = True
        day.cancel_reason = reason
        day.save(update_fields=["cancelled", "cancel_reason"])
        events.hearing_day_cancelled_event(day=day, actor=actor, reason=reason, slots=[str(s.uid) for s in planned])
    return day


def slot_start_label(slot: Slot) -> str:
    """When a hearing starts, as people read it (date and time in Europe/Amsterdam)."""
    start = timezone.localtime(slot.start)
    return _("%(date)s at %(time)s") % {"date": formats.date_format(start.date(), "j F Y"), "time": f"{start:%H:%M}"}


def _refuse_before_start(slot: Slot, message: str) -> None:
    """What happens at a hearing is recorded once it has started, never ahead of it."""
    if timezone.now() < slot.start:
        raise HearingRefused(message % {"start": slot_start_label(slot)})


def attendance_record(*, slot: Slot, attended: dict[str, bool], actor: Actor) -> list[Attendance]:
    """Record, per party and panel seat, whether they attended (changes overwrite, the trail keeps
    the old values). Refused before the hearing's start."""
    unknown = set(attended) - set(Attendance.Party.values)
    if unknown:
        raise HearingRefused(_("Unknown party: %(party)s") % {"party": ", ".join(sorted(unknown))})
    label = actor_label(actor)
    with transaction.atomic():
        slot = Slot.objects.select_for_update().select_related("case", "hearing_day").get(pk=slot.pk)
        if slot.status not in Slot.ACTIVE:
            raise HearingRefused(_("This hearing is cancelled."))
        _refuse_before_start(slot, _("The hearing starts on %(start)s; attendance can be recorded from then on."))
        old = dict(slot.attendance.values_list("party", "attended"))
        rows = []
        for party, present in attended.items():
            row, _created = Attendance.objects.update_or_create(
                slot=slot, party=party, defaults={"attended": bool(present), "recorded_by_label": label}
            )
            rows.append(row)
        events.attendance_recorded_event(slot=slot, actor=actor, old=old, new={p: bool(v) for p, v in attended.items()})
    return rows


def hearing_held(*, slot: Slot, actor: Actor) -> Slot:
    """The hearing took place: the case moves to deliberation (the ruling is drafted). Refused before
    the hearing's start."""
    with transaction.atomic():
        slot = Slot.objects.select_for_update().select_related("case", "hearing_day").get(pk=slot.pk)
        if slot.status not in Slot.ACTIVE or slot.held_at is not None:
            raise HearingRefused(_("This hearing is cancelled or already held."))
        _refuse_before_start(slot, _("The hearing starts on %(start)s; it can be marked as held from then on."))
        slot.held_at = timezone.now()
        slot.save(update_fields=["held_at"])
        case_move(case=slot.case, to=Stage.DELIBERATION, actor=actor, note=_("Hearing held"))
        events.slot_event(event_type="hearing.held", slot=slot, actor=actor)
    return slot


def hearing_day_agenda(*, day: HearingDay) -> RenderedPdf:
    """The agenda of a hearing day for the panel, as a PDF (``core.pdf.RenderedPdf``)."""
    panel = Panel.objects.filter(hearing_day=day).select_related("chair__user", "consumer__user", "trade__user")
    slots = day.slots.filter(status__in=Slot.ACTIVE).select_related("case__member").order_by("starts_at")
    return render_pdf(
        "hearings/agenda.html",
        {"day": day, "panel": panel.first(), "slots": slots, "commission_name": settings.COMMISSION_NAME},
    )
