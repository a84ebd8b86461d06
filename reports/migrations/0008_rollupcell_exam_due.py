# The 体检率's denominator (issue #19): the practitioners whose post serves customers
# directly (premises.Post.serves_customers, premises 0014). The kept cells get the count
# (exam_due) and are counted again (every kept period is dropped: the next read counts it
# whole), since ``examined`` now counts only those due. A post's flag changes who is due in
# every township and period, so every write to the post table is logged as a category's is
# (township 0, no bound on the days).

from django.db import migrations, models

from core.migration_triggers import triggers_set_aside

TABLE = "premises_post"
LOG = "INSERT INTO reports_rollupchange (township_id, first_day, last_day) SELECT 0, NULL, NULL"


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            f"CREATE OR REPLACE FUNCTION reports_log_{TABLE}() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$ BEGIN {LOG}; RETURN NULL; END $$"
        )
        schema_editor.execute(
            f"CREATE TRIGGER reports_log AFTER INSERT OR UPDATE OR DELETE ON {TABLE} "
            f"FOR EACH ROW EXECUTE FUNCTION reports_log_{TABLE}()"
        )
    elif vendor == "sqlite":
        for event in ("INSERT", "UPDATE", "DELETE"):
            schema_editor.execute(
                f"CREATE TRIGGER reports_log_{event.lower()}_{TABLE} AFTER {event} ON {TABLE} "
                f"FOR EACH ROW BEGIN {LOG}; END"
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
        ("premises", "0014_practitioner_posts"),
        ("reports", "0007_focused_plans"),
    ]

    operations = [
        set_aside,
        migrations.AddField(
            model_name="rollupcell",
            name="exam_due",
            field=models.PositiveIntegerField(default=0),
        ),
        restore,
        migrations.RunPython(recount, migrations.RunPython.noop),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
