from penalties.models.case import CaseStep, PenaltyCase
from penalties.models.records import (
    CaseAmendment,
    CaseEvidence,
    CaseExtension,
    CasePayment,
    CasePenalty,
    Hearing,
    PartyStatement,
)
from penalties.models.reference import DiscretionLevel, TimeLimit, Violation
from penalties.models.review import CaseReview, CaseReviewScore

__all__ = [
    "CaseAmendment",
    "CaseEvidence",
    "CaseExtension",
    "CasePayment",
    "CasePenalty",
    "CaseReview",
    "CaseReviewScore",
    "CaseStep",
    "DiscretionLevel",
    "Hearing",
    "PartyStatement",
    "PenaltyCase",
    "TimeLimit",
    "Violation",
]
