from licensing.health.models import (
    CertificateSource,
    HealthCertificate,
    HealthResult,
    HealthRule,
    TrainingAttendance,
    TrainingSession,
    practitioners_without_valid_certificate,
)
from licensing.models.permits import Application, Consultation, Permit, PermitType

__all__ = [
    "Application",
    "CertificateSource",
    "Consultation",
    "HealthCertificate",
    "HealthResult",
    "HealthRule",
    "Permit",
    "PermitType",
    "TrainingAttendance",
    "TrainingSession",
    "practitioners_without_valid_certificate",
]
