"""The permit window's business actions. Pages, the API and imports all call these."""

from licensing.services.health import (
    add_months,
    attendance_problem,
    build_certificate,
    certificate_default_expiry,
    certificate_record,
    training_add_attendance,
    training_create,
)
from licensing.services.permits import (
    application_decide,
    application_receive,
    application_review,
    consultation_log,
    permit_cancel,
    permit_issue,
    permit_register,
    permit_registration_errors,
)

__all__ = [
    "add_months",
    "attendance_problem",
    "build_certificate",
    "certificate_default_expiry",
    "certificate_record",
    "training_add_attendance",
    "training_create",
    "application_decide",
    "application_receive",
    "application_review",
    "consultation_log",
    "permit_cancel",
    "permit_issue",
    "permit_register",
    "permit_registration_errors",
]
