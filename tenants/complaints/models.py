"""The complaint register of one member (member schema): its regulation, taxonomy, complaints,
their status history, messages, notes and attachments."""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.deadlines import TERM_UNIT_CHOICES, Term, TermUnit
from core.files import StoredFile

from .workflow import OPEN_STATUSES, Outcome, Status


class Regulation(models.Model):
    """The member's complaints regulation (klachtenregeling): the terms that drive the workflow.

    One row per member schema. Presets per sector fill it in; the owner can adjust every term.
    """

    singleton = models.BooleanField(default=True, unique=True, editable=False)
    preset = models.CharField(_("based on"), max_length=30, blank=True)
    acknowledgment_amount = models.PositiveSmallIntegerField(_("acknowledgment term"), default=5)
    acknowledgment_unit = models.CharField(max_length=20, choices=TERM_UNIT_CHOICES, default=TermUnit.WORKING_DAYS)
    handling_amount = models.PositiveSmallIntegerField(_("handling term"), default=6, validators=[MinValueValidator(1)])
    handling_unit = models.CharField(max_length=20, choices=TERM_UNIT_CHOICES, default=TermUnit.WEEKS)
    extension_amount = models.PositiveSmallIntegerField(
        _("extension"), default=4, help_text=_("Once, with a reason sent to the complainant. 0: no extension.")
    )
    extension_unit = models.CharField(max_length=20, choices=TERM_UNIT_CHOICES, default=TermUnit.WEEKS)
    reminder_lead_days = models.PositiveSmallIntegerField(
        _("remind handlers this many working days before a due date"), default=2, validators=[MaxValueValidator(30)]
    )
    closed_days = ArrayField(models.DateField(), default=list, blank=True, verbose_name=_("extra closing days"))
    include_good_friday = models.BooleanField(_("Good Friday is a day off"), default=False)
    status_link_days = models.PositiveSmallIntegerField(
        _("status links are valid for (days)"), default=90, validators=[MinValueValidator(1)]
    )
    public_intro = models.TextField(_("text above the complaint form"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("complaints regulation")

    def __str__(self) -> str:
        return "regulation"

    @property
    def acknowledgment_term(self) -> Term:
        return Term(self.acknowledgment_amount, TermUnit(self.acknowledgment_unit))

    @property
    def handling_term(self) -> Term:
        return Term(self.handling_amount, TermUnit(self.handling_unit))

    @property
    def extension_term(self) -> Term | None:
        return Term(self.extension_amount, TermUnit(self.extension_unit)) if self.extension_amount else None


class Department(models.Model):
    """A department of the member; its manager receives serious complaints about it
    (docs/procedure/first-line.md, "Serious complaints")."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("head of department"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("department")

    def __str__(self) -> str:
        return self.name


class Category(models.Model):
    """What a complaint is about (member-configurable)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    is_serious = models.BooleanField(
        _("serious"), default=False, help_text=_("Complaints in this category are copied to the head of department.")
    )
    is_active = models.BooleanField(_("in use"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name


class Cause(models.Model):
    """Why the complaint arose: lack of information, quality, cost of use, service
    (docs/procedure/first-line.md, "Causes and categories")."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    is_active = models.BooleanField(_("in use"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("cause")

    def __str__(self) -> str:
        return self.name


class ReferenceCounter(models.Model):
    """The last reference number handed out per year (row-locked while numbering)."""

    year = models.PositiveSmallIntegerField(unique=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class Complaint(models.Model):
    """A registered complaint (klacht): the register of docs/procedure/first-line.md ("Registering a
    complaint"), with the fields of ISO 10002."""

    class Kind(models.TextChoices):
        EXTERNAL = "external", _("External (customer)")
        INTERNAL = "internal", _("Internal (employee)")

    class Channel(models.TextChoices):
        WEB_FORM = "web_form", _("Web form")
        PHONE = "phone", _("Phone")
        EMAIL = "email", _("E-mail")
        LETTER = "letter", _("Letter")
        IN_PERSON = "in_person", _("In person")
        API = "api", _("Integration (API)")

    class Severity(models.TextChoices):
        NORMAL = "normal", _("Normal")
        SERIOUS = "serious", _("Serious")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.EXTERNAL)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    received_at = models.DateTimeField(_("received at"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("received by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)

    # Complainant (NAW; docs/procedure/first-line.md, "Registering a complaint")
    complainant_name = models.CharField(_("name"), max_length=200)
    complainant_address = models.CharField(_("address"), max_length=200, blank=True)
    complainant_postal_code = models.CharField(_("postal code"), max_length=12, blank=True)
    complainant_city = models.CharField(_("city"), max_length=100, blank=True)
    complainant_phone = models.CharField(_("phone"), max_length=30, blank=True)
    complainant_email = models.EmailField(_("e-mail address"), blank=True)
    customer_number = models.CharField(_("customer number"), max_length=40, blank=True)
    on_behalf_of = models.CharField(
        _("complaining on behalf of"),
        max_length=200,
        blank=True,
        help_text=_("Name of the person you act for, if any."),
    )

    # What happened (docs/procedure/first-line.md, "Registering a complaint")
    incident_date = models.DateField(_("date of the incident"), null=True, blank=True)
    incident_time = models.TimeField(_("time of the incident"), null=True, blank=True)
    incident_place = models.CharField(_("place of the incident"), max_length=200, blank=True)
    persons_involved = models.CharField(_("persons involved"), max_length=300, blank=True)
    employee_involved = models.CharField(_("employee involved"), max_length=200, blank=True)
    department = models.ForeignKey(
        Department, verbose_name=_("department"), null=True, blank=True, on_delete=models.SET_NULL
    )
    description = models.TextField(_("the complaint in the complainant's own words"))
    remedy_sought = models.TextField(_("what the complainant wants"), blank=True)
    category = models.ForeignKey(Category, verbose_name=_("category"), null=True, blank=True, on_delete=models.PROTECT)
    cause = models.ForeignKey(Cause, verbose_name=_("cause"), null=True, blank=True, on_delete=models.PROTECT)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.NORMAL)

    # Handling
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("handler"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="handled_complaints",
    )  # fmt: skip
    action_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("employee who must act"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="complaint_actions",
    )  # fmt: skip
    promised_action = models.TextField(_("promised action"), blank=True)
    callback_on = models.DateField(_("callback date"), null=True, blank=True)
    callback_answer = models.TextField(_("what the complainant said at the callback"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    redress_given = models.TextField(_("redress given"), blank=True)

    # Terms
    acknowledgment_due_on = models.DateField(_("acknowledge by"))
    response_due_on = models.DateField(_("answer by"))
    extended_due_on = models.DateField(_("answer by (extended)"), null=True, blank=True)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    #: The commission's case (public schema) once escalated; a soft reference across schemas.
    escalated_case_uuid = models.UUIDField(null=True, blank=True)
    escalated_case_reference = models.CharField(_("commission case"), max_length=20, blank=True)
    #: Raised to invalidate every status link sent before.
    status_link_version = models.PositiveSmallIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    search_vector = models.GeneratedField(
        expression=SearchVector(
            "reference", "complainant_name", "complainant_email", "customer_number", "description",
            "remedy_sought", "employee_involved", "incident_place", config="dutch",
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )  # fmt: skip

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        indexes = [
            GinIndex(fields=["search_vector"], name="complaint_search_idx"),
            # The register's default order, for roles that see every complaint (no kind filter).
            models.Index(fields=["-received_at", "-id"], name="complaint_received_idx"),
            models.Index(fields=["status", "-received_at"], name="complaint_status_idx"),
            models.Index(fields=["kind", "-received_at"], name="complaint_kind_idx"),
            models.Index(fields=["handler", "-received_at"], name="complaint_handler_idx"),
            models.Index(fields=["category", "-received_at"], name="complaint_category_idx"),
            models.Index(fields=["response_due_on"], name="complaint_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="closed") | ~models.Q(outcome=""), name="closed_complaint_has_outcome"
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def due_on(self) -> date:
        """The answer is due on the extended date when the term was extended."""
        return self.extended_due_on or self.response_due_on

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


# The complaint's registered details, in groups. This is the one list of them: the forms, the API
# serializers and the services compose these groups (each in the order it shows them) instead of
# keeping copies. Escalation's DOSSIER_FIELDS and the CSV export's columns are formats of their own.

#: Who complains (name, address and how to reach them).
COMPLAINANT_FIELDS = (
    "complainant_name",
    "complainant_address",
    "complainant_postal_code",
    "complainant_city",
    "complainant_phone",
    "complainant_email",
    "customer_number",
    "on_behalf_of",
)
#: When and where it happened, and who was there.
INCIDENT_FIELDS = ("incident_date", "incident_time", "incident_place", "persons_involved")
#: What the complainant submitted, fixed once registered (the database refuses changes, migration 0004);
#: staff add a ``Clarification`` instead.
COMPLAINANT_WORDS = ("description", "remedy_sought")
#: Whom of the organisation the complaint is about (staff fill these in).
STAFF_INVOLVED_FIELDS = ("employee_involved", "department")
#: How the member files and assigns the complaint.
CLASSIFICATION_FIELDS = ("category", "cause", "severity", "handler")
#: Every detail a complaint can be registered with (``services.intake.complaint_register``).
REGISTER_FIELDS = frozenset(
    COMPLAINANT_FIELDS + INCIDENT_FIELDS + COMPLAINANT_WORDS + STAFF_INVOLVED_FIELDS + CLASSIFICATION_FIELDS
)
#: What ``complaint_update`` accepts (the complainant's words only when unchanged).
EDITABLE_FIELDS = REGISTER_FIELDS | {"kind", "redress_given"}
#: What staff may correct after registration, in the order the edit form and the API show them.
CORRECTABLE_FIELDS = (
    *COMPLAINANT_FIELDS,
    *INCIDENT_FIELDS,
    *STAFF_INVOLVED_FIELDS,
    *CLASSIFICATION_FIELDS,
    "redress_given",
)


class AuthoredText(models.Model):
    """A text staff write about a complaint, with its author as they were named when they wrote it."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    author_label = models.CharField(max_length=254)
    created_at = models.DateTimeField(auto_now_add=True)

    body: str  # each kind declares its own text field

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:60]


class Clarification(AuthoredText):
    """The organisation's clarification of a complaint, shown beside the complainant's own words and
    labelled as the organisation's (toelichting). Append-only: the database refuses changes."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="clarifications")
    body = models.TextField(_("clarification"))

    class Meta(AuthoredText.Meta):
        verbose_name = _("clarification")


class StatusChange(models.Model):
    """Append-only history of a complaint's status."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    changed_at = models.DateTimeField(auto_now_add=True)
    actor_label = models.CharField(max_length=254)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} -> {self.to_status}"


class Message(models.Model):
    """What the complainant is told, or tells us (kept apart from internal notes)."""

    class Direction(models.TextChoices):
        TO_COMPLAINANT = "out", _("To the complainant")
        FROM_COMPLAINANT = "in", _("From the complainant")

    class Kind(models.TextChoices):
        ACKNOWLEDGMENT = "acknowledgment", _("Acknowledgment")
        PROGRESS = "progress", _("Progress update")
        EXTENSION = "extension", _("Extension notice")
        FINAL_ANSWER = "final_answer", _("Final answer")
        STATUS_LINK = "status_link", _("New status link")
        INFORMATION = "information", _("Information from the complainant")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(max_length=3, choices=Direction.choices)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    subject = models.CharField(_("subject"), max_length=250)
    body = models.TextField(_("message"))
    # Final answer: findings, actions taken, recommendations (docs/procedure/first-line.md, "The final answer").
    findings = models.TextField(_("findings"), blank=True)
    actions_taken = models.TextField(_("actions taken"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    email = models.ForeignKey(
        "outbox.OutboundEmail", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_label = models.CharField(max_length=254)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.subject


class Note(AuthoredText):
    """An internal note: never shown to the complainant."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="notes")
    body = models.TextField(_("note"))


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"complaints/{instance.complaint.uuid}/{uuid.uuid4().hex}"


class Attachment(StoredFile):
    """A file added to a complaint; stored in the member's own storage, served by a checking view."""

    class Source(models.TextChoices):
        COMPLAINANT = "complainant", _("Complainant")
        STAFF = "staff", _("Staff")

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    source = models.CharField(max_length=12, choices=Source.choices)
    shared_with_complainant = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class Reminder(models.Model):
    """A reminder sent, so the daily run never sends the same one twice."""

    class Kind(models.TextChoices):
        ACKNOWLEDGMENT_SOON = "ack_soon", _("Acknowledgment due soon")
        ANSWER_SOON = "answer_soon", _("Answer due soon")
        OVERDUE = "overdue", _("Overdue")
        CALLBACK = "callback", _("Callback due")

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    due_on = models.DateField()
    recipient = models.EmailField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["complaint", "kind", "due_on", "recipient"], name="reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.due_on} {self.recipient}"


class MessageTemplate(models.Model):
    """The member's own wording of a message to complainants, per language (defaults in
    ``messages.DEFAULTS`` apply where the member wrote none)."""

    key = models.CharField(max_length=20)
    language = models.CharField(max_length=5, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=250)
    body = models.TextField(_("text"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "language"], name="one_template_per_key_language")]

    def __str__(self) -> str:
        return f"{self.key} ({self.language})"
