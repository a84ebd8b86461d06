"""A voided inspection or sample (#15, inspections.services.corrections) stays in the
history but drops out of every figure and every list of the reports: the summary's 户次
and inspected units (kept cells and live counts alike), the drill-downs, the dashboard's
months and the information cards due."""

import pytest

from inspections.choices import Verdict
from inspections.models import Inspection, Sample
from inspections.services.corrections import inspection_void, sample_void
from reports import figures
from reports.models.cards import RULES, CardKind
from reports.presentation.dashboard import visits_by_month
from reports.scope import Period, Scope
from reports.sets import RecordSets
from tests.reports.test_drilldown import county, drill, scope_2024

pytestmark = pytest.mark.django_db


def _listed(client, key, scope) -> set[int]:
    response = drill(client, key, scope, per_page=100)
    assert response.status_code == 200
    return {obj.pk for obj, _cells in response.context["rows"]}


@pytest.mark.parametrize("kept", [True, False], ids=["kept cells", "counted live"])
def test_a_voided_visit_leaves_the_counts_and_the_drilldowns(kept, settings, client_as, manager):
    settings.REPORTS_ROLLUP = kept
    town = county()
    tea = town["teahouses"][0]
    scope = scope_2024()
    before = figures.summary(scope)  # counted (and kept) before the void
    mistaken = Inspection.objects.get(establishment=tea, inspected_at__year=2024)
    client = client_as(manager)
    assert mistaken.pk in _listed(client, "visits", scope)
    assert tea.pk in _listed(client, "inspected_units", scope)

    inspection_void(inspection=mistaken, user=manager, reason="录错单位")

    after = figures.summary(scope)
    assert after["visits"] == before["visits"] - 1
    assert after["inspected_units"] == before["inspected_units"] - 1
    assert after["inspections_by_kind"] != before["inspections_by_kind"]
    assert mistaken.pk not in _listed(client, "visits", scope)
    assert tea.pk not in _listed(client, "inspected_units", scope)
    assert tea.pk in _listed(client, "uninspected_units", scope)
    assert len(_listed(client, "visits", scope)) == after["visits"]


def test_voided_samples_and_the_samples_of_a_voided_visit_are_not_counted(
    settings, client_as, manager
):
    town = county()
    scope = scope_2024()
    before = figures.summary(scope)
    assert (before["samples"], before["samples_failing"]) == (2, 1)
    failing = Sample.objects.get(verdict=Verdict.FAIL)
    sample_void(sample=failing, user=manager, reason="样品类型选错")
    after = figures.summary(scope)
    assert (after["samples"], after["samples_failing"]) == (1, 0)
    client = client_as(manager)
    assert failing.pk not in _listed(client, "samples", scope)
    pool_visit = failing.inspection
    inspection_void(inspection=pool_visit, user=manager, reason="重复录入")
    assert figures.summary(scope)["samples"] == 0
    assert not _listed(client, "samples", scope)
    assert town  # the county's other records stay


def test_dashboard_months_and_cards_leave_the_voided_out(manager):
    county()
    records = RecordSets(Scope(Period.year(2024)))
    months = visits_by_month(records)
    mistaken = Inspection.objects.filter(inspected_at__year=2024, inspected_at__month=5).get()
    cards = RULES[CardKind.INSPECTION].records
    assert cards().filter(pk=mistaken.pk).exists()
    inspection_void(inspection=mistaken, user=manager, reason="重复录入")
    after = visits_by_month(RecordSets(Scope(Period.year(2024))))
    assert after[4] == months[4] - 1
    assert not cards().filter(pk=mistaken.pk).exists()
