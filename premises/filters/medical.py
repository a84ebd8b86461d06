"""The medical register's lists: one FilterSet each, shared by the page, its .xlsx export and
its API endpoint."""

import datetime

import django_filters
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from premises.filters import ALL, township_filter
from premises.models import (
    ClinicalSubject,
    Establishment,
    InfectionControl,
    MedicalLicence,
    MedicalStaff,
    PracticeScope,
    PracticeType,
)
from premises.models.medical import DUE_SOON_DAYS
from premises.models.medical_infection import LACKING
from premises.services.medical import latest_infection_controls

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
    for name in fields:
        condition |= Q(**{f"{name}__icontains": value.strip()})
    return queryset.filter(condition)


def _yes_no(queryset, condition, value):
    return queryset.filter(condition) if value == "yes" else queryset.exclude(condition)


LICENCE_STATES = (
    ("attention", "须关注（过期、校验逾期或将到期）"),
    ("expired", "已过有效期"),
    ("overdue", "校验逾期"),
    ("due", f"校验将到期（{DUE_SOON_DAYS}天内）"),
)


def licence_state_condition(state: str, day: datetime.date) -> Q:
    soon = day + datetime.timedelta(days=DUE_SOON_DAYS)
    expired = Q(valid_until__lt=day)
    overdue = Q(verification_due_on__lt=day) & ~expired
    due = Q(verification_due_on__gte=day, verification_due_on__lte=soon) & ~expired
    return {"expired": expired, "overdue": overdue, "due": due}.get(
        state, expired | Q(verification_due_on__lte=soon)
    )


class MedicalLicenceFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search", help_text="单位名称或登记号")
    township = township_filter("establishment__township")
    subject = django_filters.ModelChoiceFilter(
        label="诊疗科目",
        queryset=ClinicalSubject.objects.filter(is_active=True),
        field_name="subjects",
        empty_label=ALL,
    )
    state = django_filters.ChoiceFilter(
        label="状态", choices=LICENCE_STATES, empty_label=ALL, method="filter_state"
    )
    current = django_filters.ChoiceFilter(
        label="记录",
        choices=(("yes", "现行"), ("superseded", "已被取代"), ("all", "全部")),
        empty_label=None,
        method="filter_current",
    )
    establishment = _unit_filter()

    class Meta:
        model = MedicalLicence
        fields = ["q", "township", "subject", "state", "current", "establishment"]

    def search(self, queryset, name, value):
        return _search(queryset, ("establishment__name", "registration_number"), value)

    def filter_state(self, queryset, name, value):
        return queryset.filter(licence_state_condition(value, timezone.localdate()))

    def filter_current(self, queryset, name, value):
        if value == "all":
            return queryset
        return queryset.filter(is_current=value == "yes")


def staff_misfit_condition() -> Q:
    """Staff the check flags (MedicalStaff.problems), in the database: no certificate, not
    registered here, no scope, or a scope fitting none of the current licence's 科目."""
    through = MedicalLicence.subjects.through
    scope_tops = (
        PracticeScope.subjects.through.objects.filter(practicescope=OuterRef(OuterRef("scope")))
        .annotate(top=Coalesce("clinicalsubject__parent_id", "clinicalsubject_id"))
        .values("top")
    )
    fitting = (
        through.objects.filter(
            medicallicence__establishment=OuterRef("establishment"),
            medicallicence__is_current=True,
        )
        .annotate(top=Coalesce("clinicalsubject__parent_id", "clinicalsubject_id"))
        .filter(top__in=scope_tops)
    )
    licensed = MedicalLicence.objects.filter(
        establishment=OuterRef("establishment"), is_current=True
    )
    return (
        Q(practice_type=PracticeType.NONE)
        | Q(certificate_number="")
        | Q(registered_here=False)
        | Q(scope__isnull=True)
        | (Q(scope__fits_any=False) & Q(Exists(licensed)) & ~Q(Exists(fitting)))
    )


class MedicalStaffFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="搜索", method="search", help_text="姓名、单位名称或执业证书编号"
    )
    township = township_filter("establishment__township")
    practice_type = django_filters.ChoiceFilter(
        label="执业类别", choices=PracticeType.choices, empty_label=ALL
    )
    working = django_filters.ChoiceFilter(
        label="在岗", choices=YES_NO, empty_label=ALL, method="filter_working"
    )
    problem = django_filters.ChoiceFilter(
        label="资质问题", choices=YES_NO, empty_label=ALL, method="filter_problem"
    )
    establishment = _unit_filter()

    class Meta:
        model = MedicalStaff
        fields = ["q", "township", "practice_type", "working", "problem", "establishment"]

    def search(self, queryset, name, value):
        return _search(
            queryset,
            ("practitioner__name", "establishment__name", "certificate_number"),
            value,
        )

    def filter_working(self, queryset, name, value):
        return queryset.filter(left_on__isnull=value == "yes")

    def filter_problem(self, queryset, name, value):
        return _yes_no(queryset, staff_misfit_condition(), value)


INFECTION_PROBLEMS = (
    ("any", "任一问题"),
    ("triage", "预检分诊（未设或不符合要求）"),
    ("fever_clinic", "发热门诊（未设或不符合要求）"),
    ("disinfection", "消毒隔离（记录或监测缺失）"),
    ("waste_storage", "医疗废物暂存点"),
    ("waste_contract", "医疗废物处置合同（无或过期）"),
    ("waste_records", "交接登记或转移联单"),
    ("vaccination", "接种单位（指定过期或人员未培训）"),
)


def infection_problem_condition(kind: str, day: datetime.date) -> Q:
    conditions = {
        "triage": Q(triage__in=LACKING),
        "fever_clinic": Q(fever_clinic__in=LACKING),
        "disinfection": Q(disinfection_records=False) | Q(disinfection_monitoring=False),
        "waste_storage": Q(waste_storage__in=LACKING),
        "waste_contract": Q(waste_contract_until__isnull=True)
        | Q(waste_contract_until__lt=day)
        | Q(waste_disposer=""),
        "waste_records": Q(waste_handover_kept=False) | Q(waste_manifest_kept=False),
        "vaccination": Q(vaccination_site=True)
        & (
            Q(vaccination_valid_until__lt=day)
            | (
                Q(vaccinators__isnull=False)
                & (
                    Q(vaccinators_trained__isnull=True)
                    | Q(vaccinators_trained__lt=F("vaccinators"))
                )
            )
        ),
    }
    if kind == "any":
        combined = Q()
        for condition in conditions.values():
            combined |= condition
        return combined
    return conditions[kind]


class InfectionControlFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search", help_text="单位名称或处置单位")
    township = township_filter("establishment__township")
    latest = django_filters.ChoiceFilter(
        label="各单位最近一次", choices=YES_NO, empty_label=ALL, method="filter_latest"
    )
    problem = django_filters.ChoiceFilter(
        label="问题", choices=INFECTION_PROBLEMS, empty_label=ALL, method="filter_problem"
    )
    year = django_filters.NumberFilter(
        label="年度", field_name="checked_on", lookup_expr="year", min_value=2000, max_value=2100
    )
    establishment = _unit_filter()

    class Meta:
        model = InfectionControl
        fields = ["q", "township", "latest", "problem", "year", "establishment"]

    def search(self, queryset, name, value):
        return _search(queryset, ("establishment__name", "waste_disposer"), value)

    def filter_latest(self, queryset, name, value):
        latest = Q(pk__in=latest_infection_controls().values("pk"))
        return _yes_no(queryset, latest, value)

    def filter_problem(self, queryset, name, value):
        return queryset.filter(infection_problem_condition(value, timezone.localdate()))
