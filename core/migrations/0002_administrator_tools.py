from django.db import migrations

from core.roles import grant_role_permissions


def forwards(apps, schema_editor):
    grant_role_permissions(
        apps,
        {
            "administrator": [
                # Unlock accounts locked by too many failed sign-ins.
                "axes.view_accessattempt",
                "axes.delete_accessattempt",
                "axes.view_accesslog",
                "axes.view_accessfailurelog",
                # API tokens: DRF's authtoken, replaced by core.ApiToken in 0010.
            ]
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_roles"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
