"""Input forms of the step pages of a case. Rules live in penalties.services; forms only
shape input (dates default to today)."""

import dataclasses

from django import forms
from django.utils import timezone

from inspections.forms.scoring import ChecklistScoringMixin
from inspections.models import ChecklistTemplate
from penalties.choices import (
    TERMINAL_OUTCOMES,
    PaymentKind,
    PenaltyKind,
    Severity,
)
from penalties.services import PenaltyInput
from premises.forms import DateInput

YES_NO = [("", "—"), ("1", "是"), ("0", "否")]
SEVERITY_CHOICES = [("", "请选择情节")] + Severity.choices


def date_field(label, *, today=True, required=True, help_text=""):
    return forms.DateField(
        label=label,
        widget=DateInput(),
        initial=timezone.localdate if today else None,
        required=required,
        help_text=help_text,
    )


def text_area(label, *, required=True, rows=3, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )


def money_field(label, *, required=False, help_text=""):
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0"}),
        help_text=help_text,
    )


# ---------------------------------------------------------------- penalties


PENALTY_FIELDS = tuple(f.name for f in dataclasses.fields(PenaltyInput))


class PenaltyFieldsForm(forms.Form):
    """The penalties of a notice or a decision, field for field as PenaltyInput has them,
    and the reason for leaving the discretion table."""

    severity = forms.ChoiceField(label="违法情节", choices=SEVERITY_CHOICES)
    warning = forms.BooleanField(label="警告", required=False)
    fine_amount = money_field("罚款（元）", help_text="不处罚款请留空。")
    gains_amount = money_field("没收违法所得（元）", help_text="不没收请留空。")
    illegal_gains = money_field(
        "违法所得（元）",
        help_text="按违法所得倍数罚款的，填写认定的违法所得（没有的填 0）；不足下限的按下限计算。",
    )
    items_confiscated = forms.CharField(
        label="没收药品、器械",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="每行一项：名称，规格，数量单位（如“阿莫西林胶囊，0.25g×24粒，7盒”）。",
    )
    items_quantity = forms.CharField(
        label="没收物品数量",
        max_length=50,
        required=False,
        help_text="只没收一项且上栏只填名称时，填数量和单位（如 7件）。",
    )
    suspension = forms.BooleanField(label="责令停产停业（停业整顿）", required=False)
    suspension_note = forms.CharField(label="停业整顿期限及要求", max_length=200, required=False)
    suspend_practice = forms.BooleanField(label="暂停执业活动（限制从业）", required=False)
    suspend_practice_note = forms.CharField(label="暂停执业期限", max_length=200, required=False)
    revoke = forms.BooleanField(label="吊销许可证件", required=False)
    revoke_note = forms.CharField(label="吊销的许可证件", max_length=200, required=False)
    order_correct = forms.BooleanField(
        label="下达责令改正通知书",
        required=False,
        help_text="责令改正不是行政处罚（行政处罚法第二十八条），另行编号下达；"
        "本案已下达的不必再勾选。",
    )
    correction_note = forms.CharField(label="改正内容", max_length=200, required=False)
    correction_due = date_field("改正期限", today=False, required=False, help_text="空：立即改正。")
    no_correction_reason = forms.CharField(
        label="未责令改正的理由",
        max_length=200,
        required=False,
        help_text="实施行政处罚应当同时责令改正（第二十八条）；不下达责令改正通知书的，"
        "写明理由，如“违法行为已于现场检查时改正”。",
    )
    departure_reason = text_area(
        "偏离裁量基准的理由",
        required=False,
        help_text="处罚种类或罚款金额超出所选情节的裁量基准时必填。",
    )

    def penalty_input(self) -> PenaltyInput:
        """The one place a form's penalties become the services' input."""
        return PenaltyInput(**{name: self.cleaned_data.get(name) for name in PENALTY_FIELDS})


