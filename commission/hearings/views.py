"""Hearing pages in the commission back-office (``/office/hearings/``).

Every page needs ``COMMISSION_OFFICE``; what the user then sees or may change is decided by the
selectors (secretary: everything; panel member: their own hearing days, read only).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotFound
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from commission.cases.selectors import member_case_list
from commission.cases.services import PartyActor, case_from_token
from tenants.accounts.actors import actor_label
from tenants.accounts.permissions import CapabilityRequiredMixin
from tenants.accounts.roles import Capability

from ..office_actions import OfficeAction, OfficeActions, form_errors, perform
from . import postponement, services
from .forms import (
    AttendanceForm,
    CancelForm,
    ConflictForm,
    DayCancelForm,
    HearingDayForm,
    PanelForm,
    PanelMemberForm,
    PostponementDecisionForm,
    PostponementRequestForm,
    RescheduleForm,
    ScheduleForm,
    UnavailabilityForm,
)
from .models import HearingDay, PostponementRequest, Slot
from .selectors import can_manage, hearing_day_get, hearing_day_list, panel_pool, schedulable_cases, slot_get

#: Creating a hearing day (no object yet to act on).
DAY_CREATE: OfficeAction[None] = OfficeAction(
    HearingDayForm, lambda _none, actor, d: services.hearing_day_create(actor=actor, **d)
)
#: The secretary's actions on a hearing day (each on its own page section).
DAY_ACTIONS: OfficeActions[HearingDay] = {
    "panel": OfficeAction(PanelForm, lambda day, actor, d: services.panel_compose(day=day, actor=actor, **d)),
    "schedule": OfficeAction(ScheduleForm, lambda day, actor, d: services.case_schedule(day=day, actor=actor, **d)),
    "day_cancel": OfficeAction(
        DayCancelForm, lambda day, actor, d: services.hearing_day_cancel(day=day, actor=actor, **d)
    ),
}
#: The secretary's actions on one scheduled hearing; marking it held needs no input.
SLOT_ACTIONS: OfficeActions[Slot] = {
    "reschedule": OfficeAction(
        RescheduleForm, lambda slot, actor, d: services.case_reschedule(slot=slot, actor=actor, **d)
    ),
    "cancel": OfficeAction(
        CancelForm, lambda slot, actor, d: services.case_cancel_hearing(slot=slot, actor=actor, **d)
    ),
    "attendance": OfficeAction(
        AttendanceForm, lambda slot, actor, d: services.attendance_record(slot=slot, actor=actor, attended=d)
    ),
    "held": OfficeAction(None, lambda slot, actor, d: services.hearing_held(slot=slot, actor=actor)),
}
#: The panel pool page's forms, by the ``form`` value they post.
POOL_ACTIONS: OfficeActions[None] = {
    "member": OfficeAction(PanelMemberForm, lambda _none, actor, d: services.panel_member_add(actor=actor, **d)),
    "conflict": OfficeAction(ConflictForm, lambda _none, actor, d: services.conflict_declare(actor=actor, **d)),
    "unavailable": OfficeAction(
        UnavailabilityForm, lambda _none, actor, d: services.unavailability_add(actor=actor, **d)
    ),
}


class OfficeView(CapabilityRequiredMixin, View):
    required_capability = Capability.COMMISSION_OFFICE

    def day(self, request, uuid):
        day = hearing_day_get(actor=request.user, uuid=uuid)
        if day is None:
            raise Http404
        return day

    def require_manager(self, request):
        if not can_manage(request.user):
            raise PermissionDenied


class DayListView(OfficeView):
    template_name = "hearings/list.html"

    def get(self, request, form=None, status=200):
        manage = can_manage(request.user)
        context = {"days": hearing_day_list(actor=request.user), "manage": manage}
        if manage:
            context["form"] = form or HearingDayForm()
        return render(request, self.template_name, context, status=status)

    def post(self, request):
        self.require_manager(request)
        form = HearingDayForm(request.POST)
        outcome = perform(DAY_CREATE, target=None, actor=request.user, form=form)
        if outcome.ok:
            messages.success(request, _("Hearing day created."))
            return redirect("hearings:detail", uuid=outcome.result.uuid)
        return self.get(request, form=form, status=400)


class DayDetailView(OfficeView):
    template_name = "hearings/detail.html"

    def get(self, request, uuid, forms=None, status=200):
        day = self.day(request, uuid)
        manage = can_manage(request.user)
        panel = getattr(day, "panel", None)
        slots = day.slots.select_related("case__member").prefetch_related("attendance").order_by("status", "starts_at")
        context = {"day": day, "panel": panel, "slots": slots, "manage": manage}
        if manage:
            requests = postponement.open_postponement_requests(slots=list(slots))
            context["postponement_requests"] = [r for s in slots for r in requests.get(s.pk, [])]
            forms = forms or {}
            initial = {s: getattr(panel, s) for s in ("chair", "consumer", "trade")} if panel else None
            context.update(
                panel_form=forms.get("panel") or PanelForm(initial=initial),
                schedule_form=forms.get("schedule")
                or ScheduleForm(cases=schedulable_cases(actor=request.user, day=day)),
                reschedule_form=RescheduleForm(initial={"day": day}),
                cancel_form=CancelForm(),
                attendance_form=AttendanceForm(),
                day_cancel_form=forms.get("day_cancel") or DayCancelForm(prefix="day_cancel"),
            )
        return render(request, self.template_name, context, status=status)


class PanelComposeView(DayDetailView):
    def post(self, request, uuid):
        self.require_manager(request)
        day = self.day(request, uuid)
        form = PanelForm(request.POST)
        if perform(DAY_ACTIONS["panel"], target=day, actor=request.user, form=form).ok:
            messages.success(request, _("Panel saved."))
            return redirect("hearings:detail", uuid=day.uuid)
        return self.get(request, uuid, forms={"panel": form}, status=400)


class ScheduleView(DayDetailView):
    def post(self, request, uuid):
        self.require_manager(request)
        day = self.day(request, uuid)
        form = ScheduleForm(request.POST, cases=schedulable_cases(actor=request.user, day=day))
        if perform(DAY_ACTIONS["schedule"], target=day, actor=request.user, form=form).ok:
            messages.success(request, _("Case scheduled; the invitations are being sent."))
            return redirect("hearings:detail", uuid=day.uuid)
        return self.get(request, uuid, forms={"schedule": form}, status=400)


class DayCancelView(DayDetailView):
    """Cancel the whole hearing day (secretary only); every planned hearing on it is cancelled."""

    def post(self, request, uuid):
        self.require_manager(request)
        day = self.day(request, uuid)
        form = DayCancelForm(request.POST, prefix="day_cancel")
        if perform(DAY_ACTIONS["day_cancel"], target=day, actor=request.user, form=form).ok:
            messages.success(request, _("Hearing day cancelled; the cancellations are being sent."))
            return redirect("hearings:detail", uuid=day.uuid)
        return self.get(request, uuid, forms={"day_cancel": form}, status=400)


class SlotActionView(OfficeView):
    """Reschedule, cancel, record attendance or mark a hearing as held."""

    def post(self, request, uuid, uid, action):
        self.require_manager(request)
        day = self.day(request, uuid)
        slot = slot_get(actor=request.user, day=day, uid=uid)
        if slot is None:
            raise Http404
        if action not in SLOT_ACTIONS:
            raise Http404
        form = SLOT_ACTIONS[action].build_form(request.POST)
        outcome = perform(SLOT_ACTIONS[action], target=slot, actor=request.user, form=form)
        if outcome.ok:
            messages.success(request, _("Saved."))
            if action == "reschedule":
                slot = outcome.result  # possibly on another day: the page of that day comes next
        elif outcome.error is not None:
            messages.error(request, " ".join(outcome.error.messages))
        else:
            for error in form_errors(form):
                messages.error(request, error)
            return redirect("hearings:detail", uuid=day.uuid)
        return redirect("hearings:detail", uuid=slot.hearing_day.uuid)


class AgendaView(OfficeView):
    """The agenda PDF: for the secretary and for the panel of that day."""

    def get(self, request, uuid):
        day = self.day(request, uuid)
        rendered = services.hearing_day_agenda(day=day)
        response = HttpResponse(rendered.pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="agenda-{day.date:%Y-%m-%d}.pdf"'
        response["Cache-Control"] = "private, no-store"
        return response


class PanelPoolView(OfficeView):
    template_name = "hearings/pool.html"

    def get(self, request, forms=None, status=200):
        self.require_manager(request)
        forms = forms or {}
        context: dict[str, Any] = {"pool": panel_pool(actor=request.user)}
        for name, action in POOL_ACTIONS.items():
            context[f"{name}_form"] = forms.get(name) or action.build_form(prefix=name)
        return render(request, self.template_name, context, status=status)

    def post(self, request):
        self.require_manager(request)
        kind = request.POST.get("form")
        if kind not in POOL_ACTIONS:
            raise Http404
        form = POOL_ACTIONS[kind].build_form(request.POST, prefix=kind)
        if perform(POOL_ACTIONS[kind], target=None, actor=request.user, form=form).ok:
            messages.success(request, _("Saved."))
            return redirect("hearings:pool")
        return self.get(request, forms={kind: form}, status=400)


#: The secretary's decision on a party's postponement request, by the name in the URL.
POSTPONEMENT_DECISIONS: OfficeActions[PostponementRequest] = {
    "grant": OfficeAction(
        PostponementDecisionForm,
        lambda request, actor, d: postponement.postponement_decide(request=request, grant=True, actor=actor, **d),
    ),
    "refuse": OfficeAction(
        PostponementDecisionForm,
        lambda request, actor, d: postponement.postponement_decide(request=request, grant=False, actor=actor, **d),
    ),
}


class PostponementDecideView(OfficeView):
    """Grant or refuse a party's request to postpone a hearing of this day (secretary only)."""

    def post(self, request, uuid, request_uuid, decision):
        self.require_manager(request)
        day = self.day(request, uuid)
        found = PostponementRequest.objects.filter(uuid=request_uuid, slot__hearing_day=day).first()
        if found is None or decision not in POSTPONEMENT_DECISIONS:
            raise Http404
        form = POSTPONEMENT_DECISIONS[decision].build_form(request.POST)
        outcome = perform(POSTPONEMENT_DECISIONS[decision], target=found, actor=request.user, form=form)
        if outcome.ok:
            messages.success(request, _("Postponement granted.") if decision == "grant" else _("Postponement refused."))
        else:
            for error in form_errors(form) or ["; ".join(outcome.error.messages if outcome.error else [])]:
                messages.error(request, error)
        return redirect("hearings:detail", uuid=day.uuid)


