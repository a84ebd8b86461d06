"""When a replaced permit stopped being in force (换发生效日期), recorded on it: the
successor's validity start. A change issued while a renewal has not yet begun ends the
permit in force as well as the renewal, which the successor's start alone could not say.
Existing replaced permits take their successor's start (or, without one, the start of the
unit's next permit of the type, else the day after they ended)."""

import datetime

from django.db import migrations, models


def fill(apps, schema_editor):
    Permit = apps.get_model("licensing", "Permit")
    for permit in Permit.objects.filter(status="superseded", replaced_on__isnull=True):
        following = Permit.objects.filter(previous_id=permit.pk).first()
        if following is None:
            following = (
                Permit.objects.filter(
                    establishment_id=permit.establishment_id,
                    permit_type_id=permit.permit_type_id,
                    issued_on__gte=permit.issued_on,
                )
                .exclude(pk=permit.pk)
                .order_by("issued_on", "pk")
                .first()
            )
        day = following.valid_from if following else permit.expires_on + datetime.timedelta(1)
        Permit.objects.filter(pk=permit.pk).update(replaced_on=day)


class Migration(migrations.Migration):
    dependencies = [("licensing", "0011_drinking_water_permits")]

    operations = [
        migrations.AddField(
            model_name="historicalpermit",
            name="replaced_on",
            field=models.DateField(blank=True, null=True, verbose_name="换发生效日期"),
        ),
        migrations.AddField(
            model_name="permit",
            name="replaced_on",
            field=models.DateField(blank=True, null=True, verbose_name="换发生效日期"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
