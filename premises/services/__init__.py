"""The registry's business actions (registry.py). Pages, the API, imports and commands all
call these."""

from premises.services.registry import (
    establishment_change_status,
    establishment_create,
    establishment_update,
    practitioner_create,
    practitioner_update,
)

__all__ = [
    "establishment_change_status",
    "establishment_create",
    "establishment_update",
    "practitioner_create",
    "practitioner_update",
]
