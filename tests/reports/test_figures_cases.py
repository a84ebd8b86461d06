"""Penalty cases by violation, step and result; fines and confiscations; the year before."""

import pytest

from reports import figures, sets
from reports.scope import Period, Scope
from tests.reports.builders import D, case, domain, units

pytestmark = pytest.mark.django_db


def year(y=2024, dom="public_places") -> Scope:
    return Scope(Period.year(y), domain=domain(dom) if dom else None)


def test_cases_filed_by_violation_step_and_result():
    a, b, c, d = units(4)
    case(a, D(2024, 2, 1))
    case(b, D(2024, 3, 1), violation="pp-no-health-certificate")
    case(c, D(2024, 4, 1), decided_on=D(2024, 5, 1), fine=3000)
    case(d, D(2024, 5, 1), decided_on=D(2024, 6, 1), fine=2000,
         closed_on=D(2024, 7, 1), outcome="penalised")  # fmt: skip
    case(d, D(2024, 6, 1), closed_on=D(2024, 6, 20), outcome="no_penalty")
    case(a, D(2023, 12, 31))  # filed the year before
    case(a, D(2025, 1, 1))  # filed the year after
    case(None, D(2024, 8, 8), violation="illegal-practice")  # medical: another domain

    data = figures.summary(year())

    assert data["cases"] == 5
    assert {r["violation"]: r["cases"] for r in data["cases_by_violation"]} == {
        "未依法取得公共场所卫生许可证擅自营业": 4,
        "安排未获得有效健康合格证明的从业人员从事直接为顾客服务的工作": 1,
    }
    by_status = {r["status"]: r["cases"] for r in data["cases_by_status"]}
    assert by_status == {
        "filed": 2,
        "investigating": 0,
        "notified": 0,
        "decided": 1,
        "served": 0,
        "executed": 0,
        "closed": 2,
    }
    assert {r["outcome"]: r["cases"] for r in data["cases_by_outcome"]} == {
        "penalised": 1,
        "no_penalty": 1,
    }
    assert sets.DRILLDOWN["cases"][1](sets.RecordSets(year())).count() == 5
    assert figures.summary(year(dom=None))["cases"] == 6


def test_fines_and_confiscations_count_in_the_period_of_their_decision():
    a, b, c = units(3)
    case(a, D(2024, 3, 1), decided_on=D(2024, 4, 1), fine=3000)
    case(b, D(2023, 11, 1), decided_on=D(2024, 1, 20), fine=5000)  # filed before, decided now
    case(c, D(2024, 11, 1), decided_on=D(2025, 1, 5), fine=8000)  # decided the year after
    case(c, D(2024, 6, 1))  # not decided: no money
    # Seed 000: 非法行医, a fine of 21,500 yuan, 3,875 yuan of gains and the instruments.
    case(None, D(2024, 5, 1), violation="illegal-practice", decided_on=D(2024, 6, 1),
         fine=21500, gains=3875, items="药品两箱、医疗器械7台")  # fmt: skip

    pp = figures.summary(year())
    office = figures.summary(year(dom=None))

    assert pp["decided_cases"] == 2
    assert pp["fines"] == 8000.0
    assert pp["confiscated_gains"] == 0.0
    assert pp["confiscated_items"] == 0
    assert office["decided_cases"] == 3
    assert office["fines"] == 29500.0
    assert office["confiscated_gains"] == 3875.0
    assert office["confiscated_items"] == 1
    assert sets.DRILLDOWN["decided_cases"][1](sets.RecordSets(year(dom=None))).count() == 3


def test_year_before_and_change():
    shops = units(21)
    for shop in shops[:12]:
        case(shop, D(2023, 6, 1), decided_on=D(2023, 7, 1), fine=1000)
    for shop in shops:
        case(shop, D(2024, 6, 1), decided_on=D(2024, 7, 1), fine=1000)

    data = figures.summary(year())

    assert data["cases"] == 21
    assert data["year_before"]["cases"] == 12
    assert data["year_before"]["start"] == "2023-01-01"
    assert data["year_before"]["end"] == "2023-12-31"
    assert data["change"]["cases"] == 0.75  # seed 000: "案件查处29起，比去年增长75%"-style
    assert data["year_before"]["fines"] == 12000.0
    assert data["change"]["fines"] == 0.75


def test_no_cases_no_money():
    data = figures.summary(year())

    assert (data["cases"], data["decided_cases"], data["fines"]) == (0, 0, 0.0)
    assert data["cases_by_violation"] == []
    assert data["change"]["cases"] is None
