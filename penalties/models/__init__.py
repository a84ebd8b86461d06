from penalties.models.approvals import (
    ApprovalKind,
    CaseApproval,
    CaseDiscussion,
    DiscussionKind,
    ProcedureRule,
)
from penalties.models.case import CaseStep, PenaltyCase
from penalties.models.complaints import CaseComplaint
from penalties.models.evidence_measures import (
    CaseInterview,
    CaseTransfer,
    EvidencePreservation,
    PreservationDisposal,
    PreservedItem,
    TransferOrganKind,
)
from penalties.models.orders import CaseMeasure, ConfiscatedItem, CorrectionOrder
from penalties.models.records import (
    CaseAmendment,
    CaseEvidence,
    CaseExtension,
    CasePayment,
    CasePenalty,
    Hearing,
    PartyStatement,
)
from penalties.models.reference import DiscretionLevel, HearingThreshold, TimeLimit, Violation
from penalties.models.review import CaseReview, CaseReviewScore
from penalties.models.service import CaseService
from penalties.models.simple import OnSpotDecision, OnSpotRule, OnSpotThreshold

__all__ = [
    "CaseInterview",
    "CaseTransfer",
    "EvidencePreservation",
    "PreservationDisposal",
    "PreservedItem",
    "TransferOrganKind",
    "ApprovalKind",
    "CaseApproval",
    "CaseDiscussion",
    "DiscussionKind",
    "ProcedureRule",
    "CaseAmendment",
    "CaseComplaint",
    "CaseEvidence",
    "CaseExtension",
    "CaseMeasure",
    "CasePayment",
    "CasePenalty",
    "CaseReview",
    "CaseReviewScore",
    "CaseService",
    "CaseStep",
    "ConfiscatedItem",
    "CorrectionOrder",
    "DiscretionLevel",
    "Hearing",
    "HearingThreshold",
    "OnSpotDecision",
    "OnSpotRule",
    "OnSpotThreshold",
    "PartyStatement",
    "PenaltyCase",
    "TimeLimit",
    "Violation",
]
