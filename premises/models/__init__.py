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
    "Establishment",
    "EstablishmentQuerySet",
    "EstablishmentStatusChange",
    "OPERATING_CHANGES",
    "Practitioner",
    "PractitionerQuerySet",
    "StatusChangeQuerySet",
    "Supervision",
    "SupervisionQuerySet",
    "Township",
    "phone_validator",
]
