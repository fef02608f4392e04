"""The stages of a commission case as a transition table (docs/procedure/commission.md, "Stages of a case").

Settlement and withdrawal end a case at any stage; everything else moves forward step by step. The
service ``case_move`` is the only way to change a stage; the history is appended, never edited.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import Case, Stage

#: Deciding on paper, without a hearing (docs/procedure/commission.md, "Hearings"): the written rounds
#: are closed and no hearing is planned; the secretary records why (``case_decide_on_paper``).
PAPER = "decided on paper: the written rounds are closed and no hearing is needed"


class PaperReason(models.TextChoices):
    """Why a case is decided without a hearing, recorded in its history."""

    PARTIES_AGREED = "parties_agreed", _("Both parties agreed to a decision without a hearing")
    FILE_SUFFICES = "file_suffices", _("The file suffices to decide the case")


#: The stages from which a case may go to deliberation without a hearing.
PAPER_FROM = (Stage.DEFENCE, Stage.WRITTEN_ROUNDS, Stage.EXPERT, Stage.HEARING)

ALLOWED: dict[str, dict[str, str]] = {
    Stage.FILED: {
        Stage.ADMISSIBILITY: "the file is complete and the fee is paid: the ADR clock starts",
        Stage.CLOSED: "withdrawn, settled, not completed in time or fee not paid",
    },
    Stage.ADMISSIBILITY: {
        Stage.DEFENCE: "admissible: the member is asked for its defence (verweer)",
        Stage.CLOSED: "inadmissible or not competent (reasoned letter), withdrawn or settled",
    },
    Stage.DEFENCE: {
        Stage.WRITTEN_ROUNDS: "the defence is in: the complainant may reply (hoor en wederhoor)",
        Stage.EXPERT: "the committee wants an expert's investigation",
        Stage.HEARING: "no further written round needed: schedule the hearing",
        Stage.DELIBERATION: PAPER,
        Stage.CLOSED: "withdrawn or settled",
    },
    Stage.WRITTEN_ROUNDS: {
        Stage.EXPERT: "the committee wants an expert's investigation",
        Stage.HEARING: "the written rounds are done: schedule the hearing",
        Stage.DELIBERATION: PAPER,
        Stage.CLOSED: "withdrawn or settled",
    },
    Stage.EXPERT: {
        Stage.WRITTEN_ROUNDS: "both parties comment on the expert's report",
        Stage.HEARING: "the report and comments are in: schedule the hearing",
        Stage.DELIBERATION: PAPER,
        Stage.CLOSED: "withdrawn or settled (also through the expert)",
    },
    Stage.HEARING: {
        # Also on paper, when every hearing planned was cancelled (``case_decide_on_paper``).
        Stage.DELIBERATION: "the hearing was held: the ruling is drafted",
        Stage.CLOSED: "withdrawn or settled at or before the hearing",
    },
    Stage.DELIBERATION: {
        Stage.RULED: "the chair approved the ruling and it was sent to both parties",
        Stage.HEARING: "the committee wants to hear the parties again",
        Stage.CLOSED: "withdrawn or settled before the ruling",
    },
    Stage.RULED: {
        Stage.CLOSED: "the ruling was complied with, or non-compliance was established",
    },
    Stage.CLOSED: {},
}

#: Why a case may be closed from each stage (``Case.closure``).
CLOSURES_FROM: dict[str, set[str]] = {
    Stage.FILED: {Case.Closure.WITHDRAWN, Case.Closure.SETTLED, Case.Closure.INCOMPLETE, Case.Closure.UNPAID},
    Stage.ADMISSIBILITY: {
        Case.Closure.INADMISSIBLE,
        Case.Closure.NOT_COMPETENT,
        Case.Closure.WITHDRAWN,
        Case.Closure.SETTLED,
    },  # fmt: skip
    Stage.DEFENCE: {Case.Closure.WITHDRAWN, Case.Closure.SETTLED},
    Stage.WRITTEN_ROUNDS: {Case.Closure.WITHDRAWN, Case.Closure.SETTLED},
    Stage.EXPERT: {Case.Closure.WITHDRAWN, Case.Closure.SETTLED},
    Stage.HEARING: {Case.Closure.WITHDRAWN, Case.Closure.SETTLED},
    Stage.DELIBERATION: {Case.Closure.WITHDRAWN, Case.Closure.SETTLED},
    Stage.RULED: {Case.Closure.COMPLIED, Case.Closure.NOT_COMPLIED},
}


def is_allowed(source: str, target: str) -> bool:
    return target in ALLOWED.get(source, {})
