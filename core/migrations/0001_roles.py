from django.db import migrations

from core.roles import create_roles, grant_role_permissions


def forwards(apps, schema_editor):
    create_roles(apps)
    grant_role_permissions(
        apps,
        {
            "administrator": [
                f"auth.{action}_{model}"
                for model in ("user", "group")
                for action in ("view", "add", "change", "delete")
            ]
        },
    )


class Migration(migrations.Migration):
    dependencies = [("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
