"""Escalated complaints at the commission (public schema): the committees with their rules, cases,
immutable snapshots of the member's dossier, and case documents."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.deadlines import TERM_UNIT_CHOICES, Term, TermUnit
from core.files import StoredFile
from tenants.members.models import Member, Sector

from .storage import commission_storage


def default_required_documents() -> list[str]:
    """The documents De Geschillencommissie's rules ask for (docs/procedure/commission.md, "Completing the file and the fee")."""
    return ["complaint_letter", "member_answer", "invoice", "contract"]


class Committee(models.Model):
    """A sector committee and its rules (reglement). Every fee and term is a setting here.

    Defaults follow De Geschillencommissie's model (docs/procedure/commission.md): wait 4 weeks after
    complaining to the member, file within 12 months, complete the file within 1 month, complaint
    fee (klachtengeld) due in 14 days with one reminder of 14 more, defence (verweer) within 1 month,
    2 weeks to comment on an expert's report, ruling within 1 month of the hearing, court review within
    2 months, outcome within 90 days of the complete file (ADR Directive art. 8).
    """

    class FeeMode(models.TextChoices):
        FLAT = "flat", _("One amount")
        TIERED = "tiered", _("By disputed amount")

    name = models.CharField(_("name"), max_length=120, unique=True)
    sectors = models.ManyToManyField(Sector, verbose_name=_("sectors"), related_name="committees", blank=True)
    min_wait_amount = models.PositiveSmallIntegerField(_("wait after complaining to the member"), default=4)
    min_wait_unit = models.CharField(max_length=20, choices=TERM_UNIT_CHOICES, default=TermUnit.WEEKS)
    filing_limit_months = models.PositiveSmallIntegerField(_("file within (months)"), default=12)
    completion_amount = models.PositiveSmallIntegerField(_("time to complete the file"), default=1)
    completion_unit = models.CharField(max_length=20, choices=TERM_UNIT_CHOICES, default=TermUnit.MONTHS)
    fee_mode = models.CharField(_("complaint fee"), max_length=10, choices=FeeMode.choices, default=FeeMode.FLAT)
    fee_flat = models.DecimalField(_("complaint fee (flat)"), max_digits=8, decimal_places=2, default=Decimal("52.50"))
    #: [{"up_to": 1000, "fee": "77.50"}, {"up_to": null, "fee": "127.50"}], ascending.
    fee_tiers = models.JSONField(_("fee tiers"), default=list, blank=True, encoder=DjangoJSONEncoder)
    payment_term_days = models.PositiveSmallIntegerField(_("payment term (days)"), default=14)
    payment_reminder_days = models.PositiveSmallIntegerField(_("extra days after the reminder"), default=14)
    inadmissible_admin_costs = models.DecimalField(
        _("kept from the fee when inadmissible"), max_digits=8, decimal_places=2, default=Decimal("27.50")
    )
    deposit_required = models.BooleanField(_("deposit of the disputed amount"), default=False)
    defence_amount = models.PositiveSmallIntegerField(_("defence term"), default=1)
    defence_unit = models.CharField(max_length=20, choices=TERM_UNIT_CHOICES, default=TermUnit.MONTHS)
    expert_comment_amount = models.PositiveSmallIntegerField(_("comment term on expert reports"), default=2)
    expert_comment_unit = models.CharField(max_length=20, choices=TERM_UNIT_CHOICES, default=TermUnit.WEEKS)
    ruling_amount = models.PositiveSmallIntegerField(_("ruling term after the hearing"), default=1)
    ruling_unit = models.CharField(max_length=20, choices=TERM_UNIT_CHOICES, default=TermUnit.MONTHS)
    court_review_months = models.PositiveSmallIntegerField(_("court review window (months)"), default=2)
    adr_target_days = models.PositiveSmallIntegerField(
        _("outcome within (days of the complete file)"), default=90, validators=[MinValueValidator(1)]
    )
    #: ``CaseDocument.Kind`` values the complainant must add before the file is complete.
    required_documents = models.JSONField(_("documents the file needs"), default=default_required_documents, blank=True)
    #: Days before a written round's deadline when the party gets a reminder.
    reminder_days_before = models.PositiveSmallIntegerField(_("remind this many days before a deadline"), default=5)

    class Meta:
        ordering = ["name"]
        verbose_name = _("committee")
        verbose_name_plural = _("committees")

    def __str__(self) -> str:
        return self.name

    def term(self, name: str) -> Term:
        return Term(getattr(self, f"{name}_amount"), TermUnit(getattr(self, f"{name}_unit")))

    def fee_for(self, disputed_amount: Decimal | None) -> Decimal:
        """The complaint fee: flat, or the first tier whose ``up_to`` covers the disputed amount."""
        if self.fee_mode == self.FeeMode.FLAT or not self.fee_tiers:
            return self.fee_flat
        amount = disputed_amount or Decimal("0")
        for tier in self.fee_tiers:
            if tier.get("up_to") is None or amount <= Decimal(str(tier["up_to"])):
                return Decimal(str(tier["fee"]))
        return Decimal(str(self.fee_tiers[-1]["fee"]))


