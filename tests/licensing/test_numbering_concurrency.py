"""Eight clerks issuing permits at the same moment (PostgreSQL, real threads).

SQLite serialises writers and would hide the race, so the threaded test needs PostgreSQL;
the roll-back test runs on any database.
"""

import threading

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from licensing import services
from licensing.models import Permit
from tests.conftest import make_persona
from tests.factories import EstablishmentFactory, UserFactory
from tests.licensing.factories import approved, public_place

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

THREADS = 8


def approved_application(clerk):
    """An application received and approved today, ready for its permit."""
    application = services.application_receive(
        user=clerk,
        establishment=EstablishmentFactory(),
        permit_type=public_place(),
        kind="new",
        business_scope="理发",
    )
    return approved(application, clerk=clerk)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the race needs PostgreSQL")
def test_permits_issued_at_the_same_moment_are_numbered_without_gaps():
    clerks = [UserFactory(role="clerk") for _ in range(THREADS)]
    work_items = [(clerk, approved_application(clerk)) for clerk in clerks]
    barrier = threading.Barrier(THREADS)
    outcomes = []

    def work(clerk, application):
        try:
            barrier.wait(timeout=10)
            permit = services.permit_issue(application=application, user=clerk)
            outcomes.append(permit.sequence)
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
    stored = sorted(
        Permit.objects.filter(permit_type=public_place(), year=year).values_list(
            "sequence", flat=True
        )
    )
    assert stored == list(range(1, THREADS + 1))
    numbers = set(Permit.objects.values_list("number", flat=True))
    assert numbers == {f"卫公证字〔{year}〕第{n:04d}号" for n in range(1, THREADS + 1)}
    assert (
        sorted(Permit.objects.values_list("application__status", flat=True)) == ["issued"] * THREADS
    )


def test_a_rolled_back_issue_gives_its_number_back():
    clerk = make_persona("clerk")
    first, jammed, retried = (approved_application(clerk) for _ in range(3))
    first = services.permit_issue(application=first, user=clerk)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.permit_issue(application=jammed, user=clerk)
        raise RuntimeError("the printer jams: the issuing transaction is rolled back")
    assert Permit.objects.count() == 1
    jammed.refresh_from_db()
    assert jammed.status == "approved"  # the application is untouched, ready to issue again
    assert services.permit_issue(application=retried, user=clerk).sequence == first.sequence + 1
    assert services.permit_issue(application=jammed, user=clerk).sequence == first.sequence + 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the race needs PostgreSQL")
def test_two_clerks_receiving_for_one_unit_at_once_make_one_application_and_one_permit():
    """Found: the same new application received twice could be issued twice. Two clerks
    at the same moment: one application is received, the other refused with the reason;
    two approved applications of one unit cannot both be issued either."""
    unit = EstablishmentFactory()
    clerks = [UserFactory(role="clerk") for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes = []

    def work(clerk):
        try:
            barrier.wait(timeout=10)
            application = services.application_receive(
                user=clerk,
                establishment=unit,
                permit_type=public_place(),
                kind="new",
                business_scope="理发",
            )
            outcomes.append(application.receipt_number)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            outcomes.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(clerk,)) for clerk in clerks]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    received = [o for o in outcomes if o.startswith("许受")]
    refused = [o for o in outcomes if "正在办理" in o]
    assert len(received) == 1 and len(refused) == 1, outcomes
    assert unit.permit_applications.count() == 1
