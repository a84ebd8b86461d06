"""The complaints register (投诉举报): the complaint, its amendments and its time limits,
with the shipped limits, the number series and who may do what.

Sources of the shipped limits: 《信访工作条例》（中共中央、国务院，2022年5月1日起施行）第三十二、
三十三条 as the task cites them (accept-or-not told within 15 days of receipt; closed
within 60 days of acceptance, extendable by at most 30 with the 负责人's approval). No
health-specific rule (卫生健康 投诉举报 办法) could be checked here: every row is marked
source_verified=False (UNVERIFIED) for the administrator to confirm against the published
text or the province's rule; a shorter local rule for 12345 工单 is added in the admin as a
row for that source.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

from core.roles import grant_role_permissions


LIMITS = [
    # code, days, working days, warn days, basis
    (
        "accept",
        15,
        False,
        5,
        "《信访工作条例》（2022）第三十二条：收到之日起15日内决定是否受理并告知（UNVERIFIED：条文未与公布文本核对）",
    ),
    (
        "close",
        60,
        False,
        10,
        "《信访工作条例》（2022）第三十三条：自受理之日起60日内办结（UNVERIFIED：条文未与公布文本核对）",
    ),
    (
        "extend",
        30,
        False,
        0,
        "《信访工作条例》（2022）第三十三条：情况复杂的，经负责人批准可延长，延长不超过30日（UNVERIFIED）",
    ),
]

SERIES = [("complaint", "投诉举报登记编号", "TS{year}-{number:04d}")]

VIEW = [
    "inspections.view_complaint",
    "inspections.view_complaintamendment",
    "inspections.view_complainttimelimit",
]
GRANTS = {
    "inspector": VIEW + ["inspections.handle_complaint"],
    "clerk": VIEW + ["inspections.add_complaint", "inspections.view_complainant"],
    "manager": VIEW
    + [
        "inspections.assign_complaint",
        "inspections.handle_complaint",
        "inspections.view_complainant",
    ],
    "administrator": VIEW
    + [
        "inspections.add_complaint",
        "inspections.assign_complaint",
        "inspections.handle_complaint",
        "inspections.view_complainant",
        "inspections.add_complainttimelimit",
        "inspections.change_complainttimelimit",
        "inspections.delete_complainttimelimit",
    ],
}


def load(apps, schema_editor):
    ComplaintTimeLimit = apps.get_model("inspections", "ComplaintTimeLimit")
    DocumentSeries = apps.get_model("core", "DocumentSeries")
    for code, days, working, warn, basis in LIMITS:
        ComplaintTimeLimit.objects.update_or_create(
            code=code,
            source="",
            defaults={
                "days": days,
                "working_days": working,
                "warn_days": warn,
                "basis": basis,
                "source_verified": False,
            },
        )
    for code, name, pattern in SERIES:
        DocumentSeries.objects.update_or_create(
            code=code, defaults={"name": name, "pattern": pattern}
        )
    grant_role_permissions(apps, GRANTS)


def unload(apps, schema_editor):
    apps.get_model("core", "DocumentSeries").objects.filter(
        code__in=[row[0] for row in SERIES]
    ).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('inspections', '0013_credit_grades'),
        ('premises', '0007_category_needs_permit_removed'),
        ('core', '0003_document_numbering'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Complaint',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('voided_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='作废时间')),
                ('void_reason', models.CharField(blank=True, editable=False, max_length=200, verbose_name='作废原因')),
                ('number', models.CharField(editable=False, max_length=60, unique=True, verbose_name='登记编号')),
                ('year', models.PositiveIntegerField(editable=False, verbose_name='年度')),
                ('sequence', models.PositiveIntegerField(editable=False, verbose_name='序号')),
                ('received_at', models.DateTimeField(verbose_name='收到时间')),
                ('source', models.CharField(choices=[('hotline_12345', '12345 热线'), ('hotline_12320', '12320 卫生热线'), ('phone', '电话'), ('letter', '信件'), ('visit', '来访'), ('online', '网络'), ('petition', '信访（网上信访、交办）'), ('referred', '上级交办、部门转办'), ('other', '其他')], max_length=20, verbose_name='来源')),
                ('source_reference', models.CharField(blank=True, help_text='如 12345 工单号、信访件编号。', max_length=60, verbose_name='来源编号')),
                ('place_name', models.CharField(blank=True, help_text='被投诉单位未在台帐中时，填写名称或描述（如“某某路无名诊所”）。', max_length=200, verbose_name='被投诉对象（未建档）')),
                ('place_address', models.CharField(blank=True, max_length=200, verbose_name='地址')),
                ('content', models.TextField(verbose_name='投诉举报内容')),
                ('anonymous', models.BooleanField(default=False, verbose_name='匿名')),
                ('complainant_name', models.CharField(blank=True, max_length=50, verbose_name='投诉人姓名')),
                ('complainant_phone', models.CharField(blank=True, max_length=30, verbose_name='联系电话')),
                ('complainant_address', models.CharField(blank=True, max_length=200, verbose_name='联系地址')),
                ('status', models.CharField(choices=[('registered', '待分办'), ('assigned', '已分办'), ('accepted', '办理中'), ('replied', '已答复'), ('closed', '已办结')], default='registered', max_length=12, verbose_name='状态')),
                ('registered_at', models.DateTimeField(auto_now_add=True, verbose_name='登记时间')),
                ('assigned_at', models.DateTimeField(blank=True, null=True, verbose_name='分办时间')),
                ('accepted_on', models.DateField(blank=True, null=True, verbose_name='受理日期')),
                ('accept_due', models.DateField(verbose_name='受理告知期限')),
                ('close_due', models.DateField(blank=True, null=True, verbose_name='办结期限')),
                ('next_due', models.DateField(blank=True, db_index=True, null=True, verbose_name='当前期限')),
                ('extended_days', models.PositiveSmallIntegerField(default=0, verbose_name='延长天数')),
                ('extension_reason', models.CharField(blank=True, max_length=200, verbose_name='延长理由')),
                ('replied_on', models.DateField(blank=True, null=True, verbose_name='答复日期')),
                ('reply_method', models.CharField(blank=True, choices=[('phone', '电话'), ('letter', '书面（信函）'), ('sms', '短信'), ('in_person', '当面'), ('platform', '热线、信访平台回复'), ('other', '其他')], max_length=12, verbose_name='答复方式')),
                ('reply_content', models.TextField(blank=True, verbose_name='答复内容')),
                ('closed_on', models.DateField(blank=True, null=True, verbose_name='办结日期')),
                ('outcome', models.CharField(blank=True, choices=[('substantiated', '属实，已依法处理'), ('partly', '部分属实，已依法处理'), ('not_substantiated', '不属实'), ('not_accepted', '不予受理'), ('transferred', '不属本机关职责，已转送（告知）有权处理的机关'), ('withdrawn', '投诉人撤回')], max_length=20, verbose_name='办理结果')),
                ('close_note', models.TextField(blank=True, verbose_name='办结情况')),
                ('accepted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='受理人')),
                ('assigned_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='分办人')),
                ('assigned_to', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='complaints_assigned', to=settings.AUTH_USER_MODEL, verbose_name='承办人')),
                ('closed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='办结人')),
                ('domain', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='premises.domain', verbose_name='监督专业')),
                ('establishment', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='complaints', to='premises.establishment', verbose_name='被投诉单位')),
                ('extended_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='批准延长人')),
                ('inspections', models.ManyToManyField(blank=True, related_name='complaints', to='inspections.inspection', verbose_name='相关监督检查')),
                ('registered_by', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='登记人')),
                ('replied_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='答复人')),
                ('voided_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='作废人')),
            ],
            options={
                'verbose_name': '投诉举报',
                'verbose_name_plural': '投诉举报',
                'ordering': ['-received_at', '-id'],
                'permissions': [('assign_complaint', '可分办投诉举报、批准延期、作废'), ('handle_complaint', '可办理投诉举报（受理、关联检查、答复、办结）'), ('view_complainant', '可查看投诉人完整信息')],
            },
        ),
        migrations.CreateModel(
            name='ComplaintAmendment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reason', models.CharField(max_length=200, verbose_name='更正原因')),
                ('changes', models.JSONField(verbose_name='更正内容')),
                ('amended_at', models.DateTimeField(auto_now_add=True, verbose_name='更正时间')),
                ('amended_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='更正人')),
                ('complaint', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='amendments', to='inspections.complaint', verbose_name='投诉举报')),
            ],
            options={
                'verbose_name': '投诉举报更正',
                'verbose_name_plural': '投诉举报更正',
                'ordering': ['amended_at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='ComplaintTimeLimit',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(choices=[('accept', '决定是否受理并告知'), ('close', '办结（自受理之日起）'), ('extend', '延长办理期限（最长）')], max_length=20, verbose_name='期限事项')),
                ('source', models.CharField(blank=True, choices=[('hotline_12345', '12345 热线'), ('hotline_12320', '12320 卫生热线'), ('phone', '电话'), ('letter', '信件'), ('visit', '来访'), ('online', '网络'), ('petition', '信访（网上信访、交办）'), ('referred', '上级交办、部门转办'), ('other', '其他')], help_text='留空：适用于所有来源；选定来源的规则优先。', max_length=20, verbose_name='适用来源')),
                ('days', models.PositiveSmallIntegerField(verbose_name='天数')),
                ('working_days', models.BooleanField(default=False, verbose_name='按工作日计算')),
                ('warn_days', models.PositiveSmallIntegerField(default=5, help_text='期限届满前多少日列入临期提醒。', verbose_name='提前提醒（日）')),
                ('basis', models.CharField(max_length=300, verbose_name='依据')),
                ('source_verified', models.BooleanField(default=False, help_text='未勾选：天数或条文未与公布文本核对，请核实后勾选。', verbose_name='依据已核实')),
            ],
            options={
                'verbose_name': '投诉举报办理时限',
                'verbose_name_plural': '投诉举报办理时限',
                'ordering': ['code', 'source'],
                'constraints': [models.UniqueConstraint(fields=('code', 'source'), name='complaint_limit_once_per_source', violation_error_message='同一期限事项、同一来源只能有一条规则。'), models.CheckConstraint(condition=models.Q(('days__gte', 1), ('code', 'extend'), _connector='OR'), name='complaint_limit_days_positive', violation_error_message='天数至少为 1。')],
            },
        ),
        migrations.CreateModel(
            name='HistoricalComplaint',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('voided_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='作废时间')),
                ('void_reason', models.CharField(blank=True, editable=False, max_length=200, verbose_name='作废原因')),
                ('number', models.CharField(db_index=True, editable=False, max_length=60, verbose_name='登记编号')),
                ('year', models.PositiveIntegerField(editable=False, verbose_name='年度')),
                ('sequence', models.PositiveIntegerField(editable=False, verbose_name='序号')),
                ('received_at', models.DateTimeField(verbose_name='收到时间')),
                ('source', models.CharField(choices=[('hotline_12345', '12345 热线'), ('hotline_12320', '12320 卫生热线'), ('phone', '电话'), ('letter', '信件'), ('visit', '来访'), ('online', '网络'), ('petition', '信访（网上信访、交办）'), ('referred', '上级交办、部门转办'), ('other', '其他')], max_length=20, verbose_name='来源')),
                ('source_reference', models.CharField(blank=True, help_text='如 12345 工单号、信访件编号。', max_length=60, verbose_name='来源编号')),
                ('place_name', models.CharField(blank=True, help_text='被投诉单位未在台帐中时，填写名称或描述（如“某某路无名诊所”）。', max_length=200, verbose_name='被投诉对象（未建档）')),
                ('place_address', models.CharField(blank=True, max_length=200, verbose_name='地址')),
                ('content', models.TextField(verbose_name='投诉举报内容')),
                ('anonymous', models.BooleanField(default=False, verbose_name='匿名')),
                ('complainant_name', models.CharField(blank=True, max_length=50, verbose_name='投诉人姓名')),
                ('complainant_phone', models.CharField(blank=True, max_length=30, verbose_name='联系电话')),
                ('complainant_address', models.CharField(blank=True, max_length=200, verbose_name='联系地址')),
                ('status', models.CharField(choices=[('registered', '待分办'), ('assigned', '已分办'), ('accepted', '办理中'), ('replied', '已答复'), ('closed', '已办结')], default='registered', max_length=12, verbose_name='状态')),
                ('registered_at', models.DateTimeField(blank=True, editable=False, verbose_name='登记时间')),
                ('assigned_at', models.DateTimeField(blank=True, null=True, verbose_name='分办时间')),
                ('accepted_on', models.DateField(blank=True, null=True, verbose_name='受理日期')),
                ('accept_due', models.DateField(verbose_name='受理告知期限')),
                ('close_due', models.DateField(blank=True, null=True, verbose_name='办结期限')),
                ('next_due', models.DateField(blank=True, db_index=True, null=True, verbose_name='当前期限')),
                ('extended_days', models.PositiveSmallIntegerField(default=0, verbose_name='延长天数')),
                ('extension_reason', models.CharField(blank=True, max_length=200, verbose_name='延长理由')),
                ('replied_on', models.DateField(blank=True, null=True, verbose_name='答复日期')),
                ('reply_method', models.CharField(blank=True, choices=[('phone', '电话'), ('letter', '书面（信函）'), ('sms', '短信'), ('in_person', '当面'), ('platform', '热线、信访平台回复'), ('other', '其他')], max_length=12, verbose_name='答复方式')),
                ('reply_content', models.TextField(blank=True, verbose_name='答复内容')),
                ('closed_on', models.DateField(blank=True, null=True, verbose_name='办结日期')),
                ('outcome', models.CharField(blank=True, choices=[('substantiated', '属实，已依法处理'), ('partly', '部分属实，已依法处理'), ('not_substantiated', '不属实'), ('not_accepted', '不予受理'), ('transferred', '不属本机关职责，已转送（告知）有权处理的机关'), ('withdrawn', '投诉人撤回')], max_length=20, verbose_name='办理结果')),
                ('close_note', models.TextField(blank=True, verbose_name='办结情况')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('accepted_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='受理人')),
                ('assigned_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='分办人')),
                ('assigned_to', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='承办人')),
                ('closed_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='办结人')),
                ('domain', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='premises.domain', verbose_name='监督专业')),
                ('establishment', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='premises.establishment', verbose_name='被投诉单位')),
                ('extended_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='批准延长人')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('registered_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='登记人')),
                ('replied_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='答复人')),
                ('voided_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='作废人')),
            ],
            options={
                'verbose_name': 'historical 投诉举报',
                'verbose_name_plural': 'historical 投诉举报',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalComplaint_inspections',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('m2m_history_id', models.AutoField(primary_key=True, serialize=False)),
                ('complaint', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='inspections.complaint')),
                ('history', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to='inspections.historicalcomplaint')),
                ('inspection', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='inspections.inspection')),
            ],
            options={
                'verbose_name': 'HistoricalComplaint_inspections',
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalComplaintTimeLimit',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('code', models.CharField(choices=[('accept', '决定是否受理并告知'), ('close', '办结（自受理之日起）'), ('extend', '延长办理期限（最长）')], max_length=20, verbose_name='期限事项')),
                ('source', models.CharField(blank=True, choices=[('hotline_12345', '12345 热线'), ('hotline_12320', '12320 卫生热线'), ('phone', '电话'), ('letter', '信件'), ('visit', '来访'), ('online', '网络'), ('petition', '信访（网上信访、交办）'), ('referred', '上级交办、部门转办'), ('other', '其他')], help_text='留空：适用于所有来源；选定来源的规则优先。', max_length=20, verbose_name='适用来源')),
                ('days', models.PositiveSmallIntegerField(verbose_name='天数')),
                ('working_days', models.BooleanField(default=False, verbose_name='按工作日计算')),
                ('warn_days', models.PositiveSmallIntegerField(default=5, help_text='期限届满前多少日列入临期提醒。', verbose_name='提前提醒（日）')),
                ('basis', models.CharField(max_length=300, verbose_name='依据')),
                ('source_verified', models.BooleanField(default=False, help_text='未勾选：天数或条文未与公布文本核对，请核实后勾选。', verbose_name='依据已核实')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical 投诉举报办理时限',
                'verbose_name_plural': 'historical 投诉举报办理时限',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddIndex(
            model_name='complaint',
            index=models.Index(fields=['status', 'next_due'], name='complaint_open_due'),
        ),
        migrations.AddConstraint(
            model_name='complaint',
            constraint=models.UniqueConstraint(fields=('year', 'sequence'), name='complaint_number_once_a_year'),
        ),
        migrations.AddConstraint(
            model_name='complaint',
            constraint=models.CheckConstraint(condition=models.Q(('establishment__isnull', False), models.Q(('place_name', ''), _negated=True), _connector='OR'), name='complaint_names_a_unit_or_place', violation_error_message='请选择被投诉单位，或填写未建档的被投诉对象。'),
        ),
        migrations.AddConstraint(
            model_name='complaint',
            constraint=models.CheckConstraint(condition=models.Q(('anonymous', False), models.Q(('complainant_address', ''), ('complainant_name', ''), ('complainant_phone', '')), _connector='OR'), name='complaint_anonymous_without_particulars', violation_error_message='匿名投诉不登记投诉人信息。'),
        ),
        migrations.AddConstraint(
            model_name='complaint',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'closed'), _negated=True), models.Q(('closed_on__isnull', False), models.Q(('outcome', ''), _negated=True)), _connector='OR'), name='complaint_closed_has_outcome', violation_error_message='办结须有办结日期和办理结果。'),
        ),
        migrations.AddConstraint(
            model_name='complaint',
            constraint=models.CheckConstraint(condition=models.Q(('replied_on__isnull', True), models.Q(('reply_content', ''), _negated=True), _connector='OR'), name='complaint_reply_has_content', violation_error_message='答复须有答复内容。'),
        ),
        migrations.RunPython(load, unload),
    ]
