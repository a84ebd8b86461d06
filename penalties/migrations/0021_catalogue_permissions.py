"""Every role reads the correction orders (责令改正通知书), measures (取缔) and confiscated
items of a case; only their services write them. The 较大数额 thresholds of the hearing
right are reference data the administrator keeps."""

from django.db import migrations

from core.roles import grant_role_permissions

RECORDS = ("correctionorder", "casemeasure", "confiscateditem")
ROLES = ("administrator", "clerk", "inspector", "manager")


def forward(apps, schema_editor):
    grants = {
        role: [f"penalties.view_{model}" for model in (*RECORDS, "hearingthreshold")]
        for role in ROLES
    }
    grants["administrator"] += [
        f"penalties.{action}_hearingthreshold" for action in ("add", "change", "delete")
    ]
    grant_role_permissions(apps, grants)


class Migration(migrations.Migration):
    dependencies = [("penalties", "0020_service_permissions")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
