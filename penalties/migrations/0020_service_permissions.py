"""Every role reads the service (送达) records of a case; only services.service_record
writes them (penalties.change_penaltycase)."""

from django.db import migrations

from core.roles import grant_role_permissions

ROLES = ("administrator", "clerk", "inspector", "manager")


def forward(apps, schema_editor):
    grant_role_permissions(apps, {role: ["penalties.view_caseservice"] for role in ROLES})


class Migration(migrations.Migration):
    dependencies = [("penalties", "0019_approval_permissions")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
