"""The kept counts of the standard periods (reports/rollup.py) are the counts of the records
whatever wrote them: after each kind of write the summary equals the one counted live."""

import pytest
from django.core.management import call_command
from django.db import connection

from inspections.choices import InspectionResult
from inspections.models import Inspection
from licensing.health.models import TrainingAttendance, TrainingSession
from licensing.models import PermitType
from premises.models import Category, Establishment, EstablishmentStatusChange, Practitioner
from reports import figures
from reports.models import RollupCell, RollupChange, RollupDirty, RollupPeriod
from reports.scope import Period, Scope
from tests.factories import UserFactory
from tests.reports.builders import (
    CLOSED,
    D,
    exams,
    opinion,
    people,
    permit,
    sample,
    township,
    training,
    unit,
    units,
    visit,
    visits,
)
from tests.reports.test_query_count import activity

pytestmark = pytest.mark.django_db
FIGURES = ("units", "inspected_units", "visits", "compliant_visits", "licence_due",
           "licences_issued", "licensed_before", "practitioners", "examined", "trained",
           "opinions", "samples", "samples_failing", "officer_visits", "training_sessions",
           "training_attendance")  # fmt: skip


def year(**kw) -> Scope:
    return Scope(Period.year(2024), **kw)


def live(scope, settings) -> dict:
    settings.REPORTS_ROLLUP = False
    try:
        return figures.summary(scope)
    finally:
        settings.REPORTS_ROLLUP = True


def kept(scope) -> dict:
    data = figures.summary(scope)
    assert RollupPeriod.objects.filter(start=scope.period.start, end=scope.period.end).exists()
    return data


def _town_a():
    return township("360922101", "康乐街道")


def _town_b():
    return township("360922102", "株潭镇")


@pytest.fixture
def county():
    """Two townships with units, visits, staff, exams, training, a permit and samples."""
    a, b = _town_a(), _town_b()
    shops = units(3, town=a) + units(2, "pp.lodging.hotel", town=b)
    visits(shops, D(2024, 3, 1))
    hit = visit(shops[0], D(2024, 6, 1), result=InspectionResult.OPINION)
    opinion(hit)
    sample(hit)
    permit(shops[3], D(2024, 5, 5))
    staff = people(shops[0], 3) + people(shops[3], 2)
    exams(staff[:4], D(2024, 4, 4))
    training(D(2024, 7, 7), staff[1:])
    return shops, staff


def _new_visit(shops, staff):
    visit(shops[1], D(2024, 9, 9))


def _deleted_visit(shops, staff):
    Inspection.objects.filter(establishment=shops[4]).delete()


def _bulk_visits(shops, staff):
    first = Inspection.objects.filter(establishment=shops[2]).first()
    Inspection.objects.bulk_create(
        Inspection(
            establishment=shops[2],
            category_id=shops[2].category_id,
            inspected_at=first.inspected_at.replace(month=10),
            kind=first.kind,
            result=InspectionResult.OPINION,
            recorded_by=first.recorded_by,
        )
        for _ in range(3)
    )


def _queryset_update(shops, staff):
    Inspection.objects.filter(establishment__in=shops[:2]).update(result=InspectionResult.OPINION)


def _raw_sql(shops, staff):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE premises_practitioner SET left_on = %s WHERE id = %s",
            [D(2023, 6, 1), staff[0].pk],
        )


def _unit_moves(shops, staff):
    Establishment.objects.filter(pk=shops[0].pk).update(township=_town_b())


def _unit_closed_before(shops, staff):
    EstablishmentStatusChange.objects.create(
        establishment=shops[1], kind=CLOSED, date=D(2023, 2, 1)
    )


def _kind_needs_no_permit(shops, staff):
    # taken off the permit type that listed it (the one table of which kinds need a permit)
    hotel = Category.objects.get(code="pp.lodging.hotel")
    PermitType.objects.get(code="public_place").categories.remove(hotel)


def _session_moved(shops, staff):
    TrainingSession.objects.update(date=D(2025, 1, 10))


def _person_leaves_unit(shops, staff):
    Practitioner.objects.filter(pk=staff[4].pk).update(establishment=shops[0])


def _exam_deleted(shops, staff):
    staff[1].health_certificates.all().delete()


def _attendance_added(shops, staff):
    session = TrainingSession.objects.get()
    TrainingAttendance.objects.create(
        session=session, practitioner=staff[0], recorded_by=session.recorded_by
    )


def _inspector_added(shops, staff):
    Inspection.objects.filter(establishment=shops[1]).first().inspectors.add(
        UserFactory(role="inspector")
    )


def _inspector_taken_off(shops, staff):
    first = Inspection.objects.filter(establishment=shops[3]).first()
    first.inspectors.remove(first.inspectors.first())


