"""Every workflow edge, allowed and refused, with what each step requires."""

from __future__ import annotations

import itertools

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from tenants.complaints.models import Complaint, StatusChange
from tenants.complaints.services import FinalAnswer, TransitionRefused, complaint_transition
from tenants.complaints.workflow import ALLOWED_TRANSITIONS, Outcome, Status

pytestmark = pytest.mark.django_db

FINAL = FinalAnswer(
    text="Wij hebben uw klacht onderzocht.",
    findings="Een fout.",
    actions_taken="Hersteld.",
    recommendations="Controle.",
)


def kwargs_for(source: str, target: str, staff, tomorrow) -> dict:
    """What a handler fills in for this step."""
    values: dict = {}
    if target == Status.ACTION_AGREED:
        values.update(action_owner=staff["owner"], promised_action="Nieuw pakket sturen.", callback_on=tomorrow)
    if source == Status.CALLBACK:
        values["callback_answer"] = "Het pakket is aangekomen." if target == Status.CLOSED else "Niet ontvangen."
    if target == Status.CLOSED:
        values.update(outcome=Outcome.RESOLVED, final_answer=FINAL)
    if source == Status.CLOSED and target == Status.INVESTIGATING:
        values["note"] = "De klager belde opnieuw."
    return values


PATH = [Status.ACKNOWLEDGED, Status.INVESTIGATING, Status.ACTION_AGREED, Status.CHECKING, Status.CALLBACK]


def bring_to(status: str, register, in_schema, alpha, staff, tomorrow) -> Complaint:
    """A complaint of alpha in ``status``, reached through the services."""
    complaint = register(send_acknowledgment=status != Status.RECEIVED)
    if status in (Status.RECEIVED, Status.ACKNOWLEDGED):
        return complaint
    with in_schema(alpha):
        if status == Status.CLOSED:
            complaint_transition(complaint=complaint, target=Status.INVESTIGATING, actor=staff["handler"])
            return complaint_transition(
                complaint=complaint, target=Status.CLOSED, actor=staff["handler"], outcome=Outcome.WITHDRAWN
            )
        if status == Status.ESCALATED:
            return complaint_transition(complaint=complaint, target=Status.ESCALATED, actor=None)
        previous = Status.ACKNOWLEDGED
        for step in PATH[1 : PATH.index(status) + 1]:
            complaint = complaint_transition(
                complaint=complaint, target=step, actor=staff["handler"], **kwargs_for(previous, step, staff, tomorrow)
            )
            previous = step
    return complaint


ALL_EDGES = list(itertools.product(Status.values, Status.values))


@pytest.mark.parametrize(("source", "target"), ALL_EDGES)
def test_edge(source, target, register, in_schema, alpha, staff, tomorrow):
    complaint = bring_to(source, register, in_schema, alpha, staff, tomorrow)
    assert complaint.status == source
    actor = None if target == Status.ESCALATED else staff["handler"]
    with in_schema(alpha):
        history_before = StatusChange.objects.filter(complaint=complaint).count()
        if target in ALLOWED_TRANSITIONS[source]:
            moved = complaint_transition(
                complaint=complaint, target=target, actor=actor, **kwargs_for(source, target, staff, tomorrow)
            )
            assert moved.status == target
            last = StatusChange.objects.filter(complaint=complaint).last()
            assert (last.from_status, last.to_status) == (source, target)
            assert StatusChange.objects.filter(complaint=complaint).count() == history_before + 1
        else:
            with pytest.raises(TransitionRefused):
                complaint_transition(
                    complaint=complaint, target=target, actor=actor, **kwargs_for(source, target, staff, tomorrow)
                )
            complaint.refresh_from_db()
            assert complaint.status == source
            assert StatusChange.objects.filter(complaint=complaint).count() == history_before


def test_refusal_explains_in_the_users_language(register, in_schema, alpha, staff):
    complaint = register(send_acknowledgment=False)
    with in_schema(alpha), translation.override("en"), pytest.raises(TransitionRefused) as refused:
        complaint_transition(complaint=complaint, target=Status.CALLBACK, actor=staff["handler"])
    assert "cannot become" in refused.value.messages[0]
    with in_schema(alpha), translation.override("nl"), pytest.raises(TransitionRefused) as refused:
        complaint_transition(complaint=complaint, target=Status.CALLBACK, actor=staff["handler"])
    assert "kan niet" in refused.value.messages[0].lower()


def test_action_agreed_needs_owner_action_and_callback_date(register, in_schema, alpha, staff):
    complaint = register()
    with in_schema(alpha), translation.override("en"), pytest.raises(ValidationError) as refused:
        complaint_transition(complaint=complaint, target=Status.ACTION_AGREED, actor=staff["handler"])
    assert set(refused.value.message_dict) == {"action_owner", "promised_action", "callback_on"}


