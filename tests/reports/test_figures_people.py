"""Practitioners, examined, trained and their rates, proven from raw records."""

import pytest

from reports import figures, sets
from reports.scope import Period, Scope
from tests.reports.builders import CLOSED, SUSPENDED, D, domain, exams, people, training, unit

pytestmark = pytest.mark.django_db


def year(y=2024) -> Scope:
    return Scope(Period.year(y), domain=domain())


def drill(key):
    return set(sets.DRILLDOWN[key][1](sets.RecordSets(year())).values_list("pk", flat=True))


def test_practitioners_are_those_employed_in_an_in_scope_unit_during_the_period():
    shop = unit()
    (serving,) = people(shop)
    (left_before,) = people(shop, left=D(2023, 12, 31))
    (left_on_first_day,) = people(shop, left=D(2024, 1, 1))  # the day they left: not employed
    (left_during,) = people(shop, left=D(2024, 6, 30))
    (hired_during,) = people(shop, hired=D(2024, 11, 1))
    (hired_on_last_day,) = people(shop, hired=D(2024, 12, 31))
    people(shop, hired=D(2025, 1, 10))  # hired after
    people(unit(changes=[(SUSPENDED, D(2023, 3, 1))]))  # unit suspended all year
    people(unit(changes=[(CLOSED, D(2023, 3, 1))]), left=D(2023, 3, 1))  # unit closed before
    people(unit("md.institution.clinic"))  # another domain

    data = figures.summary(year())

    inside = {serving, left_during, hired_during, hired_on_last_day}
    assert data["practitioners"] == 4
    assert drill("practitioners") == {p.pk for p in inside}
    assert left_before.pk not in drill("practitioners")
    assert left_on_first_day.pk not in drill("practitioners")


def test_examined_and_trained_count_people_once_in_the_period():
    shop = unit()
    staff = people(shop, 8)
    exams(staff[:3], D(2024, 3, 1))
    exams(staff[:1], D(2024, 11, 1))  # examined twice: counted once
    exams(staff[3:4], D(2024, 5, 5), result="failed")  # examined, even if not passed
    exams(staff[4:5], D(2023, 12, 31))  # the year before
    exams(staff[5:6], D(2025, 1, 1))  # the year after
    training(D(2024, 7, 4), staff[:5])
    training(D(2024, 9, 9), staff[:2])  # trained twice: counted once
    training(D(2023, 7, 4), staff[5:7])  # the year before
    (gone,) = people(shop, left=D(2023, 6, 1))
    exams([gone], D(2024, 2, 2))  # out of the period's practitioners, so not examined
    training(D(2024, 7, 4), [gone])

    data = figures.summary(year())

    assert data["practitioners"] == 8
    assert data["examined"] == 4
    assert drill("examined") == {p.pk for p in staff[:4]}
    assert data["exam_rate"] == 0.5
    assert data["trained"] == 5
    assert drill("trained") == {p.pk for p in staff[:5]}
    assert data["training_rate"] == 0.625
    row = data["by_category"][0]
    assert (row["practitioners"], row["examined"], row["trained"]) == (8, 4, 5)


def test_rates_have_four_decimals():
    staff = people(unit(), 7)
    exams(staff[:6], D(2024, 4, 1))
    training(D(2024, 4, 2), staff[:2])

    data = figures.summary(year())

    assert data["exam_rate"] == 0.8571  # 6 / 7
    assert data["training_rate"] == 0.2857  # 2 / 7
