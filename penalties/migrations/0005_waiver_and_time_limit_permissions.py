"""Managers decide to leave a late charge uncollected; time limits are changed, never
deleted (every step counts with them), so the administrator loses delete_timelimit."""

from django.db import migrations

from core.roles import grant_role_permissions


def _permission(apps, codename):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(content_type__app_label="penalties", codename=codename)


def forward(apps, schema_editor):
    grant_role_permissions(apps, {"manager": ["penalties.waive_late_charge"]})
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name="administrator"):
        group.permissions.remove(_permission(apps, "delete_timelimit"))


def backward(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name="manager"):
        group.permissions.remove(_permission(apps, "waive_late_charge"))
    grant_role_permissions(apps, {"administrator": ["penalties.delete_timelimit"]})


class Migration(migrations.Migration):
    dependencies = [("penalties", "0004_alter_penaltycase_options_and_more")]

    operations = [migrations.RunPython(forward, backward)]
