"""A domain and a township narrow every figure; drill-downs list exactly each figure's
records; the year before and the change; periods shorter than a year."""

import pytest

from inspections.choices import InspectionResult, Verdict
from licensing.choices import ApplicationPath
from penalties.models import Violation
from reports import figures, sets
from reports.scope import Period, Scope
from tests.reports.builders import (
    D,
    application,
    case,
    consultation,
    domain,
    exams,
    follow_up,
    opinion,
    people,
    permit,
    sample,
    township,
    training,
    unit,
    visit,
)

pytestmark = pytest.mark.django_db

# What one bundle of activity adds to each figure of 2024.
PER_BUNDLE = {
    "units": 1,
    "inspected_units": 1,
    "visits": 2,
    "compliant_visits": 1,
    "licensed_before": 0,
    "licence_due": 1,
    "licences_issued": 1,
    "practitioners": 2,
    "examined": 1,
    "trained": 2,
    "opinions": 1,
    "opinions_rectified": 1,
    "samples": 1,
    "samples_failing": 1,
    "applications": 1,
    "commitment_applications": 1,
    "consultations": 1,
    "permits_issued": 1,
    "cases": 1,
    "decided_cases": 1,
    "fines": 1000.0,
}


def bundle(category, town, *, violation, type_code="public_place"):
    """One unit with a year of activity, and one visit the year before."""
    shop = unit(category, town=town)
    first = visit(shop, D(2024, 3, 1), result=InspectionResult.OPINION)
    follow_up(opinion(first), D(2024, 3, 20))
    sample(first, Verdict.FAIL)
    submitted = application(shop, D(2024, 4, 1), path=ApplicationPath.COMMITMENT,
                            type_code=type_code)  # fmt: skip
    permit(shop, D(2024, 4, 1), type_code=type_code, application=submitted)
    consultation(D(2024, 2, 2), shop)
    staff = people(shop, 2)
    exams(staff[:1], D(2024, 5, 1))
    training(D(2024, 7, 4), staff)
    case(shop, D(2024, 5, 1), violation=violation, decided_on=D(2024, 6, 1), fine=1000)
    visit(shop, D(2023, 5, 5))
    return shop


@pytest.fixture
def county():
    east = township("360922101", "康乐街道")
    west = township("360922102", "株潭镇")
    Violation.objects.create(
        code="rd-test",
        name="未取得放射诊疗许可从事放射诊疗工作",
        domain=domain("radiation"),
        legal_basis="《放射诊疗管理规定》第十六条",
        penalty_basis="《放射诊疗管理规定》第三十八条",
    )
    bundle("pp.bathing.barber", east, violation="pp-no-permit")
    bundle("pp.lodging.hotel", west, violation="pp-no-permit")
    bundle("rd.diagnosis.xray", east, violation="rd-test", type_code="radiation")
    consultation(D(2024, 2, 3))  # no unit: only the whole office's figure
    return east, west


@pytest.mark.parametrize(
    ("dom", "town", "bundles"),
    [
        ("public_places", "360922101", 1),
        ("public_places", None, 2),
        (None, "360922101", 2),
        ("radiation", None, 1),
        (None, None, 3),
    ],
)
def test_domain_and_township_narrow_every_figure(county, dom, town, bundles):
    scope = Scope(
        Period.year(2024),
        domain=domain(dom) if dom else None,
        township=township(town) if town else None,
    )

    data = figures.summary(scope)

    expected = {key: value * bundles for key, value in PER_BUNDLE.items()}
    if dom is None and town is None:
        expected["consultations"] += 1
    assert {key: data[key] for key in PER_BUNDLE} == expected
    assert data["coverage_rate"] == 1.0
    assert data["frequency"] == 2.0
    assert data["pass_rate"] == 0.5
    assert data["licensing_rate"] == 1.0
    assert data["exam_rate"] == 0.5
    assert data["training_rate"] == 1.0
    assert data["monitoring_pass_rate"] == 0.0
    assert sum(r["units"] for r in data["by_category"]) == bundles
    assert sum(r["visits"] for r in data["by_class"]) == 2 * bundles
    assert data["year_before"]["units"] == bundles
    assert data["year_before"]["visits"] == bundles
    assert data["change"]["visits"] == 1.0  # twice as many
    assert data["change"]["units"] == 0.0
    assert data["scope"]["domain"] == dom
    assert data["scope"]["township"] == town
    # Each drill-down lists exactly as many records as its figure says.
    for key, (_, records) in sets.DRILLDOWN.items():
        if key in data:
            assert records(sets.RecordSets(scope)).count() == data[key], key


def test_all_domains_table_1_keeps_each_domain_s_rows_together(county):
    rows = figures.summary(Scope(Period.year(2024)))["by_category"]

    # Domains in their order (public places, then radiation), never interleaved.
    assert [r["category"][:2] for r in rows] == ["pp", "pp", "rd"]
    assert {r["class"] for r in rows[:2]} == {"美容美发", "旅店业"}
    assert rows[2]["class"] == "放射诊疗机构"


def test_a_quarter_and_its_quarter_of_the_year_before(county):
    scope = Scope(Period.quarter(2024, 1), domain=domain())

    data = figures.summary(scope)

    assert data["scope"]["period"] == "2024年第一季度"
    assert (data["units"], data["visits"], data["opinions"], data["samples"]) == (2, 4, 2, 2)
    assert (data["permits_issued"], data["cases"], data["examined"], data["trained"]) == (
        0,
        0,
        0,
        0,
    )
    assert data["consultations"] == 2
    assert data["licence_due"] == 2 and data["licences_issued"] == 0
    assert data["licensing_rate"] == 0.0
    assert data["year_before"]["start"] == "2023-01-01"
    assert data["year_before"]["end"] == "2023-03-31"
    assert data["year_before"]["visits"] == 0
    assert data["change"]["visits"] is None
