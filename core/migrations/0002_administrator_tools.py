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
                # Issue and revoke API tokens for other systems.
                "authtoken.view_tokenproxy",
                "authtoken.add_tokenproxy",
                "authtoken.delete_tokenproxy",
            ]
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_roles"),
        ("axes", "0010_accessattemptexpiration"),
        ("authtoken", "0004_alter_tokenproxy_options"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
