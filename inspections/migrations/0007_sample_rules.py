"""Rules for samples (issue #15): what a reading can possibly be, which units a sample type
is taken at, the sampling record of a sample, its number, and 送检中 while the laboratory's
result is awaited.

Plausible ranges shipped for the GB 37488-2019 pool-water limits of 0002 (editable in the
admin, "可能值下限/上限"): outside them a reading is a typing slip, never a measurement.
- pH: 0–14, the pH scale of dilute aqueous solutions (field meters read 0–14).
- 水温: −10–100 ℃ (liquid water at normal pressure, with room for supercooled readings).
- 浑浊度: 0–4000 NTU, the upper end of nephelometric turbidity meters (ISO 7027 range).
- 氧化还原电位: −2000–2000 mV, the span of ORP meters (±1999 mV).
- Concentrations (余氯, 尿素, 氰尿酸, 臭氧, 过氧化氢) and counts (菌落总数, 总大肠菌群): ≥ 0,
  no upper bound (a gross failure is possible and must be recorded as found).
Microbiology (菌落总数, 总大肠菌群) is cultured for 48 h (GB/T 5750.12), so it is marked
"送实验室检测": a pool sample is recorded with its field readings and these 送检中.
游泳池水 is taken at 游泳场（馆） (pp.sports.swimming) only; the administrator adds other
categories (a hotel with a pool) under 样品类型适用范围.
"""

from decimal import Decimal

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

from core.roles import grant_role_permissions

POOL_SAMPLE_TYPE = "游泳池水"
POOL_STANDARD = "GB 37488-2019"

# parameter: (plausible_min, plausible_max, lab_test)
POOL_RANGES = {
    "浑浊度": ("0", "4000", False),
    "pH": ("0", "14", False),
    "游离性余氯": ("0", None, False),
    "化合性余氯": ("0", None, False),
    "尿素": ("0", None, False),
    "菌落总数": ("0", None, True),
    "总大肠菌群": ("0", None, True),
    "水温": ("-10", "100", False),
    "氰尿酸（使用含氰尿酸消毒剂时）": ("0", None, False),
    "臭氧（使用臭氧消毒时，水面上空气中）": ("0", None, False),
    "过氧化氢（使用过氧化氢消毒时）": ("0", None, False),
    "氧化还原电位（使用氯或臭氧消毒时）": ("-2000", "2000", False),
}

SCOPES = [(POOL_SAMPLE_TYPE, ["pp.sports.swimming"], "游泳池水只在游泳场所采样。")]

SERIES = [("sample", "卫生检测样品编号", "YP{year}{number:05d}")]

GRANTS = {
    "inspector": ["inspections.view_sampletypescope"],
    "clerk": ["inspections.view_sampletypescope"],
    "manager": ["inspections.view_sampletypescope"],
    "administrator": [
        f"inspections.{action}_sampletypescope" for action in ("view", "add", "change", "delete")
    ],
}


def load(apps, schema_editor):
    StandardLimit = apps.get_model("inspections", "StandardLimit")
    SampleTypeScope = apps.get_model("inspections", "SampleTypeScope")
    Category = apps.get_model("premises", "Category")
    DocumentSeries = apps.get_model("core", "DocumentSeries")
    for parameter, (low, high, lab_test) in POOL_RANGES.items():
        StandardLimit.objects.filter(
            sample_type=POOL_SAMPLE_TYPE, standard=POOL_STANDARD, parameter=parameter
        ).update(
            plausible_min=Decimal(low) if low is not None else None,
            plausible_max=Decimal(high) if high is not None else None,
            lab_test=lab_test,
        )
    for sample_type, codes, note in SCOPES:
        scope, _ = SampleTypeScope.objects.update_or_create(
            sample_type=sample_type, defaults={"note": note}
        )
        scope.categories.set(Category.objects.filter(code__in=codes))
    for code, name, pattern in SERIES:
        DocumentSeries.objects.update_or_create(
            code=code, defaults={"name": name, "pattern": pattern}
        )
    grant_role_permissions(apps, GRANTS)


