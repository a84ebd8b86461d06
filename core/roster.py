"""The roster of enforcement officers (监督员名录) and the two-officer rule.

Officers are the active users in the inspector group. Inspections and penalty cases are
carried out by two officers at least, both on the roster (行政处罚法第四十二条)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from core.people import display_names
from core.roles import Role

MIN_OFFICERS = 2  # 行政处罚法第四十二条：执法人员不得少于两人


def roster():
    """The active officers, oldest account first."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.INSPECTOR.value)
        .order_by("id")
        .distinct()
    )


def on_roster(user) -> bool:
    return user is not None and roster().filter(pk=user.pk).exists()


def team_check(members, *, field: str, too_few: str, outside: str) -> list:
    """The team as a list when it holds two officers at least, all on the roster; else a
    ValidationError on ``field``: ``too_few``, or ``outside`` formatted with the names of
    those not on the roster (``"{names} 不在…名录中。"``)."""
    members = list(members)
    if len({u.pk for u in members}) < MIN_OFFICERS:
        raise ValidationError({field: too_few})
    listed = set(roster().filter(pk__in=[u.pk for u in members]).values_list("pk", flat=True))
    strangers = [u for u in members if u.pk not in listed]
    if strangers:
        raise ValidationError({field: outside.format(names=display_names(strangers))})
    return members
