from django.db import migrations

from core.roles import grant_role_permissions

MODELS = [
    "inspection", "inspectionphoto", "problemtype", "checklisttemplate", "checklistitem",
    "checklistscore", "standardlimit", "sample", "sampleresult", "supervisionopinion",
    "opinionitem", "opinionamendment", "campaign", "randomdraw", "drawassignment",
]
VIEW = [f"inspections.view_{m}" for m in MODELS]
FIELD_WORK = [
    "inspections.add_inspection",
    "inspections.add_inspectionphoto",
    "inspections.add_sample",
    "inspections.add_supervisionopinion",
    "inspections.add_opinionamendment",
]
PLANNING = [
    "inspections.add_campaign",
    "inspections.change_campaign",
    "inspections.add_randomdraw",
]
REFERENCE = [
    f"inspections.{action}_{model}"
    for model in ("problemtype", "checklisttemplate", "checklistitem", "standardlimit")
    for action in ("add", "change", "delete")
] + ["core.view_documentseries", "core.change_documentseries", "core.view_documentcounter"]

GRANTS = {
    "inspector": VIEW + FIELD_WORK,
    "clerk": VIEW,
    "manager": VIEW + PLANNING,
    "administrator": VIEW + FIELD_WORK + PLANNING + REFERENCE,
}


def grant(apps, schema_editor):
    grant_role_permissions(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0001_initial"),
        ("core", "0003_document_numbering"),
        ("premises", "0003_role_permissions"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
