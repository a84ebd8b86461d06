"""Already licensed, due, issued, licensing rate; applications, consultations and permits
by type, proven from raw records."""

import pytest

from licensing.choices import ApplicationKind, ApplicationPath
from licensing.models import Application
from reports import figures, sets
from reports.scope import Period, Scope
from tests.reports.builders import (
    SUSPENDED,
    D,
    application,
    consultation,
    domain,
    permit,
    unit,
    units,
)

pytestmark = pytest.mark.django_db


def year(y=2024) -> Scope:
    return Scope(Period.year(y), domain=domain())


def drill(key, scope=None):
    return set(
        sets.DRILLDOWN[key][1](sets.RecordSets(scope or year())).values_list("pk", flat=True)
    )


def test_licensed_before_due_and_issued_follow_the_definitions():
    held = unit()  # held all year
    permit(held, D(2022, 5, 1))
    cancelled_in_year = unit()  # cancelled before the period ends: not licensed, due
    permit(cancelled_in_year, D(2022, 5, 1), cancelled_on=D(2024, 9, 1))
    cancelled_after = unit()  # cancelled after the period: still held on its last day
    permit(cancelled_after, D(2022, 5, 1), cancelled_on=D(2025, 2, 1))
    renewed = unit()  # renewal during the period keeps it licensed, and is not "issued"
    old = permit(renewed, D(2020, 6, 1))
    permit(renewed, D(2024, 5, 20), previous=old)
    expired = unit()  # lapsed in the year and not renewed: due, not issued
    permit(expired, D(2020, 3, 1))
    first = unit()  # first permit in the period: due and issued
    permit(first, D(2024, 7, 1))
    late = unit()  # permit dated after the period: due, not issued
    permit(late, D(2025, 1, 5))
    never = unit()  # no permit at all: due, not issued
    park = unit("pp.sports.park")  # its kind needs no permit: in scope, never due
    permit(park, D(2024, 4, 1))  # ...so even a permit dated in the period is not "issued"
    starts_on_last_day = unit(opened=D(2024, 12, 31))
    permit(starts_on_last_day, D(2024, 12, 31))  # due and issued on the last day
    out = unit(changes=[(SUSPENDED, D(2023, 1, 1))])  # out of scope altogether
    permit(out, D(2024, 3, 3))

    data = figures.summary(year())

    assert data["units"] == 10
    assert drill("licensed_before") == {held.pk, cancelled_after.pk, renewed.pk}
    assert data["licensed_before"] == 3
    due = {cancelled_in_year, expired, first, late, never, starts_on_last_day}
    assert drill("licence_due") == {u.pk for u in due}
    assert data["licence_due"] == 6
    assert drill("licences_issued") == {first.pk, starts_on_last_day.pk}
    assert data["licences_issued"] == 2
    assert drill("licence_missing") == {u.pk for u in due - {first, starts_on_last_day}}
    assert data["licensing_rate"] == 0.3333  # 2 / 6
    # Every permit dated in the period for a unit of the domain counts as a permit issued.
    assert data["permits_issued"] == 5  # renewed, first, park, starts_on_last_day, out


def test_a_permit_held_on_the_first_day_only_does_not_make_a_unit_licensed():
    ends_mid_year = unit()
    permit(ends_mid_year, D(2020, 1, 10), expires_on=D(2024, 1, 10))
    starts_on_day_two = unit()
    permit(starts_on_day_two, D(2024, 1, 2))

    data = figures.summary(year())

    assert data["licensed_before"] == 0
    assert data["licence_due"] == 2
    assert drill("licences_issued") == {starts_on_day_two.pk}


def test_licensing_rate_is_none_when_nothing_is_due():
    held = units(2)
    for shop in held:
        permit(shop, D(2023, 2, 2))

    data = figures.summary(year())

    assert (data["licensed_before"], data["licence_due"], data["licences_issued"]) == (2, 0, 0)
    assert data["licensing_rate"] is None


def test_applications_by_kind_and_path_consultations_and_permits_by_type():
    a, b, c = units(3)
    application(a, D(2024, 3, 1))
    application(b, D(2024, 3, 2), path=ApplicationPath.COMMITMENT)
    old = permit(c, D(2020, 8, 1))
    application(c, D(2024, 6, 1), kind=ApplicationKind.RENEWAL, previous=old)
    application(c, D(2024, 6, 2), kind=ApplicationKind.CHANGE, previous=old)
    application(a, D(2023, 12, 31))  # the year before
    application(a, D(2025, 1, 1))  # the year after
    commitment = application(b, D(2024, 5, 5), path=ApplicationPath.COMMITMENT)
    permit(b, D(2024, 5, 5), application=commitment)
    permit(a, D(2024, 9, 9))
    permit(c, D(2024, 7, 1), previous=old)
    xray = unit("rd.diagnosis.xray")
    permit(xray, D(2024, 10, 10), type_code="radiation")
    consultation(D(2024, 2, 2), a)
    consultation(D(2024, 2, 3))  # no unit: counted for the whole office only
    consultation(D(2025, 2, 3), a)

    pp = figures.summary(year())
    office = figures.summary(Scope(Period.year(2024)))

    assert pp["applications"] == 5
    assert pp["applications_new"] == 3
    assert pp["applications_renewal"] == 1
    assert pp["applications_change"] == 1
    assert pp["applications_cancellation"] == 0
    assert pp["commitment_applications"] == 2
    assert pp["consultations"] == 1
    assert office["consultations"] == 2
    assert pp["permits_issued"] == 3
    assert pp["permits_by_type"] == [
        {"permit_type": "公共场所卫生许可证", "permits": 3, "commitment": 1}
    ]
    assert {r["permit_type"]: r["permits"] for r in office["permits_by_type"]} == {
        "公共场所卫生许可证": 3,
        "放射诊疗许可证": 1,
    }
    assert office["permits_issued"] == 4
    assert len(drill("applications")) == 5
    assert len(drill("permits_issued")) == 3
    assert len(drill("consultations", Scope(Period.year(2024)))) == 2


def test_applications_count_only_those_accepted():
    """An application waiting for 补正 or refused at the window (不予受理) was never
    受理: it is not among the applications accepted; a withdrawn one was."""
    a, b, c, d = units(4)
    application(a, D(2024, 3, 1))
    Application.objects.filter(pk=application(b, D(2024, 3, 2)).pk).update(status="correction")
    Application.objects.filter(pk=application(c, D(2024, 3, 3)).pk).update(status="not_accepted")
    Application.objects.filter(pk=application(d, D(2024, 3, 4)).pk).update(status="withdrawn")
    assert figures.summary(year())["applications"] == 2
