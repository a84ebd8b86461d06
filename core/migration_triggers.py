"""SQLite triggers kept across a migration that rebuilds a table.

SQLite adds a foreign key or a column with a constraint by building a new table, copying
the rows and renaming it into place. The triggers on the old table go with it, and a
rename is refused while a trigger on another table reads the renamed one (reports' change
log on inspections_supervisionopinion reads inspections_inspection). A migration that
rebuilds a table therefore runs its schema operations between ``triggers_set_aside()``'s
two steps: every trigger of the database is dropped first and created again, from its own
SQL, after. PostgreSQL alters tables in place: nothing to do there.
"""

from django.db import migrations


def triggers_set_aside() -> tuple[migrations.RunPython, migrations.RunPython]:
    """(drop, restore): RunPython operations to put first and last in a migration."""
    kept: list[tuple[str, str]] = []

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
            )
            kept[:] = cursor.fetchall()
            for name, _sql in kept:
                cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')

    def restore(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            present = {row[0] for row in cursor.fetchall()}
            for name, sql in kept:
                if name not in present:
                    cursor.execute(sql)

    # Backwards, the same two steps in the other order.
    return (
        migrations.RunPython(drop, restore, elidable=False),
        migrations.RunPython(restore, drop, elidable=False),
    )
