"""One FilterSet per list: the page, its .xlsx export and its API endpoint share it."""

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from premises.choices import EstablishmentStatus, SubjectKind
from premises.models import (
    MUST_HOLD_CERTIFICATE,
    PROJECT_STAGES,
    Category,
    ConstructionProject,
    DiseaseClass,
    Domain,
    Establishment,
    HazardClass,
    HazardExposure,
    HazardFactor,
    HazardFocus,
    HealthSurveillance,
    OccupationalDiseaseCase,
    OccupationalProfile,
    Post,
    Practitioner,
    StageStatus,
    SurveillanceStage,
    Township,
)

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
    domain = domain_filter(method="in_domain")
    category = django_filters.ModelChoiceFilter(
        label="类别",
        queryset=Category.objects.select_related("parent"),
        empty_label=ALL,
        method="in_category",
    )
    township = township_filter()
    subject_kind = django_filters.ChoiceFilter(
        label="对象类型", choices=SubjectKind.choices, empty_label=ALL
    )
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
        fields = [
            "q",
            "domain",
            "category",
            "township",
            "subject_kind",
            "status",
            "opened_from",
            "opened_to",
        ]

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

    def in_domain(self, queryset, name, value):
        """Filed under the domain or supervised under it as a further domain now."""
        return queryset.filter(Establishment.objects.domain_condition(value))

    def in_category(self, queryset, name, value):
        """A class matches all its kinds; a unit's kind in a further domain matches too."""
        return queryset.filter(Establishment.objects.kind_condition([value]))


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
    post = django_filters.ModelChoiceFilter(
        label="岗位", queryset=Post.objects.all(), empty_label=ALL
    )
    serves_customers = django_filters.BooleanFilter(
        label="直接为顾客服务（须持健康合格证明）",
        method="by_serving",
        widget=forms.Select(choices=[("", ALL), ("true", "是"), ("false", "否")]),
    )

    class Meta:
        model = Practitioner
        fields = [
            "q",
            "establishment",
            "township",
            "domain",
            "employment",
            "post",
            "serves_customers",
        ]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(post__name__icontains=value)
            | Q(establishment__name__icontains=value)
        )

    def by_serving(self, queryset, name, value):
        """By the post: one without a post counts as serving customers."""
        if value is None:
            return queryset
        return queryset.filter(MUST_HOLD_CERTIFICATE if value else ~MUST_HOLD_CERTIFICATE)

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


# ---------------------------------------------------------------- occupational health

YES_NO = forms.Select(choices=[("", ALL), ("true", "是"), ("false", "否")])


class _EmployerFilterSet(django_filters.FilterSet):
    """Records of employers: by the unit's name or credit code, its township, the year."""

    q = django_filters.CharFilter(label="搜索", method="search", help_text="单位名称或信用代码")
    establishment = django_filters.ModelChoiceFilter(
        label="用人单位", queryset=Establishment.objects.all(), widget=forms.HiddenInput
    )
    township = township_filter("establishment__township")

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(establishment__name__icontains=value)
            | Q(establishment__credit_code__icontains=value.upper())
        )


@extend_schema_field(OpenApiTypes.INT)
class HazardFactorFilter(django_filters.ModelChoiceFilter):
    """A hazard factor by its id (the API schema says so: the filter works by method)."""


