"""The day the application was received (收到申请日期), kept apart from the day it was
accepted (受理日期): a 补正材料通知书 printed again after the acceptance must still say when
the materials came in. Existing applications take their acceptance day."""

from django.db import migrations, models

from core.migration_triggers import triggers_set_aside

SET_ASIDE = triggers_set_aside()


def fill(apps, schema_editor):
    for name in ("Application", "HistoricalApplication"):
        model = apps.get_model("licensing", name)
        model.objects.filter(submitted_on__isnull=True).update(submitted_on=models.F("received_on"))


class Migration(migrations.Migration):
    dependencies = [("licensing", "0012_permit_replaced_on")]

    operations = [
        SET_ASIDE[0],
        migrations.AddField(
            model_name="application",
            name="submitted_on",
            field=models.DateField(null=True, verbose_name="收到申请日期"),
        ),
        migrations.AddField(
            model_name="historicalapplication",
            name="submitted_on",
            field=models.DateField(null=True, verbose_name="收到申请日期"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="application",
            name="submitted_on",
            field=models.DateField(verbose_name="收到申请日期"),
        ),
        migrations.AlterField(
            model_name="historicalapplication",
            name="submitted_on",
            field=models.DateField(verbose_name="收到申请日期"),
        ),
        SET_ASIDE[1],
    ]
