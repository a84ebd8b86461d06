"""The gravest levels of the shipped catalogue need a collective discussion (集体讨论,
行政处罚法第五十七条第二款): each violation's 严重 level where the legal review is required
(revocation, suspension, the largest fines, fines by multiples of the illegal gains). A
default the office adjusts in the admin; levels an administrator changed are left alone
only in that this runs once."""

from django.db import migrations


def load(apps, schema_editor):
    DiscretionLevel = apps.get_model("penalties", "DiscretionLevel")
    DiscretionLevel.objects.filter(severity="serious", requires_legal_review=True).update(
        requires_collective_discussion=True
    )


class Migration(migrations.Migration):
    dependencies = [("penalties", "0017_evidence_measures_permissions")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