class Stage(models.TextChoices):
    FILED = "filed", _("Filed: completing the file")
    ADMISSIBILITY = "admissibility", _("Admissibility")
    DEFENCE = "defence", _("Defence requested")
    WRITTEN_ROUNDS = "written_rounds", _("Written rounds")
    EXPERT = "expert", _("Expert investigation")
    HEARING = "hearing", _("Hearing")
    DELIBERATION = "deliberation", _("Ruling being drafted")
    RULED = "ruled", _("Ruled: compliance")
    CLOSED = "closed", _("Closed")


class AdmissibilityDecision(models.TextChoices):
    """Ontvankelijkheid: the commission takes the case, or refuses it with a reasoned letter."""

    ADMISSIBLE = "admissible", _("Admissible")
    INADMISSIBLE = "inadmissible", _("Inadmissible")
    NOT_COMPETENT = "not_competent", _("Not competent")


class Case(models.Model):
    """An escalated complaint (geschil) before a committee."""

    class Closure(models.TextChoices):
        INADMISSIBLE = "inadmissible", _("Inadmissible")
        NOT_COMPETENT = "not_competent", _("Not competent")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        SETTLED = "settled", _("Settled")
        UNPAID = "unpaid", _("Stopped: fee not paid")
        INCOMPLETE = "incomplete", _("Stopped: file not completed")
        COMPLIED = "complied", _("Ruling complied with")
        NOT_COMPLIED = "not_complied", _("Ruling not complied with")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("case number"), max_length=20, unique=True)
    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="cases"
    )
    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="cases")
    # Soft reference to the member's complaint (a public row cannot hold a foreign key into one schema).
    member_complaint_uuid = models.UUIDField()
    member_complaint_reference = models.CharField(_("member's reference"), max_length=20)
    complainant_name = models.CharField(_("complainant"), max_length=200)
    complainant_email = models.EmailField(_("complainant's e-mail address"))
    complainant_phone = models.CharField(_("phone"), max_length=30, blank=True)
    complainant_address = models.CharField(_("address"), max_length=200, blank=True)
    complainant_postal_code = models.CharField(_("postal code"), max_length=12, blank=True)
    complainant_city = models.CharField(_("city"), max_length=100, blank=True)
    claim = models.TextField(_("what the complainant asks the commission"))
    disputed_amount = models.DecimalField(_("disputed amount"), max_digits=10, decimal_places=2, null=True, blank=True)
    first_complained_on = models.DateField(_("complained to the member on"))
    #: ADR Directive art. 10: the complainant accepted, knowingly, that the ruling is binding.
    binding_accepted_at = models.DateTimeField(_("accepted a binding ruling at"))

    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.FILED)
    closure = models.CharField(_("closed because"), max_length=20, choices=Closure.choices, blank=True)
    filed_at = models.DateTimeField(_("filed at"), auto_now_add=True)
    completion_due_on = models.DateField(_("complete the file by"))
    file_completed_at = models.DateTimeField(_("file complete since"), null=True, blank=True)
    #: ADR Directive: outcome within the committee's target days of the complete file.
    adr_due_on = models.DateField(_("outcome due (ADR)"), null=True, blank=True)
    fee_amount = models.DecimalField(_("complaint fee"), max_digits=8, decimal_places=2)
    fee_due_on = models.DateField(_("fee due on"), null=True, blank=True)
    fee_reminded_at = models.DateTimeField(null=True, blank=True)
    fee_paid_at = models.DateTimeField(_("fee paid at"), null=True, blank=True)
    deposit_amount = models.DecimalField(_("deposit"), max_digits=10, decimal_places=2, null=True, blank=True)
    deposit_paid_at = models.DateTimeField(_("deposit paid at"), null=True, blank=True)
    fee_invoice_number = models.CharField(_("fee invoice"), max_length=30, blank=True)
    fee_invoiced_at = models.DateTimeField(_("fee invoiced at"), null=True, blank=True)
    completion_reminded_at = models.DateTimeField(null=True, blank=True)
    #: Required documents the secretary marked as not needed or received on paper.
    documents_waived = models.JSONField(default=list, blank=True)
    admissibility_decision = models.CharField(
        _("admissibility"), max_length=20, choices=AdmissibilityDecision.choices, blank=True
    )
    admissibility_letter = models.TextField(_("reasoned letter"), blank=True)
    admissibility_decided_at = models.DateTimeField(_("admissibility decided at"), null=True, blank=True)
    #: Raised to void every complainant link sent before.
    link_version = models.PositiveSmallIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-filed_at", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            # One case per member complaint: a second escalation returns the same case.
            models.UniqueConstraint(fields=["member", "member_complaint_uuid"], name="one_case_per_member_complaint"),
        ]
        indexes = [models.Index(fields=["stage", "-filed_at"], name="case_stage_idx")]

    def __str__(self) -> str:
        return self.reference

    @property
    def fee_paid_total(self) -> Decimal:
        return sum((p.amount for p in self.payments.all() if p.kind == Payment.Kind.FEE), Decimal("0"))

    @property
    def missing_documents(self) -> list[str]:
        """Required document kinds with no document yet and not waived by the secretary."""
        present = set(self.documents.values_list("kind", flat=True))
        return [
            kind
            for kind in self.committee.required_documents
            if kind not in present and kind not in (self.documents_waived or [])
        ]


