"""The figures of a summary, from the counts of its scope in a fixed number of queries
whatever the amount of data. Every figure is the count of a set of reports.sets.

``summary(scope)`` reads top to bottom: the scope's record sets are made once, counted
once (their cells, kept or live, and the work beside them), and the figures assembled;
the same for the year before. It returns plain data (ints, floats, strings, None, lists,
dicts) that the page, the API, the PDF, the workbook and a saved summary's snapshot all
use."""

import itertools

from core.formatting import growth_fraction
from premises.models import Category
from reports.counting import office, rollup
from reports.counting.cells import ROW_FIELDS, by_category
from reports.counting.rates import frequency, rate
from reports.counting.work import (
    campaigns,
    inspections_by_kind,
    licensing,
    penalty_cases,
    work_in_cells,
)
from reports.scope import Scope
from reports.sets import RecordSets

# ---------------------------------------------------------------- core figures


def _class_name(kind) -> str:
    """Table 1's class of a kind: its statistics group (统计分组, as county ledgers group
    them: 茶楼 under 文化娱乐场所, 饭馆 under 其他), else its class in the regulation."""
    if kind.report_group:
        return kind.report_group
    return kind.parent.name if kind.parent else kind.name


OTHER_CLASS = "其他"


def _table_order(kinds) -> list:
    """Kinds in the order of table 1: classes by domain and by their first kind's place,
    "其他" last within its domain; kinds by their class and their own order."""

    def own(kind):
        parent = kind.parent
        return ((parent.order, parent.code) if parent else (0, ""), kind.order, kind.code)

    first = {}
    for kind in kinds:
        key = (kind.domain.order, _class_name(kind))
        first[key] = min(first.get(key, own(kind)), own(kind))

    def place(kind):
        name = _class_name(kind)
        key = (kind.domain.order, name)
        return (kind.domain.order, name == OTHER_CLASS, first[key], name, own(kind))

    return sorted(kinds, key=place)


def kinds_of(rows: dict) -> dict:
    """The kinds of a scope's rows by kind (``by_category``) by id, with their class and
    domain (one query)."""
    kinds = Category.objects.filter(pk__in=list(rows)).select_related("parent", "domain")
    return {kind.pk: kind for kind in kinds}


def core(rows: dict, kinds: dict | None = None) -> dict:
    """Units, inspections, licensing and practitioners, with table 1, from a scope's cells
    (kept or counted live: reports.counting.rollup) added up by kind (``by_category``) and
    their kinds (``kinds_of``: one query unless given)."""
    kinds = kinds_of(rows) if kinds is None else kinds
    by_category_rows = []
    totals = dict.fromkeys(ROW_FIELDS, 0)
    for kind in _table_order(list(kinds.values())):
        row = {"class": _class_name(kind), "kind": kind.name, "category": kind.code}
        counts = rows[kind.pk]
        for field in ROW_FIELDS:
            row[field] = counts[field]
            totals[field] += row[field]
        by_category_rows.append(row)
    t = totals
    return {
        **t,
        "coverage_rate": rate(t["inspected_units"], t["units"]),
        "frequency": frequency(t["visits"], t["inspected_units"]),
        "pass_rate": rate(t["compliant_visits"], t["visits"]),
        "licensing_rate": rate(t["licences_issued"], t["licence_due"]),
        "exam_rate": rate(t["examined"], t["exam_due"]),
        "training_rate": rate(t["trained"], t["practitioners"]),
        "by_category": by_category_rows,
    }


def by_class(by_category: list[dict]) -> list[dict]:
    """Table 1 grouped by class: each class with its totals and its kinds (rows of one class
    are adjacent in ``by_category``; two domains may each have a class of the same name)."""
    groups = [
        list(rows) for _, rows in itertools.groupby(by_category, key=lambda row: row["class"])
    ]
    return [
        {
            "class": rows[0]["class"],
            **{field: sum(r[field] for r in rows) for field in ROW_FIELDS},
            "kinds": rows,
        }
        for rows in groups
    ]


# ---------------------------------------------------------------- the rest


COMPARED = (
    "units",
    "inspected_units",
    "visits",
    "compliant_visits",
    "licensed_before",
    "licence_due",
    "licences_issued",
    "practitioners",
    "exam_due",
    "examined",
    "trained",
    "opinions",
    "samples",
    "cases",
    "decided_cases",
    "penalised_units",
    "fines",
    "officer_visits",
)
COMPARED_RATES = (
    "coverage_rate",
    "frequency",
    "pass_rate",
    "licensing_rate",
    "exam_rate",
    "training_rate",
    "monitoring_pass_rate",
)


def change(now, before) -> float | None:
    """Relative change on the year before (0.75 = +75%), None when there was nothing."""
    fraction = growth_fraction(now, before)
    return None if fraction is None else float(fraction)


def _scope_data(scope: Scope) -> dict:
    return {
        "label": scope.label,
        "start": scope.period.start.isoformat(),
        "end": scope.period.end.isoformat(),
        "period": scope.period.label,
        "domain": scope.domain.code if scope.domain else None,
        "domain_name": scope.domain.name if scope.domain else "全部专业",
        "township": scope.township.code if scope.township else None,
        "township_name": scope.township.name if scope.township else None,
    }


def summary(scope: Scope, *, compare: bool = True) -> dict:
    """Every figure of the scope; with ``compare``, the same period of the year before."""
    records = RecordSets(scope)
    cells = rollup.cells(records)
    rows = by_category(cells)
    kinds = kinds_of(rows)
    data = {
        "scope": _scope_data(scope),
        **core(rows, kinds),
        "inspections_by_kind": inspections_by_kind(cells),
        **work_in_cells(cells),
        **office.training(cells),
        **office.draws(records),
        "campaigns": campaigns(records),
        **licensing(records),
        **penalty_cases(records),
    }
    data["by_class"] = by_class(data["by_category"])
    # Of all domains, a block per domain from the same cells (of one domain: none).
    data["domains"] = (
        office.domains(rows, kinds, data["cases_by_domain"]) if scope.domain is None else []
    )
    if compare:
        before_scope = scope.year_before()
        before_records = RecordSets(before_scope)
        before_cells = rollup.cells(before_records, breakdowns=False)
        before = {
            **core(by_category(before_cells)),
            **work_in_cells(before_cells),
            **penalty_cases(before_records),
        }
        data["year_before"] = {
            "start": before_scope.period.start.isoformat(),
            "end": before_scope.period.end.isoformat(),
            **{key: before[key] for key in COMPARED + COMPARED_RATES},
            "by_class": [
                {key: row[key] for key in ("class", "units", "inspected_units", "visits")}
                for row in by_class(before["by_category"])
            ],
        }
        data["change"] = {key: change(data[key], before[key]) for key in COMPARED}
    return data
