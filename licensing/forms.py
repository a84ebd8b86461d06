"""Input forms of the permit window. Rules live in licensing.services; forms shape input."""

from django import forms
from django.utils import timezone

from core.people import PersonChoiceField
from core.roster import roster
from inspections.models import Inspection
from licensing.choices import (
    ApplicationKind,
    ApplicationPath,
    IntakeOutcome,
    PostCheckResult,
    ReviewResult,
)
from licensing.models import Permit, PermitType
from licensing.services.applications import needs_site_review
from premises.forms import DateInput
from premises.models import Establishment


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.credit_code}）"


class PermitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        if obj.expires_on is None:
            return f"{obj.number}（{obj.permit_type.name}，{obj.valid_from:%Y-%m-%d} 起长期有效）"
        return (
            f"{obj.number}（{obj.permit_type.name}，有效期 {obj.valid_from:%Y-%m-%d} 至 "
            f"{obj.expires_on:%Y-%m-%d}）"
        )


def _units(q=""):
    """Open units that may hold a permit: registered kinds only (no 家庭, 社区, person)."""
    units = Establishment.objects.open().units().select_related("township").order_by("name")
    q = (q or "").strip()
    if q:
        units = units.filter(name__icontains=q) | units.filter(credit_code__icontains=q.upper())
    return units


