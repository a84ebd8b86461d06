"""A category's own flag ``needs_permit`` goes: which kinds need which permit type is said
by licensing's PermitType.categories alone (licensing 0011 moved the flag into it).
Backwards, the flag is set again from the types: a kind needs a permit when a type lists it.

premises_category carries reports' change-log triggers: the schema operations run between
triggers_set_aside()'s steps (SQLite may rebuild the table)."""

from django.db import migrations

from core.migration_triggers import triggers_set_aside

SET_ASIDE = triggers_set_aside()


def flag_from_types(apps, schema_editor):
    Category = apps.get_model("premises", "Category")
    PermitType = apps.get_model("licensing", "PermitType")
    listed = PermitType.categories.through.objects.values("category_id")
    Category.objects.exclude(pk__in=listed).update(needs_permit=False)
    Category.objects.filter(pk__in=listed).update(needs_permit=True)


class Migration(migrations.Migration):
    dependencies = [
        ("premises", "0006_statuschange_until_trigger"),
        ("licensing", "0011_drinking_water_permits"),
    ]

    operations = [
        SET_ASIDE[0],
        migrations.RunPython(migrations.RunPython.noop, flag_from_types),
        migrations.RemoveField(model_name="category", name="needs_permit"),
        migrations.RemoveField(model_name="historicalcategory", name="needs_permit"),
        SET_ASIDE[1],
    ]
