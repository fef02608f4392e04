"""The complaint workflow as an explicit transition table (the procedure: docs/procedure/first-line.md,
"Handling and the callback").

Every edge carries a short reason. Status changes are appended to ``StatusChange`` and never edited;
the service ``complaint_transition`` is the only way to move a complaint.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    INVESTIGATING = "investigating", _("Being investigated")
    ACTION_AGREED = "action_agreed", _("Action agreed")
    CHECKING = "checking", _("Checking the action")
    CALLBACK = "callback", _("Callback")
    CLOSED = "closed", _("Closed")
    ESCALATED = "escalated", _("Escalated to the commission")


class Outcome(models.TextChoices):
    RESOLVED = "resolved", _("Resolved")
    PARTLY_RESOLVED = "partly_resolved", _("Partly resolved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STATUSES = frozenset(
    {Status.RECEIVED, Status.ACKNOWLEDGED, Status.INVESTIGATING, Status.ACTION_AGREED, Status.CHECKING, Status.CALLBACK}
)

ALLOWED_TRANSITIONS: dict[str, dict[str, str]] = {
    Status.RECEIVED: {
        Status.ACKNOWLEDGED: "the complainant is told the complaint arrived, with its reference",
        Status.INVESTIGATING: "a complaint registered in person can be investigated at once",
        Status.ACTION_AGREED: "a simple complaint can be settled on the spot with a promised action",
        Status.CLOSED: "withdrawn by the complainant before it was acknowledged",
        Status.ESCALATED: "the member did not react: silence does not block escalation",
    },
    Status.ACKNOWLEDGED: {
        Status.INVESTIGATING: "the handler starts hearing the complainant, witnesses and staff",
        Status.ACTION_AGREED: "the solution is clear without further investigation",
        Status.CLOSED: "answered in writing (or withdrawn) right after acknowledgment",
        Status.ESCALATED: "not resolved in time: the complainant takes it to the commission",
    },
    Status.INVESTIGATING: {
        Status.ACTION_AGREED: "the complaint is passed to the employee who must act, with a callback date",
        Status.CLOSED: "the final written answer is sent (findings, actions, recommendations)",
        Status.ESCALATED: "not resolved: the complainant takes it to the commission",
    },
    Status.ACTION_AGREED: {
        Status.CHECKING: "before calling back, check internally that the promised action was done",
        Status.CLOSED: "withdrawn by the complainant",
        Status.ESCALATED: "not resolved: the complainant takes it to the commission",
    },
    Status.CHECKING: {
        Status.CALLBACK: "the action was done: call the complainant back",
        Status.ACTION_AGREED: "the action was not done yet: back to the employee, new callback date",
        Status.ESCALATED: "not resolved: the complainant takes it to the commission",
    },
    Status.CALLBACK: {
        Status.CLOSED: "the complainant confirms the solution was carried out",
        Status.INVESTIGATING: "not carried out to satisfaction: restart the procedure",
        Status.ESCALATED: "not resolved: the complainant takes it to the commission",
    },
    Status.CLOSED: {
        Status.INVESTIGATING: "reopened: the procedure restarts",
        Status.ESCALATED: "closed unresolved: the complainant takes it to the commission",
    },
    Status.ESCALATED: {},
}

#: Outcomes a closing transition may record; withdrawal needs no final answer.
OUTCOMES_NEEDING_FINAL_ANSWER = frozenset({Outcome.RESOLVED, Outcome.PARTLY_RESOLVED, Outcome.REJECTED})


def allowed_targets(status: str) -> list[str]:
    return list(ALLOWED_TRANSITIONS.get(status, {}))


def is_allowed(source: str, target: str) -> bool:
    return target in ALLOWED_TRANSITIONS.get(source, {})
