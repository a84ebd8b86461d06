"""Eight officers filing cases at the same moment (PostgreSQL, real threads).

SQLite serialises writers and would hide the race, so the threaded test needs PostgreSQL;
the roll-back test runs on any database.
"""

import threading

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from penalties.models import PenaltyCase
from tests.factories import EstablishmentFactory
from tests.penalties.factories import file_case, officers

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

THREADS = 8


def file_today(team, establishment):
    today = timezone.localdate()
    return file_case(team=team, establishment=establishment, filed_on=today, occurred_on=today)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the race needs PostgreSQL")
def test_cases_filed_at_the_same_moment_are_numbered_without_gaps():
    work_items = [(officers(2), EstablishmentFactory()) for _ in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    outcomes = []

    def work(team, establishment):
        try:
            barrier.wait(timeout=10)
            outcomes.append(file_today(team, establishment).sequence)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            outcomes.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=item) for item in work_items]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes, key=str) == list(range(1, THREADS + 1)), outcomes
    year = timezone.localdate().year
    cases = PenaltyCase.objects.filter(year=year)
    assert sorted(cases.values_list("sequence", flat=True)) == list(range(1, THREADS + 1))
    assert sorted(cases.values_list("number", flat=True)) == [
        f"万卫公立〔{year}〕{n:03d}号" for n in range(1, THREADS + 1)
    ]
    assert all(case.officers.count() == 2 and case.steps.count() == 1 for case in cases)


def test_a_rolled_back_filing_gives_its_number_back():
    team = officers(2)
    first = file_today(team, EstablishmentFactory())
    with pytest.raises(RuntimeError), transaction.atomic():
        file_today(team, EstablishmentFactory())
        raise RuntimeError("the approval form fails to print: the filing is rolled back")
    assert PenaltyCase.objects.count() == 1
    assert file_today(team, EstablishmentFactory()).sequence == first.sequence + 1
