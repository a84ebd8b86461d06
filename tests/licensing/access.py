"""Who may open each licensing URL (walked by tests/test_url_permissions.py)."""

import datetime

from tests.roles import ALL, REGISTRARS  # noqa: F401

# name → (method, roles with access, status for them)
ACCESS = {}
SEGMENTS = {}
ADMIN_RULES = [
    (r"^admin:licensing_permittype_delete$", 403),  # types are referenced by permits
]


def make_objects(objects):
    from core.models import CalendarDay
    from licensing.models import PermitType

    for permit_type in PermitType.objects.all():
        permit_type.save()  # rows loaded by a migration have no history entry yet
    day = CalendarDay.objects.create(
        date=datetime.date(2026, 10, 1), is_workday=False, name="国庆节"
    )
    return {"calendarday": day.pk}