class OccupationalProfileFilterSet(_EmployerFilterSet):
    year = django_filters.NumberFilter(label="年度")
    hazard_class = django_filters.ChoiceFilter(
        label="危害因素类别",
        choices=HazardClass.choices,
        method="with_class",
        empty_label=ALL,
    )
    focus = django_filters.ChoiceFilter(
        label="重点危害",
        choices=HazardFocus.choices,
        method="with_focus",
        empty_label=ALL,
    )
    factor = HazardFactorFilter(
        label="危害因素", queryset=HazardFactor.objects.all(), method="with_factor", empty_label=ALL
    )
    declared = django_filters.BooleanFilter(label="已申报危害项目", widget=YES_NO)
    records_kept = django_filters.BooleanFilter(label="已建监护档案", widget=YES_NO)

    class Meta:
        model = OccupationalProfile
        fields = [
            "q",
            "establishment",
            "township",
            "year",
            "hazard_class",
            "focus",
            "factor",
            "declared",
            "records_kept",
        ]

    def _with(self, queryset, **condition):
        exposures = HazardExposure.objects.filter(profile=OuterRef("pk"), **condition)
        return queryset.filter(Exists(exposures))

    def with_class(self, queryset, name, value):
        return self._with(queryset, factor__hazard_class=value) if value else queryset

    def with_focus(self, queryset, name, value):
        return self._with(queryset, factor__focus=value) if value else queryset

    def with_factor(self, queryset, name, value):
        return self._with(queryset, factor=value) if value else queryset


class HealthSurveillanceFilterSet(_EmployerFilterSet):
    year = django_filters.NumberFilter(label="年度")
    stage = django_filters.ChoiceFilter(
        label="体检类别", choices=SurveillanceStage.choices, empty_label=ALL
    )
    incomplete = django_filters.BooleanFilter(
        label="实检少于应检", method="only_incomplete", widget=YES_NO
    )

    class Meta:
        model = HealthSurveillance
        fields = ["q", "establishment", "township", "year", "stage", "incomplete"]

    def only_incomplete(self, queryset, name, value):
        if value is None:
            return queryset
        short = Q(examined__lt=F("due"))
        return queryset.filter(short) if value else queryset.exclude(short)


class OccupationalCaseFilterSet(_EmployerFilterSet):
    disease_class = django_filters.ChoiceFilter(
        label="职业病类别", choices=DiseaseClass.choices, empty_label=ALL
    )
    diagnosed_from = django_filters.DateFilter(
        label="诊断日期起", field_name="diagnosed_on", lookup_expr="gte"
    )
    diagnosed_to = django_filters.DateFilter(
        label="诊断日期止", field_name="diagnosed_on", lookup_expr="lte"
    )
    reported = django_filters.BooleanFilter(label="已报告", widget=YES_NO)

    class Meta:
        model = OccupationalDiseaseCase
        fields = [
            "q",
            "establishment",
            "township",
            "disease_class",
            "diagnosed_from",
            "diagnosed_to",
            "reported",
        ]


class ConstructionProjectFilterSet(_EmployerFilterSet):
    approved_from = django_filters.DateFilter(
        label="立项日期起", field_name="approved_on", lookup_expr="gte"
    )
    approved_to = django_filters.DateFilter(
        label="立项日期止", field_name="approved_on", lookup_expr="lte"
    )
    stage = django_filters.ChoiceFilter(
        label="阶段",
        choices=[(p, label) for p, label in PROJECT_STAGES],
        method="with_stage",
        empty_label=ALL,
    )
    stage_status = django_filters.ChoiceFilter(
        label="该阶段状态", choices=StageStatus.choices, method="by_status", empty_label=ALL
    )

    class Meta:
        model = ConstructionProject
        fields = [
            "q",
            "establishment",
            "township",
            "approved_from",
            "approved_to",
            "stage",
            "stage_status",
        ]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(establishment__name__icontains=value)
            | Q(establishment__credit_code__icontains=value.upper())
        )

    def with_stage(self, queryset, name, value):
        return queryset  # read with the status (by_status)

    def by_status(self, queryset, name, value):
        """Projects with a stage in ``value``: the stage chosen, or any stage."""
        if not value:
            return queryset
        stage = self.form.cleaned_data.get("stage")
        stages = [stage] if stage else [p for p, _label in PROJECT_STAGES]
        condition = Q()
        for prefix in stages:
            condition |= Q(**{f"{prefix}_status": value})
        return queryset.filter(condition)
