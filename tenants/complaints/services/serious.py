"""Serious complaints: a copy goes to the head of the department, with a request to respond
(docs/procedure/first-line.md, "Serious complaints")."""

from __future__ import annotations

from django.urls import reverse

from tenants.accounts.models import User
from tenants.accounts.roles import Role
from tenants.members.links import absolute_url
from tenants.outbox.services import email_queue

from .. import events
from ..models import Complaint


def managers_for(complaint: Complaint) -> list[User]:
    """The head of the complaint's department when there is an active one, otherwise every manager."""
    department = complaint.department
    manager = department.manager if department is not None else None
    if manager is not None and manager.is_active:
        return [manager]
    return list(User.objects.filter(role=Role.MANAGER, is_active=True))


def send_serious_copy(*, complaint: Complaint) -> None:
    """Copy a serious complaint to the head of its department with a request to respond (inside the
    caller's transaction; the e-mails leave after commit)."""
    recipients = managers_for(complaint)
    for manager in recipients:
        email_queue(
            to=manager.email,
            template="serious_complaint",
            topic="serious_copy",
            language=manager.language,
            about=f"complaints.complaint:{complaint.uuid}",
            context={
                "manager_name": manager.get_short_name(),
                "reference": complaint.reference,
                "category": str(complaint.category or ""),
                "department": str(complaint.department or ""),
                "complainant_name": complaint.complainant_name,
                "description": complaint.description,
                "remedy_sought": complaint.remedy_sought,
                "link": absolute_url(reverse("complaints:detail", kwargs={"uuid": complaint.uuid})),
            },
        )
    events.serious_copy_sent_event(complaint=complaint, recipients=[m.email for m in recipients])
