"""The scope of a summary as a form (period, domain, township), and the same scope as the
FilterSet of a drill-down list. Both turn into a reports.scope.Scope through
scope_from_params, so a page, a list and the API accept and refuse the same input. Then
the FilterSets of the saved summaries' list and of the reporting-upward lists."""

import datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from core.views import apply_form_errors
from premises.filters import ALL, township_filter
from premises.forms import DateInput
from premises.models import Category, Domain, Township
from reports.models import CardKind, SummaryReport, SummaryStatus, cards
from reports.scope import Period, Scope, scope_from_params

ALL_DOMAINS = "全部专业"
ALL_TOWNSHIPS = "全部乡镇（街道）"


class PeriodKind:
    YEAR = "year"
    HALF = "half"
    QUARTER = "quarter"
    CUSTOM = "custom"
    CHOICES = [
        (YEAR, "全年"),
        (HALF, "半年"),
        (QUARTER, "季度"),
        (CUSTOM, "自定义日期"),
    ]


def iso_date_input():
    return DateInput(format="%Y-%m-%d")


def _period_kind(period: Period) -> dict:
    """The form's period fields that describe ``period`` (a whole year, half or quarter is
    shown as such even when given as dates)."""
    year = period.start.year
    if period == Period.year(year):
        return {"period": PeriodKind.YEAR, "year": year}
    for half in (1, 2):
        if period == Period.half(year, half):
            return {"period": PeriodKind.HALF, "year": year, "half": half}
    for quarter in range(1, 5):
        if period == Period.quarter(year, quarter):
            return {"period": PeriodKind.QUARTER, "year": year, "quarter": quarter}
    return {
        "period": PeriodKind.CUSTOM,
        "year": year,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
    }


class SummaryScopeForm(forms.Form):
    """统计范围: a year, a half-year, a quarter or custom dates; a domain or all; a township
    or all. ``scope`` holds the result once the form is valid."""

    period = forms.ChoiceField(label="统计期间", choices=PeriodKind.CHOICES)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, required=False)
    half = forms.TypedChoiceField(
        label="半年",
        choices=[("", "—"), (1, "上半年"), (2, "下半年")],
        coerce=int,
        required=False,
        empty_value=None,
    )
    quarter = forms.TypedChoiceField(
        label="季度",
        choices=[("", "—"), (1, "第一季度"), (2, "第二季度"), (3, "第三季度"), (4, "第四季度")],
        coerce=int,
        required=False,
        empty_value=None,
    )
    start = forms.DateField(label="开始日期", required=False, widget=iso_date_input())
    end = forms.DateField(label="结束日期", required=False, widget=iso_date_input())
    domain = forms.ModelChoiceField(
        label="监督专业",
        queryset=Domain.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=ALL_DOMAINS,
    )
    township = forms.ModelChoiceField(
        label="乡镇（街道）",
        queryset=Township.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=ALL_TOWNSHIPS,
    )

    scope: Scope | None = None

    @classmethod
    def from_query(cls, query) -> "SummaryScopeForm":
        """A bound form from the page's query string. No period given: this year; dates
        that make a whole year, half or quarter are shown as that period."""
        data = query.copy()
        if not data.get("period"):
            if data.get("start") or data.get("end"):
                try:
                    period = Period(
                        datetime.date.fromisoformat(data.get("start", "")),
                        datetime.date.fromisoformat(data.get("end", "")),
                    )
                except (ValueError, ValidationError):
                    data["period"] = PeriodKind.CUSTOM
                else:
                    for key, value in _period_kind(period).items():
                        data[key] = str(value)
            elif data.get("half"):
                data["period"] = PeriodKind.HALF
            elif data.get("quarter"):
                data["period"] = PeriodKind.QUARTER
            else:
                data["period"] = PeriodKind.YEAR
        if not data.get("year") and data["period"] != PeriodKind.CUSTOM:
            data["year"] = str(timezone.localdate().year)
        return cls(data)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        kind = data.get("period")
        params = {}
        if kind == PeriodKind.CUSTOM:
            for field, label in (("start", "开始日期"), ("end", "结束日期")):
                if data.get(field) is None:
                    self.add_error(field, f"自定义期间须填写{label}。")
            if self.errors:
                return data
            params = {"start": data["start"].isoformat(), "end": data["end"].isoformat()}
        else:
            if data.get("year") is None:
                self.add_error("year", "请填写年度。")
                return data
            params = {"year": str(data["year"])}
            if kind == PeriodKind.HALF:
                if data.get("half") is None:
                    self.add_error("half", "请选择上半年或下半年。")
                    return data
                params["half"] = str(data["half"])
            elif kind == PeriodKind.QUARTER:
                if data.get("quarter") is None:
                    self.add_error("quarter", "请选择季度。")
                    return data
                params["quarter"] = str(data["quarter"])
        try:
            period = scope_from_params(params).period
        except ValidationError as exc:
            apply_form_errors(self, exc)
            return data
        self.scope = Scope(period, data.get("domain"), data.get("township"))
        return data


