"""The simple procedure's records and rules: every role reads the on-the-spot decisions
(当场行政处罚决定, written by the simple procedure's services only), the fine limits by
party type (行政处罚法第五十一条) and the rules of cash and 备案; the administrator keeps the
limits and adds or changes the rules (a rule once in force is changed, not deleted: past
decisions were counted with it)."""

from django.db import migrations

from core.roles import grant_role_permissions

ROLES = ("administrator", "clerk", "inspector", "manager")
READ = ("onspotdecision", "onspotthreshold", "onspotrule")


def forward(apps, schema_editor):
    grants = {role: [f"penalties.view_{model}" for model in READ] for role in ROLES}
    grants["administrator"] += [
        *(f"penalties.{action}_onspotthreshold" for action in ("add", "change", "delete")),
        *(f"penalties.{action}_onspotrule" for action in ("add", "change")),
    ]
    grant_role_permissions(apps, grants)


class Migration(migrations.Migration):
    dependencies = [("penalties", "0021_catalogue_permissions")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
