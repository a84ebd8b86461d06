"""A unit supervised under several domains (premises.Supervision): a hospital that does
X-ray and has a 候诊室 counts in medical, radiation and public places, each under its kind
there and with the work done under that domain, and once in all domains; kept and live
counts agree; drill-downs list exactly each figure."""

import pytest

from inspections.choices import InspectionResult
from premises.models import Supervision
from reports import figures, sets
from reports.scope import Period, Scope
from tests.reports.builders import D, domain, kind, opinion, permit, township, unit, visit

pytestmark = pytest.mark.django_db


SINCE = D(2020, 1, 1)


def further(target, code, started_on=SINCE, ended_on=None):
    return Supervision.objects.create(
        establishment=target,
        category=kind(code),
        started_on=started_on,
        ended_on=ended_on,
        end_reason="停止放射诊疗" if ended_on else "",
    )


def inspected_under(target, moment, code, **kw):
    made = visit(target, moment, **kw)
    type(made).objects.filter(pk=made.pk).update(category=kind(code))
    made.refresh_from_db()
    return made


@pytest.fixture
def county():
    hospital = unit("md.institution.hospital")
    further(hospital, "rd.diagnosis.xray")
    further(hospital, "pp.transport.waiting_room")
    visit(hospital, D(2024, 3, 1))  # 医疗机构 under its main kind
    inspected_under(hospital, D(2024, 4, 1), "rd.diagnosis.xray", result=InspectionResult.OPINION)
    permit(hospital, D(2024, 5, 1), type_code="radiation")
    barber = unit("pp.bathing.barber")
    visit(barber, D(2024, 6, 1))
    clinic = unit("md.institution.clinic")  # stopped X-ray in 2023: radiation no more
    further(clinic, "rd.diagnosis.xray", D(2020, 1, 1), D(2023, 6, 30))
    return hospital, barber, clinic


def summary(dom=None):
    return figures.summary(Scope(Period.year(2024), domain=domain(dom) if dom else None))


def rows(data):
    return {row["kind"]: row for row in data["by_category"]}


def test_a_hospital_counts_in_each_of_its_domains_and_once_in_all(county):
    medical, radiation, public, everything = (
        summary("medical"),
        summary("radiation"),
        summary("public_places"),
        summary(),
    )

    assert (medical["units"], medical["visits"]) == (2, 1)  # the hospital and the clinic
    assert rows(medical)["医院"]["inspected_units"] == 1
    # Radiation: the hospital under X射线影像诊断, its radiation visit and permit; the clinic
    # stopped before 2024.
    assert (radiation["units"], radiation["visits"], radiation["inspected_units"]) == (1, 1, 1)
    assert rows(radiation)["X射线影像诊断"]["units"] == 1
    assert (radiation["licence_due"], radiation["licences_issued"]) == (1, 1)
    assert radiation["opinions"] == 0 or radiation["opinions"] == medical["opinions"] == 0
    # Public places: the barber and the hospital's 候诊室 (due a permit, none issued; never
    # inspected as a public place).
    assert public["units"] == 2
    assert rows(public)["候诊室"]["units"] == 1
    assert rows(public)["候诊室"]["inspected_units"] == 0
    assert (public["licence_due"], public["licences_issued"]) == (2, 0)
    assert public["visits"] == 1
    # All domains: three units, each once; every visit once.
    assert everything["units"] == 3
    assert everything["visits"] == 3
    assert everything["inspected_units"] == 2
    # ... each row of table 1 counts its units with their visits: the hospital's X-ray
    # visit is in its 医院 row there, not in a radiation row without units.
    assert (rows(everything)["医院"]["units"], rows(everything)["医院"]["visits"]) == (1, 2)
    assert "X射线影像诊断" not in rows(everything)


@pytest.mark.parametrize("dom", ["medical", "radiation", "public_places", None])
def test_kept_counts_equal_live_counts_for_every_domain(county, dom, settings):
    kept = summary(dom)
    settings.REPORTS_ROLLUP = False
    live = summary(dom)
    assert kept == live
    # A further domain ended later is counted again, kept as live.
    settings.REPORTS_ROLLUP = True
    hospital = county[0]
    Supervision.objects.filter(establishment=hospital, domain=domain("radiation")).update(
        ended_on=D(2023, 12, 31), end_reason="停止放射诊疗"
    )
    kept = summary(dom)
    settings.REPORTS_ROLLUP = False
    assert kept == summary(dom)
    if dom == "radiation":
        assert kept["units"] == 0


@pytest.mark.parametrize("dom", ["medical", "radiation", "public_places", None])
def test_every_drilldown_lists_exactly_its_figure(county, dom):
    scope = Scope(Period.year(2024), domain=domain(dom) if dom else None)
    data = figures.summary(scope)
    for key, (_, records) in sets.DRILLDOWN.items():
        if key in data:
            assert records(sets.RecordSets(scope)).count() == data[key], key


def test_a_row_of_all_domains_drills_down_to_units_of_that_main_kind(county, client):
    from tests.conftest import make_persona

    client.force_login(make_persona("manager"))
    query = {"start": "2024-01-01", "end": "2024-12-31", "category": "md.institution.hospital"}
    units = client.get("/reports/drill/units/", query).content.decode()
    visits = client.get("/reports/drill/visits/", query).content.decode()
    assert county[0].name in units and county[2].name not in units
    assert visits.count(county[0].name) == 2  # both of its visits, the X-ray one too


def test_a_table_row_of_a_further_kind_drills_down_to_the_unit(county, client):
    from tests.conftest import make_persona

    client.force_login(make_persona("manager"))
    response = client.get(
        "/reports/drill/units/",
        {"start": "2024-01-01", "end": "2024-12-31", "domain": "public_places",
         "category": "pp.transport.waiting_room"},
    )  # fmt: skip
    assert response.status_code == 200
    assert county[0].name in response.content.decode()
    assert county[1].name not in response.content.decode()


def test_opinions_count_in_the_domain_of_their_inspection(county):
    hospital = county[0]
    radiation_visit = hospital.inspections.get(category__domain__code="radiation")
    opinion(radiation_visit)
    assert summary("radiation")["opinions"] == 1
    assert summary("medical")["opinions"] == 0
    assert summary()["opinions"] == 1
    assert township().pk == hospital.township_id