class DrillScopeForm(forms.Form):
    """Checks the dates of a drill-down the way the summary does (errors on the field)."""

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        params = {
            key: value.isoformat()
            for key, value in (("start", data.get("start")), ("end", data.get("end")))
            if value is not None
        }
        if params:
            try:
                scope_from_params(params)
            except ValidationError as exc:
                apply_form_errors(self, exc)
        return data


class DrillFilterSet(django_filters.FilterSet):
    """The scope of a drill-down list. The view builds the set from the scope (the set *is*
    the figure), so these filters only show and check the scope; ``category`` narrows a
    table-1 cell to its kinds and is applied by the view along the record's path."""

    start = django_filters.DateFilter(label="开始日期", method="scoped", widget=iso_date_input())
    end = django_filters.DateFilter(label="结束日期", method="scoped", widget=iso_date_input())
    domain = django_filters.ModelChoiceFilter(
        label="监督专业",
        queryset=Domain.objects.all(),
        to_field_name="code",
        empty_label=ALL_DOMAINS,
        method="scoped",
    )
    township = django_filters.ModelChoiceFilter(
        label="乡镇（街道）",
        queryset=Township.objects.all(),
        to_field_name="code",
        empty_label=ALL_TOWNSHIPS,
        method="scoped",
    )
    category = django_filters.ModelMultipleChoiceFilter(
        label="类别",
        queryset=Category.objects.kinds().select_related("parent"),
        to_field_name="code",
        method="scoped",
    )

    class Meta:
        form = DrillScopeForm

    def scoped(self, queryset, name, value):
        return queryset


# ---------------------------------------------------------------- saved summaries


class SummaryFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search", help_text="标题或正文")
    status = django_filters.ChoiceFilter(
        label="状态", choices=SummaryStatus.choices, empty_label=ALL
    )
    domain = django_filters.ModelChoiceFilter(
        label="监督专业", queryset=Domain.objects.all(), empty_label=ALL
    )

    class Meta:
        model = SummaryReport
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(narrative__icontains=value))


# ---------------------------------------------------------------- reporting upward

SEARCH = {
    CardKind.UNIT: (("name", "credit_code"), "单位名称或统一社会信用代码"),
    CardKind.INSPECTION: (("establishment__name",), "被检查单位名称"),
    CardKind.CASE_DECISION: (("number", "party_name", "decision_number"), "案号、当事人或文书号"),
    CardKind.CASE_CLOSURE: (("number", "party_name", "decision_number"), "案号、当事人或文书号"),
    CardKind.CASE_SINGLE: (("number", "party_name"), "案号或当事人"),
    CardKind.DRAW_PUBLICATION: (("name",), "抽查名称"),
}
TOWNSHIP = {
    CardKind.UNIT: "township",
    CardKind.INSPECTION: "establishment__township",
    CardKind.CASE_DECISION: "establishment__township",
    CardKind.CASE_CLOSURE: "establishment__township",
    CardKind.CASE_SINGLE: "establishment__township",
}


class CardFilterSet(django_filters.FilterSet):
    """The state (applied by the view, so the page without parameters lists what is due)
    and a search; ``kind`` and ``rule`` are set on each kind's subclass."""

    kind = None
    rule = None
    state = django_filters.ChoiceFilter(
        label="状态", choices=list(cards.STATES.items()), empty_label=None, method="keep"
    )

    def keep(self, queryset, name, value):
        return queryset

    def search(self, queryset, name, value):
        fields, _ = SEARCH[self.kind]
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__icontains": value.strip()})
        return queryset.filter(condition)


_FILTERSETS = {}


def filterset_for(kind) -> type[CardFilterSet]:
    kind = CardKind(kind)
    if kind not in _FILTERSETS:
        attrs = {
            "kind": kind,
            "rule": cards.RULES[kind],
            "q": django_filters.CharFilter(
                label="搜索", method="search", help_text=SEARCH[kind][1]
            ),
        }
        if kind in TOWNSHIP:
            attrs["township"] = township_filter(TOWNSHIP[kind])
        filterset = type(f"{kind.name.title()}CardFilterSet", (CardFilterSet,), attrs)
        _FILTERSETS[kind] = filterset
    return _FILTERSETS[kind]
