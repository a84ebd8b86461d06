"""Every role reads the approvals, the 合议/集体讨论 records and the procedure rules; the
administrator keeps the procedure rules (changed, never deleted: cases point to them).
Approvals and discussions are written by their services only."""

from django.db import migrations

from core.roles import grant_role_permissions

VIEW = [
    "penalties.view_caseapproval",
    "penalties.view_casediscussion",
    "penalties.view_procedurerule",
]
ROLES = ("administrator", "clerk", "inspector", "manager")


def forward(apps, schema_editor):
    grants = {role: list(VIEW) for role in ROLES}
    grants["administrator"] += ["penalties.add_procedurerule", "penalties.change_procedurerule"]
    grant_role_permissions(apps, grants)


def backward(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [p.split(".")[1] for p in VIEW] + ["add_procedurerule", "change_procedurerule"]
    permissions = Permission.objects.filter(
        content_type__app_label="penalties", codename__in=codenames
    )
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [("penalties", "0018_collective_discussion_for_gravest_levels")]

    operations = [migrations.RunPython(forward, backward)]
