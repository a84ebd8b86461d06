"""Drill-down lists: for every figure key the list holds exactly the records counted, in
every scope (all domains, one domain, one township, a cell of table 1), and pages, sorts and
exports like every other list. ``county()`` is also the data of the page and API tests."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from inspections.choices import InspectionKind, InspectionResult, Verdict
from licensing.choices import ApplicationPath
from reports import figures
from reports.scope import Period, Scope
from reports.sets import DRILLDOWN
from tests.reports.builders import (
    CLOSED,
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
    opinion,
    people,
    permit,
    sample,
    township,
    training,
    unit,
    units,
    visit,
)

pytestmark = pytest.mark.django_db

EAST = ("360922102", "东城镇")


def county():
    """A small county in 2024 (and a little of 2023), built from raw records: public
    places in two townships, a water-supply unit, a closed unit, and every kind of record."""
    west, east = township(), township(*EAST)
    barbers = units(3, "pp.bathing.barber", town=west)
    teahouses = units(2, "pp.lodging.teahouse", town=east)
    pool = unit("pp.sports.swimming", town=east)
    unit("pp.sports.park", town=west)  # needs no permit; never inspected
    closed = unit("pp.bathing.barber", town=west, changes=[(CLOSED, D(2023, 6, 1))])
    water = unit("dw.supply.central", town=west)

    visit(barbers[0], D(2024, 2, 1))
    flagged = visit(barbers[0], D(2024, 3, 1), result=InspectionResult.OPINION)
    follow_up(opinion(flagged), D(2024, 3, 20))
    opinion(visit(barbers[1], D(2024, 9, 1), result=InspectionResult.OPINION))
    drive = campaign(domains=[domain()])
    visit(teahouses[0], D(2024, 7, 1), kind=InspectionKind.CAMPAIGN, campaign=drive)
    pool_visit = visit(pool, D(2024, 6, 15))
    sample(pool_visit, Verdict.PASS)
    sample(pool_visit, Verdict.FAIL)
    water_visit = visit(water, D(2024, 5, 5))
    visit(barbers[0], D(2023, 4, 1))
    visit(closed, D(2023, 3, 1))

    permit(barbers[2], D(2022, 5, 1))
    permit(teahouses[0], D(2024, 3, 1))
    permit(water, D(2024, 4, 1))
    application(teahouses[0], D(2024, 2, 20))
    application(barbers[1], D(2024, 6, 1), path=ApplicationPath.COMMITMENT)
    consultation(D(2024, 3, 3), barbers[0])
    consultation(D(2024, 4, 4))
    complaint(D(2024, 3, 5), target=barbers[0], closed=D(2024, 3, 25))
    complaint(D(2024, 11, 5))

    staff = people(barbers[0], 3)
    tea_staff = people(teahouses[0], 2)
    people(water, 1)
    people(barbers[1], 1, hired=D(2020, 1, 1), left=D(2023, 12, 1))  # left before 2024
    exams(staff[:2], D(2024, 4, 1))
    exams(tea_staff[:1], D(2023, 5, 1))
    training(D(2024, 7, 4), staff[:1] + tea_staff)
    # A random draw of two units: the water unit's visit was made for it, the other not.
    _, assigned = draw([water, teahouses[1]], D(2024, 4, 1))
    type(water_visit).objects.filter(pk=water_visit.pk).update(draw_assignment=assigned[0])

    case(barbers[1], D(2024, 5, 10), decided_on=D(2024, 6, 1), fine=3000)
    case(None, D(2024, 8, 1))
    case(None, D(2024, 9, 1), violation="illegal-practice", decided_on=D(2024, 10, 1), gains=500)
    case(barbers[0], D(2023, 5, 1))
    # 简易程序: a fine decided on the spot, counted apart.
    case(barbers[2], D(2024, 7, 1), decided_on=D(2024, 7, 1), fine=100, procedure="simple")
    return {"barbers": barbers, "teahouses": teahouses, "west": west, "east": east}


def scope_2024(dom="public_places", town=None) -> Scope:
    return Scope(Period.year(2024), domain(dom) if dom else None, town)


def figure_value(data: dict, key: str) -> int:
    if key == "uninspected_units":
        return data["units"] - data["inspected_units"]
    if key == "licence_missing":
        return data["licence_due"] - data["licences_issued"]
    return data[key]


def drill(client, key, scope, **extra):
    params = {**scope.as_params(), **extra}
    return client.get(reverse("reports:drill", args=[key]), params)


@pytest.fixture
def town(db):
    return county()


@pytest.mark.parametrize(
    "variant", ["all domains", "public places", "one township", "first half", "water"]
)
def test_every_list_counts_exactly_its_figure(variant, town, client_as, manager):
    scope = {
        "all domains": scope_2024(None),
        "public places": scope_2024(),
        "one township": scope_2024(town=town["east"]),
        "first half": Scope(Period.half(2024, 1), domain("public_places")),
        "water": scope_2024("drinking_water"),
    }[variant]
    data = figures.summary(scope)
    client = client_as(manager)
    seen = {}
    for key in DRILLDOWN:
        response = drill(client, key, scope)
        assert response.status_code == 200, key
        count = response.context["page"].paginator.count
        assert count == figure_value(data, key), f"{variant}: {key}"
        assert f"共 {count} 条" in response.content.decode()
        seen[key] = count
    if variant == "all domains":  # the data exercise every list
        assert all(seen.values()), [k for k, v in seen.items() if not v]


def test_a_table_one_cell_lists_the_records_of_its_kind(town, client_as, manager):
    scope = scope_2024()
    data = figures.summary(scope)
    client = client_as(manager)
    for row in data["by_category"]:
        for key in ("units", "inspected_units", "licence_due", "licences_issued", "visits"):
            response = drill(client, key, scope, category=row["category"])
            assert response.context["page"].paginator.count == row[key], (row["kind"], key)
        for key in ("practitioners", "examined", "trained", "licensed_before"):
            response = drill(client, key, scope, category=row["category"])
            assert response.context["page"].paginator.count == row[key], (row["kind"], key)
    response = drill(client, "units", scope, category="pp.bathing.barber")
    assert "仅含类别：理发店" in response.content.decode()
    barber = next(r for r in data["by_category"] if r["kind"] == "理发店")
    assert (barber["units"], barber["visits"], barber["practitioners"]) == (3, 4, 3)
    # A class row of table 1 passes all its kinds.
    group = next(g for g in data["by_class"] if g["class"] == "文化娱乐场所")
    codes = [k["category"] for k in group["kinds"]]
    response = drill(client, "units", scope, category=codes)
    assert response.context["page"].paginator.count == group["units"] == 2


def test_the_page_names_the_figure_and_its_definition(town, client_as, inspector):
    response = drill(client_as(inspector), "licences_issued", scope_2024())
    page = response.content.decode()
    shown = figures.FIGURES["licences_issued"]
    label, definition = shown.label, shown.definition
    assert f"{label}明细" in page and definition in page
    assert "2024年 · 公共场所" in page
    assert town["teahouses"][0].name in page
    assert town["barbers"][2].name not in page  # licensed before the year: not issued


def test_units_list_shows_the_columns_of_a_unit(town, client_as, clerk):
    page = drill(client_as(clerk), "units", scope_2024(town=town["east"])).content.decode()
    tea = town["teahouses"][0]
    for text in (tea.name, tea.credit_code, "茶楼（茶座）", "东城镇", "营业"):
        assert text in page
    assert town["barbers"][0].name not in page  # another township


def test_practitioners_are_listed_with_masked_id_numbers(town, client_as, administrator):
    response = drill(client_as(administrator), "examined", scope_2024())
    page = response.content.decode()
    shown = [row[0] for row in response.context["rows"]]
    assert len(shown) == 2
    for p in shown:
        assert p.id_number not in page
        assert p.id_number_masked in page
    assert "2024-04-01" in page  # latest exam date


def test_inspections_list_their_inspectors_and_sort(town, client_as, manager):
    client = client_as(manager)
    response = drill(client, "visits", scope_2024(), sort="inspected_at")
    dates = [obj.inspected_at for obj, _ in response.context["rows"]]
    assert dates == sorted(dates) and len(dates) == 6
    first, cells = response.context["rows"][0]
    names = dict((column.key, value) for column, value in cells)["inspectors"]
    assert names == "、".join(u.get_full_name() for u in first.inspectors.order_by("pk"))
    assert names in response.content.decode()


def test_export_holds_the_same_records(town, client_as, manager):
    client = client_as(manager)
    scope = scope_2024()
    response = drill(client, "practitioners", scope, export="xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("姓名", "身份证号码")
    assert len(rows) - 1 == figures.summary(scope)["practitioners"] == 5
    assert all("*" in row[1] for row in rows[1:])


def test_bad_dates_show_the_error_and_list_nothing(town, client_as, manager):
    response = client_as(manager).get(
        reverse("reports:drill", args=["units"]), {"start": "2024-12-31", "end": "2024-01-01"}
    )
    assert response.status_code == 200
    assert response.context["filterset"].form.errors["end"] == ["结束日期不能早于开始日期。"]
    assert response.context["page"].paginator.count == 0


def test_unknown_figure_is_404(db, client_as, manager):
    response = client_as(manager).get(reverse("reports:drill", args=["nonsense"]))
    assert response.status_code == 404


def test_outsider_is_refused(db, client_as, outsider):
    response = client_as(outsider).get(reverse("reports:drill", args=["units"]))
    assert response.status_code == 403


def test_list_queries_do_not_grow_with_the_rows(db, client_as, manager):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    county()
    client = client_as(manager)
    scope = scope_2024()
    counts = {}
    for key in DRILLDOWN:
        drill(client, key, scope)  # warm the session
        with CaptureQueriesContext(connection) as small:
            drill(client, key, scope)
        counts[key] = len(small)
    county()  # twice the records
    for key in DRILLDOWN:
        with CaptureQueriesContext(connection) as large:
            drill(client, key, scope)
        assert len(large) == counts[key], key


def test_units_are_listed_as_on_the_registry_list(town, client_as, manager):
    """The drill-down of units takes the registry's columns (premises/tables.py): the kind
    by its name, sorted by its code, as on the units' list — not its parent's name too."""
    from premises.tables import ESTABLISHMENTS

    client = client_as(manager)
    response = drill(client, "units", scope_2024(), sort="category")
    assert response.status_code == 200
    columns = {column.key: column for column in response.context["columns"]}
    assert columns["category"] == ESTABLISHMENTS.column("category")
    rows = response.context["rows"]
    shown = [dict((c.key, v) for c, v in cells)["category"] for _obj, cells in rows]
    assert shown == [obj.category.name for obj, _cells in rows]
    assert [obj.category.code for obj, _cells in rows] == sorted(
        obj.category.code for obj, _cells in rows
    )


def test_every_drill_down_reuses_its_records_own_columns():
    """No drill-down declares a column its records' own table already has."""
    from inspections.tables import INSPECTIONS, OPINIONS
    from licensing.tables import APPLICATIONS, CONSULTATIONS, PERMITS
    from penalties.tables import CASES
    from premises.tables import ESTABLISHMENTS, PRACTITIONERS
    from reports.tables import RECORD_KINDS

    own = {
        "establishment": ESTABLISHMENTS,
        "inspection": INSPECTIONS,
        "practitioner": PRACTITIONERS,
        "opinion": OPINIONS,
        "application": APPLICATIONS,
        "consultation": CONSULTATIONS,
        "permit": PERMITS,
        "case": CASES,
    }
    for name, table in own.items():
        keys = {c.key for c in table}
        for column in RECORD_KINDS[name].columns:
            if column.key in keys:
                mine = table.column(column.key)
                assert (column.header, column.value, column.kind) == (
                    mine.header,
                    mine.value,
                    mine.kind,
                ), (name, column.key)
