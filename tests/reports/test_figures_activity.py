"""Opinions issued and rectified, samples and the monitoring pass rate, campaigns."""

import pytest

from inspections.choices import InspectionKind, InspectionResult, Verdict
from reports import figures, sets
from reports.scope import Period, Scope
from tests.reports.builders import (
    SUSPENDED,
    D,
    at,
    campaign,
    case,
    domain,
    follow_up,
    opinion,
    sample,
    unit,
    units,
    visit,
)

pytestmark = pytest.mark.django_db


def year(y=2024, dom="public_places") -> Scope:
    return Scope(Period.year(y), domain=domain(dom) if dom else None)


def test_opinions_issued_in_the_period_and_those_rectified():
    a, b, c = units(3)
    rectified = opinion(visit(a, D(2024, 3, 1), result=InspectionResult.OPINION))
    follow_up(rectified, D(2024, 3, 20))
    still_open = opinion(visit(b, D(2024, 8, 1), result=InspectionResult.OPINION))
    follow_up(still_open, D(2024, 8, 20), rectified=False)
    opinion(visit(c, at(D(2024, 12, 31), 23, 0), result=InspectionResult.OPINION))
    before = opinion(visit(a, D(2023, 11, 1), result=InspectionResult.OPINION))
    follow_up(before, D(2024, 1, 15))  # issued the year before: not this year's opinion
    opinion(visit(a, D(2025, 1, 3), result=InspectionResult.OPINION))
    elsewhere = unit("dw.supply.central")
    opinion(visit(elsewhere, D(2024, 5, 5), result=InspectionResult.OPINION))
    out = unit(changes=[(SUSPENDED, D(2023, 1, 1))])
    opinion(visit(out, D(2024, 5, 5), result=InspectionResult.OPINION))

    data = figures.summary(year())

    assert data["opinions"] == 3
    assert data["opinions_rectified"] == 1
    drilled = sets.DRILLDOWN["opinions_rectified"][1](sets.RecordSets(year()))
    assert list(drilled.values_list("pk", flat=True)) == [rectified.pk]
    assert figures.summary(year(dom=None))["opinions"] == 4


def test_samples_and_the_monitoring_pass_rate():
    pool = unit("pp.sports.swimming")
    check = visit(pool, D(2024, 7, 1))
    for verdict in (Verdict.PASS, Verdict.PASS, Verdict.PASS, Verdict.FAIL):
        sample(check, verdict)
    sample(visit(pool, D(2025, 7, 1)), Verdict.FAIL)  # the year after

    data = figures.summary(year())

    assert (data["samples"], data["samples_failing"]) == (4, 1)
    assert data["monitoring_pass_rate"] == 0.75
    failing = sets.DRILLDOWN["samples_failing"][1](sets.RecordSets(year()))
    assert failing.count() == 1


def test_campaigns_overlapping_the_period_with_their_results():
    shops = units(3)
    drive = campaign("公共场所专项整治", D(2024, 6, 1), D(2024, 10, 29), domains=[domain()])
    for shop in shops:
        visit(shop, D(2024, 6, 10), kind=InspectionKind.CAMPAIGN, campaign=drive)
    hit = visit(shops[0], D(2024, 7, 1), kind=InspectionKind.CAMPAIGN, campaign=drive)
    opinion(hit)
    case(shops[0], D(2024, 7, 2), inspection=hit)
    any_domain = campaign("安全生产大检查", D(2024, 3, 1), D(2024, 3, 31))
    campaign("往年专项", D(2023, 3, 1), D(2023, 3, 31), domains=[domain()])
    water = campaign("供水专项", D(2024, 4, 1), D(2024, 4, 30), domains=[domain("drinking_water")])

    rows = figures.summary(year())["campaigns"]

    assert [r["name"] for r in rows] == ["安全生产大检查", "公共场所专项整治"]
    drive_row = rows[1]
    assert (drive_row["visits"], drive_row["units"]) == (4, 3)
    assert (drive_row["opinions"], drive_row["cases"]) == (1, 1)
    assert (drive_row["start"], drive_row["end"]) == ("2024-06-01", "2024-10-29")
    assert rows[0]["id"] == any_domain.pk and rows[0]["visits"] == 0
    office = [r["name"] for r in figures.summary(year(dom=None))["campaigns"]]
    assert water.name in office


def test_a_campaign_spanning_two_years_counts_only_the_period_s_visits():
    """Regression: campaigns() used to count a campaign's visits, units, opinions and cases
    over the whole campaign, so a campaign running from November to February showed next
    year's visits in this year's summary (found by this test, fixed in reports/figures.py)."""
    shops = units(2)
    winter = campaign("冬季专项整治", D(2024, 11, 1), D(2025, 2, 28), domains=[domain()])
    visit(shops[0], D(2024, 11, 5), kind=InspectionKind.CAMPAIGN, campaign=winter)
    visit(shops[1], D(2025, 1, 5), kind=InspectionKind.CAMPAIGN, campaign=winter)

    (row_2024,) = figures.summary(year(2024))["campaigns"]
    (row_2025,) = figures.summary(year(2025))["campaigns"]

    assert (row_2024["visits"], row_2024["units"]) == (1, 1)
    assert (row_2025["visits"], row_2025["units"]) == (1, 1)
