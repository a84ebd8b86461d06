"""The permit window's business actions. Pages, the API and imports all call these."""

from licensing.services.applications import (
    application_decide,
    application_receive,
    application_review,
)
from licensing.services.consultations import consultation_log
from licensing.services.permits import (
    permit_cancel,
    permit_issue,
    permit_register,
    permit_registration_errors,
)

__all__ = [
    "application_decide",
    "application_receive",
    "application_review",
    "consultation_log",
    "permit_cancel",
    "permit_issue",
    "permit_register",
    "permit_registration_errors",
]
