"""Reports' forms: a saved summary's scope and title (create), its title and narrative
(edit), the date and number of a card reported upward, and focused plans with their
target rows and the record of a table sent to the city."""

from django import forms

from premises.forms import DateInput
from premises.models import Category, Domain, Township
from reports.models import PlanTable, SummaryReport, TargetMeasure


class SummaryCreateForm(forms.Form):
    title = forms.CharField(
        label="标题", required=False, max_length=100, help_text="留空则按期间和专业自动命名"
    )
    start = forms.DateField(label="统计起始日期", widget=DateInput())
    end = forms.DateField(label="统计截止日期", widget=DateInput())
    domain = forms.ModelChoiceField(
        label="监督专业", queryset=Domain.objects.all(), required=False, empty_label="全部专业"
    )
    township = forms.ModelChoiceField(
        label="乡镇（街道）",
        queryset=Township.objects.all(),
        required=False,
        empty_label="全部乡镇（街道）",
    )


class SummaryEditForm(forms.ModelForm):
    class Meta:
        model = SummaryReport
        fields = ["title", "narrative"]
        widgets = {"narrative": forms.Textarea(attrs={"rows": 22})}
        help_texts = {"narrative": "段落之间空一行。数据以快照为准，正文可自由修改。"}


class CardReportForm(forms.Form):
    reported_on = forms.DateField(label="报告（公示）日期", widget=DateInput())
    reference = forms.CharField(
        label="系统编号或公示网址",
        max_length=200,
        required=False,
        help_text="信息报告系统中的卡片编号，或双随机抽查结果的公示网址。",
    )


# ---------------------------------------------------------------- focused plans


class PlanForm(forms.Form):
    """A focused inspection plan: its campaign's scope and period, and its own fields."""

    name = forms.CharField(label="计划名称", max_length=100)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    issuer = forms.CharField(label="下达机关", max_length=100, initial="市卫生健康委员会")
    document_number = forms.CharField(
        label="文号", max_length=60, required=False, help_text="如：×卫监督发〔2024〕12号"
    )
    start_date = forms.DateField(label="检查开始日期", widget=DateInput())
    end_date = forms.DateField(label="检查结束日期", widget=DateInput())
    domains = forms.ModelMultipleChoiceField(
        label="监督专业",
        queryset=Domain.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="不选为全部专业。",
    )
    categories = forms.ModelMultipleChoiceField(
        label="类别",
        queryset=Category.objects.select_related("parent"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        required=False,
        help_text="选大类即包含其全部小类；不选为所选专业的全部类别。",
    )
    townships = forms.ModelMultipleChoiceField(
        label="乡镇（街道）",
        queryset=Township.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    description = forms.CharField(
        label="工作要求", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    tables = forms.MultipleChoiceField(
        label="需上报的汇总表",
        choices=PlanTable.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    due_date = forms.DateField(
        label="上报截止日期", widget=DateInput(), help_text="报市卫生监督所的日期。"
    )
    remind_days = forms.IntegerField(
        label="提前提醒天数",
        min_value=0,
        max_value=366,
        initial=14,
        help_text="截止日期前多少天起在首页提醒。",
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "结束日期不能早于开始日期。")
        return data

    @classmethod
    def initial_of(cls, plan) -> dict:
        c = plan.campaign
        return {
            "name": c.name,
            "year": plan.year,
            "issuer": plan.issuer,
            "document_number": plan.document_number,
            "start_date": c.start_date,
            "end_date": c.end_date,
            "domains": list(c.domains.all()),
            "categories": list(c.categories.all()),
            "townships": list(c.townships.all()),
            "description": c.description,
            "tables": list(plan.tables),
            "due_date": plan.due_date,
            "remind_days": plan.remind_days,
        }


class PlanTargetForm(forms.Form):
    item = forms.CharField(label="目标项目", max_length=100, required=False)
    measure = forms.ChoiceField(label="统计口径", choices=TargetMeasure.choices, required=False)
    target = forms.DecimalField(
        label="目标值",
        min_value=0,
        max_digits=9,
        decimal_places=2,
        required=False,
        error_messages={"min_value": "目标值不能为负数。"},
    )

    def clean(self):
        data = super().clean()
        if data.get("item"):
            if data.get("target") is None and "target" not in self.errors:
                self.add_error("target", "请填写目标值。")
            if not data.get("measure"):
                self.add_error("measure", "请选择统计口径。")
            if data.get("measure") == TargetMeasure.COVERAGE and (data.get("target") or 0) > 100:
                self.add_error("target", "覆盖率不能超过 100%。")
        elif data.get("target") is not None:
            self.add_error("item", "请填写目标项目，或清空目标值。")
        return data


PlanTargetFormSet = forms.formset_factory(PlanTargetForm, extra=2, max_num=20, validate_max=True)


class PlanSubmissionForm(forms.Form):
    table = forms.ChoiceField(label="汇总表", choices=())
    submitted_on = forms.DateField(label="上报日期", widget=DateInput())
    upload = forms.FileField(
        label="上报的文件",
        required=False,
        help_text="不上传则保存系统按当前数据生成的汇总表；如报送的是修改过的文件，请上传该文件。",
    )
    reason = forms.CharField(label="重新上报原因", max_length=200, required=False)
    note = forms.CharField(
        label="备注", max_length=200, required=False, help_text="如报送方式、接收人。"
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["table"].choices = plan.table_labels()
