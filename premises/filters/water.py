"""The drinking-water and school registers' lists: one FilterSet each, shared by the page and
its .xlsx export."""

import django_filters
from django.db.models import Q
from django.utils import timezone

from premises.filters import ALL, township_filter
from premises.models import (
    Establishment,
    SchoolProfile,
    SupplyParticulars,
    WaterProduct,
    WaterTank,
)
from premises.models.water import ApprovalLevel, Disinfection, ProductKind, WaterSource

YES_NO = (("yes", "是"), ("no", "否"))


def _unit_filter():
    return django_filters.ModelChoiceFilter(
        label="单位",
        queryset=Establishment.objects.all(),
        field_name="establishment",
        widget=django_filters.widgets.forms.HiddenInput,
    )


def _search(queryset, fields, value):
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__icontains": value.strip()})
    return queryset.filter(condition)


def _yes_no(queryset, condition, value):
    return queryset.filter(condition) if value == "yes" else queryset.exclude(condition)


class SupplyParticularsFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search", help_text="单位名称")
    township = township_filter("establishment__township")
    category = django_filters.ChoiceFilter(
        label="供水类型",
        empty_label=ALL,
        field_name="establishment__category__code",
        choices=(
            ("dw.supply.central", "集中式供水单位"),
            ("dw.supply.secondary", "二次供水单位"),
            ("dw.supply.vending", "现制现售水"),
            ("dw.supply.school_well", "学校自备井"),
        ),
        method="filter_category",
    )
    source = django_filters.ChoiceFilter(label="水源", choices=WaterSource.choices, empty_label=ALL)
    disinfection = django_filters.ChoiceFilter(
        label="消毒方式", choices=Disinfection.choices, empty_label=ALL
    )
    self_testing = django_filters.ChoiceFilter(
        label="有自检设施", choices=YES_NO, empty_label=ALL, method="filter_self_testing"
    )
    large = django_filters.ChoiceFilter(
        label="千吨万人", choices=YES_NO, empty_label=ALL, method="filter_large"
    )
    establishment = _unit_filter()

    class Meta:
        model = SupplyParticulars
        fields = ["q", "township", "category", "source", "disinfection", "self_testing", "large"]

    def search(self, queryset, name, value):
        return _search(queryset, ("establishment__name",), value)

    def filter_category(self, queryset, name, value):
        # the unit's main kind, or the kind of its further water domain (a school's own well)
        return queryset.filter(
            Q(establishment__category__code=value)
            | Q(
                establishment__supervisions__category__code=value,
                establishment__supervisions__ended_on__isnull=True,
            )
        ).distinct()

    def filter_self_testing(self, queryset, name, value):
        return queryset.filter(self_testing=value == "yes")

    def filter_large(self, queryset, name, value):
        return _yes_no(queryset, Q(pk__in=SupplyParticulars.objects.large().values("pk")), value)


class WaterTankFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search", help_text="单位名称或设施位置")
    township = township_filter("establishment__township")
    overdue = django_filters.ChoiceFilter(
        label="清洗消毒逾期", choices=YES_NO, empty_label=ALL, method="filter_overdue"
    )
    covered_locked = django_filters.ChoiceFilter(
        label="加盖上锁", choices=YES_NO, empty_label=ALL, method="filter_locked"
    )
    in_use = django_filters.ChoiceFilter(
        label="在用", choices=YES_NO, empty_label=ALL, method="filter_in_use"
    )
    establishment = _unit_filter()

    class Meta:
        model = WaterTank
        fields = ["q", "township", "overdue", "covered_locked", "in_use"]

    def search(self, queryset, name, value):
        return _search(queryset, ("establishment__name", "name"), value)

    def filter_overdue(self, queryset, name, value):
        overdue = WaterTank.objects.overdue_on(timezone.localdate()).values("pk")
        return _yes_no(queryset, Q(pk__in=overdue), value)

    def filter_locked(self, queryset, name, value):
        return queryset.filter(covered_locked=value == "yes")

    def filter_in_use(self, queryset, name, value):
        return queryset.filter(retired_on__isnull=value == "yes")


class WaterProductFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="搜索", method="search", help_text="产品名称、型号、生产企业或批件号"
    )
    kind = django_filters.ChoiceFilter(
        label="产品类别", choices=ProductKind.choices, empty_label=ALL
    )
    approval_level = django_filters.ChoiceFilter(
        label="批准机关", choices=ApprovalLevel.choices, empty_label=ALL
    )
    approval_invalid = django_filters.ChoiceFilter(
        label="批件缺失或过期", choices=YES_NO, empty_label=ALL, method="filter_invalid"
    )
    seller = django_filters.ModelChoiceFilter(
        label="经营单位",
        queryset=Establishment.objects.all(),
        field_name="sales__establishment",
        distinct=True,
        widget=django_filters.widgets.forms.HiddenInput,
    )

    class Meta:
        model = WaterProduct
        fields = ["q", "kind", "approval_level", "approval_invalid", "seller"]

    def search(self, queryset, name, value):
        return _search(queryset, ("name", "model_name", "maker", "approval_number"), value)

    def filter_invalid(self, queryset, name, value):
        invalid = WaterProduct.objects.without_valid_approval(timezone.localdate()).values("pk")
        return _yes_no(queryset, Q(pk__in=invalid), value)


class SchoolProfileFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search", help_text="学校名称")
    township = township_filter("establishment__township")
    year = django_filters.NumberFilter(label="学年")
    boarding = django_filters.ChoiceFilter(
        label="寄宿制", choices=YES_NO, empty_label=ALL, method="filter_boarding"
    )
    no_health_staff = django_filters.ChoiceFilter(
        label="无校医或保健教师", choices=YES_NO, empty_label=ALL, method="filter_staff"
    )
    own_well = django_filters.ChoiceFilter(
        label="有自备井", choices=YES_NO, empty_label=ALL, method="filter_well"
    )
    establishment = _unit_filter()

    class Meta:
        model = SchoolProfile
        fields = ["q", "township", "year", "boarding", "no_health_staff", "own_well"]

    def search(self, queryset, name, value):
        return _search(queryset, ("establishment__name",), value)

    def filter_boarding(self, queryset, name, value):
        return queryset.filter(boarding=value == "yes")

    def filter_staff(self, queryset, name, value):
        return _yes_no(queryset, Q(school_doctors=0, health_teachers=0), value)

    def filter_well(self, queryset, name, value):
        return queryset.filter(own_well=value == "yes")
