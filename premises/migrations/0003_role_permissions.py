from django.db import migrations

from core.roles import grant_role_permissions

VIEW = [
    "premises.view_domain",
    "premises.view_category",
    "premises.view_township",
    "premises.view_establishment",
    "premises.view_establishmentstatuschange",
    "premises.view_practitioner",
]
REGISTER = [
    "premises.add_establishment",
    "premises.change_establishment",
    "premises.add_establishmentstatuschange",
    "premises.add_practitioner",
    "premises.change_practitioner",
    "premises.view_full_id_number",
]
REFERENCE = [
    f"premises.{action}_{model}"
    for model in ("domain", "category", "township")
    for action in ("add", "change", "delete")
]

GRANTS = {
    "inspector": VIEW,
    "clerk": VIEW + REGISTER,
    "manager": VIEW,
    "administrator": VIEW
    + REGISTER
    + REFERENCE
    + ["premises.delete_establishment", "premises.delete_practitioner"],
}


def grant(apps, schema_editor):
    grant_role_permissions(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [("premises", "0002_reference_data"), ("core", "0001_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
