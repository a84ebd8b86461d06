"""One FilterSet per list: the page, its .xlsx export and the API endpoint share it."""

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.filters import PersonFilter, year_filter
from core.roster import roster
from inspections.choices import (
    CreditGrade,
    GradeRuleRow,
    InspectionKind,
    InspectionResult,
    OpinionStatus,
    PromotionGroup,
    Verdict,
)
from inspections.models import (
    Campaign,
    ChecklistTemplate,
    GradeAssessment,
    Inspection,
    PromotionAssessment,
    PromotionStandard,
    RandomDraw,
    Sample,
    StandardLimit,
    SupervisionOpinion,
)
from inspections.models.complaints import (
    COMPLAINT_DUE_SOON_DAYS,
    Complaint,
    ComplaintSource,
    ComplaintStatus,
)
from inspections.models.grades import PUBLIC_PLACES
from inspections.models.opinion import DUE_SOON_DAYS
from premises.filters import domain_filter, township_filter
from premises.models import Category, Establishment, Township

ALL = "全部"
YES_NO = forms.Select(choices=[("", ALL), ("true", "是"), ("false", "否")])


DAY = datetime.timedelta(days=1)


def day_start(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of ``day`` in the office's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class InspectionFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search", help_text="单位名称或信用代码")
    # Days of local time as a range of the time stamp (not inspected_at__date, which
    # converts every row and cannot use the index on inspected_at: a full table scan).
    date_from = django_filters.DateFilter(
        label="检查日期起", field_name="inspected_at", method="from_day"
    )
    date_to = django_filters.DateFilter(
        label="检查日期止", field_name="inspected_at", method="to_day"
    )
    kind = django_filters.ChoiceFilter(
        label="检查类型", choices=InspectionKind.choices, empty_label=ALL
    )
    result = django_filters.ChoiceFilter(
        label="处理结果", choices=InspectionResult.choices, empty_label=ALL
    )
    inspector = PersonFilter(
        queryset=roster(), label="监督员", field_name="inspectors", empty_label=ALL
    )
    township = township_filter("establishment__township")
    domain = domain_filter("category__domain")
    campaign = django_filters.ModelChoiceFilter(
        label="专项整治", queryset=Campaign.objects.all(), empty_label=ALL
    )

    class Meta:
        model = Inspection
        fields = [
            "q",
            "date_from",
            "date_to",
            "kind",
            "result",
            "inspector",
            "township",
            "domain",
            "campaign",
        ]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(establishment__name__icontains=value)
            | Q(establishment__credit_code__icontains=value.upper())
        )

    def from_day(self, queryset, name, value):
        if value <= datetime.date.min + DAY:  # midnight in UTC would be before year 1
            return queryset
        return queryset.filter(inspected_at__gte=day_start(value))

    def to_day(self, queryset, name, value):
        if value >= datetime.date.max - DAY:  # the next day would be after year 9999
            return queryset
        return queryset.filter(inspected_at__lt=day_start(value + DAY))


class OpinionFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search", help_text="文号或单位名称")
    status = django_filters.ChoiceFilter(
        label="状态", choices=OpinionStatus.choices, empty_label=ALL
    )
    overdue = django_filters.BooleanFilter(label="逾期未整改", method="by_overdue", widget=YES_NO)
    due_soon = django_filters.BooleanFilter(
        label="7日内到期", method="by_due_soon", widget=YES_NO, help_text="整改中，期限在今后7日内"
    )
    year = year_filter()
    township = township_filter("inspection__establishment__township")

    class Meta:
        model = SupervisionOpinion
        fields = ["q", "status", "overdue", "due_soon", "year", "township"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(number__icontains=value) | Q(inspection__establishment__name__icontains=value)
        )

    def by_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = Q(status=OpinionStatus.ISSUED, deadline__lt=timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)

    def by_due_soon(self, queryset, name, value):
        if value is None:
            return queryset
        soon = SupervisionOpinion.objects.due_within(DUE_SOON_DAYS).values("pk")
        return queryset.filter(pk__in=soon) if value else queryset.exclude(pk__in=soon)


class FollowUpFilterSet(OpinionFilterSet):
    """The follow-up list's filters: which of its two lists (the view picks the records),
    kept by the filter form."""

    when = django_filters.ChoiceFilter(
        label="待复查",
        choices=[("week", "本周到期")],
        empty_label="已逾期",
        method="by_when",
    )

    class Meta(OpinionFilterSet.Meta):
        fields = ["when", *OpinionFilterSet.Meta.fields]

    def by_when(self, queryset, name, value):
        return queryset  # OverdueOpinionListView chooses overdue or due this week


class CampaignFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="名称", field_name="name", lookup_expr="icontains")
    year = year_filter("start_date", "year")
    township = township_filter(method="by_township")

    class Meta:
        model = Campaign
        fields = ["q", "year", "township"]

    def by_township(self, queryset, name, value):
        """A campaign without townships covers them all."""
        return queryset.filter(Q(townships=value) | Q(townships__isnull=True)).distinct()


class DrawFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="名称", field_name="name", lookup_expr="icontains")
    year = year_filter("created_at", "year")
    township = django_filters.ModelChoiceFilter(
        label="乡镇（街道）（含抽中单位）",
        queryset=Township.objects.all(),
        method="by_township",
        empty_label=ALL,
    )

    class Meta:
        model = RandomDraw
        fields = ["q", "year", "township"]

    def by_township(self, queryset, name, value):
        return queryset.filter(
            pk__in=RandomDraw.objects.filter(assignments__establishment__township=value).values(
                "pk"
            )
        )


# The API's FilterSets: the lists shared with the pages, a few filters more, and the API-only
# lists (checklists, limits, samples).


class InspectionAPIFilterSet(InspectionFilterSet):
    establishment = django_filters.ModelChoiceFilter(queryset=Establishment.objects.all())
    year = year_filter("inspected_at", "year")

    class Meta(InspectionFilterSet.Meta):
        fields = InspectionFilterSet.Meta.fields + ["establishment", "year"]


class ChecklistAPIFilterSet(django_filters.FilterSet):
    current = django_filters.BooleanFilter(field_name="is_current")
    domain = django_filters.CharFilter(
        method="for_domain",
        label="The sheets an inspection under this domain (its code) may use: its own and "
        "those of no domain.",
    )

    def for_domain(self, queryset, name, value):
        return queryset.filter(Q(domain__code=value) | Q(domain__isnull=True))

    class Meta:
        model = ChecklistTemplate
        fields = ["current", "code"]


class StandardLimitAPIFilterSet(django_filters.FilterSet):
    class Meta:
        model = StandardLimit
        fields = ["sample_type", "standard", "is_active"]


class SampleAPIFilterSet(django_filters.FilterSet):
    verdict = django_filters.ChoiceFilter(choices=Verdict.choices)

    class Meta:
        model = Sample
        fields = ["inspection", "sample_type", "verdict"]


# The pages' township filters work through a method; the schema is told they take an id
# (else drf-spectacular warns, and the deploy check fails on the warning).
class CampaignAPIFilterSet(CampaignFilterSet):
    @extend_schema_field(OpenApiTypes.INT)
    def by_township(self, queryset, name, value):
        return super().by_township(queryset, name, value)


class DrawAPIFilterSet(DrawFilterSet):
    @extend_schema_field(OpenApiTypes.INT)
    def by_township(self, queryset, name, value):
        return super().by_township(queryset, name, value)


# ---------------------------------------------------------------- 信誉度等级


def _public_place_kinds():
    return Category.objects.kinds().filter(domain__code=PUBLIC_PLACES).select_related("parent")


class GradeFilterSet(django_filters.FilterSet):
    """The current grades (publication list): township, kind, grade."""

    q = django_filters.CharFilter(label="搜索", method="search", help_text="单位名称或信用代码")
    township = township_filter("establishment__township")
    kind = django_filters.ModelChoiceFilter(
        label="类别",
        queryset=_public_place_kinds(),
        field_name="establishment__category",
        empty_label=ALL,
    )
    grade = django_filters.ChoiceFilter(
        label="信誉度等级", choices=CreditGrade.choices, empty_label=ALL
    )

    class Meta:
        model = GradeAssessment
        fields = ["q", "township", "kind", "grade"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(establishment__name__icontains=value) | Q(establishment__credit_code=value.upper())
        )


class PlanFilterSet(django_filters.FilterSet):
    """Units behind their planned visits: township, kind, grade (未评定 too)."""

    q = django_filters.CharFilter(label="搜索", method="search", help_text="单位名称或信用代码")
    township = township_filter("township")
    kind = django_filters.ModelChoiceFilter(
        label="类别", queryset=_public_place_kinds(), field_name="category", empty_label=ALL
    )
    grade = django_filters.ChoiceFilter(
        label="信誉度等级", choices=GradeRuleRow.choices, empty_label=ALL, method="by_grade"
    )

    class Meta:
        model = Establishment
        fields = ["q", "township", "kind", "grade"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(credit_code=value.upper()))

    def by_grade(self, queryset, name, value):
        if value == GradeRuleRow.UNRATED:
            return queryset.filter(current_grade__isnull=True)
        return queryset.filter(current_grade=value)


