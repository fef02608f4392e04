"""The complaints app's service API: every write of complaint handling. Each function is one
transaction and writes its audit event; e-mails leave through the outbox after commit.

Code outside the app imports from here; the app's own modules import the submodules (one per
process: ``intake``, ``workflow``, ``terms``, ``regulation``, ``messages``, ``attachments``,
``status_links``, ``reminders``, ``taxonomy``, ``notes``, ``serious``). The commission uses none of
this: it goes through ``tenants.complaints.escalation``.
"""

from .attachments import attachment_add
from .intake import WORDS_ARE_FIXED, complaint_register, complaint_update
from .messages import (
    message_preview,
    message_receive,
    message_send_progress,
    message_template_reset,
    message_template_save,
    status_link_resend,
)
from .notes import clarification_add, note_add
from .regulation import PRESETS, regulation_apply_preset, regulation_get, regulation_update
from .reminders import reminders_send
from .status_links import (
    STATUS_LINK_SALT,
    StatusLinkInvalid,
    complaint_from_status_token,
    status_link,
    status_link_token,
)
from .taxonomy import taxonomy_save, taxonomy_seed
from .terms import complaint_extend
from .workflow import FinalAnswer, TransitionRefused, complaint_transition

__all__ = [
    "PRESETS",
    "STATUS_LINK_SALT",
    "WORDS_ARE_FIXED",
    "FinalAnswer",
    "StatusLinkInvalid",
    "TransitionRefused",
    "attachment_add",
    "clarification_add",
    "complaint_extend",
    "complaint_from_status_token",
    "complaint_register",
    "complaint_transition",
    "complaint_update",
    "message_preview",
    "message_receive",
    "message_send_progress",
    "message_template_reset",
    "message_template_save",
    "note_add",
    "regulation_apply_preset",
    "regulation_get",
    "regulation_update",
    "reminders_send",
    "status_link",
    "status_link_resend",
    "status_link_token",
    "taxonomy_save",
    "taxonomy_seed",
]
