"""Units in scope, coverage, visits, frequency and pass rate, proven from raw records."""

import pytest

from inspections.choices import InspectionKind, InspectionResult
from reports import figures, sets
from reports.scope import Period, Scope
from tests.reports.builders import (
    CLOSED,
    RESUMED,
    SUSPENDED,
    D,
    at,
    campaign,
    domain,
    opinion,
    unit,
    units,
    visit,
    visits,
)

pytestmark = pytest.mark.django_db


def year(y=2024, **kw) -> Scope:
    return Scope(Period.year(y), domain=kw.pop("dom", None) or domain(), **kw)


def drill(key, scope):
    return set(sets.DRILLDOWN[key][1](sets.RecordSets(scope)).values_list("pk", flat=True))


def test_units_in_scope_are_those_operating_at_some_time_in_the_period():
    all_year = unit()
    opened_mid = unit(opened=D(2024, 6, 15))
    opened_last_day = unit(opened=D(2024, 12, 31))
    suspended_mid = unit(changes=[(SUSPENDED, D(2024, 3, 1))])
    resumed_mid = unit(changes=[(SUSPENDED, D(2023, 5, 1)), (RESUMED, D(2024, 8, 1))])
    closed_mid = unit(changes=[(CLOSED, D(2024, 2, 1))])
    unit(opened=D(2025, 1, 1))  # opened after
    unit(changes=[(SUSPENDED, D(2023, 5, 1))])  # suspended all year
    unit(changes=[(CLOSED, D(2023, 12, 31))])  # closed before
    unit(changes=[(SUSPENDED, D(2023, 5, 1)), (RESUMED, D(2025, 3, 1))])  # resumed after
    unit("dw.supply.central")  # another domain

    scope = year()
    data = figures.summary(scope)

    inside = {all_year, opened_mid, opened_last_day, suspended_mid, resumed_mid, closed_mid}
    assert data["units"] == 6
    assert drill("units", scope) == {u.pk for u in inside}


def test_coverage_visits_frequency_and_pass_rate():
    a, b, c, d = units(4)
    visits([a, b], D(2024, 3, 5))
    visit(a, D(2024, 6, 5), result=InspectionResult.OPINION)
    visit(a, D(2024, 9, 5))
    visits([b], D(2024, 4, 1))
    visits([b], D(2024, 11, 2))
    visit(d, D(2024, 7, 7), result=InspectionResult.REFERRED)
    # Not counted: before and after the year, and a unit out of scope visited in the year.
    visit(c, D(2023, 12, 30))
    visit(c, D(2025, 1, 2))
    suspended = unit(changes=[(SUSPENDED, D(2023, 5, 1))])
    visit(suspended, D(2024, 5, 5))

    data = figures.summary(year())

    assert data["units"] == 4
    assert data["inspected_units"] == 3
    assert data["coverage_rate"] == 0.75
    assert data["visits"] == 7
    assert data["frequency"] == 2.3  # 7 / 3 = 2.33, one decimal
    assert data["compliant_visits"] == 5
    assert data["pass_rate"] == 0.7143  # 5 / 7, four decimals
    assert drill("inspected_units", year()) == {a.pk, b.pk, d.pk}
    assert drill("uninspected_units", year()) == {c.pk}


def test_frequency_rounds_half_up_to_one_decimal():
    four = units(4)
    visits(four, D(2024, 3, 1))
    visit(four[0], D(2024, 9, 1))  # 5 visits / 4 units = 1.25

    assert figures.summary(year())["frequency"] == 1.3


def test_visit_late_on_31_december_local_time_counts_in_that_year():
    shop = unit()
    visit(shop, at(D(2024, 12, 31), 23, 30))  # 15:30 UTC: still 2024 in Beijing
    visit(shop, at(D(2025, 1, 1), 0, 30))  # 16:30 UTC on 31 Dec: 2025 in Beijing
    visit(shop, at(D(2024, 1, 1), 0, 10))  # 16:10 UTC on 31 Dec 2023: 2024 in Beijing

    assert figures.summary(year(2024))["visits"] == 2
    assert figures.summary(year(2025))["visits"] == 1
    assert figures.summary(year(2023))["visits"] == 0


def test_rates_are_none_when_their_denominator_is_zero():
    empty = figures.summary(year())
    for key in (
        "coverage_rate",
        "frequency",
        "pass_rate",
        "licensing_rate",
        "exam_rate",
        "training_rate",
        "monitoring_pass_rate",
    ):
        assert empty[key] is None, key
    assert empty["units"] == empty["visits"] == 0
    assert empty["by_category"] == []

    units(2)
    never_visited = figures.summary(year())
    assert never_visited["coverage_rate"] == 0.0
    assert never_visited["frequency"] is None
    assert never_visited["pass_rate"] is None


def test_inspections_by_kind():
    shop, pool = units(2)
    drive = campaign(start=D(2024, 6, 1), end=D(2024, 10, 29))
    visits([shop, pool], D(2024, 2, 2))
    visit(shop, D(2024, 6, 20), kind=InspectionKind.CAMPAIGN, campaign=drive)
    visit(pool, D(2024, 8, 1), kind=InspectionKind.COMPLAINT)
    first = visit(pool, D(2024, 9, 1), result=InspectionResult.OPINION)
    visit(
        pool, D(2024, 9, 20), kind=InspectionKind.FOLLOW_UP, follows=opinion(first), rectified=True
    )

    rows = {r["kind"]: r for r in figures.summary(year())["inspections_by_kind"]}

    assert {k: r["visits"] for k, r in rows.items()} == {
        "routine": 3,
        "campaign": 1,
        "random": 0,
        "complaint": 1,
        "follow_up": 1,
    }
    assert rows["follow_up"]["label"] == "复查"


def test_table_1_rows_by_kind_and_class():
    barbers = units(3, "pp.bathing.barber")
    beauty = units(2, "pp.bathing.beauty")
    hotels = units(1, "pp.lodging.hotel")
    visits(barbers + hotels, D(2024, 4, 4))
    visits(barbers[:1], D(2024, 5, 4))

    data = figures.summary(year())
    rows = {r["category"]: r for r in data["by_category"]}

    assert set(rows) == {"pp.bathing.barber", "pp.bathing.beauty", "pp.lodging.hotel"}
    barber = rows["pp.bathing.barber"]
    assert (barber["class"], barber["kind"]) == ("美容美发", "理发店")  # its report group
    assert (barber["units"], barber["inspected_units"], barber["visits"]) == (3, 3, 4)
    assert (rows["pp.bathing.beauty"]["units"], rows["pp.bathing.beauty"]["visits"]) == (2, 0)
    classes = {c["class"]: c for c in data["by_class"]}
    assert classes["美容美发"]["units"] == 5
    assert classes["美容美发"]["visits"] == 4
    assert [k["kind"] for k in classes["美容美发"]["kinds"]] == ["理发店", "美容店"]
    assert classes["旅店业"]["units"] == 1
    assert sum(c["units"] for c in data["by_class"]) == data["units"] == 6
    assert len(beauty) == 2
