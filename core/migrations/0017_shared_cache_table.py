"""The shared cache's table (settings.CACHE_BACKEND "database"): the dashboard's count of
this year so far and the public pages' rate limit, one for every web worker. Created like
``manage.py createcachetable`` (which does nothing when the table exists or the cache is
another backend); run that command after switching CACHE_BACKEND to "database" later."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute("DROP TABLE IF EXISTS weijian_cache")


class Migration(migrations.Migration):
    dependencies = [("core", "0016_document_code_permissions")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
