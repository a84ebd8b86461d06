"""API tokens move from DRF's authtoken (key stored in clear, never expiring) to
django-rest-knox (core.tokens.ApiToken: digest only, expiring).

Administrators may issue their own tokens and revoke others'. DRF's table of clear keys
is dropped where it exists (an upgraded database): those keys no longer sign anyone in
and should not stay in the database and its backups. Tokens issued before must be
issued again.
"""

from django.db import migrations
from django.db.migrations.recorder import MigrationRecorder

from core.roles import grant_role_permissions

OLD_TABLE = "authtoken_token"


def forwards(apps, schema_editor):
    grant_role_permissions(
        apps,
        {"administrator": ["core.view_apitoken", "core.add_apitoken", "core.delete_apitoken"]},
    )
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    old = Permission.objects.filter(content_type__app_label="authtoken")
    for group in Group.objects.filter(permissions__in=old).distinct():
        group.permissions.remove(*old)
    connection = schema_editor.connection
    if OLD_TABLE in connection.introspection.table_names():
        schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(OLD_TABLE)}")
    # The app is gone: were it ever installed again, its table is created afresh.
    MigrationRecorder(connection).migration_qs.filter(app="authtoken").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0009_personal_data_search"),
        ("knox", "0009_extend_authtoken_field"),
    ]

    operations = [
        migrations.CreateModel(
            name="ApiToken",
            fields=[],
            options={
                "verbose_name": "API 令牌",
                "verbose_name_plural": "API 令牌",
                "proxy": True,
                "default_permissions": ("view", "add", "delete"),
                "indexes": [],
                "constraints": [],
            },
            bases=("knox.authtoken",),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