def penalty_initial(penalties) -> dict:
    """Form values that show ``penalties`` (CasePenalty rows of one stage) again."""
    initial = {}
    for p in penalties:
        if p.kind == PenaltyKind.WARNING:
            initial["warning"] = True
        elif p.kind == PenaltyKind.FINE:
            initial["fine_amount"] = p.amount
        elif p.kind == PenaltyKind.CONFISCATE_GAINS:
            initial["gains_amount"] = p.amount
        elif p.kind == PenaltyKind.CONFISCATE_ITEMS:
            lines = [
                "，".join(
                    x for x in (i.name, i.specification, f"{i.quantity.normalize():f}{i.unit}") if x
                )
                for i in p.item_lines.all()
            ]
            if lines:
                initial["items_confiscated"] = "\n".join(lines)
            else:  # recorded before items were counted
                initial.update(items_confiscated=p.items, items_quantity=p.quantity)
        elif p.kind in (PenaltyKind.SUSPENSION, PenaltyKind.SUSPEND_PRACTICE, PenaltyKind.REVOKE):
            flag = {
                PenaltyKind.SUSPENSION: "suspension",
                PenaltyKind.SUSPEND_PRACTICE: "suspend_practice",
                PenaltyKind.REVOKE: "revoke",
            }[p.kind]
            initial.update({flag: True, f"{flag}_note": p.note})
    return initial


def correction_initial(case) -> dict:
    """The correction the case already states: its waiver reason, shown again."""
    return {"no_correction_reason": case.correction_waiver} if case.correction_waiver else {}


class NotifyForm(PenaltyFieldsForm):
    done_on = date_field("告知日期")

    field_order = ["done_on", "severity", *PENALTY_FIELDS, "departure_reason"]


class DecideForm(PenaltyFieldsForm):
    """The decision. A legal review the level (or an upward departure) needs is recorded
    before, on its own page, by a reviewer who is not an officer of the case."""

    done_on = date_field("决定日期")

    field_order = ["done_on", "severity", *PENALTY_FIELDS, "departure_reason"]


class LegalReviewForm(forms.Form):
    reviewed_on = date_field("法制审核日期")
    approved = forms.ChoiceField(
        label="审核结论", choices=[("", "—"), ("1", "同意"), ("0", "不同意")], required=False
    )
    opinion = text_area("法制审核意见", rows=4)

    def clean_approved(self):
        return {"1": True, "0": False}.get(self.cleaned_data["approved"])


class TerminateForm(forms.Form):
    """A case closed without a penalty decision."""

    done_on = date_field("结案日期")
    outcome = forms.ChoiceField(
        label="结案类型",
        choices=[("", "请选择")] + [(o.value, o.label) for o in TERMINAL_OUTCOMES],
        required=False,
    )
    reason = text_area(
        "结案理由",
        rows=4,
        help_text="如违法事实不能成立、违法行为轻微并及时改正、移送的机关及文号。",
    )


# ---------------------------------------------------------------- other steps


class InvestigateForm(forms.Form):
    done_on = date_field("调查日期")
    note = text_area("说明", required=False)


class ExtendForm(forms.Form):
    approved_on = date_field("批准日期")
    new_due = date_field("延长至", today=False)
    reason = text_area("延期理由")


class StatementForm(forms.Form):
    received_on = date_field("陈述申辩日期")
    content = text_area("陈述申辩内容", rows=4)
    adopted = forms.ChoiceField(label="是否采纳", choices=YES_NO, required=False)
    reply = text_area("复核意见（采纳或不采纳的理由）")

    def clean_adopted(self):
        return {"1": True, "0": False}.get(self.cleaned_data["adopted"])


class WaiveForm(forms.Form):
    waived_on = date_field("放弃日期", help_text="当事人书面声明的日期。")
    confirm = forms.BooleanField(
        label="当事人已书面声明放弃陈述申辩和听证",
        help_text="记录后不能再登记听证申请。",
    )


class HearingRequestForm(forms.Form):
    requested_on = date_field("听证申请日期")


class HearingScheduleForm(forms.Form):
    party_notified_on = date_field("通知当事人日期")
    scheduled_for = date_field("举行日期", today=False, help_text="应在举行听证七日前通知当事人。")
    place = forms.CharField(label="听证地点", max_length=100)
    host = forms.CharField(label="听证主持人", max_length=50, help_text="不能由本案调查人员担任。")
    public = forms.TypedChoiceField(
        label="是否公开",
        choices=[("1", "公开举行"), ("0", "不公开（涉及国家秘密、商业秘密或者个人隐私）")],
        coerce=lambda v: v == "1",
        initial="1",
        # 听证公开举行 unless the law's exceptions apply: left out, it is public.
        required=False,
        empty_value=True,
    )