class ComplaintFilterSet(django_filters.FilterSet):
    """The complaints register's filters (page, export, API). The search never looks into
    the complainant's particulars (personal data)."""

    q = django_filters.CharFilter(
        label="搜索", method="search", help_text="登记编号、来源编号、被投诉对象或内容"
    )
    due = django_filters.ChoiceFilter(
        label="期限",
        choices=[
            ("overdue", "已超期"),
            ("soon", f"{COMPLAINT_DUE_SOON_DAYS}日内到期"),
            ("open", "未办结"),
        ],
        method="by_due",
        empty_label=ALL,
    )
    status = django_filters.ChoiceFilter(
        label="状态", choices=ComplaintStatus.choices, empty_label=ALL
    )
    source = django_filters.ChoiceFilter(
        label="来源", choices=ComplaintSource.choices, empty_label=ALL
    )
    domain = domain_filter("domain")
    assigned_to = PersonFilter(label="承办人", queryset=roster(), empty_label=ALL)
    township = township_filter("establishment__township")  # of the unit named
    year = year_filter("received_at", "year")

    class Meta:
        model = Complaint
        fields = ["q", "due", "status", "source", "domain", "assigned_to", "year"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(number__icontains=value)
            | Q(source_reference__icontains=value)
            | Q(establishment__name__icontains=value)
            | Q(place_name__icontains=value)
            | Q(content__icontains=value)
        )

    def by_due(self, queryset, name, value):
        today = timezone.localdate()
        if value == "overdue":
            return queryset.filter(pk__in=Complaint.objects.overdue(today).values("pk"))
        if value == "soon":
            return queryset.filter(
                pk__in=Complaint.objects.due_within(COMPLAINT_DUE_SOON_DAYS, today).values("pk")
            )
        if value == "open":
            return queryset.filter(pk__in=Complaint.objects.open().values("pk"))
        return queryset


class SchoolEnvironmentFilterSet(django_filters.FilterSet):
    """The classroom checks (教学环境) of schools: one row per inspection with 教室环境
    samples (inspections.views.school_environment)."""

    q = django_filters.CharFilter(label="搜索", method="search", help_text="学校名称")
    township = township_filter("establishment__township")
    year = year_filter("inspected_at__year")
    result = django_filters.ChoiceFilter(
        label="结果",
        choices=(("fail", "有教室不合格"), ("pass", "全部合格")),
        empty_label="全部",
        method="filter_result",
    )

    class Meta:
        model = Inspection
        fields = ["q", "township", "year", "result"]

    def search(self, queryset, name, value):
        return queryset.filter(establishment__name__icontains=value.strip())

    def filter_result(self, queryset, name, value):
        if value == "fail":
            return queryset.filter(failing_rooms__gt=0)
        return queryset.filter(failing_rooms=0, pending_rooms=0)


class PromotionFilterSet(django_filters.FilterSet):
    """健康促进 assessments: standard, result, township, voided or not."""

    q = django_filters.CharFilter(label="搜索", method="search", help_text="对象名称")
    standard = django_filters.ModelChoiceFilter(
        label="标准", queryset=PromotionStandard.objects.all(), empty_label=ALL
    )
    passed = django_filters.ChoiceFilter(
        label="结果", choices=[("1", "达标"), ("0", "未达标")], empty_label=ALL, method="result"
    )
    township = township_filter("subject__township")
    voided = django_filters.ChoiceFilter(
        label="作废", choices=[("0", "有效"), ("1", "已作废")], empty_label=ALL, method="void"
    )

    class Meta:
        model = PromotionAssessment
        fields = ["q", "standard", "passed", "township", "voided"]

    def search(self, queryset, name, value):
        return queryset.filter(subject__name__icontains=value.strip())

    def result(self, queryset, name, value):
        return queryset.filter(passed=value == "1")

    def void(self, queryset, name, value):
        return queryset.filter(voided_at__isnull=value == "0")


class PromotionSubjectFilterSet(django_filters.FilterSet):
    """The subjects behind a number of the 健康促进 figures: the group, which of them (in
    scope, 达标, not), the day counted on (read by the page, kept here so that a search
    keeps them), name and township."""

    group = django_filters.ChoiceFilter(
        label="对象", choices=PromotionGroup.choices, method="read_by_page", empty_label=None
    )
    show = django_filters.ChoiceFilter(
        label="显示",
        choices=[("scope", "纳入范围"), ("met", "达标"), ("unmet", "未达标")],
        method="read_by_page",
        empty_label=None,
    )
    as_of = django_filters.DateFilter(
        label="统计日期", method="read_by_page", widget=forms.DateInput(attrs={"type": "date"})
    )
    q = django_filters.CharFilter(label="搜索", field_name="name", lookup_expr="icontains")
    township = township_filter("township")

    class Meta:
        model = Establishment
        fields = ["group", "show", "as_of", "q", "township"]

    def read_by_page(self, queryset, name, value):
        return queryset
