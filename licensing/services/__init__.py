"""The permit window's business actions. Pages, the API and imports all call these."""

from licensing.services.applications import (
    application_decide,
    application_review,
    may_decide,
)
from licensing.services.consultations import consultation_log
from licensing.services.documents import licensing_document_issue
from licensing.services.intake import (
    application_accept,
    application_not_accept,
    application_receive,
    application_withdraw,
)
from licensing.services.permits import (
    permit_cancel,
    permit_issue,
    permit_register,
    permit_registration_errors,
)
from licensing.services.post_checks import permit_revoke, post_check_record
from licensing.services.reviews import permit_review_record

__all__ = [
    "application_accept",
    "application_decide",
    "application_not_accept",
    "application_receive",
    "application_review",
    "application_withdraw",
    "consultation_log",
    "licensing_document_issue",
    "may_decide",
    "permit_cancel",
    "permit_issue",
    "permit_register",
    "permit_registration_errors",
    "permit_review_record",
    "permit_revoke",
    "post_check_record",
]
