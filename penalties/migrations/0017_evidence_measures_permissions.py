"""Every role reads the evidence measures of a case (先行登记保存 and its items, 案件移送,
a case's 询问笔录); only their services write them (penalties.change_penaltycase)."""

from django.db import migrations

from core.roles import grant_role_permissions

MODELS = ("evidencepreservation", "preserveditem", "casetransfer", "caseinterview")
ROLES = ("administrator", "clerk", "inspector", "manager")


def forward(apps, schema_editor):
    grant_role_permissions(
        apps, {role: [f"penalties.view_{model}" for model in MODELS] for role in ROLES}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("penalties", "0016_hearing_record_and_number_patterns"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
