"""Every .xlsx the project writes stores text as text.

A unit, person or case party named like a formula (``=HYPERLINK(...)``) comes out of every
export as the characters it holds, never as a live formula (formula injection): no cell of
the workbook is a formula, the raw sheet XML holds no ``<f>`` element, and the text is the
name with the guarding ``'`` in front (OWASP), so that editing the cell later does not turn
it into a formula either. Names holding control characters (stored before input refused
them) no longer make the exports fail for everyone: the characters are dropped."""

import datetime
import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from core.xlsx import build_workbook, cell_value, set_cell, starts_like_a_formula
from inspections.models import RandomDraw
from penalties.models import PenaltyCase
from premises.models import Establishment, Practitioner
from reports.scope import Period, Scope
from tests.reports.builders import D, case, domain, people, permit, township, unit, visit
from tests.reports.documents_factories import county_period, radiation_units

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://evil.example/","点击查看")'
PLUS = "+1+cmd|' /C calc'!A0"
AT = "@SUM(1+1)*cmd|' /C calc'!A0"
MINUS = "-2+3+cmd|' /C calc'!A0"
WIDE = "＝1+1"  # full-width equals: a Chinese input method's formula start
TAB = "\t=1+1"
ERROR_CODE = "#N/A"  # text, not an error value


def sheets_xml(content: bytes) -> dict[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(content))
    return {n: archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")}


def assert_text_only(content: bytes) -> list:
    """No formula anywhere in the workbook; returns every cell value, sheet by sheet."""
    for name, xml in sheets_xml(content).items():
        assert not re.search(rb"<(?:\w+:)?f[\s>/]", xml), f"a formula element in {name}"
        assert b't="e"' not in xml and b't="str"' not in xml, name
    values = []
    for ws in load_workbook(io.BytesIO(content)).worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and starts_like_a_formula(cell.value):
                    # Shown as the text itself; editing it keeps it text.
                    assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
                values.append(cell.value)
    return values


def export(client, url, params=None):
    response = client.get(url, {**(params or {}), "export": "xlsx"})
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return response.content


# ---------------------------------------------------------------- the one cell function


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        (EVIL, EVIL),
        (PLUS, PLUS),
        (AT, AT),
        (MINUS, MINUS),
        (WIDE, WIDE),
        (TAB, TAB),
        ("\r=1+1", "\r=1+1"),
        ("-5", "-5"),  # text from a text field stays text (marked quote-prefixed)
        ("-", "-"),  # a lone sign is no formula
        ("悦来\x07宾馆\x0b", "悦来宾馆"),
        ("\x07=1+1", "=1+1"),  # cleaned first
        ("第一行\n第二行\t备注", "第一行\n第二行\t备注"),  # tab, LF, CR are kept
        ("bad\ufffechar", "badchar"),
        (ERROR_CODE, ERROR_CODE),
        (-5, -5),  # numbers stay numbers
        (Decimal("-12.50"), Decimal("-12.50")),
        (0.5, 0.5),
        (True, "是"),
        (None, None),
        (datetime.date(2024, 3, 1), datetime.date(2024, 3, 1)),
    ],
)
def test_cell_value_stores_text_as_text_and_numbers_as_numbers(value, stored):
    assert cell_value(value) == stored


def test_set_cell_marks_text_as_a_string_even_when_it_starts_with_equals():
    ws = Workbook().active
    cell = set_cell(ws["A1"], EVIL)
    assert cell.data_type == "s" and cell.value == EVIL and cell.quotePrefix
    assert not set_cell(ws["A4"], "悦来宾馆").quotePrefix
    assert set_cell(ws["A2"], ERROR_CODE).data_type == "s"
    assert set_cell(ws["A3"], -5).data_type == "n"


def test_the_streaming_writer_writes_no_formula_and_survives_control_characters():
    content = build_workbook(
        "单位/名单[测试]",  # characters a sheet name cannot hold
        ["名称", "数量"],
        [[EVIL, -5], ["悦来\x07宾馆", 3], [ERROR_CODE, None]],
        notes=[EVIL, "说明\x0b"],
    )
    values = assert_text_only(content)
    assert EVIL in values and -5 in values and "悦来宾馆" in values
    assert ERROR_CODE in values and "说明" in values
    assert load_workbook(io.BytesIO(content)).sheetnames == ["单位_名单_测试_", "说明"]


# ---------------------------------------------------------------- through the real pages


