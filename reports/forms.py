"""Reports' forms: a saved summary's scope and title (create), its title and narrative
(edit), and the date and number of a card reported upward."""

from django import forms

from premises.forms import DateInput
from premises.models import Domain, Township
from reports.models import SummaryReport


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
