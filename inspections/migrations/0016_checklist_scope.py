"""Checklists scoped to a domain and to kinds (issue #18): a school's 一案八制 is offered on a
school's inspection, not a hotel's sheet. Schema only; the sheets themselves: 0017."""

import django.db.models.deletion
import simple_history.models
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0015_water_school_limits"),
        ("premises", "0010_occupational_register"),
    ]

    operations = [
        migrations.AddField(
            model_name="checklisttemplate",
            name="categories",
            field=models.ManyToManyField(
                blank=True,
                help_text="选大类即包含其全部小类；不选：该专业的全部类别。",
                related_name="+",
                to="premises.category",
                verbose_name="适用的单位类别",
            ),
        ),
        migrations.AddField(
            model_name="checklisttemplate",
            name="domain",
            field=models.ForeignKey(
                blank=True,
                help_text="不选：各专业的检查均可使用。",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="premises.domain",
                verbose_name="监督专业",
            ),
        ),
        migrations.AddField(
            model_name="historicalchecklisttemplate",
            name="domain",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="不选：各专业的检查均可使用。",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="premises.domain",
                verbose_name="监督专业",
            ),
        ),
        migrations.CreateModel(
            name="HistoricalChecklistTemplate_categories",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "category",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="premises.category",
                    ),
                ),
                (
                    "checklisttemplate",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="inspections.checklisttemplate",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="inspections.historicalchecklisttemplate",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalChecklistTemplate_categories",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
    ]
