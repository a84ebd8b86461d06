# The triggers that log every write to the records the summary's cells count (see
# reports/models/rollup.py): one per table, on PostgreSQL and on SQLite.

import django.db.models.deletion
from django.db import migrations, models

UNIT = "SELECT township_id FROM premises_establishment WHERE id = {row}.establishment_id"
PERSON = (
    "SELECT e.township_id FROM premises_practitioner p JOIN premises_establishment e "
    "ON e.id = p.establishment_id WHERE p.id = {row}.practitioner_id"
)
VISIT = (
    "SELECT e.township_id FROM inspections_inspection i JOIN premises_establishment e "
    "ON e.id = i.establishment_id WHERE i.id = {row}.inspection_id"
)
EVERYWHERE = "SELECT 0"
TRACKED = {
    "premises_establishment": "SELECT {row}.township_id",
    "premises_establishmentstatuschange": UNIT,
    "premises_practitioner": UNIT,
    "inspections_inspection": UNIT,
    "licensing_permit": UNIT,
    "licensing_healthcertificate": PERSON,
    "licensing_trainingattendance": PERSON,
    "inspections_supervisionopinion": VISIT,
    "inspections_sample": VISIT,
    "licensing_trainingsession": EVERYWHERE,
    "premises_category": EVERYWHERE,
}
LOG = "INSERT INTO reports_rollupchange (township_id) "


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table, township in TRACKED.items():
        if vendor == "postgresql":
            schema_editor.execute(
                f"CREATE OR REPLACE FUNCTION reports_log_{table}() RETURNS trigger "
                "LANGUAGE plpgsql AS $$ BEGIN "
                f"IF TG_OP <> 'DELETE' THEN {LOG}{township.format(row='NEW')}; END IF; "
                f"IF TG_OP <> 'INSERT' THEN {LOG}{township.format(row='OLD')}; END IF; "
                "RETURN NULL; END $$"
            )
            schema_editor.execute(
                f"CREATE TRIGGER reports_log AFTER INSERT OR UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION reports_log_{table}()"
            )
        elif vendor == "sqlite":
            for event, rows in (("INSERT", ["NEW"]), ("UPDATE", ["NEW", "OLD"]), ("DELETE", ["OLD"])):
                body = " ".join(f"{LOG}{township.format(row=row)};" for row in rows)
                schema_editor.execute(
                    f"CREATE TRIGGER reports_log_{event.lower()}_{table} AFTER {event} "
                    f"ON {table} FOR EACH ROW BEGIN {body} END"
                )
        else:
            raise NotImplementedError(f"reports: no change-log triggers for {vendor}")


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TRACKED:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS reports_log ON {table}")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS reports_log_{table}()")
        else:
            for event in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS reports_log_{event}_{table}")


def create_lock(apps, schema_editor):
    apps.get_model("reports", "RollupLock").objects.create(pk=1)

class Migration(migrations.Migration):

    dependencies = [
        ('premises', '0005_statuschange_until'),
        ('inspections', '0004_inspection_inspection_unit_time'),
        ('licensing', '0006_trainingattendance_trainingattendance_person'),
        ('reports', '0002_role_permissions'),
    ]

    operations = [
        migrations.CreateModel(
            name='RollupLock',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ],
            options={
                'verbose_name': '汇总缓存锁',
                'verbose_name_plural': '汇总缓存锁',
            },
        ),
        migrations.CreateModel(
            name='RollupChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('township_id', models.BigIntegerField()),
                ('batch', models.BigIntegerField(blank=True, null=True)),
            ],
            options={
                'verbose_name': '汇总缓存变更记录',
                'verbose_name_plural': '汇总缓存变更记录',
                'indexes': [models.Index(fields=['batch'], name='rollup_change_batch')],
            },
        ),
        migrations.CreateModel(
            name='RollupPeriod',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('start', models.DateField(verbose_name='统计起始日期')),
                ('end', models.DateField(verbose_name='统计截止日期')),
                ('computed_at', models.DateTimeField(auto_now_add=True, verbose_name='首次计算时间')),
                ('refreshed_at', models.DateTimeField(auto_now=True, verbose_name='最近更新时间')),
            ],
            options={
                'verbose_name': '汇总缓存期间',
                'verbose_name_plural': '汇总缓存期间',
                'constraints': [models.UniqueConstraint(fields=('start', 'end'), name='rollup_period_unique')],
            },
        ),
        migrations.CreateModel(
            name='RollupDirty',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('township_id', models.BigIntegerField()),
                ('period', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='dirty', to='reports.rollupperiod')),
            ],
            options={
                'verbose_name': '汇总缓存待更新',
                'verbose_name_plural': '汇总缓存待更新',
                'indexes': [models.Index(fields=['period', 'township_id'], name='rollup_dirty_period')],
            },
        ),
        migrations.CreateModel(
            name='RollupCell',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('units', models.PositiveIntegerField(default=0)),
                ('inspected_units', models.PositiveIntegerField(default=0)),
                ('licensed_before', models.PositiveIntegerField(default=0)),
                ('licence_due', models.PositiveIntegerField(default=0)),
                ('licences_issued', models.PositiveIntegerField(default=0)),
                ('visits', models.PositiveIntegerField(default=0)),
                ('compliant_visits', models.PositiveIntegerField(default=0)),
                ('practitioners', models.PositiveIntegerField(default=0)),
                ('examined', models.PositiveIntegerField(default=0)),
                ('trained', models.PositiveIntegerField(default=0)),
                ('opinions', models.PositiveIntegerField(default=0)),
                ('opinions_rectified', models.PositiveIntegerField(default=0)),
                ('samples', models.PositiveIntegerField(default=0)),
                ('samples_failing', models.PositiveIntegerField(default=0)),
                ('visits_by_kind', models.JSONField(default=dict)),
                ('category', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='premises.category')),
                ('township', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='premises.township')),
                ('period', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='cells', to='reports.rollupperiod')),
            ],
            options={
                'verbose_name': '汇总缓存',
                'verbose_name_plural': '汇总缓存',
                'constraints': [models.UniqueConstraint(fields=('period', 'category', 'township'), name='rollup_cell_unique')],
            },
        ),
        migrations.RunPython(create_lock, migrations.RunPython.noop),
    migrations.RunPython(create_triggers, drop_triggers),
]
