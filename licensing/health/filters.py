"""FilterSets of the health-certificate and training lists (pages, exports and the API)."""

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from licensing.health.models import HealthCertificate, HealthRule, TrainingSession
from premises.filters import ALL, domain_filter, township_filter
from premises.models import Category, Establishment, Practitioner


class CertificateFilterSet(django_filters.FilterSet):
    STATE_CHOICES = [
        ("valid", "有效"),
        ("expiring", "即将到期"),
        ("expired", "已过期"),
        ("failed", "不合格"),
    ]

    q = django_filters.CharFilter(label="搜索", method="search", help_text="姓名、单位或证明编号")
    state = django_filters.ChoiceFilter(
        label="状态", choices=STATE_CHOICES, method="by_state", empty_label=ALL
    )
    township = township_filter("practitioner__establishment__township")
    institution = django_filters.CharFilter(
        label="体检机构", field_name="institution", lookup_expr="icontains"
    )
    practitioner = django_filters.ModelChoiceFilter(
        label="从业人员", queryset=Practitioner.objects.all(), widget=forms.HiddenInput
    )
    establishment = django_filters.ModelChoiceFilter(
        label="所在单位",
        field_name="practitioner__establishment",
        queryset=Establishment.objects.all(),
        widget=forms.HiddenInput,
    )
    valid_on = django_filters.DateFilter(label="有效日期", method="by_valid_on")

    class Meta:
        model = HealthCertificate
        fields = ["q", "state", "township", "institution", "practitioner", "establishment"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(practitioner__name__icontains=value)
            | Q(practitioner__establishment__name__icontains=value)
            | Q(number__icontains=value)
        )

    def by_state(self, queryset, name, value):
        today = timezone.localdate()
        if value == "valid":
            return queryset.valid_on(today)
        if value == "expiring":
            return queryset.expiring_within(HealthRule.current().expiring_notice_days, today)
        if value == "expired":
            return queryset.expired_on(today)
        if value == "failed":
            return queryset.exclude(result="passed")
        return queryset

    def by_valid_on(self, queryset, name, value: datetime.date):
        return queryset.valid_on(value)


class MissingCertificateFilterSet(django_filters.FilterSet):
    """The county list of practitioners without a valid certificate."""

    q = django_filters.CharFilter(label="搜索", method="search", help_text="姓名、岗位或单位名称")
    township = township_filter("establishment__township")
    domain = domain_filter("establishment__category__domain")
    category = django_filters.ModelChoiceFilter(
        label="单位类别",
        queryset=Category.objects.select_related("parent"),
        empty_label=ALL,
        method="in_category",
    )
    establishment = django_filters.ModelChoiceFilter(
        label="所在单位", queryset=Establishment.objects.all(), widget=forms.HiddenInput
    )

    class Meta:
        model = Practitioner
        fields = ["q", "township", "domain", "category", "establishment"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(post__name__icontains=value)
            | Q(establishment__name__icontains=value)
        )

    def in_category(self, queryset, name, value):
        return queryset.filter(
            Q(establishment__category=value) | Q(establishment__category__parent=value)
        )


class TrainingFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search", help_text="内容、地点或组织单位")
    township = township_filter("attendees__establishment__township", distinct=True)
    date_from = django_filters.DateFilter(label="日期起", field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(label="日期止", field_name="date", lookup_expr="lte")
    practitioner = django_filters.ModelChoiceFilter(
        label="参训人员",
        field_name="attendees",
        queryset=Practitioner.objects.all(),
        widget=forms.HiddenInput,
        distinct=True,
    )

    class Meta:
        model = TrainingSession
        fields = ["q", "township", "date_from", "date_to", "practitioner"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(topic__icontains=value) | Q(place__icontains=value) | Q(organiser__icontains=value)
        )