# SQLite rebuilds a table to add a column that is not null or unique, and drops its
# triggers with it (reports' change log on inspections_sample): they are read before and
# put back after.
_TRIGGERS: list[tuple[str, str]] = []


def keep_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
            "AND tbl_name = 'inspections_sample'"
        )
        _TRIGGERS[:] = cursor.fetchall()


def restore_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        present = {row[0] for row in cursor.fetchall()}
        for name, sql in _TRIGGERS:
            if name not in present:
                cursor.execute(sql)


def unload(apps, schema_editor):
    apps.get_model("core", "DocumentSeries").objects.filter(
        code__in=[row[0] for row in SERIES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0006_corrections"),
        ("premises", "0006_statuschange_until_trigger"),
        ("core", "0003_document_numbering"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(keep_triggers, restore_triggers),
        migrations.CreateModel(
            name="HistoricalSampleTypeScope",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "sample_type",
                    models.CharField(db_index=True, max_length=50, verbose_name="样品类型"),
                ),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="说明")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
            ],
            options={
                "verbose_name": "historical 样品类型适用范围",
                "verbose_name_plural": "historical 样品类型适用范围",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalSampleTypeScope_categories",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
            ],
            options={
                "verbose_name": "HistoricalSampleTypeScope_categories",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="SampleTypeScope",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "sample_type",
                    models.CharField(max_length=50, unique=True, verbose_name="样品类型"),
                ),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="说明")),
            ],
            options={
                "verbose_name": "样品类型适用范围",
                "verbose_name_plural": "样品类型适用范围",
                "ordering": ["sample_type"],
            },
        ),
        migrations.AddField(
            model_name="historicalsample",
            name="container",
            field=models.CharField(blank=True, max_length=100, verbose_name="容器"),
        ),
        migrations.AddField(
            model_name="historicalsample",
            name="instrument",
            field=models.CharField(blank=True, max_length=100, verbose_name="采样仪器"),
        ),
        migrations.AddField(
            model_name="historicalsample",
            name="lab",
            field=models.CharField(blank=True, max_length=100, verbose_name="检测机构"),
        ),
        migrations.AddField(
            model_name="historicalsample",
            name="method",
            field=models.CharField(blank=True, max_length=100, verbose_name="采样方法"),
        ),
        migrations.AddField(
            model_name="historicalsample",
            name="number",
            field=models.CharField(
                blank=True,
                db_index=True,
                editable=False,
                max_length=40,
                null=True,
                verbose_name="样品编号",
            ),
        ),
        migrations.AddField(
            model_name="historicalsample",
            name="portions",
            field=models.PositiveSmallIntegerField(default=1, verbose_name="样品份数"),
        ),
        migrations.AddField(
            model_name="historicalsample",
            name="purpose",
            field=models.CharField(blank=True, max_length=100, verbose_name="采样目的"),
        ),
        migrations.AddField(
            model_name="historicalsample",
            name="site_description",
            field=models.TextField(blank=True, verbose_name="现场情况"),
        ),
        migrations.AddField(
            model_name="historicalstandardlimit",
            name="lab_test",
            field=models.BooleanField(
                default=False,
                help_text="现场不能出结果的指标（如微生物）：登记样品时默认“送检中”，结果出来后再录入。",
                verbose_name="送实验室检测",
            ),
        ),
        migrations.AddField(
            model_name="historicalstandardlimit",
            name="plausible_max",
            field=models.DecimalField(
                blank=True, decimal_places=4, max_digits=12, null=True, verbose_name="可能值上限"
            ),
        ),
        migrations.AddField(
            model_name="historicalstandardlimit",
            name="plausible_min",
            field=models.DecimalField(
                blank=True, decimal_places=4, max_digits=12, null=True, verbose_name="可能值下限"
            ),
        ),
        migrations.AddField(
            model_name="sample",
            name="container",
            field=models.CharField(blank=True, max_length=100, verbose_name="容器"),
        ),
        migrations.AddField(
            model_name="sample",
            name="instrument",
            field=models.CharField(blank=True, max_length=100, verbose_name="采样仪器"),
        ),
        migrations.AddField(
            model_name="sample",
            name="lab",
            field=models.CharField(blank=True, max_length=100, verbose_name="检测机构"),
        ),
        migrations.AddField(
            model_name="sample",
            name="method",
            field=models.CharField(blank=True, max_length=100, verbose_name="采样方法"),
        ),
        migrations.AddField(
            model_name="sample",
            name="number",
            field=models.CharField(
                blank=True,
                editable=False,
                max_length=40,
                null=True,
                unique=True,
                verbose_name="样品编号",
            ),
        ),
        migrations.AddField(
            model_name="sample",
            name="portions",
            field=models.PositiveSmallIntegerField(default=1, verbose_name="样品份数"),
        ),
        migrations.AddField(
            model_name="sample",
            name="purpose",
            field=models.CharField(blank=True, max_length=100, verbose_name="采样目的"),
        ),
        migrations.AddField(
            model_name="sample",
            name="site_description",
            field=models.TextField(blank=True, verbose_name="现场情况"),
        ),
        migrations.AddField(
            model_name="standardlimit",
            name="lab_test",
            field=models.BooleanField(
                default=False,
                help_text="现场不能出结果的指标（如微生物）：登记样品时默认“送检中”，结果出来后再录入。",
                verbose_name="送实验室检测",
            ),
        ),
        migrations.AddField(
            model_name="standardlimit",
            name="plausible_max",
            field=models.DecimalField(
                blank=True, decimal_places=4, max_digits=12, null=True, verbose_name="可能值上限"
            ),
        ),
        migrations.AddField(
            model_name="standardlimit",
            name="plausible_min",
            field=models.DecimalField(
                blank=True, decimal_places=4, max_digits=12, null=True, verbose_name="可能值下限"
            ),
        ),
        migrations.AlterField(
            model_name="historicalsample",
            name="verdict",
            field=models.CharField(
                choices=[("pass", "合格"), ("fail", "不合格"), ("pending", "送检中")],
                editable=False,
                max_length=10,
                verbose_name="结论",
            ),
        ),
        migrations.AlterField(
            model_name="sample",
            name="verdict",
            field=models.CharField(
                choices=[("pass", "合格"), ("fail", "不合格"), ("pending", "送检中")],
                editable=False,
                max_length=10,
                verbose_name="结论",
            ),
        ),
        migrations.AlterField(
            model_name="sampleresult",
            name="verdict",
            field=models.CharField(
                choices=[("pass", "合格"), ("fail", "不合格"), ("pending", "送检中")],
                editable=False,
                max_length=10,
                verbose_name="判定",
            ),
        ),
        migrations.AddConstraint(
            model_name="standardlimit",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("plausible_min__isnull", True),
                    ("plausible_max__isnull", True),
                    ("plausible_min__lte", models.F("plausible_max")),
                    _connector="OR",
                ),
                name="limit_plausible_range_ordered",
            ),
        ),
        migrations.AddField(
            model_name="historicalsampletypescope",
            name="history_user",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="historicalsampletypescope_categories",
            name="category",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_tablespace="",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="premises.category",
            ),
        ),
        migrations.AddField(
            model_name="historicalsampletypescope_categories",
            name="history",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.DO_NOTHING,
                to="inspections.historicalsampletypescope",
            ),
        ),
        migrations.AddField(
            model_name="sampletypescope",
            name="categories",
            field=models.ManyToManyField(
                help_text="选大类即包含其全部小类。",
                related_name="+",
                to="premises.category",
                verbose_name="适用的单位类别",
            ),
        ),
        migrations.AddField(
            model_name="historicalsampletypescope_categories",
            name="sampletypescope",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_tablespace="",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="inspections.sampletypescope",
            ),
        ),
        migrations.RunPython(load, unload),
        migrations.RunPython(restore_triggers, keep_triggers),
    ]
