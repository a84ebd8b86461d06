"""Penalty cases: the legal review's verdict, the facts as notified, the date of the
party's waiver, how a closed case ended (结案类型), and the permission to leave a late
charge uncollected. Existing cases are filled in from what they already record.

(The file keeps the name makemigrations gave it: development databases have it applied.)"""

from django.conf import settings
from django.db import migrations, models


def fill(apps, schema_editor):
    PenaltyCase = apps.get_model("penalties", "PenaltyCase")
    PenaltyCase.objects.filter(status="closed").update(outcome="penalised")
    for case in PenaltyCase.objects.exclude(notice_number=None).only("pk", "facts"):
        PenaltyCase.objects.filter(pk=case.pk).update(notice_facts=case.facts)
    for case in PenaltyCase.objects.filter(rights_waived=True).only("pk", "notified_on"):
        PenaltyCase.objects.filter(pk=case.pk).update(rights_waived_on=case.notified_on)
    PenaltyCase.objects.exclude(legal_reviewer=None).update(legal_review_approved=True)


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0003_checklist_purpose"),
        ("penalties", "0003_role_permissions"),
        ("premises", "0003_role_permissions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="penaltycase",
            options={
                "ordering": ["-year", "-sequence"],
                "permissions": [
                    ("approve_extension", "审批延长办案期限"),
                    ("legal_review", "法制审核"),
                    ("amend_case", "更正已结案件"),
                    ("review_case", "案卷评查"),
                    ("waive_late_charge", "决定不收取加处罚款"),
                ],
                "verbose_name": "行政处罚案件",
                "verbose_name_plural": "行政处罚案件",
            },
        ),
        migrations.AddField(
            model_name="historicalpenaltycase",
            name="legal_review_approved",
            field=models.BooleanField(blank=True, null=True, verbose_name="法制审核同意"),
        ),
        migrations.AddField(
            model_name="historicalpenaltycase",
            name="notice_facts",
            field=models.TextField(blank=True, verbose_name="告知的违法事实"),
        ),
        migrations.AddField(
            model_name="historicalpenaltycase",
            name="outcome",
            field=models.CharField(
                blank=True,
                choices=[
                    ("penalised", "给予行政处罚"),
                    ("no_penalty", "不予行政处罚"),
                    ("withdrawn", "撤销立案"),
                    ("transferred", "移送其他机关"),
                ],
                max_length=20,
                verbose_name="结案类型",
            ),
        ),
        migrations.AddField(
            model_name="historicalpenaltycase",
            name="rights_waived_on",
            field=models.DateField(blank=True, null=True, verbose_name="放弃陈述申辩和听证日期"),
        ),
        migrations.AddField(
            model_name="penaltycase",
            name="legal_review_approved",
            field=models.BooleanField(blank=True, null=True, verbose_name="法制审核同意"),
        ),
        migrations.AddField(
            model_name="penaltycase",
            name="notice_facts",
            field=models.TextField(blank=True, verbose_name="告知的违法事实"),
        ),
        migrations.AddField(
            model_name="penaltycase",
            name="outcome",
            field=models.CharField(
                blank=True,
                choices=[
                    ("penalised", "给予行政处罚"),
                    ("no_penalty", "不予行政处罚"),
                    ("withdrawn", "撤销立案"),
                    ("transferred", "移送其他机关"),
                ],
                max_length=20,
                verbose_name="结案类型",
            ),
        ),
        migrations.AddField(
            model_name="penaltycase",
            name="rights_waived_on",
            field=models.DateField(blank=True, null=True, verbose_name="放弃陈述申辩和听证日期"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="penaltycase",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("status", "closed"),
                        ("outcome__in", ["penalised", "no_penalty", "withdrawn", "transferred"]),
                    ),
                    models.Q(models.Q(("status", "closed"), _negated=True), ("outcome", "")),
                    _connector="OR",
                ),
                name="case_outcome_once_closed",
            ),
        ),
    ]
