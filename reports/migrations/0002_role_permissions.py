"""Who sees and writes summaries and information-card reports.

Everyone with a role sees the figures and the saved summaries; managers write and publish
summaries; clerks and managers record the cards reported upward."""

from django.db import migrations

from core.roles import grant_role_permissions

VIEW = ["reports.view_summaryreport", "reports.view_infocardreport"]
WRITE_SUMMARY = [
    "reports.add_summaryreport",
    "reports.change_summaryreport",
    "reports.publish_summaryreport",
]
REPORT_CARDS = ["reports.add_infocardreport"]

GRANTS = {
    "inspector": VIEW,
    "clerk": VIEW + REPORT_CARDS,
    "manager": VIEW + WRITE_SUMMARY + REPORT_CARDS,
    "administrator": VIEW,
}


def grant(apps, schema_editor):
    grant_role_permissions(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial"), ("core", "0004_working_day_calendar")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