class CaseSnapshot(models.Model):
    """The member's dossier as it was when escalated: data (the complainant's own words and the
    member's clarifications beside them), status history, the messages meant for the complainant and
    the attachments (copied). Versioned; the database refuses any change, deletion or truncation
    (migrations 0002 and 0004)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="snapshots")
    version = models.PositiveSmallIntegerField()
    #: Version of the snapshot's format (what ``data`` holds).
    schema_version = models.PositiveSmallIntegerField(default=1)
    data = models.JSONField(encoder=DjangoJSONEncoder)
    sha256 = models.CharField(max_length=64)
    taken_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "version"]
        constraints = [models.UniqueConstraint(fields=["case", "version"], name="one_snapshot_per_version")]

    def __str__(self) -> str:
        return f"{self.case_id} v{self.version}"


class StageChange(models.Model):
    """Append-only history of a case's stage."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    changed_at = models.DateTimeField(auto_now_add=True)
    actor_label = models.CharField(max_length=254)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_stage or '-'} -> {self.to_stage}"


def document_path(instance: CaseDocument, filename: str) -> str:
    return f"cases/{instance.case.uuid}/{uuid.uuid4().hex}"


class CaseDocument(StoredFile):
    """A document in the case file: from the snapshot, or submitted by a party, the commission or an
    expert. Both parties see every document unless it is confidential (with a reason): marked so by
    the secretary, or a file of the member's dossier the member had not shared with the complainant.

    The attachments copied with the snapshot are immutable in the database except for their
    confidentiality (migration 0004)."""

    class Kind(models.TextChoices):
        COMPLAINT_LETTER = "complaint_letter", _("Complaint letter")
        MEMBER_ANSWER = "member_answer", _("The member's answer")
        INVOICE = "invoice", _("Invoice")
        CONTRACT = "contract", _("Contract")
        SNAPSHOT_ATTACHMENT = "snapshot", _("Attachment of the member's dossier")
        DEFENCE = "defence", _("Defence")
        REPLY = "reply", _("Reply")
        EXPERT_REPORT = "expert_report", _("Expert report")
        COMMENT = "comment", _("Comment")
        OTHER = "other", _("Other")

    class Party(models.TextChoices):
        COMPLAINANT = "complainant", _("Complainant")
        MEMBER = "member", _("Member")
        COMMISSION = "commission", _("Commission")
        EXPERT = "expert", _("Expert")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    party = models.CharField(_("from"), max_length=12, choices=Party.choices)
    file = models.FileField(upload_to=document_path, storage=commission_storage, max_length=200)
    confidential = models.BooleanField(_("confidential"), default=False)
    confidential_reason = models.TextField(_("reason for confidentiality"), blank=True)
    confidential_marked_by_label = models.CharField(max_length=254, blank=True)
    #: A confidential document this party still sees: its own file, such as a file the member kept
    #: from the complainant, until the secretary decides. Empty: only the commission sees it.
    visible_to_party = models.CharField(_("still visible to"), max_length=12, choices=Party.choices, blank=True)
    submission = models.ForeignKey(
        "Submission", on_delete=models.PROTECT, null=True, blank=True, related_name="documents"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class Payment(models.Model):
    """A payment of the complaint fee (klachtengeld) or the deposit (depot), registered by the secretary."""

    class Kind(models.TextChoices):
        FEE = "fee", _("Complaint fee")
        DEPOSIT = "deposit", _("Deposit")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="payments")
    kind = models.CharField(_("for"), max_length=10, choices=Kind.choices, default=Kind.FEE)
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    paid_on = models.DateField(_("paid on"))
    reference = models.CharField(_("payment reference"), max_length=100, blank=True)
    registered_by_label = models.CharField(max_length=254)
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paid_on", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount}"