# The parties' side: their hearing's calendar file and their request to postpone it -------------------


def _calendar_response(slot: Slot, party: str) -> HttpResponse:
    response = HttpResponse(postponement.party_calendar(slot=slot, party=party), content_type="text/calendar")
    response["Content-Disposition"] = f'attachment; filename="hearing-{slot.case.reference}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


def _ask_postponement(request, slot: Slot, party: str, actor: PartyActor) -> None:
    """The party's request; a refusal (no reason, an open request already, a cancelled hearing)
    comes back as a message on the party's page."""
    form = PostponementRequestForm(request.POST)
    errors = form_errors(form) if not form.is_valid() else []
    if not errors:
        try:
            postponement.postponement_request(slot=slot, party=party, actor=actor, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            errors = exc.messages
    if errors:
        for error in errors:
            messages.error(request, error)
    else:
        messages.success(request, _("Your request to postpone the hearing was sent to the commission."))


class PublicPartyView(View):
    """The complainant, through their case link: never a slot of another case."""

    def found(self, token: str, uid):
        case = case_from_token(token)
        slot = postponement.party_slot(case=case, uid=uid) if case is not None else None
        return case, slot


class PublicCalendarView(PublicPartyView):
    def get(self, request, token, uid):
        _case, slot = self.found(token, uid)
        if slot is None:
            return HttpResponseNotFound()
        return _calendar_response(slot, PostponementRequest.Party.COMPLAINANT)


class PublicPostponeView(PublicPartyView):
    def post(self, request, token, uid):
        case, slot = self.found(token, uid)
        if case is None or slot is None:
            return render(request, "cases/link_invalid.html", status=404)
        actor = PartyActor(party=PostponementRequest.Party.COMPLAINANT, label=case.complainant_name)
        _ask_postponement(request, slot, PostponementRequest.Party.COMPLAINANT, actor)
        return redirect("cases_public:case", token=token)


class MemberPartyView(CapabilityRequiredMixin, View):
    """The member's staff, in their own back-office: only hearings of the member's own cases."""

    required_capability = Capability.HANDLE_COMPLAINTS

    def found(self, request, uuid, uid) -> Slot:
        case = member_case_list(member=request.tenant).filter(uuid=uuid).first()
        slot = postponement.party_slot(case=case, uid=uid) if case is not None else None
        if slot is None:
            raise Http404
        return slot


class MemberCalendarView(MemberPartyView):
    def get(self, request, uuid, uid):
        return _calendar_response(self.found(request, uuid, uid), PostponementRequest.Party.MEMBER)


class MemberPostponeView(MemberPartyView):
    def post(self, request, uuid, uid):
        slot = self.found(request, uuid, uid)
        if not postponement.may_ask_postponement(request.user):
            raise PermissionDenied
        actor = PartyActor(
            party=PostponementRequest.Party.MEMBER, label=f"{actor_label(request.user)} ({request.tenant.legal_name})"
        )
        _ask_postponement(request, slot, PostponementRequest.Party.MEMBER, actor)
        return redirect("member_cases:detail", uuid=uuid)
