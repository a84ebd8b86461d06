"""API FilterSets of the permit window: the pages' FilterSets (licensing/filters.py) plus the
few filters the API takes as plain values (``overdue=true``, ``expiring_within=<days>``,
``establishment=<id>``)."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from licensing.choices import ApplicationStatus
from licensing.filters import ApplicationFilterSet, PermitFilterSet, UnlicensedFilterSet
from premises.models import Establishment


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
    establishment = django_filters.ModelChoiceFilter(queryset=Establishment.objects.all())
    expiring_within = django_filters.NumberFilter(
        label="多少日内到期",
        method="by_expiring_within",
        min_value=0,
        max_value=3650,
        help_text="有效且在今天起若干日内到期的许可证",
    )

    class Meta(PermitFilterSet.Meta):
        fields = PermitFilterSet.Meta.fields + ["establishment", "expiring_within"]

    @extend_schema_field(OpenApiTypes.INT)
    def by_expiring_within(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.expiring_within(int(value), today=timezone.localdate())


class UnitWithoutPermitAPIFilterSet(UnlicensedFilterSet):
    """The pages' filters of the unlicensed list (q, township, category)."""
