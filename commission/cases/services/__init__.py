"""The app's service API: every write on a commission case, one module per process.

Callers outside the app import from here (``from commission.cases import services``); the modules
inside import each other directly, in one direction (escalation → intake_and_fee → rounds →
documents → notifications → links; everything that moves a case → stages).
"""

from .admissibility import case_admissibility_decide
from .closing import case_close, case_close_not_complied
from .common import PartyActor
from .documents import (
    RECEIVED_DOCUMENT_PARTIES,
    case_document_access_record,
    case_document_confidential,
    case_document_disclose,
    case_document_receive,
    case_documents_add,
)
from .escalation import (
    ESCALATION_REQUEST_HOURS,
    NOT_SHARED_REASON,
    SNAPSHOT_FORMAT,
    Eligibility,
    EscalationRefused,
    case_escalate,
    case_escalate_and_notify,
    committee_for,
    escalation_eligibility,
    escalation_request,
    escalation_request_from_token,
)
from .expert import case_expert_appoint, case_expert_report
from .intake_and_fee import (
    BankAccountNotConfigured,
    FeeInstructions,
    case_documents_waive,
    case_fee_invoice,
    case_fee_invoice_pdf,
    case_fee_remind,
    case_fee_stop,
    case_file_complete,
    case_payment_register,
    fee_instructions,
)
from .links import case_from_token, case_link, case_link_token, member_case_url
from .reminders import case_reminders_send
from .rounds import case_decide_on_paper, case_defence_request, case_round_open, case_submit, open_round
from .stages import StageRefused, case_move

__all__ = [
    "ESCALATION_REQUEST_HOURS",
    "NOT_SHARED_REASON",
    "RECEIVED_DOCUMENT_PARTIES",
    "SNAPSHOT_FORMAT",
    "Eligibility",
    "EscalationRefused",
    "PartyActor",
    "StageRefused",
    "case_admissibility_decide",
    "case_close",
    "case_close_not_complied",
    "case_decide_on_paper",
    "case_defence_request",
    "case_document_access_record",
    "case_document_confidential",
    "case_document_disclose",
    "case_document_receive",
    "case_documents_add",
    "case_documents_waive",
    "case_escalate",
    "case_escalate_and_notify",
    "case_expert_appoint",
    "case_expert_report",
    "case_fee_invoice",
    "case_fee_remind",
    "case_fee_stop",
    "case_file_complete",
    "case_from_token",
    "case_link",
    "case_link_token",
    "case_move",
    "case_payment_register",
    "case_reminders_send",
    "case_round_open",
    "case_submit",
    "committee_for",
    "escalation_eligibility",
    "escalation_request",
    "escalation_request_from_token",
    "member_case_url",
    "open_round",
    "BankAccountNotConfigured",
    "FeeInstructions",
    "case_fee_invoice_pdf",
    "fee_instructions",
]
