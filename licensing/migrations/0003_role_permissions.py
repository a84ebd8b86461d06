from django.db import migrations

from core.roles import grant_role_permissions

MODELS = ["permittype", "permit", "application", "consultation"]
VIEW = [f"licensing.view_{m}" for m in MODELS]
WINDOW = [
    "licensing.add_application",
    "licensing.change_application",
    "licensing.add_permit",
    "licensing.change_permit",
    "licensing.add_consultation",
]
REFERENCE = [f"licensing.{a}_permittype" for a in ("add", "change")] + [
    "core.view_calendarday",
    "core.add_calendarday",
    "core.change_calendarday",
    "core.delete_calendarday",
]

GRANTS = {
    "inspector": VIEW,
    "clerk": VIEW + WINDOW,
    "manager": VIEW,
    "administrator": VIEW + WINDOW + REFERENCE,
}


def grant(apps, schema_editor):
    grant_role_permissions(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [("licensing", "0002_reference_data"), ("core", "0004_working_day_calendar")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
