"""The summary page's layout: every figure of reports.figures.summary laid out as a
manager reads a summary. Each figure shows its definition and the same period of the year
before; each count links to its records (reports:drill)."""

from urllib.parse import urlencode

from django.urls import reverse

from licensing.choices import ApplicationKind
from reports.counting.rates import rate
from reports.figures import COMPARED, COMPARED_RATES
from reports.figures.catalogue import FIGURES, GAPS, ROW_RATES, of_kind
from reports.presentation.charts import Series, bar_chart
from reports.scope import Scope
from reports.sets import DRILLDOWN

RATES = of_kind("rate")
# A figure that is a sum (money) links to the records it adds up.
DRILL_OF = {
    **{key: key for key in DRILLDOWN},
    "fines": "decided_cases",
    "ordinary_fines": "ordinary_decided_cases",
    "simple_fines": "simple_decided_cases",
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
    (
        "从业人员",
        ("practitioners", "exam_due", "examined", "exam_rate", "trained", "training_rate"),
    ),
    ("卫生监测", ("samples", "samples_failing", "monitoring_pass_rate")),
)
# Table 1's columns on the page (headers and kinds from the catalogue).
TABLE_ONE = (
    "units",
    "inspected_units",
    "coverage_rate",
    "visits",
    "licensed_before",
    "licence_due",
    "licences_issued",
    "licensing_rate",
    "practitioners",
    "exam_due",
    "examined",
    "exam_rate",
    "trained",
    "training_rate",
)


# ---------------------------------------------------------------- display


class Links:
    """Drill-down addresses for one scope: a figure key (and kinds of table 1) → URL."""

    def __init__(self, scope: Scope, summary: int | None = None):
        """``summary``: the saved summary the links are read from (its pk); the drill-down
        then shows the summary's number beside its list of the records as they are now."""
        self.params = list(scope.as_params().items())
        if summary is not None:
            self.params.append(("summary", str(summary)))

    def __call__(self, key: str, categories=()) -> str | None:
        drill = DRILL_OF.get(key)
        if drill is None:
            return None
        query = urlencode(self.params + [("category", code) for code in categories])
        return f"{reverse('reports:drill', args=[drill])}?{query}"


def figure(key: str, data: dict, links: Links) -> dict:
    """One figure as shown: label, value, unit, definition, link and the year before."""
    f = FIGURES[key]
    item = {
        "key": key,
        "label": f.label,
        "unit": f.shown_unit,
        "definition": f.definition,
        "text": f.text(data.get(key)),
        "url": links(key),
    }
    before = data.get("year_before", {})
    if key in before:
        item["before"] = f.text(before[key])
        item["change"] = f.change(data.get(key), before[key])
    return item


# ---------------------------------------------------------------- sections


def _rates(row: dict) -> dict:
    return {
        **row,
        **{key: rate(row[part], row[whole]) for key, (part, whole) in ROW_RATES.items()},
    }


def _cells(row: dict, links: Links, categories) -> list[dict]:
    return [
        {
            "text": FIGURES[key].text(row[key]),
            "url": None if key in RATES else links(key, categories),
        }
        for key in TABLE_ONE
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
    total = {key: data[key] for key in TABLE_ONE}
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
        [FIGURES[key].label for key in rate_keys],
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
        "table_columns": [(key, FIGURES[key].header, FIGURES[key].definition) for key in TABLE_ONE],
        "table_one": table_one(data, links),
        "comparison": comparison(data, links, Links(scope.year_before())),
        "figure": {key: figure(key, data, links) for key in FIGURES if key not in shown},
        "drill": {key: links(key) for key in DRILL_OF},
        "gaps": [
            (GAPS[key].label, data[whole] - data[part], links(key))
            for key, whole, part in (
                ("uninspected_units", "units", "inspected_units"),
                ("licence_missing", "licence_due", "licences_issued"),
            )
        ],
        "charts": charts(data),
        "applications_by_kind": [
            (kind.label, data.get(f"applications_{kind.value}", 0)) for kind in ApplicationKind
        ],
        "definitions": [(f.label, f.definition) for f in FIGURES.values()],
    }