@pytest.fixture
def poisoned(db):
    """A county whose records are named like formulas: a barber's shop without a permit
    (so on the unlicensed list), a licensed one, an inspection, a case, a practitioner."""
    town = township()
    bad, licensed = unit("pp.bathing.barber", town=town), unit("pp.bathing.barber", town=town)
    Establishment.objects.filter(pk=bad.pk).update(name=EVIL, legal_representative=PLUS, address=AT)
    Establishment.objects.filter(pk=licensed.pk).update(name=WIDE)
    bad.refresh_from_db()
    permit(licensed, D(2024, 2, 1))
    visit(bad, D(2024, 3, 1))
    case(bad, D(2024, 5, 10))
    Practitioner.objects.filter(pk=people(bad)[0].pk).update(name=MINUS)
    return bad


LISTS = [
    ("premises:establishment_list", [EVIL, PLUS, WIDE]),
    ("premises:practitioner_list", [MINUS, EVIL]),
    ("licensing:permit_list", [WIDE]),
    ("licensing:unlicensed_list", [EVIL, PLUS]),
    ("penalties:case_list", [EVIL]),
    ("inspections:inspection_list", [EVIL]),
]


@pytest.mark.parametrize(("url_name", "names"), LISTS, ids=[u for u, _ in LISTS])
def test_list_exports_hold_formula_like_names_as_text(
    poisoned, client_as, administrator, url_name, names
):
    values = assert_text_only(export(client_as(administrator), reverse(url_name)))
    for name in names:
        assert name in values, (name, values)


DRILLS = [
    ("units", [EVIL, WIDE]),
    ("visits", [EVIL]),
    ("practitioners", [MINUS]),
    ("permits_issued", [WIDE]),
    ("cases", [EVIL]),
]


@pytest.mark.parametrize(("key", "names"), DRILLS, ids=[k for k, _ in DRILLS])
def test_drill_down_exports_hold_formula_like_names_as_text(
    poisoned, client_as, manager, key, names
):
    scope = Scope(Period.year(2024), domain("public_places"), None)
    url = reverse("reports:drill", args=[key])
    values = assert_text_only(export(client_as(manager), url, scope.as_params()))
    for name in names:
        assert name in values, (name, values)


def test_the_radiation_workbook_holds_a_formula_like_party_as_text(client_as, inspector):
    PenaltyCase.objects.filter(pk=radiation_units()["case"].pk).update(party_name=EVIL)
    period = county_period()
    response = client_as(inspector).get(
        reverse("reports:radiation_xlsx"),
        {"start": period.start.isoformat(), "end": period.end.isoformat()},
    )
    assert response.status_code == 200
    assert EVIL in assert_text_only(response.content)


def test_a_draw_named_like_a_formula_with_a_slash_exports_as_text(client_as, manager, inspector):
    draw = RandomDraw.objects.create(
        name="=1+1 第一批/2024",
        seed=7,
        parameters={},
        candidate_ids=[],
        roster_ids=[],
        created_by=inspector,
    )
    response = client_as(manager).get(reverse("inspections:draw_export", args=[draw.pk]))
    assert response.status_code == 200
    values = assert_text_only(response.content)
    assert draw.name in values  # in 验证数据, beside 抽查名称 (sheet names are fixed)


# ---------------------------------------------------------------- control characters


CONTROL_NAME = "悦来\x07宾馆\x0b"


@pytest.fixture
def control_unit(db):
    """A unit whose name holds control characters, saved before input refused them."""
    town = township()
    shop, licensed = unit("pp.bathing.barber", town=town), unit("pp.bathing.barber", town=town)
    Establishment.objects.filter(pk__in=[shop.pk, licensed.pk]).update(name=CONTROL_NAME)
    permit(licensed, D(2024, 2, 1))
    return shop


@pytest.mark.parametrize(
    ("url_name", "args", "params"),
    [
        ("premises:establishment_list", [], {}),
        ("licensing:unlicensed_list", [], {}),
        ("licensing:permit_list", [], {}),
        ("reports:drill", ["units"], {"start": "2024-01-01", "end": "2024-12-31"}),
    ],
    ids=["units", "unlicensed", "permits", "drill-down"],
)
def test_exports_answer_with_control_characters_dropped(
    control_unit, client_as, administrator, url_name, args, params
):
    content = export(client_as(administrator), reverse(url_name, args=args), params)
    values = assert_text_only(content)
    assert "悦来宾馆" in values
    assert not any(
        isinstance(v, str) and re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", v) for v in values
    )
