"""Who may take which step at the window (permission data; an administrator can tailor the
groups in the admin): the clerk receives, reviews and issues; the office's 负责人 (the
manager role) decides and revokes; post-issue checks are recorded by the clerk, the
inspector or the manager."""

from django.db import migrations

from core.roles import grant_role_permissions

GRANTS = {
    "clerk": ["licensing.review_application", "licensing.check_application"],
    "inspector": ["licensing.check_application"],
    "manager": ["licensing.decide_application", "licensing.check_application"],
    "administrator": [
        "licensing.review_application",
        "licensing.decide_application",
        "licensing.check_application",
    ],
}
VIEW_DOCUMENTS = ["licensing.view_licensingdocument"]


def grant(apps, schema_editor):
    grants = {role: perms + VIEW_DOCUMENTS for role, perms in GRANTS.items()}
    grant_role_permissions(apps, grants)


class Migration(migrations.Migration):
    dependencies = [("licensing", "0009_window_trust")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
