"""What the permit window's actions share: whether a unit's kind needs a type of permit,
and an application locked and changed with its reason in the history."""

from licensing.models import Application


def needs_permit(permit_type, establishment) -> bool:
    """Whether one of ``establishment``'s kinds needs ``permit_type``: its main kind or its
    kind in a further domain it is supervised under (a hospital's 放射诊疗) is among the
    type's categories (PermitType.categories, the one table of which kinds need which
    permit)."""
    # From the type's categories as loaded: an import prefetches them once for every row.
    kinds = {kind.pk for kind in permit_type.categories.all()}
    if establishment.category_id in kinds:
        return True
    return establishment.supervisions.filter(ended_on__isnull=True, category_id__in=kinds).exists()


def application_lock(application) -> Application:
    return Application.objects.select_for_update().get(pk=application.pk)


def application_change(application, user, reason, **fields) -> Application:
    """Set ``fields`` and save, the history recording ``user`` and ``reason``."""
    for name, value in fields.items():
        setattr(application, name, value)
    application._history_user = user
    application._change_reason = reason
    application.save()
    return application
