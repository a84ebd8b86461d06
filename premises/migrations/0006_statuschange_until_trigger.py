# Each status change's ``until`` (the date of the unit's next change) is kept by the
# database itself: after a change is inserted, deleted, or has its unit, kind or date
# changed, the unit's changes are linked again, whatever wrote it (pages, admin, API,
# imports, bulk inserts, SQL). Setting ``until`` touches no watched column: no recursion.

from django.db import migrations

TABLE = "premises_establishmentstatuschange"
RELINK = (
    f"UPDATE {TABLE} SET until = (SELECT n.date FROM {TABLE} n "
    f"WHERE n.establishment_id = {TABLE}.establishment_id "
    f"AND (n.date > {TABLE}.date OR (n.date = {TABLE}.date AND n.id > {TABLE}.id)) "
    f"ORDER BY n.date, n.id LIMIT 1) WHERE {TABLE}.establishment_id = {{row}}.establishment_id"
)
EVENTS = "INSERT OR DELETE OR UPDATE OF establishment_id, kind, date"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE OR REPLACE FUNCTION premises_link_status_changes() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN "
            f"IF TG_OP <> 'DELETE' THEN {RELINK.format(row='NEW')}; END IF; "
            f"IF TG_OP <> 'INSERT' THEN {RELINK.format(row='OLD')}; END IF; "
            "RETURN NULL; END $$"
        )
        schema_editor.execute(
            f"CREATE TRIGGER premises_link AFTER {EVENTS} ON {TABLE} "
            "FOR EACH ROW EXECUTE FUNCTION premises_link_status_changes()"
        )
    else:
        for event, rows in (
            ("INSERT", ["NEW"]),
            ("UPDATE OF establishment_id, kind, date", ["NEW", "OLD"]),
            ("DELETE", ["OLD"]),
        ):
            body = " ".join(f"{RELINK.format(row=row)};" for row in rows)
            schema_editor.execute(
                f"CREATE TRIGGER premises_link_{event.split()[0].lower()} AFTER {event} "
                f"ON {TABLE} FOR EACH ROW BEGIN {body} END"
            )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS premises_link ON {TABLE}")
        schema_editor.execute("DROP FUNCTION IF EXISTS premises_link_status_changes()")
    else:
        for event in ("insert", "update", "delete"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS premises_link_{event}")


class Migration(migrations.Migration):
    dependencies = [("premises", "0005_statuschange_until")]

    operations = [migrations.RunPython(create, drop)]
