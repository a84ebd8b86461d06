"""The shape of the summary JSON, for the OpenAPI schema: every figure with its definition
(reports.figures.catalogue.FIGURES). The views return reports.figures.summary() as it is; these
serializers only document it. Focused plans: read-only, with their progress."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from reports.counting.plan_progress import plan_progress
from reports.figures.catalogue import FIGURES
from reports.models import FocusedPlan, PlanSubmission, PlanTarget

RATE_NOTE = "比率为小数（0.9114 即 91.14%），分母为 0 时为 null。"


def _described(key: str, **kwargs) -> dict:
    f = FIGURES[key]
    label, unit, definition = f.label, f.unit, f.definition
    note = f"（{unit}）" if unit and unit != "%" else ""
    help_text = f"{label}{note}：{definition}"
    if unit == "%":
        help_text = f"{help_text}{RATE_NOTE}"
    return {"help_text": help_text, **kwargs}


def count(key: str):
    return serializers.IntegerField(**_described(key))


def fraction(key: str):
    return serializers.FloatField(**_described(key, allow_null=True))


def money(key: str):
    return serializers.FloatField(**_described(key))


class ReportScopeSerializer(serializers.Serializer):
    label = serializers.CharField(help_text="统计范围的名称，如“2024年 · 公共场所卫生”。")
    start = serializers.DateField(help_text="统计起始日期（含）。")
    end = serializers.DateField(help_text="统计截止日期（含）。")
    period = serializers.CharField(help_text="期间名称，如“2024年上半年”。")
    domain = serializers.CharField(allow_null=True, help_text="监督专业代码；全部专业为 null。")
    domain_name = serializers.CharField()
    township = serializers.CharField(allow_null=True, help_text="乡镇（街道）区划代码或 null。")
    township_name = serializers.CharField(allow_null=True)


class ReportCategoryRowSerializer(serializers.Serializer):
    """A row of table 1 (表1): one kind of unit."""

    class_ = serializers.CharField(help_text="表1中的大类（统计分组）。")
    kind = serializers.CharField(help_text="类别名称。")
    category = serializers.CharField(help_text="类别代码（查看明细时的 category 参数）。")
    units = count("units")
    inspected_units = count("inspected_units")
    licensed_before = count("licensed_before")
    licence_due = count("licence_due")
    licences_issued = count("licences_issued")
    visits = count("visits")
    compliant_visits = count("compliant_visits")
    practitioners = count("practitioners")
    exam_due = count("exam_due")
    examined = count("examined")
    trained = count("trained")

    def get_fields(self):
        fields = super().get_fields()
        fields["class"] = fields.pop("class_")  # "class" is a Python keyword
        return fields


class ReportClassRowSerializer(ReportCategoryRowSerializer):
    """Table 1 grouped by class: the class totals and its kinds."""

    kind = None
    category = None
    kinds = ReportCategoryRowSerializer(many=True)


class ReportInspectionKindSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="检查类型代码。")
    label = serializers.CharField()
    visits = serializers.IntegerField(help_text="该类型的监督检查户次。")


class ReportCampaignRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    visits = serializers.IntegerField(help_text="期间内对在监单位的专项整治检查户次。")
    units = serializers.IntegerField(help_text="期间内专项整治检查的单位数。")
    opinions = serializers.IntegerField(help_text="这些检查下达的意见书。")
    cases = serializers.IntegerField(help_text="这些检查移送立案的案件。")
    samples = serializers.IntegerField(help_text="这些检查采样并已判定的样品。")
    samples_failing = serializers.IntegerField(help_text="其中不合格的样品。")
    penalised_units = serializers.IntegerField(
        help_text="这些检查移送的案件中已作出处罚决定的单位（一户计一次；自然人不计）。"
    )
    problems = serializers.ListField(
        child=serializers.DictField(),
        help_text="这些检查发现的问题：[{name 问题类型, count 户次}]，按户次从多到少。",
    )


class ReportTrainingSessionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateField(help_text="培训日期。")
    place = serializers.CharField(help_text="培训地点。")
    topic = serializers.CharField(help_text="培训内容。")
    attendance = serializers.IntegerField(help_text="在监单位从业人员的签到人次。")


class ReportDrawSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    date = serializers.DateField(help_text="抽取日期。")
    units = serializers.IntegerField(help_text="抽中的在监单位。")
    inspected = serializers.IntegerField(help_text="其中截至期末已按抽查任务检查的。")


class ReportDomainSerializer(serializers.Serializer):
    """全部专业统计时一个专业的情况：单位按主要类别计入一个专业，各专业之和即合计。"""

    domain = serializers.CharField(help_text="监督专业代码。")
    domain_name = serializers.CharField()
    units = count("units")
    inspected_units = count("inspected_units")
    coverage_rate = fraction("coverage_rate")
    visits = count("visits")
    frequency = serializers.FloatField(**_described("frequency", allow_null=True))
    opinions = count("opinions")
    samples = count("samples")
    samples_failing = count("samples_failing")
    cases = serializers.IntegerField(help_text="该专业违法行为的立案起数。")
    decided_cases = serializers.IntegerField(help_text="该专业违法行为的处罚决定起数。")
    penalised_units = serializers.IntegerField(help_text="这些决定所涉单位。")
    fines = serializers.FloatField(help_text="这些决定中的罚款（元）。")
    confiscated_gains = serializers.FloatField(help_text="这些决定中没收的违法所得（元）。")
    categories = serializers.ListField(
        child=serializers.CharField(), help_text="该专业的类别代码（查看明细时的 category 参数）。"
    )


class ReportCaseGroupSerializer(serializers.Serializer):
    cases = serializers.IntegerField(help_text="期间内立案的起数。")
    decided_cases = serializers.IntegerField(help_text="期间内作出处罚决定的起数。")
    units = serializers.IntegerField(help_text="这些决定所涉单位（一户计一次；自然人不计）。")
    fines = serializers.FloatField(help_text="这些决定中的罚款（元）。")
    confiscated_gains = serializers.FloatField(help_text="这些决定中没收的违法所得（元）。")


class ReportGroupRowSerializer(ReportCaseGroupSerializer):
    group = serializers.CharField(
        help_text="违法行为的统计分组（管理员在违法行为中维护；未分组的为违法行为名称）。"
    )


class ReportDomainCasesSerializer(ReportCaseGroupSerializer):
    domain = serializers.CharField(help_text="违法行为所属监督专业代码。")
    domain_name = serializers.CharField()


class ReportPermitTypeRowSerializer(serializers.Serializer):
    permit_type = serializers.CharField()
    permits = serializers.IntegerField(help_text="期间内发放的该类许可证。")
    commitment = serializers.IntegerField(help_text="其中按告知承诺制发放的。")


class ReportCountRowSerializer(serializers.Serializer):
    label = serializers.CharField()
    cases = serializers.IntegerField()


class ReportViolationRowSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="违法行为代码。")
    violation = serializers.CharField()
    cases = serializers.IntegerField(help_text="期间内立案的起数。")
    decided_cases = serializers.IntegerField(help_text="期间内作出处罚决定的起数（可能此前立案）。")
    fines = serializers.FloatField(help_text="这些决定中的罚款（元）。")
    confiscated_gains = serializers.FloatField(help_text="这些决定中没收的违法所得（元）。")
    domain = serializers.CharField(allow_null=True, help_text="违法行为所属监督专业代码。")
    units = serializers.IntegerField(help_text="这些决定所涉单位（自然人不计）。")


class ReportStatusRowSerializer(ReportCountRowSerializer):
    status = serializers.CharField(help_text="案件当前环节代码。")


class ReportOutcomeRowSerializer(ReportCountRowSerializer):
    outcome = serializers.CharField(help_text="结案类型代码。")


class ReportSummarySerializer(serializers.Serializer):
    scope = ReportScopeSerializer()
    units = count("units")
    inspected_units = count("inspected_units")
    coverage_rate = fraction("coverage_rate")
    visits = count("visits")
    frequency = serializers.FloatField(**_described("frequency", allow_null=True))
    compliant_visits = count("compliant_visits")
    pass_rate = fraction("pass_rate")
    licensed_before = count("licensed_before")
    licence_due = count("licence_due")
    licences_issued = count("licences_issued")
    licensing_rate = fraction("licensing_rate")
    practitioners = count("practitioners")
    exam_due = count("exam_due")
    examined = count("examined")
    exam_rate = fraction("exam_rate")
    trained = count("trained")
    training_rate = fraction("training_rate")
    by_category = ReportCategoryRowSerializer(many=True, help_text="表1：按类别（大类、类别）。")
    by_class = ReportClassRowSerializer(many=True, help_text="表1按大类汇总，含其下各类别。")
    inspections_by_kind = ReportInspectionKindSerializer(many=True)
    opinions = count("opinions")
    opinions_rectified = count("opinions_rectified")
    samples = count("samples")
    samples_failing = count("samples_failing")
    monitoring_pass_rate = fraction("monitoring_pass_rate")
    officer_visits = count("officer_visits")
    training_sessions_count = count("training_sessions_count")
    training_attendance = count("training_attendance")
    training_sessions = ReportTrainingSessionSerializer(many=True)
    draws_count = count("draws_count")
    drawn_units = count("drawn_units")
    drawn_units_inspected = count("drawn_units_inspected")
    draws = ReportDrawSerializer(many=True, help_text="期间内的双随机抽查。")
    domains = ReportDomainSerializer(
        many=True, help_text="各专业监督情况（仅全部专业统计时；某一专业时为空）。"
    )
    campaigns = ReportCampaignRowSerializer(many=True, help_text="期间内开展的专项整治及其结果。")
    applications = count("applications")
    commitment_applications = count("commitment_applications")
    applications_new = serializers.IntegerField(help_text="受理申请中的新办。")
    applications_renewal = serializers.IntegerField(help_text="受理申请中的延续。")
    applications_change = serializers.IntegerField(help_text="受理申请中的变更。")
    applications_cancellation = serializers.IntegerField(help_text="受理申请中的注销。")
    consultations = count("consultations")
    permits_issued = count("permits_issued")
    permits_by_type = ReportPermitTypeRowSerializer(many=True)
    cases = count("cases")
    cases_by_violation = ReportViolationRowSerializer(many=True)
    cases_by_group = ReportGroupRowSerializer(many=True, help_text="按违法行为统计分组。")
    cases_by_domain = ReportDomainCasesSerializer(many=True, help_text="按违法行为所属专业。")
    cases_by_status = ReportStatusRowSerializer(many=True)
    cases_by_outcome = ReportOutcomeRowSerializer(many=True)
    decided_cases = count("decided_cases")
    penalised_units = count("penalised_units")
    fines = money("fines")
    confiscated_gains = money("confiscated_gains")
    confiscated_items = count("confiscated_items")
    year_before = serializers.DictField(
        help_text="上年同期（起止日期各减一年）的同名指标：户数、户次、件数、金额及各比率，"
        "另有 by_class（各大类的户数、已监督户数、户次）。"
    )
    change = serializers.DictField(
        child=serializers.FloatField(allow_null=True),
        help_text="较上年同期的增减幅度（0.75 即增长 75%），上年同期为 0 时为 null。",
    )


# ---------------------------------------------------------------- focused plans


class PlanTargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanTarget
        fields = ["position", "item", "measure", "target"]


class PlanSubmissionSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanSubmission
        fields = [
            "id",
            "table",
            "submitted_on",
            "submitted_by",
            "replaces",
            "reason",
            "filename",
            "sha256",
            "uploaded",
            "recorded_at",
        ]


class FocusedPlanSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)
    campaign = serializers.PrimaryKeyRelatedField(read_only=True)
    targets = PlanTargetSerializer(many=True, read_only=True)
    submissions = PlanSubmissionSerializer(many=True, read_only=True)

    class Meta:
        model = FocusedPlan
        fields = [
            "id",
            "title",
            "campaign",
            "year",
            "document_number",
            "issuer",
            "tables",
            "due_date",
            "remind_days",
            "targets",
            "submissions",
        ]


class PlanProgressSerializer(serializers.Serializer):
    in_scope = serializers.IntegerField()
    checked = serializers.IntegerField()
    share = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    visits = serializers.IntegerField()
    problems = serializers.IntegerField()
    opinions = serializers.IntegerField()
    cases = serializers.IntegerField()
    unchecked = serializers.ListField(child=serializers.IntegerField())


class FocusedPlanDetailSerializer(FocusedPlanSerializer):
    """A plan with its progress (reports/counting/plan_progress.py) and state."""

    state = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField()

    class Meta(FocusedPlanSerializer.Meta):
        fields = [*FocusedPlanSerializer.Meta.fields, "state", "progress"]

    def get_state(self, plan) -> str:
        return plan.state(timezone.localdate())

    @extend_schema_field(PlanProgressSerializer)
    def get_progress(self, plan) -> dict:
        p = plan_progress(plan)
        t = p.total
        return {
            "in_scope": t.in_scope,
            "checked": t.checked,
            "share": t.share,
            "visits": t.visits,
            "problems": t.problems,
            "opinions": t.opinions,
            "cases": t.cases,
            "unchecked": p.unchecked_ids,
        }
