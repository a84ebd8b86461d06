"""The registry's business actions (registry.py), which pages, the API, imports and commands
all call, and its home-page figures (overview.py)."""

from premises.services.overview import registry_overview
from premises.services.registry import (
    establishment_change_status,
    establishment_create,
    establishment_update,
    practitioner_create,
    practitioner_update,
)
from premises.services.supervisions import (
    supervision_add,
    supervision_end,
    supervision_remove,
)

__all__ = [
    "registry_overview",
    "establishment_change_status",
    "establishment_create",
    "establishment_update",
    "practitioner_create",
    "practitioner_update",
    "supervision_add",
    "supervision_end",
    "supervision_remove",
]
