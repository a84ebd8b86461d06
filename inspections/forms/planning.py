"""Input forms for random draws (双随机): the draw with its exclusions (回避) picked from
lists, and the substitution of a drawn inspector. There is no seed input: the seed is
derived by the server (inspections.services.draws)."""

from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from core.people import PersonChoiceField
from core.roster import roster
from inspections.services.draws import draw_pair
from premises.choices import EstablishmentStatus
from premises.models import Category, Domain, Establishment, Township


class DrawForm(forms.Form):
    name = forms.CharField(label="名称", max_length=100)
    domains = forms.ModelMultipleChoiceField(
        label="监督专业",
        queryset=Domain.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    categories = forms.ModelMultipleChoiceField(
        label="类别",
        queryset=Category.objects.select_related("parent"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        required=False,
        help_text="选大类即包含其全部小类；不选为全部。",
    )
    townships = forms.ModelMultipleChoiceField(
        label="乡镇（街道）",
        queryset=Township.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    count = forms.IntegerField(label="抽取数量（户）", min_value=1, required=False)
    share = forms.DecimalField(
        label="或抽取比例（%）",
        min_value=Decimal("0.01"),
        max_value=Decimal("100"),
        decimal_places=2,
        required=False,
    )
    by_grade = forms.BooleanField(
        label="或按信誉度等级抽取",
        required=False,
        help_text="勾选后不填数量和比例：各等级（A、B、C、不予定级、未评定）按“信誉度等级规则”中的"
        "抽取比例分别抽取（向上取整）。",
    )

    def service_arguments(self, exclusions=()):
        data = self.cleaned_data
        share = data["share"]
        return {
            "by_grade": data["by_grade"],
            "name": data["name"],
            "domains": list(data["domains"]),
            "categories": list(data["categories"]),
            "townships": list(data["townships"]),
            "count": data["count"],
            "share": float(share / 100) if share is not None else None,
            "exclusions": list(exclusions),
        }


class UnitChoiceField(forms.ModelChoiceField):
    """A choice of one unit, offered by name and credit code."""

    def label_from_instance(self, obj) -> str:
        return f"{obj.name}（{obj.credit_code}）"


class ExclusionForm(forms.Form):
    """One 回避 row: an officer who must not be drawn for a unit (relatives, former work)."""

    officer = PersonChoiceField(label="监督员", queryset=roster(), required=False)
    establishment = UnitChoiceField(
        label="须回避的单位",
        queryset=Establishment.objects.filter(status=EstablishmentStatus.OPERATING).order_by(
            "name"
        ),
        required=False,
    )

    def clean(self):
        data = super().clean()
        officer, unit = data.get("officer"), data.get("establishment")
        if (officer is None) != (unit is None) and not self.errors:
            missing = "establishment" if unit is None else "officer"
            self.add_error(missing, "回避须同时选择监督员和单位。")
        return data


class BaseExclusionFormSet(forms.BaseFormSet):
    def pairs(self) -> list[tuple[int, int]]:
        """The rows filled in, as (officer id, unit id); empty rows are left out."""
        return [
            (f.cleaned_data["officer"].pk, f.cleaned_data["establishment"].pk)
            for f in self.forms
            if f.cleaned_data.get("officer") and f.cleaned_data.get("establishment")
        ]


ExclusionFormSet = forms.formset_factory(
    ExclusionForm, formset=BaseExclusionFormSet, extra=3, max_num=50, validate_max=True
)


class DrawSubstitutionForm(forms.Form):
    replaced = PersonChoiceField(label="被替换的监督员", queryset=roster())
    substitute = PersonChoiceField(label="替换人", queryset=roster())
    reason = forms.CharField(label="替换原因", max_length=200)
    approved_by = PersonChoiceField(
        label="批准人", queryset=get_user_model().objects.none(), help_text="有权安排抽查的负责人。"
    )

    def __init__(self, *args, assignment=None, **kwargs):
        super().__init__(*args, **kwargs)
        if assignment is not None:
            self.fields["replaced"].queryset = (
                get_user_model().objects.filter(pk__in=draw_pair(assignment)).order_by("pk")
            )
        self.fields["approved_by"].queryset = approvers()


def approvers():
    """Active users who may approve a substitution (managers, administrators)."""
    perm = Q(
        groups__permissions__codename="add_drawsubstitution",
        groups__permissions__content_type__app_label="inspections",
    )
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(perm | Q(is_superuser=True))
        .distinct()
        .order_by("pk")
    )
