# Corrections of field records (issue #15): the void mark of inspections, samples and
# photos, the amendment record, and who may correct (the author and a manager).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.migration_triggers import triggers_set_aside
from core.roles import grant_role_permissions

# SQLite rebuilds inspections_inspection, _sample and _photo to add the void mark: the
# triggers (reports' change log) are set aside around it (core.migration_triggers).
TRIGGERS_DROP, TRIGGERS_RESTORE = triggers_set_aside()

GRANTS = {
    "inspector": ["inspections.correct_inspection", "inspections.view_recordamendment"],
    "clerk": ["inspections.view_recordamendment"],
    "manager": ["inspections.correct_any_inspection", "inspections.view_recordamendment"],
    "administrator": ["inspections.correct_inspection", "inspections.view_recordamendment"],
}


def grant(apps, schema_editor):
    grant_role_permissions(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0005_draw_fairness"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        TRIGGERS_DROP,
        migrations.AlterModelOptions(
            name="inspection",
            options={
                "ordering": ["-inspected_at", "-id"],
                "permissions": [
                    ("correct_inspection", "更正或作废本人录入或参加的检查记录"),
                    ("correct_any_inspection", "更正或作废任何检查记录"),
                ],
                "verbose_name": "监督检查",
                "verbose_name_plural": "监督检查",
            },
        ),
        migrations.AddField(
            model_name="inspection",
            name="voided_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="作废时间"
            ),
        ),
        migrations.AddField(
            model_name="inspection",
            name="voided_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="作废人",
            ),
        ),
        migrations.AddField(
            model_name="inspection",
            name="void_reason",
            field=models.CharField(
                blank=True, editable=False, max_length=200, verbose_name="作废原因"
            ),
        ),
        migrations.AddField(
            model_name="historicalinspection",
            name="voided_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="作废时间"
            ),
        ),
        migrations.AddField(
            model_name="historicalinspection",
            name="voided_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="作废人",
            ),
        ),
        migrations.AddField(
            model_name="historicalinspection",
            name="void_reason",
            field=models.CharField(
                blank=True, editable=False, max_length=200, verbose_name="作废原因"
            ),
        ),
        migrations.AddField(
            model_name="sample",
            name="voided_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="作废时间"
            ),
        ),
        migrations.AddField(
            model_name="sample",
            name="voided_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="作废人",
            ),
        ),
        migrations.AddField(
            model_name="sample",
            name="void_reason",
            field=models.CharField(
                blank=True, editable=False, max_length=200, verbose_name="作废原因"
            ),
        ),
        migrations.AddField(
            model_name="historicalsample",
            name="voided_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="作废时间"
            ),
        ),
        migrations.AddField(
            model_name="historicalsample",
            name="voided_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="作废人",
            ),
        ),
        migrations.AddField(
            model_name="historicalsample",
            name="void_reason",
            field=models.CharField(
                blank=True, editable=False, max_length=200, verbose_name="作废原因"
            ),
        ),
        migrations.AddField(
            model_name="inspectionphoto",
            name="voided_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="作废时间"
            ),
        ),
        migrations.AddField(
            model_name="inspectionphoto",
            name="voided_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="作废人",
            ),
        ),
        migrations.AddField(
            model_name="inspectionphoto",
            name="void_reason",
            field=models.CharField(
                blank=True, editable=False, max_length=200, verbose_name="作废原因"
            ),
        ),
        migrations.CreateModel(
            name="RecordAmendment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("inspection", "监督检查"),
                            ("sample", "卫生检测样品"),
                            ("photo", "现场照片"),
                        ],
                        max_length=20,
                        verbose_name="记录类型",
                    ),
                ),
                ("record_id", models.PositiveBigIntegerField(verbose_name="记录编号")),
                ("reason", models.CharField(max_length=200, verbose_name="更正原因")),
                ("changes", models.JSONField(verbose_name="更正内容")),
                ("amended_at", models.DateTimeField(auto_now_add=True, verbose_name="更正时间")),
                (
                    "amended_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="更正人",
                    ),
                ),
            ],
            options={
                "verbose_name": "检查记录更正",
                "verbose_name_plural": "检查记录更正",
                "ordering": ["amended_at", "id"],
                "indexes": [models.Index(fields=["kind", "record_id"], name="amendment_of_record")],
            },
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
        TRIGGERS_RESTORE,
    ]
