"""The raw-SQL baseline of the benchmark (bench/baseline_sql.py, issue #19) counts the same
core figures as the summary, on a small county built record by record: units open, closed
and suspended, a unit supervised under public places as a further domain, a unit of another
domain, voided and out-of-period visits, permits held, lapsed, cancelled and new, staff
with and without a post that must hold a health certificate. The statement is portable:
this runs on SQLite and on PostgreSQL alike."""

import pytest

from bench.baseline_sql import FIGURES, core_figures
from premises.models import Practitioner, Supervision
from reports import figures
from reports.scope import Period, Scope
from tests.factories import post_named
from tests.reports.builders import (
    CLOSED,
    SUSPENDED,
    D,
    at,
    domain,
    exams,
    kind,
    people,
    permit,
    township,
    training,
    unit,
    units,
    visit,
    visits,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def county():
    towns = [township("360922101", "康乐街道"), township("360922102", "株潭镇")]
    barbers = units(4, "pp.bathing.barber", town=towns[0])
    hotels = units(3, "pp.lodging.hotel", town=towns[1])
    units(1, "pp.lodging.hotel", changes=[(CLOSED, D(2023, 6, 1))])  # gone before 2024
    suspended = units(1, "pp.bathing.beauty", changes=[(SUSPENDED, D(2024, 5, 1))])
    clinic = unit("md.institution.clinic")  # another domain
    hospital = unit("md.institution.hospital")  # public places as a further domain
    Supervision.objects.create(
        establishment=hospital, category=kind("pp.transport.waiting_room"), started_on=D(2022, 1, 1)
    )
    for y in (2023, 2024):
        visits(barbers[:3], D(y, 3, 1))
        visit(hotels[0], D(y, 5, 5))
        visit(clinic, D(y, 4, 4))
    visit(suspended[0], D(2024, 2, 2))
    visit(hospital, D(2024, 6, 6))  # under its main kind: not a public-place visit
    voided = visit(hotels[1], D(2024, 7, 7))
    type(voided).objects.filter(pk=voided.pk).update(
        voided_at=at(D(2024, 7, 8)), void_reason="录错"
    )
    permit(barbers[0], D(2021, 3, 1))  # held all 2024
    permit(barbers[1], D(2020, 2, 1))  # ran out in 2024, renewed below
    permit(barbers[1], D(2024, 9, 1))
    permit(barbers[2], D(2023, 5, 1), cancelled_on=D(2024, 3, 3))
    permit(hotels[0], D(2024, 1, 10))  # new in 2024
    staff = people(barbers[0], 3) + people(hotels[0], 2) + people(clinic, 2)
    people(barbers[3], 1, left=D(2023, 12, 1))  # left before 2024
    Practitioner.objects.filter(pk=staff[2].pk).update(
        post=post_named("会计", serves_customers=False)
    )
    exams(staff[:3], D(2024, 4, 1))
    exams(staff[3:], D(2023, 4, 1))
    training(D(2024, 7, 4), staff[1:4])
    return towns


@pytest.mark.parametrize("year", [2024, 2023])
def test_the_baseline_counts_what_the_summary_counts(county, year):
    scope = Scope(Period.year(year), domain=domain("public_places"))
    data = figures.summary(scope, compare=False)
    baseline = core_figures("public_places", scope.period.start, scope.period.end)
    assert {key: int(baseline[key]) for key in FIGURES} == {key: data[key] for key in FIGURES}
    if year == 2024:  # the county above, as a user counts it
        assert {key: data[key] for key in FIGURES} == {
            "units": 9,  # the closed hotel out, the suspended one and the hospital in
            "inspected_units": 5,
            "visits": 5,  # not the voided one nor the hospital's medical visit
            "licensed_before": 2,  # held on 1 January and on 31 December
            "licence_due": 7,
            "licences_issued": 1,
            "practitioners": 5,
            "exam_due": 4,  # not the accountant
            "examined": 2,
            "trained": 3,
        }
