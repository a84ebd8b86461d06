# 出动监督员人次 (officers × visits) and the training attendance by session are kept with
# the cells (issue #19: the office-wide figures must not slow the summary; counted live they
# took two scans of the inspectors of every visit and one of the period's attendances per
# summary, about 7.5 s of a kept summary at the province). The kept cells get the counts
# and are counted again (every kept period is dropped: the next read counts
# it whole). The inspectors of a visit (inspections_inspection_inspectors) are logged like
# its opinions and samples: the visit's township and day, give or take a day.

from django.db import migrations, models

from core.migration_triggers import triggers_set_aside

TABLE = "inspections_inspection_inspectors"
LOG = "INSERT INTO reports_rollupchange (township_id, first_day, last_day) "


def _select(vendor: str, row: str) -> str:
    if vendor == "postgresql":
        first, last = "(i.inspected_at::date - 1)", "(i.inspected_at::date + 1)"
    else:
        first, last = "date(i.inspected_at, '-1 day')", "date(i.inspected_at, '+1 day')"
    return (
        f"SELECT e.township_id, {first}, {last} FROM inspections_inspection i "
        "JOIN premises_establishment e ON e.id = i.establishment_id "
        f"WHERE i.id = {row}.inspection_id"
    )


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            f"CREATE OR REPLACE FUNCTION reports_log_{TABLE}() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN "
            f"IF TG_OP <> 'DELETE' THEN {LOG}{_select(vendor, 'NEW')}; END IF; "
            f"IF TG_OP <> 'INSERT' THEN {LOG}{_select(vendor, 'OLD')}; END IF; "
            "RETURN NULL; END $$"
        )
        schema_editor.execute(
            f"CREATE TRIGGER reports_log AFTER INSERT OR UPDATE OR DELETE ON {TABLE} "
            f"FOR EACH ROW EXECUTE FUNCTION reports_log_{TABLE}()"
        )
    elif vendor == "sqlite":
        for event, rows in (("INSERT", ["NEW"]), ("UPDATE", ["NEW", "OLD"]), ("DELETE", ["OLD"])):
            body = " ".join(f"{LOG}{_select(vendor, row)};" for row in rows)
            schema_editor.execute(
                f"CREATE TRIGGER reports_log_{event.lower()}_{TABLE} AFTER {event} ON {TABLE} "
                f"FOR EACH ROW BEGIN {body} END"
            )
    else:
        raise NotImplementedError(f"reports: no change-log triggers for {vendor}")


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS reports_log ON {TABLE}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS reports_log_{TABLE}()")
    else:
        for event in ("insert", "update", "delete"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS reports_log_{event}_{TABLE}")


def recount(apps, schema_editor):
    apps.get_model("reports", "RollupPeriod").objects.all().delete()


set_aside, restore = triggers_set_aside()


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0018_promotion"),
        ("reports", "0008_rollupcell_exam_due"),
    ]

    operations = [
        set_aside,
        migrations.AddField(
            model_name="rollupcell",
            name="officer_visits",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="rollupcell",
            name="training_by_session",
            field=models.JSONField(default=dict),
        ),
        restore,
        migrations.RunPython(recount, migrations.RunPython.noop),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
