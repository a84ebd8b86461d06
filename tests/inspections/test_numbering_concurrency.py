"""Eight inspectors issuing opinions at the same moment (PostgreSQL, real threads).

SQLite serialises writers and would hide the race, so the threaded test needs PostgreSQL;
the roll-back test runs on any database.
"""

import datetime
import threading

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from core.models import DocumentSeries
from inspections import services
from inspections.models import SupervisionOpinion
from tests.inspections.factories import record

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

THREADS = 8


@pytest.fixture(autouse=True)
def opinion_series():
    DocumentSeries.objects.get_or_create(
        code="opinion",
        defaults={"name": "卫生监督意见书", "pattern": "卫监意〔{year}〕{number:04d}号"},
    )


def issue(inspection):
    return services.opinion_issue(
        inspection=inspection,
        items=[("未设消毒间", "设置专用消毒间")],
        deadline=timezone.localdate() + datetime.timedelta(days=15),
        user=inspection.recorded_by,
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the race needs PostgreSQL")
def test_opinions_issued_at_the_same_moment_are_numbered_without_gaps():
    inspections = [record() for _ in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    outcomes = []

    def work(inspection):
        try:
            barrier.wait(timeout=10)
            outcomes.append(issue(inspection).sequence)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            outcomes.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i,)) for i in inspections]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes, key=str) == list(range(1, THREADS + 1)), outcomes
    year = timezone.localdate().year
    stored = sorted(SupervisionOpinion.objects.filter(year=year).values_list("sequence", flat=True))
    assert stored == list(range(1, THREADS + 1))
    numbers = set(SupervisionOpinion.objects.values_list("number", flat=True))
    assert len(numbers) == THREADS


def test_a_rolled_back_issue_gives_its_number_back():
    first = issue(record())
    with pytest.raises(RuntimeError), transaction.atomic():
        issue(record())
        raise RuntimeError("the printer jams: the issuing transaction is rolled back")
    assert SupervisionOpinion.objects.count() == 1
    assert issue(record()).sequence == first.sequence + 1