class HearingHoldForm(forms.Form):
    held_on = date_field("听证日期")
    summary = text_area("听证笔录要点及意见", rows=4)
    clerk = forms.CharField(label="记录员", max_length=50, required=False)
    participants = text_area(
        "参加人员", required=False, rows=2, help_text="调查人员、当事人及其委托代理人、第三人等。"
    )
    agents = forms.CharField(
        label="委托代理人", max_length=100, required=False, help_text="一至二人，以“、”分隔。"
    )
    record = text_area(
        "听证笔录",
        required=False,
        rows=8,
        help_text="听证经过：调查人员提出的事实、证据和处罚建议，当事人的陈述、申辩和质证。",
    )
    party_statement = text_area("当事人陈述申辩和质证意见", required=False, rows=3)
    party_signed = forms.TypedChoiceField(
        label="当事人核对签名",
        choices=[("", "—"), ("1", "已核对签名"), ("0", "拒绝签名")],
        coerce=lambda v: v == "1",
        empty_value=None,
        required=False,
    )
    signature_note = forms.CharField(
        label="拒绝签名的说明", max_length=200, required=False, help_text="由主持人注明。"
    )
    opinion = text_area(
        "主持人意见（听证意见书）",
        required=False,
        rows=3,
        help_text="报行政机关负责人；不载入处罚决定书。",
    )


class PaymentForm(forms.Form):
    kind = forms.ChoiceField(label="款项", choices=PaymentKind.choices)
    paid_on = date_field("缴款日期")
    amount = money_field("金额（元）", required=True)
    receipt_number = forms.CharField(label="票据号", max_length=60, required=False)


class ExecuteForm(forms.Form):
    done_on = date_field("执行完毕日期")
    note = text_area(
        "执行情况", required=False, help_text="无罚没款的案件必填（如改正、停业整顿执行情况）。"
    )
    late_charge_waiver_reason = text_area(
        "未收加处罚款的理由",
        required=False,
        help_text="逾期缴纳罚款而未收取加处罚款时必填，由负责人决定。",
    )


class CloseForm(forms.Form):
    done_on = date_field("结案日期")
    summary = text_area("结案报告", rows=4)


class AmendForm(forms.Form):
    """A recorded correction: the reason, and the amendable particulars as they stand."""

    reason = forms.CharField(label="更正原因", max_length=200)
    facts = text_area("案情摘要（违法事实）", rows=4)
    party_name = forms.CharField(label="当事人", max_length=100)
    party_code = forms.CharField(
        label="身份证号码或统一社会信用代码", max_length=18, required=False
    )
    party_legal_representative = forms.CharField(
        label="法定代表人（负责人）", max_length=50, required=False
    )
    party_address = forms.CharField(label="住址（地址）", max_length=200)
    party_phone = forms.CharField(label="联系电话", max_length=30, required=False)
    execution_note = text_area("执行情况", required=False)
    closing_summary = text_area("结案报告", required=False)

    CHANGES = (
        "facts",
        "party_name",
        "party_code",
        "party_legal_representative",
        "party_address",
        "party_phone",
        "execution_note",
        "closing_summary",
    )

    def __init__(self, *args, hidden_code="", omit=(), **kwargs):
        """``hidden_code``: the masked party code when the user may not see it in full
        (left empty, it stays as it is). ``omit``: fields not reached yet."""
        super().__init__(*args, **kwargs)
        for name in omit:
            del self.fields[name]
        self.code_hidden = bool(hidden_code)
        if self.code_hidden:
            self.fields["party_code"].help_text = f"当前：{hidden_code}；不更正请留空。"

    def changes(self) -> dict:
        data = self.cleaned_data
        changes = {name: data[name] for name in self.CHANGES if name in self.fields}
        if self.code_hidden and not changes.get("party_code"):
            changes.pop("party_code", None)
        return changes


# ---------------------------------------------------------------- case review


class ReviewForm(ChecklistScoringMixin, forms.Form):
    """Case review (案卷评查): the current review checklist, one score and note per item,
    as the inspection form scores its checklist."""

    template = forms.ModelChoiceField(
        label="评查表",
        queryset=ChecklistTemplate.objects.none(),
        empty_label=None,
        # static/js/forms.js: choosing a sheet loads its items (the button does it too).
        widget=forms.Select(attrs={"data-click": "load-checklist"}),
    )
    reviewed_on = date_field("评查日期")
    comments = text_area("评查意见", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        templates = ChecklistTemplate.objects.for_case_review()
        self.fields["template"].queryset = templates
        self.add_score_fields(self._chosen(templates))
        if self.chosen_checklist is not None:
            self.fields["template"].initial = self.chosen_checklist.pk

    def _chosen(self, templates):
        raw = self.data.get("template") if self.is_bound else self.initial.get("template")
        if raw:
            try:
                return templates.get(pk=int(raw))
            except (ValueError, ChecklistTemplate.DoesNotExist):
                return None
        return templates.order_by("code").first()
