"""Who counts as an inspector: the roster of enforcement officers."""

from django.contrib.auth import get_user_model

from core.roles import Role


def inspector_roster():
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.INSPECTOR.value)
        .order_by("id")
        .distinct()
    )
