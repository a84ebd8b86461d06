"""The office-wide figures of issue #19, built from raw records: 出动监督员人次, training
sessions and attendance, random draws, campaigns' samples, problems and units penalised,
a block per domain when the scope is all domains, and the cases compared with the year
before. Each figure's drill-down lists exactly what it counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from inspections.choices import InspectionKind, Verdict
from inspections.models import Inspection
from reports import figures
from reports.counting.cells import ROW_FIELDS, live_cells
from reports.scope import Period, Scope
from reports.sets import DRILLDOWN, RecordSets
from tests.factories import UserFactory
from tests.reports.builders import (
    D,
    campaign,
    case,
    domain,
    draw,
    opinion,
    people,
    problems,
    sample,
    training,
    unit,
    units,
    visit,
    visits,
)

pytestmark = pytest.mark.django_db


def scope(dom=None, year=2024):
    return Scope(Period.year(year), domain=domain(dom) if dom else None)


def summary(dom=None, year=2024):
    return figures.summary(scope(dom, year))


def drilled(key, dom=None, year=2024) -> int:
    return DRILLDOWN[key][1](RecordSets(scope(dom, year))).count()


def test_table_one_counted_alone_leaves_the_officers_and_the_training_out():
    """The dashboard counts this year so far live and shows table 1's counts only: it does
    not count the officers sent and the training attendance (two queries fewer)."""
    shops = units(2)
    visits(shops, D(2024, 3, 1))  # two inspectors each
    training(D(2024, 7, 7), people(shops[0], 2))

    with CaptureQueriesContext(connection) as whole:
        full = live_cells(RecordSets(scope()))
    with CaptureQueriesContext(connection) as alone:
        bare = live_cells(RecordSets(scope()), office=False)

    assert len(alone) == len(whole) - 2
    assert {key: [cell[f] for f in ROW_FIELDS] for key, cell in bare.items()} == {
        key: [cell[f] for f in ROW_FIELDS] for key, cell in full.items()
    }
    assert sum(cell["officer_visits"] for cell in full.values()) == 4
    assert [sum(c["training_by_session"].values()) for c in full.values()] == [2]
    assert all(c["officer_visits"] == 0 and not c["training_by_session"] for c in bare.values())


def test_officer_visits_add_up_the_inspectors_of_each_visit():
    shops = units(3)
    visits(shops, D(2024, 3, 1))  # two inspectors each: 6
    third = visit(shops[0], D(2024, 5, 1))
    third.inspectors.add(UserFactory(role="inspector"))  # three: 9
    voided = visit(shops[1], D(2024, 6, 1))
    Inspection.all_objects.filter(pk=voided.pk).update(voided_at=timezone.now())
    visit(shops[1], D(2023, 5, 1))  # the year before: 2

    data = summary()
    assert (data["visits"], data["officer_visits"]) == (4, 9)
    assert drilled("officer_visits") == 9
    assert data["year_before"]["officer_visits"] == 2
    assert data["change"]["officer_visits"] == 3.5


def test_training_sessions_with_the_attendance_of_practitioners_in_scope():
    shops = units(2)
    staff = people(shops[0], 3) + people(shops[1], 2)
    teachers = people(unit("sc.school.primary_secondary"), 4)
    big = training(D(2024, 7, 4), staff + teachers, topic="从业人员卫生知识培训")
    training(D(2024, 9, 1), staff[:2], topic="游泳场所水质培训")
    training(D(2023, 7, 4), staff)  # the year before
    training(D(2024, 10, 1), teachers, topic="学校卫生培训")  # no public-place practitioner

    office = summary()
    assert office["training_sessions_count"] == 3
    assert office["training_attendance"] == 9 + 2 + 4
    first = office["training_sessions"][0]
    assert first == {
        "id": big.pk,
        "date": "2024-07-04",
        "place": "县会议中心",
        "topic": "从业人员卫生知识培训",
        "attendance": 9,
    }
    places = summary("public_places")
    assert [(s["topic"], s["attendance"]) for s in places["training_sessions"]] == [
        ("从业人员卫生知识培训", 5),
        ("游泳场所水质培训", 2),
    ]
    assert (places["training_sessions_count"], places["training_attendance"]) == (2, 7)
    for dom, data in ((None, office), ("public_places", places)):
        assert drilled("training_sessions_count", dom) == data["training_sessions_count"]
        assert drilled("training_attendance", dom) == data["training_attendance"]


def test_random_draws_with_their_units_and_those_inspected_for_them():
    shops = units(3)
    school = unit("sc.school.primary_secondary")
    made, assigned = draw([*shops, school], D(2024, 4, 1), name="2024年第一次双随机抽查")
    for target, day, assignment in ((shops[0], D(2024, 4, 20), assigned[0]),
                                    (school, D(2024, 5, 2), assigned[3]),
                                    (shops[1], D(2025, 1, 6), assigned[1])):  # fmt: skip
        done = visit(target, day, kind=InspectionKind.RANDOM)
        Inspection.objects.filter(pk=done.pk).update(draw_assignment=assignment)
    draw(units(2), D(2023, 11, 1))  # the year before

    office = summary()
    assert (office["draws_count"], office["drawn_units"], office["drawn_units_inspected"]) == (
        1,
        4,
        2,
    )
    assert office["draws"] == [
        {"id": made.pk, "name": "2024年第一次双随机抽查", "date": "2024-04-01", "units": 4,
         "inspected": 2}
    ]  # fmt: skip
    places = summary("public_places")
    assert (places["drawn_units"], places["drawn_units_inspected"]) == (3, 1)
    for dom, data in ((None, office), ("public_places", places)):
        for key in ("draws_count", "drawn_units", "drawn_units_inspected"):
            assert drilled(key, dom) == data[key], (dom, key)


def test_campaigns_count_samples_problems_and_units_penalised():
    drive = campaign("游泳场所专项整治", D(2024, 6, 1), D(2024, 8, 31), domains=[domain()])
    pools = units(3, "pp.sports.swimming")
    made = visits(pools, D(2024, 7, 1), kind=InspectionKind.CAMPAIGN, campaign=drive)
    sample(made[0], Verdict.FAIL)
    sample(made[0], Verdict.PASS)
    sample(made[1], Verdict.PASS)
    problems(made[0], "t-pool-disinfection", "t-pool-certificate")
    problems(made[1], "t-pool-disinfection")
    opinion(made[0])
    case(pools[0], D(2024, 7, 5), decided_on=D(2024, 7, 20), fine=1000, inspection=made[0])
    case(pools[0], D(2024, 7, 6), decided_on=D(2024, 7, 21), fine=500, inspection=made[0])
    case(pools[1], D(2024, 7, 6), inspection=made[1])  # filed, not yet decided

    (row,) = summary()["campaigns"]
    assert (row["units"], row["visits"], row["opinions"]) == (3, 3, 1)
    assert (row["samples"], row["samples_failing"]) == (3, 1)
    assert (row["cases"], row["penalised_units"]) == (3, 1)
    assert row["problems"] == [
        {"name": "问题t-pool-disinfection", "count": 2},
        {"name": "问题t-pool-certificate", "count": 1},
    ]


def test_all_domains_have_a_block_per_domain_that_adds_up_to_the_office():
    shops = units(2)
    visits(shops[:1], D(2024, 3, 1))
    schools = units(3, "sc.school.primary_secondary")
    school_visits = visits(schools, D(2024, 10, 15))
    opinion(school_visits[0])
    sample(school_visits[1], Verdict.FAIL)
    hospital = unit("md.institution.hospital")
    visits(hospital, D(2024, 4, 1))
    visits(hospital, D(2024, 9, 1))
    case(shops[0], D(2024, 5, 1), decided_on=D(2024, 6, 1), fine=2000)
    case(None, D(2024, 5, 6), violation="illegal-practice", decided_on=D(2024, 7, 1), fine=5000)
    case(schools[0], D(2024, 10, 20), violation="school-environment")

    office = summary()
    blocks = {b["domain"]: b for b in office["domains"]}
    places = blocks["public_places"]
    assert (places["domain_name"], places["units"], places["inspected_units"]) == ("公共场所", 2, 1)
    assert (places["coverage_rate"], places["visits"], places["frequency"]) == (0.5, 1, 1.0)
    assert (places["cases"], places["decided_cases"], places["fines"]) == (1, 1, 2000)
    assert places["penalised_units"] == 1
    school = blocks["schools"]
    assert (school["units"], school["visits"], school["opinions"]) == (3, 3, 1)
    assert (school["samples"], school["samples_failing"]) == (1, 1)
    assert (school["cases"], school["decided_cases"], school["fines"]) == (1, 0, 0)
    medical = blocks["medical"]
    assert (medical["units"], medical["visits"], medical["frequency"]) == (1, 2, 2.0)
    assert (medical["cases"], medical["fines"], medical["penalised_units"]) == (1, 5000, 0)
    for key in ("units", "inspected_units", "visits", "opinions", "samples", "cases", "fines"):
        assert sum(b[key] for b in office["domains"]) == office[key], key
    # Each block's counts are those of its domain's kinds (table 1's drill-down by kind).
    for block in office["domains"]:
        listed = DRILLDOWN["units"][1](RecordSets(scope())).filter(
            category__code__in=block["categories"]
        )
        assert listed.count() == block["units"]
        assert drilled("cases", block["domain"]) == block["cases"]
    assert summary("public_places")["domains"] == []


def test_cases_fines_units_penalised_and_officers_are_compared_with_the_year_before():
    shops = units(3)
    for year, count in ((2023, 1), (2024, 3)):
        for shop in shops[:count]:
            visit(shop, D(year, 3, 1))
            case(shop, D(year, 4, 1), decided_on=D(year, 5, 1), fine=1000)

    data = summary()
    before = data["year_before"]
    assert (before["cases"], before["decided_cases"], before["fines"]) == (1, 1, 1000)
    assert (before["penalised_units"], before["officer_visits"]) == (1, 2)
    assert data["change"]["penalised_units"] == 2.0
    assert data["change"]["officer_visits"] == 2.0
