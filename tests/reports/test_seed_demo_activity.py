"""The demo office gets two years of activity, so the dashboard and the annual summary
have figures; the same seed gives the same activity; --if-empty loads it only once."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from inspections.models import Inspection, SupervisionOpinion
from licensing.models import Permit
from penalties.models import PenaltyCase
from reports import figures
from reports.scope import Period, Scope

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        sorted(
            Inspection.objects.values_list(
                "establishment__credit_code", "inspected_at", "kind", "result"
            )
        ),
        sorted(SupervisionOpinion.objects.values_list("number", "deadline", "status")),
        sorted(Permit.objects.values_list("establishment__credit_code", "issued_on", "number")),
        sorted(PenaltyCase.objects.values_list("number", "status", "filed_on")),
    )


def test_demo_county_gets_two_years_of_activity_once():
    call_command("seed_demo", "--seed", "5", verbosity=0)
    with transaction.atomic():  # a first run, undone: the same seed must give the same data
        call_command("seed_demo_activity", "--seed", "5", verbosity=0)
        first = snapshot()
        transaction.set_rollback(True)
    call_command("seed_demo_activity", "--seed", "5", "--if-empty", verbosity=0)
    assert snapshot() == first
    this_year = timezone.localdate().year

    now = figures.summary(Scope(Period.year(this_year)))
    before = figures.summary(Scope(Period.year(this_year - 1)))

    for data in (now, before):
        assert data["coverage_rate"] > 0.5
        assert data["visits"] > data["inspected_units"] > 0
        assert data["licences_issued"] > 0
        assert data["opinions"] > data["opinions_rectified"] > 0
        assert data["examined"] > 0 and data["trained"] > 0
        assert data["consultations"] > 0
        assert data["cases"] > 0
    assert now["decided_cases"] > 0 and now["fines"] > 0
    assert now["samples"] > 0
    assert sum(c["visits"] for c in now["campaigns"] + before["campaigns"]) > 0
    assert {r["status"] for r in now["cases_by_status"] if r["cases"]} >= {"filed", "closed"}
    assert now["year_before"]["visits"] == before["visits"]
    assert not Inspection.objects.filter(inspected_at__gt=timezone.now()).exists()

    call_command("seed_demo_activity", "--seed", "5", "--if-empty", verbosity=0)  # make run again
    assert snapshot() == first


def test_refuses_without_the_demo_county():
    with pytest.raises(CommandError, match="seed_demo"):
        call_command("seed_demo_activity", verbosity=0)
