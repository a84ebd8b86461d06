"""The 文号代字 (DocumentCode) are reference data the administrator keeps: the office's
地区简称 and each domain's 执法类别 the number patterns take. Numbers are taken by the
services, so no other role needs them."""

from django.db import migrations

from core.roles import grant_role_permissions


def forward(apps, schema_editor):
    grant_role_permissions(
        apps,
        {
            "administrator": [
                f"core.{action}_documentcode" for action in ("view", "add", "change", "delete")
            ]
        },
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0015_document_codes")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
