"""The on-the-spot decision's form (简易程序, tablet first): the party, the violation and the
penalty, the signature drawn on the tablet; and the 备案 / cash hand-in forms. The rules are
penalties.services.simple's."""

from django import forms
from django.utils import timezone

from core.people import PeopleChoiceField
from core.roster import on_roster, roster
from penalties.choices import CashReason, PartyKind
from penalties.forms.cases import PARTY_FIELDS, UnitChoiceField, units
from penalties.models import Violation
from premises.forms import DateInput
from premises.models import Establishment


class SimpleCaseForm(forms.Form):
    party_kind = forms.ChoiceField(
        label="当事人类型", choices=PartyKind.choices, widget=forms.RadioSelect
    )
    establishment = UnitChoiceField(
        label="被监督单位", queryset=Establishment.objects.none(), required=False
    )
    party_name = forms.CharField(label="当事人姓名或名称", max_length=100, required=False)
    party_code = forms.CharField(
        label="身份证号码或统一社会信用代码", max_length=18, required=False
    )
    party_legal_representative = forms.CharField(
        label="法定代表人（负责人）", max_length=50, required=False
    )
    party_address = forms.CharField(label="住址（地址）", max_length=200, required=False)
    party_phone = forms.CharField(label="联系电话", max_length=30, required=False)
    place = forms.CharField(label="处罚地点", max_length=200, required=False)
    violation = forms.ModelChoiceField(
        label="违法行为（法定依据）", queryset=Violation.objects.filter(is_active=True)
    )
    occurred_on = forms.DateField(label="违法行为发生日期", widget=DateInput())
    facts = forms.CharField(
        label="违法事实", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    facts_confirmed = forms.BooleanField(label="违法事实确凿并有法定依据", required=False)
    officers = PeopleChoiceField(
        label="执法人员（至少两名，持执法证）",
        queryset=roster(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    certificates_shown = forms.BooleanField(label="已向当事人出示执法证件", required=False)
    warning = forms.BooleanField(label="警告", required=False)
    fine = forms.DecimalField(
        label="罚款（元）",
        required=False,
        min_value=0,
        decimal_places=2,
        max_digits=12,
        help_text="公民 200 元以下、单位 3,000 元以下（行政处罚法第五十一条）；只警告的不填。",
    )
    correction = forms.CharField(
        label="责令改正",
        max_length=200,
        required=False,
        help_text="行政处罚法第二十八条：写明责令改正的内容和期限（如“立即清除过期化妆品”）；"
        "违法行为已当场改正的，写明改正情况。",
    )
    party_statement = forms.CharField(
        label="当事人陈述申辩", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    cash_reason = forms.ChoiceField(
        label="当场收缴罚款",
        choices=[("", "不当场收缴（当事人到银行缴纳）"), *CashReason.choices],
        required=False,
    )
    cash_receipt_number = forms.CharField(label="罚款收据编号", max_length=60, required=False)
    signer_name = forms.CharField(label="签收人姓名", max_length=50, required=False)
    signature = forms.CharField(widget=forms.HiddenInput, required=False)
    refusal_reason = forms.CharField(
        label="当事人拒绝签收的情况",
        max_length=200,
        required=False,
        help_text="当事人拒绝签收时填写，不再签名。",
    )

    def __init__(self, *args, inspection=None, unit=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occurred_on"].initial = timezone.localdate()
        if on_roster(user):
            self.fields["officers"].initial = [user.pk]
        fixed = inspection.establishment if inspection is not None else unit
        if fixed is not None:
            self.fields["party_kind"].initial = PartyKind.UNIT
            self.fields["party_kind"].widget = forms.HiddenInput()
            self.fields["establishment"].queryset = Establishment.objects.filter(pk=fixed.pk)
            self.fields["establishment"].initial = fixed.pk
            self.fields["establishment"].widget = forms.HiddenInput()
            self.fields["place"].initial = fixed.address
            for name in PARTY_FIELDS:
                del self.fields[name]
        else:
            self.fields["establishment"].queryset = units()
        if inspection is not None:
            self.fields["facts"].initial = inspection.findings
            team = roster().filter(pk__in=inspection.inspectors.values("pk"))
            self.fields["officers"].initial = sorted(
                {*(self.fields["officers"].initial or []), *team.values_list("pk", flat=True)}
            )

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        arguments = {
            name: data[name]
            for name in (
                "party_kind",
                "party_phone",
                "place",
                "violation",
                "occurred_on",
                "facts",
                "facts_confirmed",
                "certificates_shown",
                "warning",
                "fine",
                "correction",
                "party_statement",
                "cash_reason",
                "cash_receipt_number",
                "signer_name",
                "signature",
                "refusal_reason",
            )
        }
        arguments["officers"] = list(data["officers"])
        if data["party_kind"] == PartyKind.UNIT:
            arguments["establishment"] = data["establishment"]
        else:
            arguments.update({name: data.get(name, "") for name in PARTY_FIELDS})
        return arguments


class OnSpotFilingForm(forms.Form):
    filed_on = forms.DateField(label="备案日期", widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["filed_on"].initial = timezone.localdate()


class CashHandInForm(forms.Form):
    handed_in_on = forms.DateField(label="罚款交至机关日期", widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handed_in_on"].initial = timezone.localdate()


class OnSpotCloseForm(forms.Form):
    done_on = forms.DateField(label="结案日期", widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["done_on"].initial = timezone.localdate()
