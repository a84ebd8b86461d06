"""Input forms of the case pages. Rules live in penalties.services; forms only shape input."""

import datetime

from django import forms
from django.utils import timezone

from core.people import PeopleChoiceField
from core.roster import on_roster, roster
from inspections.models import Inspection
from penalties.choices import CaseSource, EvidenceKind, PartyKind
from penalties.models import Violation
from premises.choices import Sex
from premises.forms import DateInput
from premises.models import Establishment

# Inspections offered when a case is filed without coming from one page (recent visits).
INSPECTION_DAYS = 365
PARTY_FIELDS = (
    "party_name",
    "party_code",
    "party_legal_representative",
    "party_address",
    "party_sex",
)


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        if obj.credit_code:
            return f"{obj.name}（{obj.credit_code}）"
        if obj.subject_kind != "unit":
            return f"{obj.name}（{obj.get_subject_kind_display()}）"
        return obj.name


class InspectionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return (
            f"{timezone.localtime(obj.inspected_at):%Y-%m-%d} {obj.establishment.name}"
            f"（{obj.get_kind_display()}）"
        )


def units(q=""):
    queryset = Establishment.objects.select_related("township").order_by("name", "pk")
    q = (q or "").strip()
    if q:
        queryset = queryset.filter(name__icontains=q) | queryset.filter(
            credit_code__icontains=q.upper()
        )
    return queryset


