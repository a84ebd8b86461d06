"""API-only FilterSets of inspections; the lists shared with the pages use
inspections/filters.py (the API adds a few filters to the inspection list)."""

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.filters import year_filter
from inspections.choices import Verdict
from inspections.filters import CampaignFilterSet, DrawFilterSet, InspectionFilterSet
from inspections.models import ChecklistTemplate, Sample, StandardLimit
from premises.models import Establishment


class InspectionAPIFilterSet(InspectionFilterSet):
    establishment = django_filters.ModelChoiceFilter(queryset=Establishment.objects.all())
    year = year_filter("inspected_at", "year")

    class Meta(InspectionFilterSet.Meta):
        fields = InspectionFilterSet.Meta.fields + ["establishment", "year"]


class ChecklistAPIFilterSet(django_filters.FilterSet):
    current = django_filters.BooleanFilter(field_name="is_current")

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
