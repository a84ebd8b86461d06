"""Registering many units or practitioners at once, for an .xlsx import (core.imports):
the records establishment_create and practitioner_create make one by one (a unit and its
opening as its first status change; a practitioner), written in bulk with one history
entry each. The importer has checked every row against the same rules first."""

from django.db import transaction

from core.history import bulk_create_with_history
from premises.choices import StatusChangeKind
from premises.models import Establishment, EstablishmentStatusChange, Practitioner

BATCH = 1000


@transaction.atomic
def establishments_register(*, user, establishments, reason="Excel导入") -> list:
    """Units (status operating, checked) and their openings; returns every record made,
    units first (an import batch lists them, core.import_models)."""
    created = bulk_create_with_history(
        list(establishments), Establishment, batch_size=BATCH, user=user, reason=reason
    )
    if any(e.pk is None for e in created):
        # Backends that cannot return keys from a bulk insert: fetch them back.
        ids = dict(
            Establishment.objects.open()
            .filter(credit_code__in=[e.credit_code for e in created])
            .values_list("credit_code", "pk")
        )
        for e in created:
            e.pk = ids[e.credit_code]
    changes = bulk_create_with_history(
        [
            EstablishmentStatusChange(
                establishment_id=e.pk,
                kind=StatusChangeKind.OPENED,
                date=e.opened_on,
                reason=reason,
                recorded_by=user,
            )
            for e in created
        ],
        EstablishmentStatusChange,
        batch_size=BATCH,
        user=user,
        reason=reason,
    )
    return [*created, *changes]


@transaction.atomic
def practitioners_register(*, user, practitioners, reason="Excel导入") -> list:
    """Practitioners (checked) at open units; returns them with their keys."""
    return bulk_create_with_history(
        list(practitioners), Practitioner, batch_size=BATCH, user=user, reason=reason
    )
