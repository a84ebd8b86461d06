"""The manager's dashboard: this year so far against the same days of last year, coverage
by township, inspections per month, and what needs attention (overdue rectifications,
expiring permits, penalty cases near a time limit, cards late for reporting upward).

A fixed number of queries whatever the amount of data; charts are inline SVG from
reports.presentation.charts (nothing fetched from outside)."""

import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from core import formatting
from inspections.models import SupervisionOpinion
from licensing.models import Permit
from penalties.models import PenaltyCase
from reports.counting import rollup
from reports.counting.cells import by_category
from reports.counting.rates import rate
from reports.counting.rollup import report_queries
from reports.figures import core, summary
from reports.figures.catalogue import FIGURES
from reports.models import cards
from reports.presentation.charts import Series, bar_chart
from reports.scope import Period, Scope
from reports.sets import DRILLDOWN, RecordSets

EXPIRING_DAYS = 30
MONTHS = [f"{m}月" for m in range(1, 13)]

# The figures compared with the same days of last year (labels, units and kinds: the
# catalogue).
COMPARED = (
    "units",
    "inspected_units",
    "coverage_rate",
    "visits",
    "permits_issued",
    "cases",
    "fines",
)
COMPACT = ("units", "inspected_units", "coverage_rate", "visits")


def year_to_date(on: datetime.date) -> Scope:
    """1 January to ``on``: compared with the same days of the year before."""
    return Scope(Period(datetime.date(on.year, 1, 1), on))


def _rows(now: dict, before: dict, keys) -> list[dict]:
    rows = []
    for key in COMPARED:
        if key not in keys:
            continue
        f = FIGURES[key]
        rows.append(
            {
                "key": key,
                "label": f.label,
                "unit": f.shown_unit,
                "now": now[key],
                "before": before[key],
                "now_shown": f.text(now[key]),
                "before_shown": f.text(before[key]),
                "change": f.change(now[key], before[key]),
                "drill": key in DRILLDOWN,  # its records are listed by reports:drill
            }
        )
    return rows


def coverage_by_township(records: RecordSets) -> list[dict]:
    """Units in scope and inspected, per township (one query)."""
    with report_queries():
        rows = list(
            records.units()
            .order_by()
            .values("township__code", "township__name", "township__order")
            .annotate(
                units=Count("pk"),
                inspected_units=Count("pk", filter=records.unit_conditions()["inspected"]),
            )
        )
    return [
        {
            "code": r["township__code"],
            "name": r["township__name"],
            "units": r["units"],
            "inspected_units": r["inspected_units"],
            "coverage_rate": rate(r["inspected_units"], r["units"]),
            "coverage_shown": formatting.rate(rate(r["inspected_units"], r["units"])),
        }
        for r in sorted(rows, key=lambda r: (r["township__order"], r["township__code"]))
    ]


def visits_by_month(records: RecordSets) -> list[int]:
    """Inspections of units in scope per calendar month (twelve numbers, one query)."""
    counts = dict(
        records.inspections()
        .order_by()
        .annotate(month=ExtractMonth("inspected_at"))
        .values_list("month")
        .annotate(n=Count("pk"))
    )
    return [counts.get(m, 0) for m in range(1, 13)]


def months_chart(on: datetime.date, records: RecordSets, *, width=640, height=260):
    """This year so far (``records``, of year_to_date(on)) against the whole of last year."""
    this_year = visits_by_month(records)
    last_year = visits_by_month(RecordSets(Scope(Period.year(on.year - 1))))
    chart = bar_chart(
        MONTHS,
        [Series(f"{on.year}年", this_year), Series(f"{on.year - 1}年", last_year)],
        title="每月监督检查户次",
        width=width,
        height=height,
    )
    return this_year, last_year, chart


def alerts(on: datetime.date) -> dict:
    """What needs attention today: three counts, each with its list page."""
    return {
        "overdue_opinions": SupervisionOpinion.objects.overdue(on).count(),
        "expiring_permits": Permit.objects.expiring_within(EXPIRING_DAYS, today=on).count(),
        "expiring_days": EXPIRING_DAYS,
        "cases_due": PenaltyCase.objects.due_soon(on).count(),
    }


def _reporting(on: datetime.date) -> dict:
    rows = cards.overview(on=on)
    return {
        "rows": rows,
        "late": sum(r["late"] for r in rows),
        "due": sum(r["due"] for r in rows),
    }


def _kept(name: str, on: datetime.date, compute) -> dict:
    """The figures as computed at most DASHBOARD_CACHE_SECONDS ago (this year so far is
    not a kept period of reports.counting.rollup: it is counted from the records, ~0.3 s at the
    county, more than a page opened by every manager all day should cost). The copy is in
    the shared cache (settings.CACHE_BACKEND): every web worker reads the one count; 0
    counts every time."""
    seconds = settings.DASHBOARD_CACHE_SECONDS
    if seconds <= 0:
        return {**compute(), "computed_at": timezone.now(), "kept_for": ""}
    key = f"reports:dashboard:{name}:{on.isoformat()}"
    data = cache.get(key)
    if data is None:
        kept_for = f"{seconds // 60} 分钟" if seconds % 60 == 0 else f"{seconds} 秒"
        data = {**compute(), "computed_at": timezone.now(), "kept_for": kept_for}
        cache.set(key, data, seconds)
    return data


def full(on: datetime.date | None = None) -> dict:
    """Everything the dashboard page shows."""
    on = on or cards.today()
    return _kept("full", on, lambda: _full(on))


def _full(on: datetime.date) -> dict:
    scope = year_to_date(on)
    records = RecordSets(scope)
    data = summary(scope)
    before = {
        **data["year_before"],
        # The summary compares permits only as units licensed: count the permits too.
        "permits_issued": RecordSets(scope.year_before()).permits_issued().count(),
    }
    townships = coverage_by_township(records)
    this_year, last_year, chart = months_chart(on, records)
    return {
        "on": on,
        "scope": scope,
        "before_period": scope.period.year_before(),
        "now_query": urlencode(scope.as_params()),
        "before_query": urlencode(scope.year_before().as_params()),
        "rows": _rows(data, before, COMPARED),
        "townships": townships,
        "coverage_chart": bar_chart(
            [t["name"] for t in townships],
            [Series("监督覆盖率", [t["coverage_rate"] for t in townships])],
            title="各乡镇（街道）监督覆盖率",
            percent=True,
        ),
        "months": list(zip(MONTHS, this_year, last_year, strict=True)),
        "months_chart": chart,
        "alerts": alerts(on),
        "reporting": _reporting(on),
    }


def compact(on: datetime.date | None = None) -> dict:
    """The home page's version: the key numbers, the month chart and the alerts."""
    on = on or cards.today()
    return _kept("compact", on, lambda: _compact(on))


def _compact(on: datetime.date) -> dict:
    records = RecordSets(year_to_date(on))
    last_year = RecordSets(records.scope.year_before())
    # table 1's counts only: this year so far is no kept period, so it is counted live
    now = core(by_category(rollup.cells(records, breakdowns=False, office=False)))
    before = core(by_category(rollup.cells(last_year, breakdowns=False, office=False)))
    _, _, chart = months_chart(on, records, height=220)
    return {
        "on": on,
        "rows": _rows(now, before, COMPACT),
        "months_chart": chart,
        "alerts": alerts(on),
        "reporting": _reporting(on),
    }
