"""The penalty cases a complaint (投诉举报) led to: a link beside the case, read by all."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.roles import grant_role_permissions

GRANTS = {
    role: ["penalties.view_casecomplaint"]
    for role in ("inspector", "clerk", "manager", "administrator")
}


def grant(apps, schema_editor):
    grant_role_permissions(apps, GRANTS)


class Migration(migrations.Migration):

    dependencies = [
        ('inspections', '0014_complaints'),
        ('penalties', '0023_correction_required_hearing_rights_number'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='CaseComplaint',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('linked_at', models.DateTimeField(auto_now_add=True, verbose_name='关联时间')),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='complaint_links', to='penalties.penaltycase', verbose_name='案件')),
                ('complaint', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='case_links', to='inspections.complaint', verbose_name='投诉举报')),
                ('linked_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='关联人')),
            ],
            options={
                'verbose_name': '案件来源投诉举报',
                'verbose_name_plural': '案件来源投诉举报',
                'ordering': ['linked_at', 'id'],
                'constraints': [models.UniqueConstraint(fields=('case', 'complaint'), name='case_complaint_once', violation_error_message='该案件已关联此投诉举报。')],
            },
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
