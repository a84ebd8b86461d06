"""summary(scope) runs the same number of SQL queries whatever the amount of data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inspections.choices import InspectionKind, InspectionResult, Verdict
from licensing.choices import ApplicationPath
from premises.models import Supervision
from reports import figures
from reports.counting.rollup import split_domains
from reports.scope import Period, Scope
from tests.reports.builders import (
    D,
    application,
    campaign,
    case,
    complaint,
    consultation,
    domain,
    draw,
    exams,
    follow_up,
    kind,
    opinion,
    people,
    permit,
    problems,
    sample,
    township,
    training,
    unit,
    units,
    visit,
    visits,
)

pytestmark = pytest.mark.django_db
KINDS = ("pp.bathing.barber", "pp.lodging.hotel", "pp.entertainment.netcafe", "dw.supply.central")


def activity(scale: int):
    """``scale`` times the same mix of records, in two townships, two years, two domains."""
    towns = [township("360922101", "康乐街道"), township("360922102", "株潭镇")]
    drive = campaign(f"专项整治{scale}", D(2024, 5, 1), D(2024, 9, 30), domains=[domain()])
    for n in range(scale):
        for i, code in enumerate(KINDS):
            shops = units(3, code, town=towns[i % 2])
            for y in (2023, 2024):
                visits(shops, D(y, 3, 1 + n % 20))
                in_drive = {"kind": InspectionKind.CAMPAIGN, "campaign": drive}
                hit = visit(shops[0], D(y, 6, 2), result=InspectionResult.OPINION,
                            **(in_drive if y == 2024 else {}))  # fmt: skip
                follow_up(opinion(hit), D(y, 6, 20))
                problems(hit, "q-no-disinfection", f"q-kind-{i}")
                _, drawn = draw(shops, D(y, 4, 1 + n % 20))
                type(hit).objects.filter(pk=hit.pk).update(draw_assignment=drawn[0])
                sample(hit, Verdict.FAIL if n % 2 else Verdict.PASS)
                case(shops[1], D(y, 4, 1), decided_on=D(y, 5, 1), fine=2000, inspection=hit)
                case(shops[2], D(y, 7, 1))
                permit(shops[1], D(y, 8, 8 + n % 20))
                consultation(D(y, 2, 2), shops[0])
                staff = people(shops[0], 3)
                exams(staff[:2], D(y, 4, 4))
                training(D(y, 7, 4), staff[1:])
            application(shops[2], D(2024, 3, 3), path=ApplicationPath.COMMITMENT)
        # The whole office: a hospital also supervised for X-ray (two domains, one unit),
        # inspected and penalised under the further one; a complaint; illegal practice.
        hospital = unit("md.institution.hospital", town=towns[0])
        Supervision.objects.create(
            establishment=hospital, category=kind("rd.diagnosis.xray"), started_on=D(2015, 1, 1)
        )
        for y in (2023, 2024):
            visit(hospital, D(y, 4, 10))
            xray = visit(hospital, D(y, 6, 3))
            type(xray).objects.filter(pk=xray.pk).update(category=kind("rd.diagnosis.xray"))
            case(hospital, D(y, 6, 20), violation="rad-41-4", decided_on=D(y, 8, 1), fine=2000)
            case(unit("md.illegal.unlicensed"), D(y, 5, 6), violation="illegal-practice",
                 decided_on=D(y, 7, 1), fine=5000)  # fmt: skip
            complaint(D(y, 3, 3), target=shops[0], closed=D(y, 3, 20))


def queries_for(scope) -> int:
    with CaptureQueriesContext(connection) as captured:
        figures.summary(scope)
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    ("dom", "town"),
    [(None, None), ("public_places", None), (None, "360922101"), ("public_places", "360922102")],
)
def test_summary_queries_do_not_grow_with_the_data(dom, town):
    """Counted right after records were written (the kept counts of the townships written
    are redone) and once more (nothing to redo): neither grows with the data."""

    def scope():
        return Scope(
            Period.year(2024),
            domain=domain(dom) if dom else None,
            township=township(town) if town else None,
        )

    activity(1)
    small_data = figures.summary(scope())  # the periods' counts are kept from now on
    activity(1)
    small_redo, small_kept = queries_for(scope()), queries_for(scope())
    small_data = figures.summary(scope())
    activity(3)  # five times as much in all
    large_redo, large_kept = queries_for(scope()), queries_for(scope())
    large_data = figures.summary(scope())

    assert large_data["visits"] == 5 * small_data["visits"] // 2 > 0
    assert large_data["cases"] == 5 * small_data["cases"] // 2 > 0
    assert (large_redo, large_kept) == (small_redo, small_kept)
    # one per figure group, the year before included (#19 added three: the training
    # sessions' details, the draws, the campaigns' problems; the officers sent and the
    # attendance are read with the cells); PostgreSQL takes two more than SQLite (the
    # report's work_mem)
    assert small_kept <= 37, small_kept
    # and the few to count the townships written again: each kept period (this year and
    # the year before) of all domains and of each domain whose cells are kept apart (a
    # unit's further domain) counted in seven queries, plus the change log's: bounded by
    # the domains, not the data
    recounts = 2 * (1 + len(split_domains()))
    assert small_redo <= small_kept + 16 + 7 * recounts, small_redo


def test_a_custom_period_is_counted_live_in_as_many_queries():
    def scope():
        return Scope(Period(D(2024, 2, 1), D(2024, 11, 30)))

    activity(1)
    small = queries_for(scope())
    small_data = figures.summary(scope())
    activity(4)
    large = queries_for(scope())
    assert figures.summary(scope())["visits"] == 5 * small_data["visits"] > 0
    assert large == small
