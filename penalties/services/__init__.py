"""Legal actions of the penalty procedure. Pages, the API and commands all call these."""

from penalties.services.approval_reports import (
    approved_correction,
    closing_request,
    decision_request,
    discussion_record,
    extension_request,
)
from penalties.services.approvals import (
    approval_decide,
    approval_pending,
    approval_request,
    case_approval_decide,
)
from penalties.services.cases import (
    case_amend,
    case_extend,
    case_investigate,
    case_update,
)
from penalties.services.decision import (
    case_close,
    case_decide,
    case_execute,
    late_charge,
    outstanding,
    payment_record,
)
from penalties.services.discretion import PenaltyInput, departures, discretion_level
from penalties.services.ending import case_terminate
from penalties.services.evidence import evidence_add
from penalties.services.filing import case_file
from penalties.services.legal import case_legal_review
from penalties.services.notice import (
    case_notify,
    hearing_hold,
    hearing_request,
    hearing_schedule,
    rights_waive,
    statement_record,
)
from penalties.services.orders import (
    correction_order_issue,
    hearing_right,
    limitation_check,
    measure_record,
)
from penalties.services.review import case_review
from penalties.services.service import (
    case_serve,
    servable_documents,
    service_of,
    service_record,
)

__all__ = [
    "approved_correction",
    "PenaltyInput",
    "approval_decide",
    "approval_pending",
    "approval_request",
    "case_approval_decide",
    "closing_request",
    "extension_request",
    "decision_request",
    "discussion_record",
    "case_amend",
    "case_close",
    "case_decide",
    "case_execute",
    "case_extend",
    "case_file",
    "case_investigate",
    "case_legal_review",
    "case_notify",
    "case_review",
    "case_serve",
    "case_terminate",
    "case_update",
    "departures",
    "discretion_level",
    "evidence_add",
    "hearing_hold",
    "hearing_request",
    "hearing_schedule",
    "late_charge",
    "outstanding",
    "payment_record",
    "rights_waive",
    "servable_documents",
    "service_of",
    "service_record",
    "statement_record",
    "correction_order_issue",
    "hearing_right",
    "limitation_check",
    "measure_record",
]
