"""应发证 in the summary follows the permit types' kinds (issue #16): a water supplier is due
and, with its permit, issued (no longer 0% for ever); a kind no type lists is never due;
taking a kind off its type takes its units out of 应发证."""

import pytest

from licensing.models import PermitType
from reports import figures, sets
from reports.scope import Period, Scope
from tests.reports.builders import D, domain, kind, permit, unit

pytestmark = pytest.mark.django_db


def water_year() -> Scope:
    return Scope(Period.year(2024), domain=domain("drinking_water"))


def test_water_suppliers_are_due_and_their_permits_count_as_issued():
    works = unit("dw.supply.central")
    permit(works, D(2024, 4, 1), type_code="water_central")
    tank = unit("dw.supply.secondary")
    permit(tank, D(2022, 4, 1), type_code="water_secondary")  # held all year
    vending = unit("dw.supply.vending")  # due, no permit yet
    well = unit("dw.supply.school_well")  # needs no permit
    unit("dw.products.seller")  # needs no permit

    data = figures.summary(water_year())

    assert (data["units"], data["licensed_before"], data["licence_due"]) == (5, 1, 2)
    assert data["licences_issued"] == 1
    assert data["licensing_rate"] == 0.5
    due = sets.DRILLDOWN["licence_due"][1](sets.RecordSets(water_year()))
    assert set(due.values_list("pk", flat=True)) == {works.pk, vending.pk}
    assert well.pk not in set(due.values_list("pk", flat=True))


def test_a_kind_taken_off_its_type_is_no_longer_due():
    teahouse = unit("pp.lodging.teahouse")
    barber = unit("pp.bathing.barber")
    scope = Scope(Period.year(2024), domain=domain())
    assert figures.summary(scope)["licence_due"] == 2  # seed 000's practice: 茶楼 due

    PermitType.objects.get(code="public_place").categories.remove(kind("pp.lodging.teahouse"))

    data = figures.summary(scope)
    assert data["licence_due"] == 1
    due = sets.DRILLDOWN["licence_due"][1](sets.RecordSets(scope))
    assert list(due.values_list("pk", flat=True)) == [barber.pk]
    assert teahouse.pk not in {r.pk for r in sets.RecordSets(scope).units_where("due")}
