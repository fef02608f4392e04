"""The commission's API documents, per area; views use them as ``serializers.<Name>``."""

from .cases import (
    AdmissibilityInputSerializer,
    CaseDetailOutputSerializer,
    CaseFilterSerializer,
    CaseListOutputSerializer,
    CaseTransitionInputSerializer,
    DocumentReceiveInputSerializer,
)
from .common import (
    CommitteeReferenceSerializer,
    DocumentOutputSerializer,
    MemberReferenceSerializer,
    RoundOutputSerializer,
    SnapshotOutputSerializer,
    StageChangeOutputSerializer,
    SubmissionOutputSerializer,
)
from .hearings import (
    HearingDayDetailOutputSerializer,
    HearingDayListOutputSerializer,
    HearingSlotOutputSerializer,
    PanelSeatOutputSerializer,
    ScheduleInputSerializer,
    SlotOutputSerializer,
)
from .member import (
    MemberCaseDetailOutputSerializer,
    MemberCaseDocumentOutputSerializer,
    MemberCaseListOutputSerializer,
    MemberRulingOutputSerializer,
    MemberSubmissionInputSerializer,
)
from .members import MemberOutputSerializer
from .rulings import RulingFilterSerializer, RulingOutputSerializer

__all__ = [
    "AdmissibilityInputSerializer",
    "CaseDetailOutputSerializer",
    "CaseFilterSerializer",
    "CaseListOutputSerializer",
    "CaseTransitionInputSerializer",
    "CommitteeReferenceSerializer",
    "DocumentOutputSerializer",
    "DocumentReceiveInputSerializer",
    "HearingDayDetailOutputSerializer",
    "HearingDayListOutputSerializer",
    "HearingSlotOutputSerializer",
    "MemberCaseDetailOutputSerializer",
    "MemberCaseDocumentOutputSerializer",
    "MemberCaseListOutputSerializer",
    "MemberOutputSerializer",
    "MemberReferenceSerializer",
    "MemberRulingOutputSerializer",
    "MemberSubmissionInputSerializer",
    "PanelSeatOutputSerializer",
    "RoundOutputSerializer",
    "RulingFilterSerializer",
    "RulingOutputSerializer",
    "ScheduleInputSerializer",
    "SlotOutputSerializer",
    "SnapshotOutputSerializer",
    "StageChangeOutputSerializer",
    "SubmissionOutputSerializer",
]