WRITES = {
    "a visit recorded": (_new_visit, {"visits": +1}),
    "visits deleted": (_deleted_visit, {"visits": -1, "inspected_units": -1}),
    "visits bulk-inserted": (_bulk_visits, {"visits": +3}),
    "results changed in bulk": (_queryset_update, {"compliant_visits": -2}),
    "a person's leaving set in SQL": (_raw_sql, {"practitioners": -1}),
    "a unit moved to the other township": (_unit_moves, {}),
    "a unit's closing recorded late": (_unit_closed_before, {"units": -1}),
    "a kind that no longer needs a permit": (_kind_needs_no_permit, {"licence_due": -2}),
    "a training session moved to next year": (
        _session_moved,
        {"trained": -4, "training_attendance": -4, "training_sessions_count": -1},
    ),
    "an attendance added": (_attendance_added, {"trained": +1, "training_attendance": +1}),
    "a person moved to another unit": (_person_leaves_unit, {}),
    "an exam deleted": (_exam_deleted, {"examined": -1}),
    "an inspector added to a visit": (_inspector_added, {"officer_visits": +1}),
    "an inspector taken off a visit": (_inspector_taken_off, {"officer_visits": -1}),
}


@pytest.mark.parametrize("write", list(WRITES), ids=list(WRITES))
@pytest.mark.parametrize("where", ["all", "town_a", "town_b"])
def test_kept_counts_follow_every_kind_of_write(write, where, county, settings):
    scope = year(township={"all": None, "town_a": _town_a(), "town_b": _town_b()}[where])
    before = kept(year())  # the whole county's counts are kept from here on
    change, expected = WRITES[write]
    change(*county)
    after = kept(scope)
    assert {k: after[k] for k in FIGURES} == {k: live(scope, settings)[k] for k in FIGURES}
    assert after["by_category"] == live(scope, settings)["by_category"]
    if where == "all":
        for key, delta in expected.items():
            assert after[key] == before[key] + delta, key
    assert not RollupChange.objects.exists()


@pytest.mark.parametrize(
    ("dom", "town"), [(None, None), ("public_places", None), (None, "360922102")]
)
def test_the_whole_summary_is_the_same_kept_or_live(dom, town, settings):
    from tests.reports.builders import domain

    activity(2)
    scope = Scope(
        Period.half(2024, 1),
        domain=domain(dom) if dom else None,
        township=township(town) if town else None,
    )
    assert kept(scope) == live(scope, settings)
    visit(unit(town=_town_b()), D(2024, 2, 2))
    assert kept(scope) == live(scope, settings)


def test_a_custom_period_is_never_kept(county):
    figures.summary(Scope(Period(D(2024, 2, 1), D(2024, 8, 31))))
    assert not RollupPeriod.objects.exists()


def test_the_refresh_command_brings_every_kept_period_up_to_date(county, settings):
    kept(year())
    kept(Scope(Period.quarter(2024, 3)))
    _new_visit(*county)
    assert RollupChange.objects.exists()
    call_command("refresh_summaries", verbosity=0)
    assert not RollupChange.objects.exists() and not RollupDirty.objects.exists()
    periods = RollupPeriod.objects.count()
    assert periods == 4  # 2024, its third quarter, and the same periods of 2023
    cells = sum(RollupCell.objects.filter(period__start=D(2024, 1, 1), period__end=D(2024, 12, 31))
                .values_list("visits", flat=True))  # fmt: skip
    assert cells == live(year(), settings)["visits"]


def test_a_write_redoes_only_the_periods_it_can_count_in(county):
    from reports.counting.rollup import take_changes

    kept(year())  # 2024 and, for the comparison, 2023
    kept(Scope(Period.quarter(2024, 1)))
    visit(county[0][1], D(2024, 9, 9))  # third quarter of 2024, town A
    take_changes()
    dirty = set(RollupDirty.objects.values_list("period__start", "period__end", "township_id"))
    assert dirty == {(D(2024, 1, 1), D(2024, 12, 31), _town_a().pk)}
    Establishment.objects.filter(pk=county[0][3].pk).update(name="改名")  # a unit: any period
    take_changes()
    dirty = set(RollupDirty.objects.values_list("period__start", "period__end", "township_id"))
    kept_periods = {(D(y, 1, 1), D(y, m, d)) for y in (2023, 2024) for m, d in ((12, 31), (3, 31))}
    assert dirty == {(D(2024, 1, 1), D(2024, 12, 31), _town_a().pk)} | {
        (start, end, _town_b().pk) for start, end in kept_periods
    }


def test_a_long_change_log_is_taken_in_as_many_queries(county):
    """The log, the townships to redo and the stale cells go in one statement each, also
    while some app listens to every deletion (Django then deletes row by row, 100 a query)."""
    from django.db.models.signals import pre_delete
    from django.test.utils import CaptureQueriesContext

    def redo_queries(new_visits: int) -> int:
        visits(units(new_visits, town=_town_a()), D(2024, 9, 9))
        with CaptureQueriesContext(connection) as captured:
            kept(year())
        assert not RollupChange.objects.exists()
        return len(captured.captured_queries)

    def listener(sender, **kwargs):
        pass

    kept(year())
    pre_delete.connect(listener, dispatch_uid="test_rollup.listener")
    try:
        assert redo_queries(3) == redo_queries(250)  # 250 units and 250 visits: 500 log rows
    finally:
        pre_delete.disconnect(dispatch_uid="test_rollup.listener")
