"""FilterSets of the permit window's lists (pages and their .xlsx exports)."""

import datetime

import django_filters
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from licensing.choices import (
    ApplicationKind,
    ApplicationStatus,
    PermitOrigin,
    PermitState,
    PermitStatus,
)
from licensing.models import Application, Consultation, Permit, PermitReview, PermitType
from licensing.models.applications import POST_CHECK_SOON_DAYS
from licensing.models.reviews import REVIEW_SOON_DAYS, permits_review_due
from premises.filters import ALL, EstablishmentFilterSet, township_filter
from premises.models import Category, Establishment

YES = [("yes", "是")]
EXPIRING_CHOICES = [("30", "30 日内"), ("60", "60 日内"), ("90", "90 日内")]
EXPIRING_DEFAULT = "30"


def with_state(permits):
    """``permits`` with each one's status today (``state``), annotated once."""
    return permits if "state" in permits.query.annotations else permits.with_state()


class ApplicationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="搜索", method="search", help_text="受理编号、单位名称或信用代码"
    )
    status = django_filters.ChoiceFilter(
        label="状态", choices=ApplicationStatus.choices, empty_label=ALL
    )
    permit_type = django_filters.ModelChoiceFilter(
        label="许可类型", queryset=PermitType.objects.all(), empty_label=ALL
    )
    kind = django_filters.ChoiceFilter(
        label="申请事项", choices=ApplicationKind.choices, empty_label=ALL
    )
    overdue = django_filters.ChoiceFilter(
        label="超期未办结", choices=YES, method="by_overdue", empty_label=ALL
    )
    township = township_filter("establishment__township")
    received_from = django_filters.DateFilter(
        label="受理日期起", field_name="received_on", lookup_expr="gte"
    )
    received_to = django_filters.DateFilter(
        label="受理日期止", field_name="received_on", lookup_expr="lte"
    )

    class Meta:
        model = Application
        fields = [
            "q",
            "status",
            "permit_type",
            "kind",
            "overdue",
            "township",
            "received_from",
            "received_to",
        ]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(receipt_number__icontains=value)
            | Q(establishment__name__icontains=value)
            | Q(establishment__credit_code__icontains=value.upper())
        )

    def by_overdue(self, queryset, name, value):
        return queryset.overdue() if value == "yes" else queryset


class PermitFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="搜索", method="search", help_text="许可证号、单位名称或信用代码"
    )
    permit_type = django_filters.ModelChoiceFilter(
        label="许可类型", queryset=PermitType.objects.all(), empty_label=ALL
    )
    # The status today, derived from the dates and what was done (PermitQuerySet.with_state):
    # an expired permit is 已过期, a replaced one 已换发 once its successor is in force.
    state = django_filters.ChoiceFilter(
        label="状态", choices=PermitState.choices, method="in_state", empty_label=ALL
    )
    origin = django_filters.ChoiceFilter(
        label="来源", choices=PermitOrigin.choices, empty_label=ALL
    )
    township = township_filter("establishment__township")
    expiring = django_filters.ChoiceFilter(
        label="即将到期", choices=EXPIRING_CHOICES, method="by_expiring", empty_label=ALL
    )

    class Meta:
        model = Permit
        fields = ["q", "permit_type", "state", "origin", "township", "expiring"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(number__icontains=value)
            | Q(establishment__name__icontains=value)
            | Q(establishment__credit_code__icontains=value.upper())
        )

    def in_state(self, queryset, name, value):
        return with_state(queryset).filter(state=value)

    def by_expiring(self, queryset, name, value):
        return queryset.expiring_within(int(value), today=timezone.localdate())


class ExpiringPermitFilterSet(PermitFilterSet):
    """The expiring list: the period is its main choice, 30 days unless chosen. The period
    is always one of the filter's values (the page without one is the 30 days), so the form
    shows the period the list holds: the page once listed 30 days under a 全部."""

    expiring = django_filters.ChoiceFilter(
        label="到期范围", choices=EXPIRING_CHOICES, method="by_expiring", empty_label=None
    )
    state = None  # every permit listed is in force

    class Meta(PermitFilterSet.Meta):
        fields = ["expiring", "q", "permit_type", "township"]

    def __init__(self, data=None, *args, **kwargs):
        if not (data or {}).get("expiring"):
            data = data.copy() if data is not None else QueryDict(mutable=True)
            data["expiring"] = EXPIRING_DEFAULT
        super().__init__(data, *args, **kwargs)


class UnlicensedFilterSet(django_filters.FilterSet):
    """Units operating without a valid permit: the registry's search, township and kind."""

    q = django_filters.CharFilter(
        label="搜索", method="search", help_text="名称、信用代码、地址或法定代表人"
    )
    township = township_filter()
    category = django_filters.ModelChoiceFilter(
        label="类别",
        queryset=Category.objects.filter(
            pk__in=PermitType.categories.through.objects.values("category_id")
        ).select_related("parent"),
        empty_label=ALL,
        method="in_category",
    )

    class Meta:
        model = Establishment
        fields = ["q", "township", "category"]

    search = EstablishmentFilterSet.search
    in_category = EstablishmentFilterSet.in_category


class ConsultationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search", help_text="咨询事项、咨询人或单位")
    township = township_filter("establishment__township")
    consulted_from = django_filters.DateFilter(
        label="日期起", field_name="consulted_on", lookup_expr="gte"
    )
    consulted_to = django_filters.DateFilter(
        label="日期止", field_name="consulted_on", lookup_expr="lte"
    )

    class Meta:
        model = Consultation
        fields = ["q", "township", "consulted_from", "consulted_to"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(topic__icontains=value)
            | Q(visitor__icontains=value)
            | Q(establishment__name__icontains=value)
        )


# ---------------------------------------------------------------- post-issue checks

SOON_DAYS = POST_CHECK_SOON_DAYS
WHEN_CHOICES = [("overdue", "已逾期"), ("soon", f"{SOON_DAYS} 日内到期"), ("later", "其后到期")]


class PostCheckFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="搜索", method="search", help_text="单位名称、信用代码、许可证号或受理编号"
    )
    when = django_filters.ChoiceFilter(
        label="核查期限", choices=WHEN_CHOICES, method="by_when", empty_label=ALL
    )
    permit_type = django_filters.ModelChoiceFilter(
        label="许可类型", queryset=PermitType.objects.all(), empty_label=ALL
    )
    township = township_filter("establishment__township")

    class Meta:
        model = Application
        fields = ["q", "when", "permit_type", "township"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(receipt_number__icontains=value)
            | Q(permit_number__icontains=value)
            | Q(establishment__name__icontains=value)
            | Q(establishment__credit_code__icontains=value.upper())
        )

    def by_when(self, queryset, name, value):
        today = timezone.localdate()
        if value == "overdue":
            return queryset.post_checks_overdue(today)
        if value == "soon":
            return queryset.post_checks_due(today, within_days=SOON_DAYS)
        return queryset.filter(post_check_due__gt=today + datetime.timedelta(days=SOON_DAYS))


# The API's FilterSets: the pages' FilterSets plus the few filters the API takes as plain
# values (``overdue=true``, ``expiring_within=<days>``, ``establishment=<id>``).


class ApplicationAPIFilterSet(ApplicationFilterSet):
    overdue = django_filters.BooleanFilter(
        label="超期未办结", method="by_overdue_flag", help_text="true：超过办理期限仍未决定"
    )
    establishment = django_filters.ModelChoiceFilter(queryset=Establishment.objects.all())

    class Meta(ApplicationFilterSet.Meta):
        fields = ApplicationFilterSet.Meta.fields + ["establishment"]

    def by_overdue_flag(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = Q(
            status__in=[ApplicationStatus.RECEIVED, ApplicationStatus.REVIEWED],
            due_on__lt=timezone.localdate(),
        )
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class PermitAPIFilterSet(PermitFilterSet):
    # ``state`` is the status today (the pages' 状态); ``status`` what was done to the
    # record (the stored value: 有效 is the current version, whatever its dates).
    status = django_filters.ChoiceFilter(
        label="记录状态",
        choices=PermitStatus.choices,
        help_text="办理结果：valid 为现行版本（是否在有效期内见 state）",
    )
    establishment = django_filters.ModelChoiceFilter(queryset=Establishment.objects.all())
    expiring_within = django_filters.NumberFilter(
        label="多少日内到期",
        method="by_expiring_within",
        min_value=0,
        max_value=3650,
        help_text="有效且在今天起若干日内到期的许可证",
    )

    class Meta(PermitFilterSet.Meta):
        fields = PermitFilterSet.Meta.fields + ["status", "establishment", "expiring_within"]

    @extend_schema_field(OpenApiTypes.INT)
    def by_expiring_within(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.expiring_within(int(value), today=timezone.localdate())


class UnitWithoutPermitAPIFilterSet(UnlicensedFilterSet):
    """The pages' filters of the unlicensed list (q, township, category)."""


# ---------------------------------------------------------------- 复核 and 校验


REVIEW_WHEN = [("overdue", "已逾期"), ("soon", f"{REVIEW_SOON_DAYS} 日内到期")]


class ReviewDueFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="搜索", method="search", help_text="单位名称、信用代码或许可证号"
    )
    when = django_filters.ChoiceFilter(
        label="期限", choices=REVIEW_WHEN, method="by_when", empty_label=ALL
    )
    permit_type = django_filters.ModelChoiceFilter(
        label="许可类型",
        queryset=PermitType.objects.filter(
            Q(review_years__isnull=False) | Q(verification_years__isnull=False)
        ),
        empty_label=ALL,
    )
    township = township_filter("establishment__township")

    class Meta:
        model = Permit
        fields = ["q", "when", "permit_type", "township"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(number__icontains=value)
            | Q(establishment__name__icontains=value)
            | Q(establishment__credit_code__icontains=value.upper())
        )

    def by_when(self, queryset, name, value):
        if value == "overdue":
            return queryset.filter(pk__in=permits_review_due(within_days=-1).values("pk"))
        return queryset.exclude(pk__in=permits_review_due(within_days=-1).values("pk"))


class PermitReviewAPIFilterSet(django_filters.FilterSet):
    """The API's list of recorded 复核 and 校验: by permit or unit."""

    permit = django_filters.ModelChoiceFilter(queryset=Permit.objects.all())
    establishment = django_filters.ModelChoiceFilter(
        queryset=Establishment.objects.all(), field_name="permit__establishment"
    )

    class Meta:
        model = PermitReview
        fields = ["permit", "establishment"]
