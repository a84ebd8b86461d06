"""Who does what with penalty cases.

Inspectors (监督员) file and run cases; managers approve extensions, do the legal review,
amend closed cases and review case files; clerks may look; the administrator keeps the
violations, discretion tables and time limits."""

from django.db import migrations

from core.roles import grant_role_permissions

RECORDS = [
    "penaltycase",
    "casestep",
    "casepenalty",
    "casepayment",
    "caseevidence",
    "partystatement",
    "hearing",
    "caseextension",
    "caseamendment",
    "casereview",
]
REFERENCE = ["violation", "discretionlevel", "timelimit"]
VIEW = [f"penalties.view_{m}" for m in RECORDS + REFERENCE]
OFFICER = ["penalties.add_penaltycase", "penalties.change_penaltycase"]
MANAGER = OFFICER + [
    "penalties.approve_extension",
    "penalties.legal_review",
    "penalties.amend_case",
    "penalties.review_case",
]
ADMIN_REFERENCE = [f"penalties.{a}_{m}" for m in REFERENCE for a in ("add", "change", "delete")]

GRANTS = {
    "inspector": VIEW + OFFICER,
    "clerk": VIEW,
    "manager": VIEW + MANAGER,
    "administrator": VIEW + ADMIN_REFERENCE,
}


def grant(apps, schema_editor):
    grant_role_permissions(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [("penalties", "0002_reference_data"), ("core", "0004_working_day_calendar")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
