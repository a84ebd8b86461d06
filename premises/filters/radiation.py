"""The radiation-health register's lists: one FilterSet each, shared by the page, its .xlsx
export and its API endpoint."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from premises.filters import ALL, township_filter
from premises.models import (
    DoseReading,
    Establishment,
    RadiationDevice,
    RadiationExam,
    RadiationProject,
    RadiationWorker,
)
from premises.models.radiation import DeviceType, PracticeCategory, ProjectKind

YES_NO = (("yes", "是"), ("no", "否"))


def _unit_filter():
    return django_filters.ModelChoiceFilter(
        label="单位",
        queryset=Establishment.objects.all(),
        field_name="establishment",
        widget=django_filters.widgets.forms.HiddenInput,
    )


def _search(fields):
    def search(queryset, name, value):
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__icontains": value.strip()})
        return queryset.filter(condition)

    return search


class RadiationDeviceFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="搜索", method="search", help_text="单位名称、型号、出厂编号或厂家"
    )
    township = township_filter("establishment__township")
    practice_category = django_filters.ChoiceFilter(
        label="放射诊疗类别", choices=PracticeCategory.choices, empty_label=ALL
    )
    device_type = django_filters.ChoiceFilter(
        label="设备类型", choices=DeviceType.choices, empty_label=ALL
    )
    in_use = django_filters.ChoiceFilter(
        label="在用", choices=YES_NO, empty_label=ALL, method="filter_in_use"
    )
    establishment = _unit_filter()

    class Meta:
        model = RadiationDevice
        fields = ["q", "township", "practice_category", "device_type", "in_use", "establishment"]

    def search(self, queryset, name, value):
        return _search(("establishment__name", "model_name", "serial_number", "manufacturer"))(
            queryset, name, value
        )

    def filter_in_use(self, queryset, name, value):
        in_use = Q(pk__in=RadiationDevice.objects.in_use_on(timezone.localdate()).values("pk"))
        return queryset.filter(in_use) if value == "yes" else queryset.exclude(in_use)


class RadiationWorkerFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search", help_text="姓名、单位名称或证号")
    township = township_filter("establishment__township")
    practice_category = django_filters.ChoiceFilter(
        label="放射诊疗类别", choices=PracticeCategory.choices, empty_label=ALL
    )
    working = django_filters.ChoiceFilter(
        label="在岗", choices=YES_NO, empty_label=ALL, method="filter_working"
    )
    certified = django_filters.ChoiceFilter(
        label="持有效放射工作人员证", choices=YES_NO, empty_label=ALL, method="filter_certified"
    )
    over_limit = django_filters.ChoiceFilter(
        label="剂量超限", choices=YES_NO, empty_label=ALL, method="filter_over_limit"
    )
    establishment = _unit_filter()

    class Meta:
        model = RadiationWorker
        fields = [
            "q",
            "township",
            "practice_category",
            "working",
            "certified",
            "over_limit",
            "establishment",
        ]

    def search(self, queryset, name, value):
        return _search(("name", "establishment__name", "certificate_number"))(queryset, name, value)

    @staticmethod
    def _yes_no(queryset, condition, value):
        return queryset.filter(condition) if value == "yes" else queryset.exclude(condition)

    def filter_working(self, queryset, name, value):
        today = timezone.localdate()
        return self._yes_no(
            queryset, Q(pk__in=RadiationWorker.objects.working_on(today).values("pk")), value
        )

    def filter_certified(self, queryset, name, value):
        today = timezone.localdate()
        return self._yes_no(
            queryset, Q(pk__in=RadiationWorker.objects.certified_on(today).values("pk")), value
        )

    def filter_over_limit(self, queryset, name, value):
        over = Exists(DoseReading.objects.filter(worker=OuterRef("pk"), over_limit=True))
        return self._yes_no(queryset, Q(over), value)


class RadiationProjectFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search", help_text="项目或单位名称")
    township = township_filter("establishment__township")
    kind = django_filters.ChoiceFilter(
        label="建设性质", choices=ProjectKind.choices, empty_label=ALL
    )
    practice_category = django_filters.ChoiceFilter(
        label="放射诊疗类别", choices=PracticeCategory.choices, empty_label=ALL
    )
    pre_assessed = django_filters.ChoiceFilter(
        label="已做预评价", choices=YES_NO, empty_label=ALL, method="filter_pre"
    )
    control_assessed = django_filters.ChoiceFilter(
        label="已做控制效果评价", choices=YES_NO, empty_label=ALL, method="filter_control"
    )
    establishment = _unit_filter()

    class Meta:
        model = RadiationProject
        fields = [
            "q",
            "township",
            "kind",
            "practice_category",
            "pre_assessed",
            "control_assessed",
            "establishment",
        ]

    def search(self, queryset, name, value):
        return _search(("name", "establishment__name"))(queryset, name, value)

    def filter_pre(self, queryset, name, value):
        return queryset.filter(pre_assessed_on__isnull=value != "yes")

    def filter_control(self, queryset, name, value):
        return queryset.filter(control_assessed_on__isnull=value != "yes")


class DoseReadingFilterSet(django_filters.FilterSet):
    worker = django_filters.ModelChoiceFilter(queryset=RadiationWorker.objects.all())
    over_limit = django_filters.BooleanFilter()

    class Meta:
        model = DoseReading
        fields = ["worker", "over_limit"]


class RadiationExamFilterSet(django_filters.FilterSet):
    worker = django_filters.ModelChoiceFilter(queryset=RadiationWorker.objects.all())

    class Meta:
        model = RadiationExam
        fields = ["worker", "kind"]
