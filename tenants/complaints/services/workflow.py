"""Moving a complaint along the workflow table (``complaints.workflow``): acknowledgment, the agreed
action and the callback, closing with the final answer, reopening, and escalation (which only the
commission's escalation performs)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tenants.accounts.actors import Actor, actor_label
from tenants.accounts.models import User

from .. import events
from ..messages import MessageKey
from ..models import Complaint, StatusChange
from ..workflow import ALLOWED_TRANSITIONS, OUTCOMES_NEEDING_FINAL_ANSWER, Outcome, Status
from .messages import send_message


@dataclass
class FinalAnswer:
    """The written answer that closes a complaint (docs/procedure/first-line.md, "The final answer")."""

    text: str
    findings: str = ""
    actions_taken: str = ""
    recommendations: str = ""


class TransitionRefused(ValidationError):
    pass


def record_status(complaint: Complaint, target: str, actor: Actor, note: str = "") -> None:
    """Set the status in memory (the caller saves) and append the change to the history and the trail."""
    old = complaint.status
    complaint.status = target
    StatusChange.objects.create(
        complaint=complaint, from_status=old, to_status=target, actor_label=actor_label(actor), note=note
    )
    events.complaint_transitioned_event(complaint=complaint, actor=actor, old=old, new=target, note=note)


def acknowledge(*, complaint: Complaint, actor: Actor, language: str | None = None) -> None:
    """Send the acknowledgment with the reference and the status link; the complaint is *acknowledged*
    (docs/procedure/first-line.md, "Acknowledgment and terms")."""
    send_message(complaint=complaint, key=MessageKey.ACKNOWLEDGMENT, actor=actor, language=language)
    complaint.acknowledged_at = timezone.now()
    record_status(complaint, Status.ACKNOWLEDGED, actor, note=_("Acknowledgment sent"))
    complaint.save(update_fields=["status", "acknowledged_at", "updated_at"])


def _refusals(
    *,
    source: str,
    target: str,
    note: str,
    outcome: str,
    final_answer: FinalAnswer | None,
    action_owner: User | None,
    promised_action: str,
    callback_on: date | None,
    callback_answer: str,
) -> dict[str, list[str]]:
    """What the step from ``source`` to ``target`` lacks, per field (empty when it can be taken)."""
    errors: dict[str, list[str]] = {}
    if target == Status.ACTION_AGREED:
        if action_owner is None:
            errors["action_owner"] = [_("Choose the employee who must act.")]
        if not promised_action.strip():
            errors["promised_action"] = [_("Describe the promised action.")]
        if callback_on is None:
            errors["callback_on"] = [_("Choose the callback date.")]
        elif callback_on < timezone.localdate():
            errors["callback_on"] = [_("The callback date cannot be in the past.")]
    if source == Status.CALLBACK and not callback_answer.strip():
        errors["callback_answer"] = [_("Record what the complainant said.")]
    if target == Status.CLOSED:
        if outcome not in Outcome.values:
            errors["outcome"] = [_("Choose the outcome.")]
        elif outcome in OUTCOMES_NEEDING_FINAL_ANSWER and (final_answer is None or not final_answer.text.strip()):
            errors["final_answer"] = [_("Write the final answer to the complainant.")]
    if target == Status.INVESTIGATING and source == Status.CLOSED and not note.strip():
        errors["note"] = [_("Say why the complaint is reopened.")]
    return errors


def _send_final_answer(
    *, complaint: Complaint, actor: Actor, outcome: str, final_answer: FinalAnswer, language: str | None
) -> None:
    send_message(
        complaint=complaint,
        key=MessageKey.FINAL_ANSWER,
        actor=actor,
        language=language,
        extra={
            "text": final_answer.text.strip(),
            "findings": final_answer.findings.strip(),
            "actions_taken": final_answer.actions_taken.strip(),
            "recommendations": final_answer.recommendations.strip(),
            "outcome": Outcome(outcome).label,  # lazy: translated in the message's language
        },
        findings=final_answer.findings.strip(),
        actions_taken=final_answer.actions_taken.strip(),
        recommendations=final_answer.recommendations.strip(),
    )


def complaint_transition(
    *,
    complaint: Complaint,
    target: str,
    actor: Actor,
    note: str = "",
    outcome: str = "",
    redress_given: str = "",
    final_answer: FinalAnswer | None = None,
    action_owner: User | None = None,
    promised_action: str = "",
    callback_on: date | None = None,
    callback_answer: str = "",
    language: str | None = None,
) -> Complaint:
    """Move a complaint along the workflow table, with what each step needs
    (docs/procedure/first-line.md, "Handling and the callback" and "The final answer"):

    - *action agreed*: the employee who must act, the promised action and a callback date;
    - *callback*: reached only after checking the action; leaving it needs the complainant's answer,
      and "not carried out" restarts the procedure (*investigating*);
    - *closed*: an outcome; resolved, partly resolved and rejected also need the final written answer
      (findings, actions, recommendations, and how to escalate), which is sent;
    - *investigating* from *closed* (reopening): a note saying why;
    - *acknowledged*: sends the acknowledgment;
    - *escalated*: only the commission's escalation does this.
    """
    with transaction.atomic():
        complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
        source = complaint.status
        if target not in ALLOWED_TRANSITIONS.get(source, {}):
            raise TransitionRefused(
                _("A complaint that is “%(source)s” cannot become “%(target)s”.")
                % {
                    "source": Status(source).label,
                    "target": Status(target).label if target in Status.values else target,
                }
            )
        if target == Status.ESCALATED and actor is not None:
            raise TransitionRefused(_("Only the complainant can take a complaint to the commission."))
        errors = _refusals(
            source=source,
            target=target,
            note=note,
            outcome=outcome,
            final_answer=final_answer,
            action_owner=action_owner,
            promised_action=promised_action,
            callback_on=callback_on,
            callback_answer=callback_answer,
        )
        if errors:
            raise TransitionRefused(errors)

        update = ["status", "updated_at"]
        if target == Status.ACTION_AGREED:
            complaint.action_owner = action_owner
            complaint.promised_action = promised_action.strip()
            complaint.callback_on = callback_on
            update += ["action_owner", "promised_action", "callback_on"]
        if source == Status.CALLBACK:
            complaint.callback_answer = callback_answer.strip()
            update.append("callback_answer")
        if target == Status.ACKNOWLEDGED:
            send_message(complaint=complaint, key=MessageKey.ACKNOWLEDGMENT, actor=actor, language=language)
            complaint.acknowledged_at = timezone.now()
            update.append("acknowledged_at")
        if target == Status.CLOSED:
            complaint.outcome = outcome
            complaint.redress_given = redress_given.strip()
            complaint.closed_at = timezone.now()
            update += ["outcome", "redress_given", "closed_at"]
            if final_answer is not None and final_answer.text.strip():
                _send_final_answer(
                    complaint=complaint, actor=actor, outcome=outcome, final_answer=final_answer, language=language
                )
        if source == Status.CLOSED:
            complaint.outcome = ""
            complaint.closed_at = None
            update += ["outcome", "closed_at"]
        record_status(complaint, target, actor, note=note.strip())
        complaint.save(update_fields=list(dict.fromkeys(update)))
    return complaint