class Party(models.TextChoices):
    COMPLAINANT = "complainant", _("Complainant")
    MEMBER = "member", _("Member")


class Round(models.Model):
    """A written round (hoor en wederhoor): one party is asked for a submission by a deadline.

    Defence (verweer) for the member, reply (repliek) for the complainant, rejoinder (dupliek) for
    the member, and comments on an expert's report for either party.
    """

    class Kind(models.TextChoices):
        DEFENCE = "defence", _("Defence")
        REPLY = "reply", _("Reply")
        REJOINDER = "rejoinder", _("Rejoinder")
        EXPERT_COMMENT = "expert_comment", _("Comments on the expert's report")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="rounds")
    kind = models.CharField(_("round"), max_length=20, choices=Kind.choices)
    party = models.CharField(_("party"), max_length=12, choices=Party.choices)
    due_on = models.DateField(_("due on"))
    opened_at = models.DateTimeField(auto_now_add=True)
    opened_by_label = models.CharField(max_length=254)
    closed_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["opened_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "party"], condition=models.Q(closed_at__isnull=True), name="one_open_round_per_party"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({self.party})"


class Submission(models.Model):
    """What a party submitted in a round (or, while the file is being completed, the complainant's
    documents). The other party sees it, and its documents unless marked confidential."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="submissions")
    round = models.ForeignKey(Round, on_delete=models.PROTECT, null=True, blank=True, related_name="submissions")
    party = models.CharField(_("from"), max_length=12, choices=Party.choices)
    text = models.TextField(_("text"), blank=True)
    submitted_by_label = models.CharField(max_length=254)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submitted_at", "id"]

    def __str__(self) -> str:
        return f"{self.party} {self.submitted_at:%Y-%m-%d}"


class DocumentAccess(models.Model):
    """Who opened which document when (append-only): shows that both parties could see everything."""

    document = models.ForeignKey(CaseDocument, on_delete=models.CASCADE, related_name="accesses")
    party = models.CharField(max_length=12, choices=CaseDocument.Party.choices)
    viewer_label = models.CharField(max_length=254)
    viewed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-viewed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.viewer_label} {self.viewed_at:%Y-%m-%d %H:%M}"


class ExpertAppointment(models.Model):
    """An expert (deskundige) the committee appointed; the report goes to both parties at once, who
    then have the committee's comment term."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="experts")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    appointed_at = models.DateTimeField(auto_now_add=True)
    appointed_by_label = models.CharField(max_length=254)
    report = models.ForeignKey(CaseDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    report_received_at = models.DateTimeField(null=True, blank=True)
    comment_due_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["appointed_at", "id"]

    def __str__(self) -> str:
        return self.name


class CaseCounter(models.Model):
    year = models.PositiveSmallIntegerField(unique=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"
