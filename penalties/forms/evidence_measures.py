"""Forms of the evidence measures: a sample as evidence, 先行登记保存 (request with its item
rows, measure, 处理决定), 案件移送, 取缔 and other measures, a case's 询问笔录. The services
decide."""

from django import forms
from django.utils import timezone

from core.people import PeopleChoiceField
from core.roster import roster
from inspections.forms.inspections import DateTimeInput
from penalties.choices import MeasureKind
from penalties.models import PreservationDisposal, TransferOrganKind
from penalties.services.evidence import sample_summary
from premises.forms import DateInput

TIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class _SampleChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, sample):
        taken = timezone.localtime(sample.taken_at)
        return (
            f"{taken:%Y-%m-%d %H:%M} {sample.sample_type} {sample.location} "
            f"{sample.number or ''}（{sample.get_verdict_display()}）：{sample_summary(sample)}"
        )


class EvidenceSampleForm(forms.Form):
    samples = _SampleChoices(label="检测样品", queryset=None, widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, samples, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["samples"].queryset = samples
        if not samples.exists():
            self.fields[
                "samples"
            ].help_text = "本案来源检查及当事人的监督检查中没有已出结果、尚未附加的样品。"


class PreservationForm(forms.Form):
    requested_on = forms.DateField(label="报请日期", widget=DateInput())
    reason = forms.CharField(
        label="先行登记保存理由",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="证据可能灭失或者以后难以取得的情形。",
    )
    place_kept = forms.CharField(label="保存地点", max_length=200)
    keeper = forms.CharField(label="保存方式（保管人）", max_length=100, required=False)
    officers = PeopleChoiceField(
        label="承办人", queryset=roster(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officers"].queryset = roster()
        if not self.is_bound:
            self.fields["requested_on"].initial = timezone.localdate()
            self.fields["officers"].initial = list(case.officers.all())


class PreservedItemForm(forms.Form):
    name = forms.CharField(label="物品名称", max_length=100, required=False)
    specification = forms.CharField(label="规格", max_length=100, required=False)
    quantity = forms.CharField(label="数量", max_length=20, required=False)
    unit = forms.CharField(label="单位", max_length=20, required=False)
    producer = forms.CharField(label="生产者或者进口者", max_length=200, required=False)
    production_date = forms.CharField(label="生产日期", max_length=30, required=False)
    batch_number = forms.CharField(label="批号", max_length=60, required=False)
    note = forms.CharField(label="备注", max_length=200, required=False)


PreservedItemFormSet = forms.formset_factory(PreservedItemForm, extra=5, max_num=50)


class PreservationTakeForm(forms.Form):
    taken_on = forms.DateField(label="采取措施日期", widget=DateInput())
    party_signer = forms.CharField(label="在物品清单上签名的当事人", max_length=50, required=False)
    party_refused = forms.BooleanField(label="当事人拒绝签名", required=False)
    refusal_note = forms.CharField(
        label="拒签情况（见证人）",
        max_length=200,
        required=False,
        help_text="如：当事人拒绝签名，见证人李某在场见证。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["taken_on"].initial = timezone.localdate()


class PreservationDisposeForm(forms.Form):
    disposed_on = forms.DateField(label="处理决定日期", widget=DateInput())
    disposal = forms.ChoiceField(
        label="全部物品的处理决定",
        choices=[("", "（逐项选择）")] + list(PreservationDisposal.choices),
        required=False,
        help_text="逐项选择的以逐项为准。",
    )
    note = forms.CharField(
        label="处理决定说明", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["disposed_on"].initial = timezone.localdate()
        self.items = list(items)
        for item in self.items:
            self.fields[f"item_{item.pk}"] = forms.ChoiceField(
                label=f"{item.name} {item.quantity_text}",
                choices=[("", "（同上：全部物品的处理决定）")] + list(PreservationDisposal.choices),
                required=False,
            )
            self.fields[f"item_{item.pk}_note"] = forms.CharField(
                label=f"{item.name} 处理说明", max_length=200, required=False
            )

    def per_item(self) -> dict:
        data = self.cleaned_data
        whole = data.get("disposal") or None
        return {
            item.pk: (data.get(f"item_{item.pk}") or whole, data.get(f"item_{item.pk}_note", ""))
            for item in self.items
        }


class TransferForm(forms.Form):
    transferred_on = forms.DateField(label="移送日期", widget=DateInput())
    organ_kind = forms.ChoiceField(label="接收机关类别", choices=TransferOrganKind.choices)
    organ = forms.CharField(label="接收机关", max_length=200, help_text="写全称。")
    reason = forms.CharField(label="移送理由", widget=forms.Textarea(attrs={"rows": 4}))
    basis = forms.CharField(
        label="移送依据",
        widget=forms.Textarea(attrs={"rows": 2}),
        initial="《中华人民共和国行政处罚法》第二十七条",
    )
    materials = forms.CharField(label="移送材料", widget=forms.Textarea(attrs={"rows": 3}))
    seized_items = forms.CharField(
        label="随案移交的涉案物品", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    party_told_on = forms.DateField(label="书面告知当事人日期", required=False, widget=DateInput())
    party_told_how = forms.CharField(label="告知方式", max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["transferred_on"].initial = timezone.localdate()


class MeasureForm(forms.Form):
    """A measure that is not a penalty (取缔, 责令停止违法行为), recorded on the case."""

    kind = forms.ChoiceField(label="措施", choices=[("", "请选择"), *MeasureKind.choices])
    taken_on = forms.DateField(label="实施日期", widget=DateInput())
    basis = forms.CharField(
        label="依据",
        max_length=300,
        required=False,
        help_text="如《医疗机构管理条例》第四十三条、《中华人民共和国基本医疗卫生与健康促进法》第九十九条。",
    )
    note = forms.CharField(
        label="说明",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="如取缔的场所、收缴的物品去向。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["taken_on"].initial = timezone.localdate()


class InterviewForm(forms.Form):
    started_at = forms.DateTimeField(
        label="开始时间", widget=DateTimeInput(), input_formats=TIME_FORMATS
    )
    place = forms.CharField(label="询问地点", max_length=300)
    officers = PeopleChoiceField(
        label="执法人员（询问人、记录人）", queryset=roster(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officers"].queryset = roster()
        if not self.is_bound:
            self.fields["started_at"].initial = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
            self.fields["officers"].initial = list(case.officers.all())
