# The triggers that log every write to the records the summary's cells count (see
# reports/models/rollup.py): one per table, on PostgreSQL and on SQLite. Each logs the
# township of the row (0: every township) and the days it can count on (empty: no bound),
# so that only the kept periods meeting those days are counted again.

import django.db.models.deletion
from django.db import migrations, models


def _day(vendor, moment, shift):
    """The local day of a stored moment, give or take a day for the time zone."""
    if vendor == "postgresql":
        return f"(({moment})::date {'+' if shift > 0 else '-'} 1)"
    return f"date({moment}, '{shift:+d} day')"


def tracked(vendor):
    """{table: (SELECT township, first day, last day for {row}, columns watched on update)}"""

    def unit(first, last):
        return (
            f"SELECT township_id, {first}, {last} FROM premises_establishment "
            "WHERE id = {row}.establishment_id"
        )

    def visit(moment):
        first, last = _day(vendor, moment, -1), _day(vendor, moment, +1)
        return (
            f"SELECT e.township_id, {first}, {last} FROM inspections_inspection i "
            "JOIN premises_establishment e ON e.id = i.establishment_id "
            "WHERE i.id = {row}.inspection_id"
        )

    person = (
        "SELECT e.township_id, {first}, {last} FROM premises_practitioner p "
        "JOIN premises_establishment e ON e.id = p.establishment_id "
        "WHERE p.id = {{row}}.practitioner_id"
    )
    inspected = "{row}.inspected_at"
    return {
        "premises_establishment": ("SELECT {row}.township_id, NULL, NULL", None),
        # its own ``until`` is kept by premises' trigger: not a change of the unit's state
        "premises_establishmentstatuschange": (
            unit("{row}.date", "NULL"),
            "establishment_id, kind, date",
        ),
        "premises_practitioner": (unit("{row}.hired_on", "{row}.left_on"), None),
        "inspections_inspection": (
            unit(_day(vendor, inspected, -1), _day(vendor, inspected, +1)),
            None,
        ),
        "licensing_permit": (unit("{row}.issued_on", "{row}.expires_on"), None),
        "licensing_healthcertificate": (
            person.format(first="{row}.exam_date", last="{row}.exam_date"),
            None,
        ),
        "licensing_trainingattendance": (
            "SELECT e.township_id, s.date, s.date FROM premises_practitioner p "
            "JOIN premises_establishment e ON e.id = p.establishment_id "
            "JOIN licensing_trainingsession s ON s.id = {row}.session_id "
            "WHERE p.id = {row}.practitioner_id",
            None,
        ),
        "inspections_supervisionopinion": (visit("{row}.issued_at"), None),
        "inspections_sample": (visit("{row}.taken_at"), None),
        "licensing_trainingsession": ("SELECT 0, {row}.date, {row}.date", None),
        "premises_category": ("SELECT 0, NULL, NULL", None),
    }


LOG = "INSERT INTO reports_rollupchange (township_id, first_day, last_day) "


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        raise NotImplementedError(f"reports: no change-log triggers for {vendor}")
    for table, (select, columns) in tracked(vendor).items():
        on_update = f"UPDATE OF {columns}" if columns else "UPDATE"
        if vendor == "postgresql":
            schema_editor.execute(
                f"CREATE OR REPLACE FUNCTION reports_log_{table}() RETURNS trigger "
                "LANGUAGE plpgsql AS $$ BEGIN "
                f"IF TG_OP <> 'DELETE' THEN {LOG}{select.format(row='NEW')}; END IF; "
                f"IF TG_OP <> 'INSERT' THEN {LOG}{select.format(row='OLD')}; END IF; "
                "RETURN NULL; END $$"
            )
            schema_editor.execute(
                f"CREATE TRIGGER reports_log AFTER INSERT OR {on_update} OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION reports_log_{table}()"
            )
        else:
            for event, rows in (("INSERT", ["NEW"]), (on_update, ["NEW", "OLD"]), ("DELETE", ["OLD"])):
                body = " ".join(f"{LOG}{select.format(row=row)};" for row in rows)
                schema_editor.execute(
                    f"CREATE TRIGGER reports_log_{event.split()[0].lower()}_{table} AFTER {event} "
                    f"ON {table} FOR EACH ROW BEGIN {body} END"
                )


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in tracked(vendor):
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
                ('first_day', models.DateField(blank=True, null=True)),
                ('last_day', models.DateField(blank=True, null=True)),
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
