from django.db import migrations

from core.roles import grant_role_permissions

MODELS = ["healthrule", "healthcertificate", "trainingsession", "trainingattendance"]
VIEW = [f"licensing.view_{m}" for m in MODELS]
WINDOW = [
    f"licensing.{action}_{model}"
    for model in ("healthcertificate", "trainingsession", "trainingattendance")
    for action in ("add", "change")
]
EVERYTHING = [
    f"licensing.{action}_{model}"
    for model in MODELS
    for action in ("add", "change", "delete", "view")
]

GRANTS = {
    "inspector": VIEW,
    "clerk": VIEW + WINDOW,
    "manager": VIEW,
    "administrator": EVERYTHING,
}


def grant(apps, schema_editor):
    grant_role_permissions(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [("licensing", "0004_health")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
