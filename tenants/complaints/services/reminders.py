"""The daily reminders of one member: handlers before a due date, managers once a complaint is overdue,
handlers when a callback is due (docs/procedure/first-line.md, "Acknowledgment and terms" and
"Handling and the callback")."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from core import deadlines
from tenants.accounts.models import User
from tenants.accounts.roles import Role
from tenants.members.links import absolute_url
from tenants.outbox.services import email_queue

from .. import events
from ..models import Complaint, Reminder
from ..workflow import OPEN_STATUSES, Status
from .regulation import closed_days, regulation_get
from .serious import managers_for


def _remind(
    *, complaint: Complaint, kind: str, due_on: date, recipient: User, what: str, overdue_days: int = 0
) -> bool:
    """Send one reminder unless it was sent before (one per complaint, kind, due date and person)."""
    _reminder, created = Reminder.objects.get_or_create(
        complaint=complaint, kind=kind, due_on=due_on, recipient=recipient.email
    )
    if not created:
        return False
    with translation.override(recipient.language):
        email_queue(
            to=recipient.email,
            template="complaint_reminder",
            topic="reminder",
            language=recipient.language,
            about=f"complaints.complaint:{complaint.uuid}",
            context={
                "name": recipient.get_short_name(),
                "reference": complaint.reference,
                "due_date": formats.date_format(due_on, "j F Y"),
                "what": str(what),
                "overdue": overdue_days > 0,
                "days_late": overdue_days,
                "link": absolute_url(reverse("complaints:detail", kwargs={"uuid": complaint.uuid})),
            },
        )
    events.reminder_sent_event(complaint=complaint, kind=kind, recipient=recipient.email)
    return True


def reminders_send(*, today: date | None = None) -> int:
    """The daily reminders of one member: handlers before a due date (the regulation's lead time in
    working days), managers once a complaint is overdue, handlers when a callback is due.

    Complaints without a handler are reminded to the owners, who divide the work. Returns how many
    reminders were sent; running twice on one day sends nothing new.
    """
    today = today or timezone.localdate()
    regulation = regulation_get()
    closed = closed_days(regulation)
    lead = regulation.reminder_lead_days
    owners = list(User.objects.filter(role=Role.OWNER, is_active=True))
    sent = 0
    open_complaints = Complaint.objects.filter(status__in=OPEN_STATUSES).select_related(
        "handler", "action_owner", "department__manager"
    )
    for complaint in open_complaints.iterator(chunk_size=500):
        handler = complaint.handler
        handlers = [handler] if handler is not None and handler.is_active else owners
        with transaction.atomic():
            if complaint.status == Status.RECEIVED and deadlines.is_due_soon(
                complaint.acknowledgment_due_on, today, lead, closed_days=closed
            ):
                for person in handlers:
                    sent += _remind(complaint=complaint, kind=Reminder.Kind.ACKNOWLEDGMENT_SOON,
                                    due_on=complaint.acknowledgment_due_on, recipient=person, what=_("acknowledgment"))  # fmt: skip
            due = complaint.due_on
            late = deadlines.days_overdue(due, today, closed_days=closed)
            if late > 0:
                for person in managers_for(complaint) or owners:
                    sent += _remind(complaint=complaint, kind=Reminder.Kind.OVERDUE, due_on=due, recipient=person,
                                    what=_("answer"), overdue_days=late)  # fmt: skip
            elif deadlines.is_due_soon(due, today, lead, closed_days=closed):
                for person in handlers:
                    sent += _remind(complaint=complaint, kind=Reminder.Kind.ANSWER_SOON, due_on=due, recipient=person,
                                    what=_("answer"))  # fmt: skip
            if (
                complaint.status in (Status.ACTION_AGREED, Status.CHECKING)
                and complaint.callback_on
                and complaint.callback_on <= today
            ):
                for person in handlers:
                    sent += _remind(complaint=complaint, kind=Reminder.Kind.CALLBACK, due_on=complaint.callback_on,
                                    recipient=person, what=_("callback"))  # fmt: skip
    return sent
