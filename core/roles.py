"""The four roles of the office and the permissions each holds.

A role is a Django group. Each app grants its own permissions to the roles in a data
migration by calling :func:`grant_role_permissions`, so a fresh database and an upgraded
one end with the same groups. Views and API endpoints check permissions, never group
names, so an administrator can tailor a group in the admin without touching code.
"""

from django.contrib.auth.management import create_permissions
from django.db import models


class Role(models.TextChoices):
    INSPECTOR = "inspector", "监督员"
    CLERK = "clerk", "许可窗口"
    MANAGER = "manager", "管理者"
    ADMINISTRATOR = "administrator", "系统管理员"


def role_labels(user) -> list[str]:
    """Chinese names of the roles a user holds, for the page header."""
    names = {group.name for group in user.groups.all()}
    return [role.label for role in Role if role.value in names]


def create_roles(apps, schema_editor=None):
    Group = apps.get_model("auth", "Group")
    for role in Role:
        Group.objects.get_or_create(name=role.value)


def grant_role_permissions(apps, grants: dict[str, list[str]]):
    """Give each role the listed permissions ("app_label.codename").

    Permissions are normally created after migrations run (post_migrate); a data
    migration therefore creates those of the apps it touches first.
    """
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, perms in grants.items():
        group, _ = Group.objects.get_or_create(name=role)
        for perm in perms:
            app_label, codename = perm.split(".")
            permission = Permission.objects.get(
                content_type__app_label=app_label, codename=codename
            )
            group.permissions.add(permission)
