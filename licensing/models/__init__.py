from licensing.health.models import (
    CertificateSource,
    HealthCertificate,
    HealthResult,
    HealthRule,
    TrainingAttendance,
    TrainingSession,
    practitioners_without_valid_certificate,
)
from licensing.models.applications import Application, Consultation, LicensingDocument
from licensing.models.permits import Permit, PermitType
from licensing.models.reviews import PermitReview, permits_review_due

__all__ = [
    "Application",
    "CertificateSource",
    "Consultation",
    "HealthCertificate",
    "HealthResult",
    "HealthRule",
    "LicensingDocument",
    "Permit",
    "PermitReview",
    "PermitType",
    "TrainingAttendance",
    "TrainingSession",
    "permits_review_due",
    "practitioners_without_valid_certificate",
]
