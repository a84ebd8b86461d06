"""The registry (建档/台帐): reference data, supervised units and their practitioners."""

from premises.models.establishments import (
    OPERATING_CHANGES,
    Establishment,
    EstablishmentQuerySet,
    EstablishmentStatusChange,
    StatusChangeQuerySet,
    phone_validator,
)
from premises.models.practitioners import (
    Practitioner,
    PractitionerQuerySet,
)
from premises.models.radiation import (
    DoseLimit,
    DoseReading,
    RadiationDevice,
    RadiationExam,
    RadiationProject,
    RadiationWorker,
)
from premises.models.reference import (
    Category,
    CategoryQuerySet,
    Domain,
    Township,
)
from premises.models.supervisions import Supervision, SupervisionQuerySet

__all__ = [
    "Category",
    "CategoryQuerySet",
    "Domain",
    "DoseLimit",
    "DoseReading",
    "Establishment",
    "EstablishmentQuerySet",
    "EstablishmentStatusChange",
    "OPERATING_CHANGES",
    "Practitioner",
    "PractitionerQuerySet",
    "RadiationDevice",
    "RadiationExam",
    "RadiationProject",
    "RadiationWorker",
    "StatusChangeQuerySet",
    "Supervision",
    "SupervisionQuerySet",
    "Township",
    "phone_validator",
]