class ApplicationForm(forms.Form):
    establishment = UnitChoiceField(label="申请单位", queryset=Establishment.objects.none())
    permit_type = forms.ModelChoiceField(
        label="许可类型", queryset=PermitType.objects.filter(is_active=True), empty_label=None
    )
    kind = forms.ChoiceField(label="申请事项", choices=ApplicationKind.choices)
    path = forms.ChoiceField(label="办理方式", choices=ApplicationPath.choices)
    received_on = forms.DateField(label="收件日期", widget=DateInput())
    business_scope = forms.CharField(
        label="申请许可项目",
        max_length=200,
        required=False,
        help_text="新办必填；延续、变更不填则沿用原许可证的许可项目。",
    )
    previous_permit = PermitChoiceField(
        label="原许可证",
        queryset=Permit.objects.none(),
        required=False,
        help_text="延续、变更、注销时选择。",
    )
    change_description = forms.CharField(
        label="变更/注销事项", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    new_name = forms.CharField(label="变更后单位名称", max_length=100, required=False)
    new_legal_representative = forms.CharField(
        label="变更后法定代表人", max_length=50, required=False
    )
    new_address = forms.CharField(
        label="变更后地址",
        max_length=200,
        required=False,
        help_text="变更时只填改变的项目；发证时写入单位档案并印在新证上。",
    )
    outcome = forms.ChoiceField(
        label="收件处理",
        choices=IntakeOutcome.choices,
        initial=IntakeOutcome.ACCEPT,
        required=False,
        widget=forms.RadioSelect,
        help_text="材料不全的，一次性告知需补正的全部材料；不属本机关职权或不予受理的，写明理由。",
    )
    correction_items = forms.CharField(
        label="需补正材料（一次性告知全部）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    not_accepted_reason = forms.CharField(
        label="不予受理理由", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    competent_organ = forms.CharField(
        label="有权机关",
        max_length=100,
        required=False,
        help_text="不属本机关职权的，告知向哪个机关申请。",
    )

    def __init__(self, *args, unit=None, q="", **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        field = self.fields["establishment"]
        if unit is not None:
            field.queryset = Establishment.objects.filter(pk=unit.pk)
            field.initial = unit.pk
            if unit.is_registered:
                field.widget = forms.HiddenInput()
            # else it stays in sight, to carry the refusal (no permit for a 家庭 or person)
            permits = Permit.objects.filter(establishment=unit)
        else:
            field.queryset = _units(q)
            field.empty_label = "请选择单位（可先在上方搜索）"
            permits = Permit.objects.filter(establishment__in=field.queryset)
        self.fields["previous_permit"].queryset = permits.current().select_related("permit_type")
        if unit is not None and not self.initial.get("permit_type"):
            # The type the unit's kind needs (PermitType.categories), preselected.
            needed = PermitType.objects.filter(is_active=True, categories=unit.category_id)
            self.initial["permit_type"] = needed.values_list("pk", flat=True).first()
        self.fields["previous_permit"].empty_label = "（新办不选）"
        self.fields["received_on"].initial = timezone.localdate()

    def clean_outcome(self):
        return self.cleaned_data.get("outcome") or IntakeOutcome.ACCEPT


class ReviewForm(forms.Form):
    note = forms.CharField(label="审核意见", widget=forms.Textarea(attrs={"rows": 3}))
    inspection = forms.ModelChoiceField(
        label="现场审查记录", queryset=None, required=False, empty_label="（无现场审查）"
    )
    reviewed_on = forms.DateField(
        label="审核日期", widget=DateInput(), required=False, help_text="不填为今天。"
    )

    def __init__(self, *args, application=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["inspection"]
        field.queryset = Inspection.objects.filter(
            establishment_id=application.establishment_id if application else None
        ).order_by("-inspected_at")
        field.label_from_instance = lambda i: (
            f"{timezone.localtime(i.inspected_at):%Y-%m-%d %H:%M}（{i.get_kind_display()}）"
        )
        if application is not None and needs_site_review(application):
            field.empty_label = "请选择现场审查的检查记录"
            field.help_text = "该许可类型须现场审查：先在该单位做一次现场检查，再在此选择。"
        self.fields["reviewed_on"].initial = timezone.localdate()


class DecisionForm(forms.Form):
    DECISIONS = [("approve", "准予许可"), ("refuse", "不予许可")]

    decision = forms.ChoiceField(label="决定", choices=DECISIONS, widget=forms.RadioSelect)
    decided_on = forms.DateField(label="决定日期", widget=DateInput())
    refusal_reason = forms.CharField(
        label="不予许可理由",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="不予许可时必填。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = timezone.localdate()


class AcceptForm(forms.Form):
    accepted_on = forms.DateField(label="受理日期（补正齐全之日）", widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accepted_on"].initial = timezone.localdate()


class NotAcceptForm(forms.Form):
    reason = forms.CharField(label="不予受理理由", widget=forms.Textarea(attrs={"rows": 2}))
    competent_organ = forms.CharField(label="有权机关", max_length=100, required=False)
    decided_on = forms.DateField(label="日期", widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = timezone.localdate()


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="撤回原因", max_length=200, help_text="申请人书面申请撤回的，注明申请日期。"
    )
    withdrawn_on = forms.DateField(label="撤回日期", widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["withdrawn_on"].initial = timezone.localdate()


class IssueForm(forms.Form):
    issued_on = forms.DateField(label="发证日期", widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issued_on"].initial = timezone.localdate()


class CancelForm(forms.Form):
    cancelled_on = forms.DateField(label="注销日期", widget=DateInput())
    cancel_reason = forms.CharField(label="注销原因", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cancelled_on"].initial = timezone.localdate()


class RegisterForm(forms.Form):
    establishment = UnitChoiceField(label="持证单位", queryset=Establishment.objects.none())
    permit_type = forms.ModelChoiceField(
        label="许可类型", queryset=PermitType.objects.filter(is_active=True), empty_label=None
    )
    number = forms.CharField(label="原许可证号", max_length=60, required=False)
    business_scope = forms.CharField(label="许可项目", max_length=200)
    issued_on = forms.DateField(label="发证日期", widget=DateInput())
    # Required for a type with a term, left empty for one without (长期有效，按校验管理):
    # permit_registration_errors says which.
    expires_on = forms.DateField(
        label="有效期至",
        widget=DateInput(),
        required=False,
        help_text="放射诊疗许可证等长期有效、按校验管理的许可证不填。",
    )

    def __init__(self, *args, unit=None, q="", **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["establishment"]
        if unit is not None:
            field.queryset = Establishment.objects.filter(pk=unit.pk)
            field.initial = unit.pk
            field.widget = forms.HiddenInput()
        else:
            field.queryset = _units(q)
            field.empty_label = "请选择单位（可先在上方搜索）"


class ConsultationForm(forms.Form):
    consulted_on = forms.DateField(label="日期", widget=DateInput())
    topic = forms.CharField(label="咨询事项", max_length=200)
    visitor = forms.CharField(label="咨询人", max_length=50, required=False)
    establishment = UnitChoiceField(
        label="单位",
        queryset=Establishment.objects.none(),
        required=False,
        empty_label="（不涉及具体单位）",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consulted_on"].initial = timezone.localdate()
        self.fields["establishment"].queryset = _units()


class PostCheckForm(forms.Form):
    result = forms.ChoiceField(
        label="核查结论", choices=PostCheckResult.choices, widget=forms.RadioSelect
    )
    done_on = forms.DateField(label="核查日期", widget=DateInput())
    inspection = forms.ModelChoiceField(
        label="核查检查记录",
        queryset=Inspection.objects.none(),
        required=False,
        empty_label="（未关联现场检查）",
        help_text="现场核查时录入的监督检查记录（发证之日以后的本单位检查）。",
    )
    note = forms.CharField(
        label="核查情况",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="承诺不实的，写明核查发现的不实情况（据此撤销许可）。",
    )

    def __init__(self, *args, application=None, issued_on=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["done_on"].initial = timezone.localdate()
        field = self.fields["inspection"]
        inspections = Inspection.objects.filter(establishment_id=application.establishment_id)
        if issued_on is not None:
            inspections = inspections.filter(inspected_at__date__gte=issued_on)
        field.queryset = inspections.order_by("-inspected_at")
        field.label_from_instance = lambda i: (
            f"{timezone.localtime(i.inspected_at):%Y-%m-%d %H:%M}（{i.get_kind_display()}）"
        )


class RevokeForm(forms.Form):
    revoked_on = forms.DateField(label="撤销日期", widget=DateInput())
    reason = forms.CharField(
        label="撤销理由",
        max_length=200,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="行政许可法第六十九条。写入撤销行政许可决定书。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["revoked_on"].initial = timezone.localdate()


class PermitReviewForm(forms.Form):
    """A permit's 复核 or 校验 (as its type says): date, by whom, result, what was found, the
    inspection made; a 暂缓校验 with the end of its 暂缓期. The labels take the type's word."""

    reviewed_on = forms.DateField(label="复核日期", widget=DateInput())
    reviewed_by = PersonChoiceField(label="复核人", queryset=roster())
    result = forms.ChoiceField(
        label="复核结论", choices=ReviewResult.choices, widget=forms.RadioSelect
    )
    deferred_until = forms.DateField(
        label="暂缓期至",
        required=False,
        widget=DateInput(),
        help_text="暂缓校验的填写：暂缓期一般为 1 至 6 个月（《医疗机构管理条例实施细则》，"
        "未核实），届满之日应再次校验。",
    )
    inspection = forms.ModelChoiceField(
        label="现场检查记录",
        queryset=Inspection.objects.none(),
        required=False,
        empty_label="（未关联现场检查）",
        help_text="复核时的本单位监督检查记录（有效期起始日以后）。",
    )
    note = forms.CharField(
        label="复核情况",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="结论不是“合格”的，写明发现的问题和整改要求。",
    )

    def __init__(self, *args, permit=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        word = permit.permit_type.check_word or "复核"
        self.fields["reviewed_on"].initial = timezone.localdate()
        self.fields["reviewed_on"].label = f"{word}日期"
        self.fields["reviewed_by"].label = f"{word}人"
        self.fields["result"].label = f"{word}结论"
        self.fields["result"].choices = [
            (r.value, r.label) for r in ReviewResult.for_type(permit.permit_type)
        ]
        self.fields["note"].label = f"{word}情况"
        self.fields["inspection"].help_text = f"{word}时的本单位监督检查记录（有效期起始日以后）。"
        if permit.permit_type.verification_years:
            self.fields["note"].help_text = "暂缓校验的，写明暂缓理由和须整改的问题。"
        else:
            del self.fields["deferred_until"]
        if user is not None and roster().filter(pk=user.pk).exists():
            self.fields["reviewed_by"].initial = user.pk
        field = self.fields["inspection"]
        field.queryset = Inspection.objects.filter(
            establishment_id=permit.establishment_id,
            inspected_at__date__gte=permit.valid_from,
        ).order_by("-inspected_at")
        field.label_from_instance = lambda i: (
            f"{timezone.localtime(i.inspected_at):%Y-%m-%d %H:%M}（{i.get_kind_display()}）"
        )

    def clean(self):
        """The 暂缓期至 field is hidden unless 暂缓校验 is chosen: a date left in it from an
        earlier choice is not the clerk's answer, so it is dropped, not refused."""
        data = super().clean()
        if data.get("result") != ReviewResult.DEFERRED and "deferred_until" in self.fields:
            data["deferred_until"] = None
        return data
