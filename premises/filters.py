"""One FilterSet per list: the page, its .xlsx export and its API endpoint share it."""

import django_filters
from django import forms
from django.db.models import Q

from premises.choices import EstablishmentStatus
from premises.models import Category, Domain, Establishment, Practitioner, Township

ALL = "全部"


def township_filter(field_name="township", **kwargs):
    """乡镇（街道）: the same filter wherever records are listed by their unit's township."""
    return django_filters.ModelChoiceFilter(
        label="乡镇（街道）",
        queryset=Township.objects.all(),
        field_name=field_name,
        empty_label=ALL,
        **kwargs,
    )


def domain_filter(field_name="category__domain", **kwargs):
    """监督专业 of the unit a record belongs to."""
    return django_filters.ModelChoiceFilter(
        label="监督专业",
        queryset=Domain.objects.all(),
        field_name=field_name,
        empty_label=ALL,
        **kwargs,
    )


class EstablishmentFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="搜索", method="search", help_text="名称、信用代码、地址或法定代表人"
    )
    domain = domain_filter("category__domain")
    category = django_filters.ModelChoiceFilter(
        label="类别",
        queryset=Category.objects.select_related("parent"),
        empty_label=ALL,
        method="in_category",
    )
    township = township_filter()
    status = django_filters.ChoiceFilter(
        label="状态", choices=EstablishmentStatus.choices, empty_label=ALL
    )
    opened_from = django_filters.DateFilter(
        label="开业日期起", field_name="opened_on", lookup_expr="gte"
    )
    opened_to = django_filters.DateFilter(
        label="开业日期止", field_name="opened_on", lookup_expr="lte"
    )

    class Meta:
        model = Establishment
        fields = ["q", "domain", "category", "township", "status", "opened_from", "opened_to"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(credit_code__icontains=value.upper())
            | Q(address__icontains=value)
            | Q(legal_representative__icontains=value)
        )

    def in_category(self, queryset, name, value):
        """A class matches all its kinds."""
        return queryset.filter(Q(category=value) | Q(category__parent=value))


class PractitionerFilterSet(django_filters.FilterSet):
    EMPLOYMENT_CHOICES = [("current", "在职"), ("left", "已离职")]

    q = django_filters.CharFilter(label="搜索", method="search", help_text="姓名、岗位或单位名称")
    establishment = django_filters.ModelChoiceFilter(
        label="所在单位", queryset=Establishment.objects.all(), widget=forms.HiddenInput
    )
    township = township_filter("establishment__township")
    domain = domain_filter("establishment__category__domain")
    employment = django_filters.ChoiceFilter(
        label="在职状态", choices=EMPLOYMENT_CHOICES, method="by_employment", empty_label=ALL
    )
    serves_customers = django_filters.BooleanFilter(
        label="直接为顾客服务",
        widget=forms.Select(choices=[("", ALL), ("true", "是"), ("false", "否")]),
    )

    class Meta:
        model = Practitioner
        fields = ["q", "establishment", "township", "domain", "employment", "serves_customers"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(post__icontains=value)
            | Q(establishment__name__icontains=value)
        )

    def by_employment(self, queryset, name, value):
        if value == "current":
            return queryset.current()
        if value == "left":
            return queryset.exclude(pk__in=queryset.current().values("pk"))
        return queryset


class CategoryFilterSet(django_filters.FilterSet):
    """The API's categories: by class, and by the permit types a kind needs (licensing's
    PermitType.categories, read through its reverse name)."""

    needs_permit = django_filters.BooleanFilter(
        label="须办理卫生许可", method="filter_needs_permit"
    )
    permit_type = django_filters.CharFilter(
        label="许可证类型（代码）", field_name="permit_types__code", distinct=True
    )

    class Meta:
        model = Category
        fields = ["parent", "needs_permit", "permit_type"]

    def filter_needs_permit(self, queryset, name, value):
        listed = Q(permit_types__isnull=False)
        return queryset.filter(listed).distinct() if value else queryset.exclude(listed)