class CaseFileForm(forms.Form):
    """立案: with a fixed inspection the party is the inspected unit and is not asked for."""

    source = forms.ChoiceField(label="案件来源", choices=CaseSource.choices)
    inspection = InspectionChoiceField(
        label="来源检查",
        queryset=Inspection.objects.none(),
        required=False,
        empty_label="（非检查来源不选）",
        help_text="来源为监督检查时选择；也可在检查记录页面点击“立案查处”自动带入。",
    )
    source_note = forms.CharField(
        label="来源说明", max_length=200, required=False, help_text="如投诉编号、移送机关。"
    )
    party_kind = forms.ChoiceField(
        label="当事人类型", choices=PartyKind.choices, widget=forms.RadioSelect
    )
    establishment = UnitChoiceField(
        label="被监督单位",
        queryset=Establishment.objects.none(),
        required=False,
        help_text="当事人为登记在册单位时选择，名称、代码、地址等按建档信息带入。",
    )
    party_name = forms.CharField(
        label="当事人姓名或名称", max_length=100, required=False, help_text="未登记当事人填写。"
    )
    party_code = forms.CharField(
        label="身份证号码或统一社会信用代码",
        max_length=18,
        required=False,
        help_text="个人填写 18 位身份证号码，单位填写统一社会信用代码。",
    )
    party_legal_representative = forms.CharField(
        label="法定代表人（负责人）", max_length=50, required=False
    )
    party_address = forms.CharField(label="住址（地址）", max_length=200, required=False)
    party_sex = forms.ChoiceField(
        label="性别",
        choices=[("", "（不详）"), *Sex.choices],
        required=False,
        help_text="未登记个人填写，决定书等文书载明。",
    )
    party_phone = forms.CharField(label="联系电话", max_length=30, required=False)
    violation = forms.ModelChoiceField(
        label="违法行为", queryset=Violation.objects.filter(is_active=True)
    )
    occurred_on = forms.DateField(label="违法行为发生日期", widget=DateInput())
    continuing = forms.BooleanField(
        label="违法行为有连续或者继续状态",
        required=False,
        help_text="追责时效从行为终了之日起计算（行政处罚法第三十六条第二款）。",
    )
    ended_on = forms.DateField(
        label="违法行为终了日期",
        widget=DateInput(),
        required=False,
        help_text="尚未终了的填立案日期。",
    )
    harms_life_health = forms.BooleanField(
        label="涉及公民生命健康安全且有危害后果",
        required=False,
        help_text="追责时效延长为五年（行政处罚法第三十六条第一款），须说明危害后果。",
    )
    harm_reason = forms.CharField(
        label="危害后果说明", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    filed_on = forms.DateField(
        label="立案日期",
        widget=DateInput(),
        help_text="立案报告的日期；负责人批准立案后，立案日期以批准日期为准。",
    )
    facts = forms.CharField(
        label="案情摘要（违法事实）", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    officers = PeopleChoiceField(
        label="承办人（至少两名执法人员）",
        queryset=roster(),
        widget=forms.CheckboxSelectMultiple,
        required=False,  # the service says why fewer than two will not do
    )

    def __init__(self, *args, inspection=None, unit=None, q="", user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_inspection = inspection
        self.fields["filed_on"].initial = timezone.localdate()
        if on_roster(user):
            self.fields["officers"].initial = [user.pk]
        if inspection is not None:
            # From an inspection: source, inspection and party are fixed.
            for name in ("source", "inspection", "party_kind", "establishment"):
                self.fields[name].widget = forms.HiddenInput()
            self.fields["source"].initial = CaseSource.INSPECTION
            self.fields["inspection"].queryset = Inspection.objects.filter(pk=inspection.pk)
            self.fields["inspection"].initial = inspection.pk
            self.fields["party_kind"].initial = PartyKind.UNIT
            self.fields["establishment"].queryset = Establishment.objects.filter(
                pk=inspection.establishment_id
            )
            self.fields["establishment"].initial = inspection.establishment_id
            for name in PARTY_FIELDS:
                del self.fields[name]
            self.fields["party_phone"].help_text = "不填则沿用单位建档的联系电话。"
            self.fields["facts"].initial = inspection.findings
            team = roster().filter(pk__in=inspection.inspectors.values("pk"))
            self.fields["officers"].initial = sorted(
                {*(self.fields["officers"].initial or []), *team.values_list("pk", flat=True)}
            )
            return
        since = timezone.now() - datetime.timedelta(days=INSPECTION_DAYS)
        self.fields["inspection"].queryset = (
            Inspection.objects.filter(inspected_at__gte=since)
            .select_related("establishment")
            .order_by("-inspected_at")
        )
        self.fields["establishment"].queryset = units(q)
        self.fields["establishment"].empty_label = "请选择单位（可先在上方搜索）"
        if unit is not None:
            self.fields["establishment"].queryset = units(q) | Establishment.objects.filter(
                pk=unit.pk
            )
            self.fields["establishment"].initial = unit.pk
            self.fields["party_kind"].initial = PartyKind.UNIT
        self.fields["source"].initial = CaseSource.COMPLAINT

    def service_arguments(self) -> dict:
        """The keyword arguments of services.case_file."""
        data = self.cleaned_data
        arguments = {
            "source": data["source"],
            "inspection": data["inspection"],
            "source_note": data["source_note"],
            "party_kind": data["party_kind"],
            "party_phone": data["party_phone"],
            "violation": data["violation"],
            "occurred_on": data["occurred_on"],
            "continuing": data["continuing"],
            "ended_on": data["ended_on"],
            "harms_life_health": data["harms_life_health"],
            "harm_reason": data["harm_reason"],
            "filed_on": data["filed_on"],
            "facts": data["facts"],
            "officers": list(data["officers"]),
        }
        if data["party_kind"] == PartyKind.UNIT:
            arguments["establishment"] = data["establishment"]
        else:
            arguments["establishment"] = None
            arguments.update({name: data[name] for name in PARTY_FIELDS})
        return arguments


class CaseEditForm(forms.Form):
    """What may still be corrected directly before the decision (services.case_update)."""

    facts = forms.CharField(
        label="案情摘要（违法事实）", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    source_note = forms.CharField(label="来源说明", max_length=200, required=False)
    party_legal_representative = forms.CharField(
        label="法定代表人（负责人）", max_length=50, required=False
    )
    party_address = forms.CharField(label="住址（地址）", max_length=200, required=False)
    party_phone = forms.CharField(label="联系电话", max_length=30, required=False)
    officers = PeopleChoiceField(
        label="承办人（至少两名执法人员）",
        queryset=roster(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, case=None, **kwargs):
        if case is not None and not args:
            kwargs.setdefault(
                "initial",
                {
                    "facts": case.facts,
                    "source_note": case.source_note,
                    "party_legal_representative": case.party_legal_representative,
                    "party_address": case.party_address,
                    "party_phone": case.party_phone,
                    "officers": [u.pk for u in case.officers.all()],
                },
            )
        super().__init__(*args, **kwargs)


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label="证据种类", choices=EvidenceKind.choices)
    title = forms.CharField(label="证据名称", max_length=200, required=False)
    collected_on = forms.DateField(label="取证日期", widget=DateInput())
    collected_at = forms.TimeField(
        label="取证时间",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text="知道时填写。",
    )
    collectors = PeopleChoiceField(
        label="取证人",
        queryset=roster(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="实际取证的执法人员（两名以上）；不选：本案承办人。",
    )
    # A plain file field: the service decides by the content what may be kept, and says so.
    file = forms.FileField(
        label="文件",
        required=False,
        help_text="PDF、图片（JPEG/PNG/WebP）、音视频（MP4/MP3）或 Word/Excel 文档。",
    )
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collected_on"].initial = timezone.localdate()
        self.fields["collectors"].queryset = roster()


class _PhotoChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, photo):
        taken = photo.taken_at or photo.inspection.inspected_at
        return f"{timezone.localtime(taken):%Y-%m-%d %H:%M} {photo.caption or '现场照片'}"


class EvidencePhotoForm(forms.Form):
    """Photos of the party's inspections to attach as evidence, without uploading again."""

    photos = _PhotoChoices(label="现场照片", queryset=None, widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, photos, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photos"].queryset = photos
        if not photos.exists():
            self.fields[
                "photos"
            ].help_text = "本案来源检查及当事人的监督检查中没有尚未附加的现场照片。"
