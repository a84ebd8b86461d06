"""The summary page (统计报表): the scope form, then every figure of
reports.figures.summary laid out as a manager reads a summary. Each figure shows its
definition and the same period of the year before; each count links to its records."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse
from django.views import View

from core.views import RoleRequiredMixin
from licensing.choices import ApplicationKind
from reports.charts import Series, bar_chart
from reports.figures import COMPARED, COMPARED_RATES, FIGURES, rate, summary
from reports.filters import SummaryScopeForm
from reports.scope import Scope
from reports.sets import DRILLDOWN

PERMISSION = "reports.view_summaryreport"
RATES = {key for key, (_, unit, _) in FIGURES.items() if unit == "%"}
MONEY = {"fines", "confiscated_gains"}
# Lists of the summary that are differences of two figures (what is left to do).
EXTRA_FIGURES = {
    "uninspected_units": ("未监督单位", "户", "在监单位中，期间内没有监督检查的单位。"),
    "licence_missing": ("应发未发证单位", "户", "应发证单位中，期间内没有取得许可证的单位。"),
}
# A figure that is a sum (money) links to the records it adds up.
DRILL_OF = {
    **{key: key for key in DRILLDOWN},
    "fines": "decided_cases",
    "confiscated_gains": "decided_cases",
    "confiscated_items": "decided_cases",
}
HEADLINE = (
    (
        "监督检查",
        (
            "units",
            "inspected_units",
            "coverage_rate",
            "visits",
            "frequency",
            "compliant_visits",
            "pass_rate",
        ),
    ),
    ("卫生许可", ("licensed_before", "licence_due", "licences_issued", "licensing_rate")),
    ("从业人员", ("practitioners", "examined", "exam_rate", "trained", "training_rate")),
    ("卫生监测", ("samples", "samples_failing", "monitoring_pass_rate")),
)
TABLE_ONE = (
    ("units", "监督户数"),
    ("inspected_units", "已监督"),
    ("coverage_rate", "覆盖率"),
    ("visits", "户次"),
    ("licensed_before", "已有证"),
    ("licence_due", "应发证"),
    ("licences_issued", "实发"),
    ("licensing_rate", "发证率"),
    ("practitioners", "从业人员"),
    ("examined", "体检"),
    ("exam_rate", "体检率"),
    ("trained", "培训"),
    ("training_rate", "培训率"),
)


# ---------------------------------------------------------------- display


def _decimal_text(number: float) -> str:
    return f"{number:.2f}".rstrip("0").rstrip(".")


def percent(value) -> str:
    """0.9114 → "91.14%"; None (a denominator of 0) → "—"."""
    return "—" if value is None else f"{_decimal_text(value * 100)}%"


def signed_percent(value) -> str:
    """A relative change: 0.75 → "+75%", -0.1 → "-10%", None → "—"."""
    if value is None:
        return "—"
    return f"{'+' if value > 0 else ''}{_decimal_text(value * 100)}%"


def points(now, before) -> str:
    """The change of a rate in percentage points."""
    if now is None or before is None:
        return "—"
    diff = round((now - before) * 100, 2)
    return f"{'+' if diff > 0 else ''}{_decimal_text(diff)} 个百分点"


def show(key: str, value) -> str:
    if key in RATES:
        return percent(value)
    if value is None:
        return "—"
    if key in MONEY:
        return f"{value:,.2f}"
    if key == "frequency":
        return f"{value:.1f}"
    return str(value)


class Links:
    """Drill-down addresses for one scope: a figure key (and kinds of table 1) → URL."""

    def __init__(self, scope: Scope):
        self.params = list(scope.as_params().items())

    def __call__(self, key: str, categories=()) -> str | None:
        drill = DRILL_OF.get(key)
        if drill is None:
            return None
        query = urlencode(self.params + [("category", code) for code in categories])
        return f"{reverse('reports:drill', args=[drill])}?{query}"


def figure(key: str, data: dict, links: Links) -> dict:
    """One figure as shown: label, value, unit, definition, link and the year before."""
    label, unit, definition = FIGURES[key]
    item = {
        "key": key,
        "label": label,
        "unit": "" if unit == "%" else unit,
        "definition": definition,
        "text": show(key, data.get(key)),
        "url": links(key),
    }
    before = data.get("year_before", {})
    if key in before:
        item["before"] = show(key, before[key])
        item["change"] = (
            points(data.get(key), before[key])
            if key in COMPARED_RATES
            else signed_percent(data["change"].get(key))
        )
    return item


# ---------------------------------------------------------------- sections


def _rates(row: dict) -> dict:
    return {
        **row,
        "coverage_rate": rate(row["inspected_units"], row["units"]),
        "licensing_rate": rate(row["licences_issued"], row["licence_due"]),
        "exam_rate": rate(row["examined"], row["practitioners"]),
        "training_rate": rate(row["trained"], row["practitioners"]),
    }


def _cells(row: dict, links: Links, categories) -> list[dict]:
    return [
        {"text": show(key, row[key]), "url": None if key in RATES else links(key, categories)}
        for key, _ in TABLE_ONE
    ]


def table_one(data: dict, links: Links) -> list[dict]:
    """表1: each class with its totals, then its kinds (a class of one kind of the same name
    is one row), then the total. Every count links to its records."""
    rows = []
    for group in data["by_class"]:
        codes = [kind["category"] for kind in group["kinds"]]
        rows.append(
            {
                "label": group["class"],
                "level": "class",
                "cells": _cells(_rates(group), links, codes),
            }
        )
        if len(group["kinds"]) == 1 and group["kinds"][0]["kind"] == group["class"]:
            continue
        for kind in group["kinds"]:
            rows.append(
                {
                    "label": kind["kind"],
                    "level": "kind",
                    "cells": _cells(_rates(kind), links, [kind["category"]]),
                }
            )
    total = {key: data[key] for key, _ in TABLE_ONE}
    rows.append({"label": "合计", "level": "total", "cells": _cells(total, links, ())})
    return rows


def comparison(data: dict, links: Links, before_links: Links) -> list[dict]:
    """This period beside the same period of the year before, each side traceable."""
    rows = []
    for key in COMPARED + COMPARED_RATES:
        item = figure(key, data, links)
        item["before_url"] = before_links(key)
        rows.append(item)
    return rows


def charts(data: dict) -> list:
    before = data["year_before"]
    before_classes = {row["class"]: row for row in before["by_class"]}
    classes = data["by_class"]
    coverage = bar_chart(
        [c["class"] for c in classes],
        [
            Series("本期", [rate(c["inspected_units"], c["units"]) for c in classes]),
            Series(
                "上年同期",
                [
                    rate(
                        before_classes.get(c["class"], {}).get("inspected_units", 0),
                        before_classes.get(c["class"], {}).get("units", 0),
                    )
                    for c in classes
                ],
            ),
        ],
        title="各类场所监督覆盖率",
        percent=True,
    )
    rate_keys = ("coverage_rate", "pass_rate", "licensing_rate", "exam_rate", "training_rate")
    rates = bar_chart(
        [FIGURES[key][0] for key in rate_keys],
        [
            Series("本期", [data[key] for key in rate_keys]),
            Series("上年同期", [before[key] for key in rate_keys]),
        ],
        title="主要指标与上年同期比较",
        percent=True,
    )
    kinds = bar_chart(
        [row["label"] for row in data["inspections_by_kind"]],
        [Series("户次", [row["visits"] for row in data["inspections_by_kind"]])],
        title="各类监督检查户次",
    )
    return [coverage, rates, kinds]


def layout(data: dict, scope: Scope) -> dict:
    """Everything the template shows, computed from ``summary(scope)``'s data."""
    links = Links(scope)
    shown = {key for _, keys in HEADLINE for key in keys}
    return {
        "headline": [
            (title, [figure(key, data, links) for key in keys]) for title, keys in HEADLINE
        ],
        "table_columns": [(key, header, FIGURES[key][2]) for key, header in TABLE_ONE],
        "table_one": table_one(data, links),
        "comparison": comparison(data, links, Links(scope.year_before())),
        "figure": {key: figure(key, data, links) for key in FIGURES if key not in shown},
        "drill": {key: links(key) for key in DRILL_OF},
        "gaps": [
            (EXTRA_FIGURES[key][0], data[whole] - data[part], links(key))
            for key, whole, part in (
                ("uninspected_units", "units", "inspected_units"),
                ("licence_missing", "licence_due", "licences_issued"),
            )
        ],
        "charts": charts(data),
        "applications_by_kind": [
            (kind.label, data.get(f"applications_{kind.value}", 0)) for kind in ApplicationKind
        ],
        "definitions": [(label, definition) for label, _, definition in FIGURES.values()],
    }


class SummaryView(RoleRequiredMixin, View):
    permission_required = PERMISSION
    template_name = "reports/summary.html"

    def get(self, request):
        form = SummaryScopeForm.from_query(request.GET)
        context = {"form": form, "title": "统计报表"}
        if not form.is_valid():
            return render(request, self.template_name, context, status=400)
        data = summary(form.scope)
        context.update(
            data=data,
            scope=form.scope,
            scope_query=urlencode(form.scope.as_params()),
            **layout(data, form.scope),
        )
        context["title"] = f"统计报表：{form.scope.label}"
        return render(request, self.template_name, context)
