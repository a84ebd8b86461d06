# Which kinds need a permit is licensing's PermitType.categories (issue #16; it was a flag on
# premises_category, whose writes 0003 logs): a kind added to or removed from a type changes
# 应发证 in every township and period, so every write to that table is logged as 0003 logs a
# category's (township 0, no bound on the days).

from django.db import migrations

TABLE = "licensing_permittype_categories"
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


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_rollup"),
        ("licensing", "0011_drinking_water_permits"),
    ]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
