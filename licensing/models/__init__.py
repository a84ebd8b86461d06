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

__all__ = [
    "Application",
    "CertificateSource",
    "Consultation",
    "HealthCertificate",
    "HealthResult",
    "HealthRule",
    "LicensingDocument",
    "Permit",
    "PermitType",
    "TrainingAttendance",
    "TrainingSession",
    "practitioners_without_valid_certificate",
]
