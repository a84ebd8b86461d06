"""The registry (建档/台帐): reference data, supervised units and their practitioners."""

from premises.models.establishments import (
    OPERATING_CHANGES,
    Establishment,
    EstablishmentQuerySet,
    EstablishmentStatusChange,
    StatusChangeQuerySet,
    phone_validator,
)
from premises.models.medical import (
    ClinicalSubject,
    MedicalLicence,
    MedicalStaff,
    PracticeScope,
    PracticeType,
)
from premises.models.medical_infection import InfectionControl, Provision
from premises.models.occupational import (
    PROJECT_STAGES,
    ConstructionProject,
    DiseaseClass,
    HazardClass,
    HazardExposure,
    HazardFactor,
    HazardFocus,
    HealthSurveillance,
    OccupationalDiseaseCase,
    OccupationalProfile,
    StageStatus,
    SurveillanceStage,
)
from premises.models.practitioners import (
    MUST_HOLD_CERTIFICATE,
    Post,
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
from premises.models.schools import SchoolProfile
from premises.models.supervisions import Supervision, SupervisionQuerySet
from premises.models.water import (
    ProductSale,
    ProductSampling,
    SupplyParticulars,
    TankCleaningRule,
    WaterProduct,
    WaterTank,
)

__all__ = [
    "Category",
    "ClinicalSubject",
    "InfectionControl",
    "MedicalLicence",
    "MedicalStaff",
    "PracticeScope",
    "PracticeType",
    "Provision",
    "ConstructionProject",
    "DiseaseClass",
    "HazardClass",
    "HazardExposure",
    "HazardFactor",
    "HazardFocus",
    "HealthSurveillance",
    "OccupationalDiseaseCase",
    "OccupationalProfile",
    "PROJECT_STAGES",
    "StageStatus",
    "SurveillanceStage",
    "CategoryQuerySet",
    "Domain",
    "DoseLimit",
    "DoseReading",
    "Establishment",
    "EstablishmentQuerySet",
    "EstablishmentStatusChange",
    "OPERATING_CHANGES",
    "MUST_HOLD_CERTIFICATE",
    "Post",
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
    "ProductSale",
    "ProductSampling",
    "SchoolProfile",
    "SupplyParticulars",
    "TankCleaningRule",
    "WaterProduct",
    "WaterTank",
    "phone_validator",
]
