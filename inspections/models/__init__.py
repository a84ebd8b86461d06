from inspections.models.checklist import ChecklistItem, ChecklistScore, ChecklistTemplate
from inspections.models.complaints import Complaint, ComplaintAmendment, ComplaintTimeLimit
from inspections.models.corrections import RecordAmendment, RecordKind
from inspections.models.grades import GradeAssessment, GradeRule
from inspections.models.inspection import Inspection, ProblemType
from inspections.models.opinion import OpinionAmendment, OpinionItem, SupervisionOpinion
from inspections.models.photos import InspectionPhoto
from inspections.models.planning import (
    Campaign,
    DrawAssignment,
    DrawMethod,
    DrawSubstitution,
    RandomDraw,
)
from inspections.models.promotion import (
    PromotionAssessment,
    PromotionPlan,
    PromotionScore,
    PromotionStandard,
    PromotionTarget,
)
from inspections.models.records import OnSiteRecord, OnSiteSignature, PaperKind, SignerRole
from inspections.models.sample import Sample, SampleResult, SampleTypeScope, StandardLimit

__all__ = [
    "Campaign",
    "ChecklistItem",
    "ChecklistScore",
    "ChecklistTemplate",
    "Complaint",
    "ComplaintAmendment",
    "ComplaintTimeLimit",
    "DrawAssignment",
    "DrawMethod",
    "DrawSubstitution",
    "GradeAssessment",
    "GradeRule",
    "Inspection",
    "InspectionPhoto",
    "OnSiteRecord",
    "OnSiteSignature",
    "OpinionAmendment",
    "OpinionItem",
    "PaperKind",
    "ProblemType",
    "PromotionAssessment",
    "PromotionPlan",
    "PromotionScore",
    "PromotionStandard",
    "PromotionTarget",
    "RandomDraw",
    "RecordAmendment",
    "RecordKind",
    "Sample",
    "SampleResult",
    "SampleTypeScope",
    "SignerRole",
    "StandardLimit",
    "SupervisionOpinion",
]
