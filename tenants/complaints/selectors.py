"""Reads of the complaint register. The list, the detail page, the export and the API all use
``complaint_list``, so they can never disagree about who may see which complaint."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypedDict
from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.contrib.postgres.search import SearchQuery
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from tenants.accounts.actors import Actor
from tenants.accounts.roles import Capability, has_capability
from tenants.audit.models import AuditEvent

from .models import Complaint
from .workflow import OPEN_STATUSES, Status

SORTS = {
    "received": "received_at",
    "-received": "-received_at",
    "due": "response_due_on",
    "-due": "-response_due_on",
    "reference": "reference",
    "-reference": "-reference",
    "status": "status",
    "name": "complainant_name",
}


@dataclass
class ComplaintFilters:
    status: str = ""  # a status, or "open"
    category: int | None = None
    cause: int | None = None
    handler: int | None = None  # a user id, or 0 for "nobody"
    channel: str = ""
    kind: str = ""
    overdue: bool = False
    received_from: date | None = None
    received_until: date | None = None
    q: str = ""
    sort: str = "-received"
    extra: dict[str, Any] = field(default_factory=dict)


class TimelineItem(TypedDict):
    """One entry of a complaint's timeline (``type``: status, message, note, attachment or change)."""

    at: datetime
    type: str
    who: str
    object: Model


def may_handle(actor: Actor | AnonymousUser) -> bool:
    return has_capability(actor, Capability.HANDLE_COMPLAINTS)


def complaint_list(*, actor: Actor | AnonymousUser, filters: ComplaintFilters | None = None) -> QuerySet[Complaint]:
    """The complaints ``actor`` may see, filtered and sorted.

    Handlers see external complaints; internal complaints (employees' grievances) only reach roles
    with that capability (owner, manager).
    """
    if not may_handle(actor):
        return Complaint.objects.none()
    complaints = Complaint.objects.select_related("category", "cause", "handler", "department")
    if not has_capability(actor, Capability.VIEW_INTERNAL_COMPLAINTS):
        complaints = complaints.filter(kind=Complaint.Kind.EXTERNAL)
    return filter_complaints(complaints, filters or ComplaintFilters())


def filter_complaints(complaints: QuerySet[Complaint], filters: ComplaintFilters) -> QuerySet[Complaint]:
    """``complaints`` narrowed by ``filters`` and sorted (``filters.ComplaintFilter`` checks the query
    parameters that become ``filters``)."""
    if filters.status == "open":
        complaints = complaints.filter(status__in=OPEN_STATUSES)
    elif filters.status in Status.values:
        complaints = complaints.filter(status=filters.status)
    if filters.category:
        complaints = complaints.filter(category_id=filters.category)
    if filters.cause:
        complaints = complaints.filter(cause_id=filters.cause)
    if filters.handler is not None:
        complaints = complaints.filter(handler_id=filters.handler or None)
    if filters.channel in Complaint.Channel.values:
        complaints = complaints.filter(channel=filters.channel)
    if filters.kind in Complaint.Kind.values:
        complaints = complaints.filter(kind=filters.kind)
    if filters.overdue:
        complaints = overdue(complaints)
    if filters.received_from:
        complaints = complaints.filter(received_at__date__gte=filters.received_from)
    if filters.received_until:
        complaints = complaints.filter(received_at__date__lte=filters.received_until)
    if filters.q.strip():
        query = filters.q.strip()[:200]
        complaints = complaints.filter(
            Q(search_vector=SearchQuery(query, config="dutch", search_type="websearch")) | Q(reference=query)
        )
    return complaints.order_by(SORTS.get(filters.sort, "-received_at"), "-id")


def overdue(complaints: QuerySet[Complaint], *, today: date | None = None) -> QuerySet[Complaint]:
    """Open complaints whose answer (or acknowledgment) is past its due date."""
    today = today or timezone.localdate()
    return complaints.filter(status__in=OPEN_STATUSES).filter(
        Q(extended_due_on__isnull=False, extended_due_on__lt=today)
        | Q(extended_due_on__isnull=True, response_due_on__lt=today)
        | Q(status=Status.RECEIVED, acknowledgment_due_on__lt=today)
    )


def complaint_get(*, actor: Actor | AnonymousUser, uuid: UUID | str) -> Complaint:
    """One complaint by UUID, through the same scoping as the list (raises Complaint.DoesNotExist)."""
    return complaint_list(actor=actor).get(uuid=uuid)


def complaint_timeline(complaint: Complaint) -> list[TimelineItem]:
    """Everything that happened to a complaint, oldest first: status changes, messages, notes and
    attachments, plus the audit trail entries about it (who changed which field)."""
    items: list[TimelineItem] = []
    for change in complaint.status_changes.all():
        items.append({"at": change.changed_at, "type": "status", "who": change.actor_label, "object": change})
    for message in complaint.messages.select_related("email"):
        items.append({"at": message.created_at, "type": "message", "who": message.author_label, "object": message})
    for note in complaint.notes.all():
        items.append({"at": note.created_at, "type": "note", "who": note.author_label, "object": note})
    for attachment in complaint.attachments.all():
        items.append(
            {
                "at": attachment.created_at,
                "type": "attachment",
                "who": attachment.uploaded_by_label,
                "object": attachment,
            }
        )
    for event in AuditEvent.objects.filter(target_id=str(complaint.uuid), event_type="complaint.updated"):
        items.append({"at": event.occurred_at, "type": "change", "who": event.actor_label, "object": event})
    items.sort(key=lambda item: item["at"])
    return items