def test_callback_in_the_past_is_refused(register, in_schema, alpha, staff):
    from datetime import timedelta

    from django.utils import timezone

    complaint = register()
    with in_schema(alpha), pytest.raises(ValidationError) as refused:
        complaint_transition(
            complaint=complaint,
            target=Status.ACTION_AGREED,
            actor=staff["handler"],
            action_owner=staff["owner"],
            promised_action="x",
            callback_on=timezone.localdate() - timedelta(days=1),
        )
    assert "callback_on" in refused.value.message_dict


@pytest.mark.parametrize("outcome", [Outcome.RESOLVED, Outcome.PARTLY_RESOLVED, Outcome.REJECTED])
def test_closing_with_an_answer_outcome_needs_the_final_answer(outcome, register, in_schema, alpha, staff):
    complaint = bring_to(Status.INVESTIGATING, register, in_schema, alpha, staff, None)
    with in_schema(alpha), pytest.raises(ValidationError) as refused:
        complaint_transition(complaint=complaint, target=Status.CLOSED, actor=staff["handler"], outcome=outcome)
    assert "final_answer" in refused.value.message_dict


def test_final_answer_is_sent_and_names_the_commission(
    register, in_schema, alpha, staff, django_capture_on_commit_callbacks
):
    from tenants.complaints.models import Message
    from tenants.outbox.models import OutboundEmail

    complaint = bring_to(Status.INVESTIGATING, register, in_schema, alpha, staff, None)
    with in_schema(alpha):
        closed = complaint_transition(
            complaint=complaint, target=Status.CLOSED, actor=staff["handler"], outcome=Outcome.PARTLY_RESOLVED,
            final_answer=FINAL, redress_given="Tegoedbon",
        )  # fmt: skip
        assert closed.closed_at and closed.outcome == Outcome.PARTLY_RESOLVED and closed.redress_given == "Tegoedbon"
        answer = Message.objects.get(complaint=complaint, kind=Message.Kind.FINAL_ANSWER)
        assert (
            answer.findings == "Een fout."
            and answer.actions_taken == "Hersteld."
            and answer.recommendations == "Controle."
        )
        for text in ("Een fout.", "Hersteld.", "Controle.", "Geschillencommissie Wederhoor", "http://wederhoor.test/"):
            assert text in answer.body
        assert answer.email.to == "karin@example.org"
        assert OutboundEmail.objects.filter(pk=answer.email_id, status="pending").exists()


def test_callback_not_carried_out_restarts_the_procedure(register, in_schema, alpha, staff, tomorrow):
    complaint = bring_to(Status.CALLBACK, register, in_schema, alpha, staff, tomorrow)
    with in_schema(alpha):
        restarted = complaint_transition(
            complaint=complaint,
            target=Status.INVESTIGATING,
            actor=staff["handler"],
            callback_answer="Het is niet gedaan.",
        )
        assert restarted.status == Status.INVESTIGATING
        assert restarted.callback_answer == "Het is niet gedaan."
        # The procedure runs again: a new action, check and callback.
        again = complaint_transition(
            complaint=restarted, target=Status.ACTION_AGREED, actor=staff["handler"],
            action_owner=staff["manager"], promised_action="Monteur stuurt opnieuw.", callback_on=tomorrow,
        )  # fmt: skip
        assert again.action_owner == staff["manager"]


def test_callback_needs_the_complainants_answer(register, in_schema, alpha, staff, tomorrow):
    complaint = bring_to(Status.CALLBACK, register, in_schema, alpha, staff, tomorrow)
    with in_schema(alpha), pytest.raises(ValidationError) as refused:
        complaint_transition(
            complaint=complaint,
            target=Status.CLOSED,
            actor=staff["handler"],
            outcome=Outcome.RESOLVED,
            final_answer=FINAL,
        )
    assert "callback_answer" in refused.value.message_dict


def test_reopen_needs_a_reason_and_clears_the_outcome(register, in_schema, alpha, staff):
    complaint = bring_to(Status.CLOSED, register, in_schema, alpha, staff, None)
    with in_schema(alpha):
        with pytest.raises(ValidationError):
            complaint_transition(complaint=complaint, target=Status.INVESTIGATING, actor=staff["handler"])
        reopened = complaint_transition(
            complaint=complaint, target=Status.INVESTIGATING, actor=staff["handler"], note="Nieuwe feiten"
        )
    assert reopened.outcome == "" and reopened.closed_at is None


def test_staff_cannot_mark_a_complaint_escalated(register, in_schema, alpha, staff):
    complaint = register()
    with in_schema(alpha), pytest.raises(TransitionRefused):
        complaint_transition(complaint=complaint, target=Status.ESCALATED, actor=staff["owner"])


def test_status_history_is_complete(register, in_schema, alpha, staff, tomorrow):
    complaint = bring_to(Status.CALLBACK, register, in_schema, alpha, staff, tomorrow)
    with in_schema(alpha):
        steps = list(StatusChange.objects.filter(complaint=complaint).values_list("to_status", flat=True))
    assert steps == [Status.RECEIVED, *PATH]
