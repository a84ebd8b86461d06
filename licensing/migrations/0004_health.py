"""Health certificates and training, and the default certificate rule (data, editable in
the admin): a certificate is valid 12 months from the exam (实施细则 art. 10: a yearly
examination); certificates ending within 30 days are listed as expiring."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


def load_rule(apps, schema_editor):
    HealthRule = apps.get_model("licensing", "HealthRule")
    HealthRule.objects.update_or_create(
        code="default",
        defaults={"name": "健康证明有效期", "validity_months": 12, "expiring_notice_days": 30},
    )


def unload_rule(apps, schema_editor):
    apps.get_model("licensing", "HealthRule").objects.filter(code="default").delete()


class Migration(migrations.Migration):

    dependencies = [
        ('licensing', '0003_role_permissions'),
        ('premises', '0003_role_permissions'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HealthRule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.SlugField(default='default', max_length=40, unique=True, verbose_name='代码')),
                ('name', models.CharField(default='健康证明有效期', max_length=50, verbose_name='名称')),
                ('validity_months', models.PositiveSmallIntegerField(default=12, help_text='体检日期起算；有效期至 = 体检日期加上该月数的同一日（无该日时取该月最后一日）。', verbose_name='有效期（月）')),
                ('expiring_notice_days', models.PositiveSmallIntegerField(default=30, help_text='有效期届满前多少日列为“即将到期”。', verbose_name='即将到期提醒天数')),
            ],
            options={
                'verbose_name': '健康证明规则',
                'verbose_name_plural': '健康证明规则',
                'ordering': ['code'],
                'constraints': [models.CheckConstraint(condition=models.Q(('validity_months__gte', 1)), name='healthrule_validity_positive')],
            },
        ),
        migrations.CreateModel(
            name='HistoricalHealthCertificate',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('exam_date', models.DateField(verbose_name='体检日期')),
                ('institution', models.CharField(max_length=100, verbose_name='体检机构')),
                ('number', models.CharField(blank=True, max_length=60, verbose_name='证明编号')),
                ('result', models.CharField(choices=[('passed', '合格'), ('failed', '不合格')], max_length=10, verbose_name='体检结论')),
                ('expires_on', models.DateField(verbose_name='有效期至')),
                ('source', models.CharField(choices=[('manual', '手工录入'), ('import', 'Excel导入'), ('api', '接口')], default='manual', max_length=10, verbose_name='来源')),
                ('recorded_at', models.DateTimeField(blank=True, editable=False, verbose_name='登记时间')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('practitioner', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='premises.practitioner', verbose_name='从业人员')),
                ('recorded_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='登记人')),
            ],
            options={
                'verbose_name': 'historical 健康证明',
                'verbose_name_plural': 'historical 健康证明',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalHealthRule',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('code', models.SlugField(default='default', max_length=40, verbose_name='代码')),
                ('name', models.CharField(default='健康证明有效期', max_length=50, verbose_name='名称')),
                ('validity_months', models.PositiveSmallIntegerField(default=12, help_text='体检日期起算；有效期至 = 体检日期加上该月数的同一日（无该日时取该月最后一日）。', verbose_name='有效期（月）')),
                ('expiring_notice_days', models.PositiveSmallIntegerField(default=30, help_text='有效期届满前多少日列为“即将到期”。', verbose_name='即将到期提醒天数')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical 健康证明规则',
                'verbose_name_plural': 'historical 健康证明规则',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalTrainingSession',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('date', models.DateField(verbose_name='培训日期')),
                ('place', models.CharField(max_length=100, verbose_name='培训地点')),
                ('topic', models.CharField(max_length=200, verbose_name='培训内容')),
                ('organiser', models.CharField(max_length=100, verbose_name='组织单位')),
                ('notes', models.TextField(blank=True, verbose_name='备注')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='登记时间')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('recorded_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='登记人')),
            ],
            options={
                'verbose_name': 'historical 卫生培训',
                'verbose_name_plural': 'historical 卫生培训',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='TrainingAttendance',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('source', models.CharField(choices=[('manual', '手工录入'), ('import', 'Excel导入'), ('api', '接口')], default='manual', max_length=10, verbose_name='来源')),
                ('recorded_at', models.DateTimeField(auto_now_add=True, verbose_name='登记时间')),
                ('practitioner', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='training_attendances', to='premises.practitioner', verbose_name='从业人员')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='登记人')),
            ],
            options={
                'verbose_name': '培训签到',
                'verbose_name_plural': '培训签到',
                'ordering': ['session', 'practitioner__name', 'id'],
            },
        ),
        migrations.CreateModel(
            name='TrainingSession',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('date', models.DateField(verbose_name='培训日期')),
                ('place', models.CharField(max_length=100, verbose_name='培训地点')),
                ('topic', models.CharField(max_length=200, verbose_name='培训内容')),
                ('organiser', models.CharField(max_length=100, verbose_name='组织单位')),
                ('notes', models.TextField(blank=True, verbose_name='备注')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='登记时间')),
                ('attendees', models.ManyToManyField(related_name='training_sessions', through='licensing.TrainingAttendance', to='premises.practitioner', verbose_name='参训人员')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='登记人')),
            ],
            options={
                'verbose_name': '卫生培训',
                'verbose_name_plural': '卫生培训',
                'ordering': ['-date', '-id'],
            },
        ),
        migrations.AddField(
            model_name='trainingattendance',
            name='session',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attendances', to='licensing.trainingsession', verbose_name='培训'),
        ),
        migrations.CreateModel(
            name='HistoricalTrainingAttendance',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('source', models.CharField(choices=[('manual', '手工录入'), ('import', 'Excel导入'), ('api', '接口')], default='manual', max_length=10, verbose_name='来源')),
                ('recorded_at', models.DateTimeField(blank=True, editable=False, verbose_name='登记时间')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('practitioner', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='premises.practitioner', verbose_name='从业人员')),
                ('recorded_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='登记人')),
                ('session', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='licensing.trainingsession', verbose_name='培训')),
            ],
            options={
                'verbose_name': 'historical 培训签到',
                'verbose_name_plural': 'historical 培训签到',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HealthCertificate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('exam_date', models.DateField(verbose_name='体检日期')),
                ('institution', models.CharField(max_length=100, verbose_name='体检机构')),
                ('number', models.CharField(blank=True, max_length=60, verbose_name='证明编号')),
                ('result', models.CharField(choices=[('passed', '合格'), ('failed', '不合格')], max_length=10, verbose_name='体检结论')),
                ('expires_on', models.DateField(verbose_name='有效期至')),
                ('source', models.CharField(choices=[('manual', '手工录入'), ('import', 'Excel导入'), ('api', '接口')], default='manual', max_length=10, verbose_name='来源')),
                ('recorded_at', models.DateTimeField(auto_now_add=True, verbose_name='登记时间')),
                ('practitioner', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='health_certificates', to='premises.practitioner', verbose_name='从业人员')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='登记人')),
            ],
            options={
                'verbose_name': '健康证明',
                'verbose_name_plural': '健康证明',
                'ordering': ['-exam_date', '-id'],
                'indexes': [models.Index(fields=['practitioner', 'expires_on'], name='licensing_h_practit_161a82_idx')],
                'constraints': [models.UniqueConstraint(fields=('practitioner', 'exam_date'), name='healthcertificate_one_exam_a_day', violation_error_message='该人员同一体检日期的健康证明已登记。'), models.CheckConstraint(condition=models.Q(('expires_on__gte', models.F('exam_date'))), name='healthcertificate_expires_after_exam', violation_error_message='有效期至不能早于体检日期。'), models.CheckConstraint(condition=models.Q(('result__in', ['passed', 'failed'])), name='healthcertificate_result_valid')],
            },
        ),
        migrations.AddConstraint(
            model_name='trainingattendance',
            constraint=models.UniqueConstraint(fields=('session', 'practitioner'), name='trainingattendance_once', violation_error_message='该人员已登记参加本次培训。'),
        ),
        migrations.RunPython(load_rule, unload_rule),
    ]
