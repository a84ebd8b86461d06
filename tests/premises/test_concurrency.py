"""Two clerks registering the same credit code at the same moment (PostgreSQL, real threads).

SQLite serialises writers and would hide the race, so this runs against PostgreSQL, which
CI always provides (.ci/run runs the suite on PostgreSQL first).
"""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from premises import services
from premises.models import Establishment
from tests.factories import TownshipFactory, kind

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the race needs PostgreSQL"),
]


def test_same_credit_code_at_the_same_moment_registers_once(clerk):
    from django.db import connections

    township = TownshipFactory()
    barrier = threading.Barrier(2)
    outcomes = []

    def register(name):
        try:
            barrier.wait(timeout=10)
            services.establishment_create(
                user=clerk,
                opened_on=datetime.date(2022, 1, 1),
                name=name,
                credit_code="91350100M000100Y43",
                legal_representative="王五",
                address="解放路1号",
                township=township,
                category=kind("pp.lodging.hotel"),
            )
            outcomes.append("created")
        except ValidationError as exc:
            outcomes.append(exc.message_dict)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(f"窗口{i}",)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(map(str, outcomes)).count("created") == 1, outcomes
    refused = next(o for o in outcomes if o != "created")
    assert "credit_code" in refused
    assert Establishment.objects.filter(credit_code="91350100M000100Y43").count() == 1
