"""The registry's business actions (registry.py), which pages, the API, imports and commands
all call, and its home-page figures (overview.py)."""

from premises.services.occupational import (
    construction_project_record,
    construction_project_update,
    hazard_exposure_remove,
    hazard_exposure_set,
    health_surveillance_record,
    health_surveillance_update,
    occupational_case_record,
    occupational_case_update,
    occupational_profile_record,
    occupational_profile_update,
)
from premises.services.overview import registry_overview
from premises.services.registry import (
    establishment_change_status,
    establishment_create,
    establishment_update,
    practitioner_create,
    practitioner_update,
)
from premises.services.schools import school_profile_record, school_profile_update
from premises.services.supervisions import (
    supervision_add,
    supervision_end,
    supervision_remove,
)

__all__ = [
    "construction_project_record",
    "construction_project_update",
    "hazard_exposure_remove",
    "hazard_exposure_set",
    "health_surveillance_record",
    "health_surveillance_update",
    "occupational_case_record",
    "occupational_case_update",
    "occupational_profile_record",
    "occupational_profile_update",
    "registry_overview",
    "establishment_change_status",
    "establishment_create",
    "establishment_update",
    "practitioner_create",
    "practitioner_update",
    "supervision_add",
    "supervision_end",
    "supervision_remove",
    "school_profile_record",
    "school_profile_update",
]
