"""Forms of the complaints register (投诉举报): register, assign, accept, extend, link an
inspection, reply, close, amend, void. They shape input; the services decide."""

from django import forms
from django.utils import timezone

from core.people import PersonChoiceField
from core.roster import roster
from inspections.forms.inspections import DateTimeInput, now_local_minutes
from inspections.models import Inspection
from inspections.models.complaints import (
    ComplaintOutcome,
    ComplaintSource,
    ReplyMethod,
)
from inspections.services.complaints import close_outcomes
from premises.choices import EstablishmentStatus
from premises.forms import DateInput
from premises.models import Domain, Establishment

TEXTAREA = forms.Textarea(attrs={"rows": 4})


class UnitField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name}（{obj.address}）" if obj.address else obj.name


def unit_choices():
    """Units a complaint may name: every unit not closed, by name."""
    return (
        Establishment.objects.exclude(status=EstablishmentStatus.CLOSED)
        .only("pk", "name", "address")
        .order_by("name", "pk")
    )


class ComplaintForm(forms.Form):
    received_at = forms.DateTimeField(
        label="收到时间", widget=DateTimeInput(), initial=now_local_minutes
    )
    source = forms.ChoiceField(label="来源", choices=[("", "—"), *ComplaintSource.choices])
    source_reference = forms.CharField(
        label="来源编号", max_length=60, required=False, help_text="如 12345 工单号、信访件编号。"
    )
    establishment = UnitField(
        label="被投诉单位",
        queryset=Establishment.objects.none(),
        required=False,
        empty_label="（未建档，填写下方名称）",
        help_text="已在台帐中的单位请在此选择；未建档的（如无证诊所）在下方填写名称和地址。",
    )
    place_name = forms.CharField(label="被投诉对象（未建档）", max_length=200, required=False)
    place_address = forms.CharField(label="地址", max_length=200, required=False)
    domain = forms.ModelChoiceField(
        label="监督专业",
        queryset=Domain.objects.all(),
        required=False,
        empty_label="（按被投诉单位）",
        help_text="选择了被投诉单位时可不选：取该单位的专业。",
    )
    content = forms.CharField(label="投诉举报内容", widget=TEXTAREA)
    anonymous = forms.BooleanField(label="匿名投诉（不留姓名和联系方式）", required=False)
    complainant_name = forms.CharField(label="投诉人姓名", max_length=50, required=False)
    complainant_phone = forms.CharField(label="联系电话", max_length=30, required=False)
    complainant_address = forms.CharField(label="联系地址", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["establishment"].queryset = unit_choices()


class AssignForm(forms.Form):
    assigned_to = PersonChoiceField(label="承办人", queryset=roster())


class AcceptForm(forms.Form):
    accepted_on = forms.DateField(label="受理日期", widget=DateInput(), initial=timezone.localdate)


class ExtendForm(forms.Form):
    days = forms.IntegerField(label="延长天数", min_value=1, max_value=365)
    reason = forms.CharField(label="延长理由（经负责人批准）", max_length=200)


class InspectionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        moment = timezone.localtime(obj.inspected_at)
        return f"{moment:%Y-%m-%d %H:%M} {obj.establishment.name}（{obj.get_kind_display()}）"


class LinkInspectionForm(forms.Form):
    inspection = InspectionChoiceField(label="监督检查", queryset=Inspection.objects.none())

    def __init__(self, *args, complaint, **kwargs):
        super().__init__(*args, **kwargs)
        inspections = Inspection.objects.select_related("establishment").filter(
            inspected_at__date__gte=timezone.localtime(complaint.received_at).date()
        )
        if complaint.establishment_id:
            inspections = inspections.filter(establishment_id=complaint.establishment_id)
        # The latest 200 (a sliced queryset cannot be validated against: their keys).
        latest = list(
            inspections.exclude(pk__in=complaint.inspections.values("pk"))
            .order_by("-inspected_at")
            .values_list("pk", flat=True)[:200]
        )
        self.fields["inspection"].queryset = (
            Inspection.objects.select_related("establishment")
            .filter(pk__in=latest)
            .order_by("-inspected_at")
        )


class ReplyForm(forms.Form):
    replied_on = forms.DateField(label="答复日期", widget=DateInput(), initial=timezone.localdate)
    method = forms.ChoiceField(label="答复方式", choices=[("", "—"), *ReplyMethod.choices])
    content = forms.CharField(label="答复内容", widget=TEXTAREA)


class CloseForm(forms.Form):
    closed_on = forms.DateField(label="办结日期", widget=DateInput(), initial=timezone.localdate)
    outcome = forms.ChoiceField(label="办理结果", choices=[("", "—"), *ComplaintOutcome.choices])
    note = forms.CharField(label="办结情况", widget=TEXTAREA, required=False)

    def __init__(self, *args, complaint=None, **kwargs):
        """With ``complaint``: only the outcomes it may be closed with at its status."""
        super().__init__(*args, **kwargs)
        if complaint is not None:
            allowed = close_outcomes(complaint)
            self.fields["outcome"].choices = [
                ("", "—"),
                *((value, label) for value, label in ComplaintOutcome.choices if value in allowed),
            ]


class VoidForm(forms.Form):
    reason = forms.CharField(label="作废原因", max_length=200)


class AmendForm(forms.Form):
    """The fields the complaint's state lets be corrected, filled with their values; the
    complainant's only for a user who may see them (the page logs that view)."""

    reason = forms.CharField(label="更正原因", max_length=200)

    def __init__(self, *args, complaint, fields, **kwargs):
        super().__init__(*args, **kwargs)
        register = ComplaintForm()
        close = CloseForm()
        reply = ReplyForm()
        sources = {
            **register.fields,
            "reply_method": reply.fields["method"],
            "reply_content": reply.fields["content"],
            "outcome": close.fields["outcome"],
            "close_note": close.fields["note"],
        }
        self.amendable = list(fields)
        for name in fields:
            field = sources[name]
            field.required = name in ("content", "reply_content", "outcome", "reply_method")
            self.fields[name] = field
            value = getattr(complaint, name)
            self.initial[name] = value.pk if hasattr(value, "pk") else value

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.amendable}
