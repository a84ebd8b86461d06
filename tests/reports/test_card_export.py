"""Reporting upward (issue #19): the cards owed exported one sheet per card with the
card's fields, and the two defects of what is owed — a permit registered (补录) from before
the office used Weijian owes no unit card, and nothing before REPORTING_SINCE is owed (in
the lists and in the overview's counts).

The clock is that of tests/reports/test_reporting.py: Wednesday 12 March 2025, Monday
10 March a holiday; an event on 4 March is due today, one on 3 March is late."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from core.models import CalendarDay
from licensing import services as licensing
from licensing.choices import PermitOrigin
from reports.models import CardKind, cards
from tests.licensing.factories import public_place
from tests.reports import builders as b

pytestmark = pytest.mark.django_db

ON = datetime.date(2025, 3, 12)
DUE_DAY = datetime.date(2025, 3, 4)
LATE_DAY = datetime.date(2025, 3, 3)
URL = "reports:reporting_cards_xlsx"
SHEETS = ["被监督单位信息卡", "监督检查信息卡", "案件查处信息卡"]


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    CalendarDay.objects.create(date=datetime.date(2025, 3, 10), is_workday=False, name="测试假日")
    monkeypatch.setattr(cards, "today", lambda: ON)


def ids(kind, state):
    return set(cards.in_state(kind, state, on=ON).values_list("pk", flat=True))


def counts(kind):
    return next(row for row in cards.overview(on=ON) if row["kind"] == kind)


def registered(unit, issued_on, clerk):
    """补录: a permit issued before the office used Weijian."""
    return licensing.permit_register(
        user=clerk,
        establishment=unit,
        permit_type=public_place(),
        issued_on=issued_on,
        expires_on=issued_on + datetime.timedelta(days=1460),
        business_scope="理发",
    )


# ---------------------------------------------------------------- what is owed


def test_a_permit_registered_in_2021_owes_no_unit_card(clerk):
    old = b.unit()
    permit = registered(old, datetime.date(2021, 6, 1), clerk)
    assert permit.origin == PermitOrigin.REGISTERED
    b.visit(old, LATE_DAY)  # its first visit here does not make it a new unit
    new = b.unit()
    b.permit(new, LATE_DAY)  # issued here: its card is late
    assert ids(CardKind.UNIT, cards.LATE) == {new.pk}
    assert ids(CardKind.UNIT, cards.DUE) == set()
    assert (counts(CardKind.UNIT)["late"], counts(CardKind.UNIT)["due"]) == (1, 0)
    assert cards.event_of(CardKind.UNIT, old) is None
    # The visit itself owes its inspection card.
    assert len(ids(CardKind.INSPECTION, cards.LATE)) == 1


def test_a_unit_first_inspected_then_registered_still_owes_its_card(clerk):
    """The registered permit is no event; a first visit before it still is."""
    unit = b.unit()
    b.visit(unit, LATE_DAY)
    registered(unit, datetime.date(2025, 3, 5), clerk)
    assert ids(CardKind.UNIT, cards.LATE) == {unit.pk}


def test_nothing_before_reporting_since_is_owed_nor_counted(settings):
    settings.REPORTING_SINCE = "2025-03-05"
    before = b.visit(b.unit(), DUE_DAY)  # due today, were it tracked
    after = b.visit(b.unit(), datetime.date(2025, 3, 11))
    b.visit(b.unit(), datetime.date(2024, 12, 2))  # long late, were it tracked
    assert ids(CardKind.INSPECTION, cards.DUE) == {after.pk}
    assert before.pk not in ids(CardKind.INSPECTION, cards.LATE)
    row = counts(CardKind.INSPECTION)
    assert (row["due"], row["late"]) == (1, 0)
    assert (counts(CardKind.UNIT)["due"], counts(CardKind.UNIT)["late"]) == (1, 0)


def test_the_overview_page_shows_the_counts_without_the_past(client, clerk, settings):
    settings.REPORTING_SINCE = "2025-03-05"
    b.visit(b.unit(), datetime.date(2024, 12, 2))
    registered(b.unit(), datetime.date(2021, 6, 1), clerk)
    client.force_login(clerk)
    page = client.get(reverse("reports:reporting")).content.decode()
    assert 'class="num overdue"' not in page  # nothing late
    assert reverse(URL) in page


# ---------------------------------------------------------------- the export


def sheets(response) -> dict[str, list[dict]]:
    """Each sheet's rows as {header: value}, as a user reading the file sees them."""
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    found = {}
    for ws in book.worksheets:
        rows = [[c.value for c in row] for row in ws.iter_rows()]
        if ws.title == "说明":
            found[ws.title] = [r[0] for r in rows]
            continue
        found[ws.title] = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
        found[ws.title + ":headers"] = rows[0]
        found[ws.title + ":note"] = ws["A1"].comment.text if ws["A1"].comment else ""
        found[ws.title + ":cells"] = ws
    return found


def test_the_export_has_a_sheet_per_card_with_its_fields(client, clerk, settings):
    settings.REPORTING_SINCE = "2025-01-01"
    town = b.township()
    unit = b.unit(town=town)
    unit.name = '=HYPERLINK("http://x.example","点击")'
    unit.legal_representative = "王五"
    unit.address = "解放路8号"
    unit.save()
    permit = b.permit(unit, LATE_DAY)
    inspection = b.visit(unit, DUE_DAY)
    opinion = b.opinion(inspection)
    old = b.unit()
    registered(old, datetime.date(2021, 6, 1), clerk)  # owes nothing
    b.visit(b.unit(), datetime.date(2024, 12, 2))  # before REPORTING_SINCE: owes nothing
    case = b.case(
        unit,
        datetime.date(2025, 1, 6),
        decided_on=DUE_DAY,
        fine=3000,
        gains=500,
        closed_on=DUE_DAY,
        outcome="penalised",
    )
    client.force_login(clerk)
    got = sheets(client.get(reverse(URL)))

    assert [t for t in got if ":" not in t] == [*SHEETS, "说明"]
    for title in SHEETS:
        assert "未核实" in got[title + ":note"]
    assert any("未核实" in line for line in got["说明"])

    assert got["被监督单位信息卡:headers"][:14] == [
        "单位名称",
        "统一社会信用代码",
        "法定代表人（负责人）",
        "地址",
        "乡镇（街道）",
        "行政区划代码",
        "专业类别",
        "类别",
        "从业人员数",
        "联系电话",
        "许可证号",
        "发证日期",
        "有效期自",
        "有效期至",
    ]
    [row] = got["被监督单位信息卡"]  # the registered and the old units owe none
    assert row["单位名称"] == '=HYPERLINK("http://x.example","点击")'
    name_cell = got["被监督单位信息卡:cells"]["A2"]
    assert name_cell.data_type == "s"  # text, not a formula
    assert row["统一社会信用代码"] == unit.credit_code
    assert (row["法定代表人（负责人）"], row["地址"]) == ("王五", "解放路8号")
    assert (row["乡镇（街道）"], row["行政区划代码"]) == (town.name, town.code)
    assert row["类别"] == unit.category.name and row["从业人员数"] == 0
    assert row["许可证号"] == permit.number
    assert row["发证日期"].date() == LATE_DAY
    assert row["有效期至"].date() == permit.expires_on
    assert row["起算日期"].date() == LATE_DAY
    assert row["报告期限"].date() == datetime.date(2025, 3, 11)
    assert row["报告状态"] == "已逾期"

    [row] = got["监督检查信息卡"]
    assert got["监督检查信息卡:headers"][:10] == [
        "被检查单位",
        "统一社会信用代码",
        "乡镇（街道）",
        "检查日期",
        "检查类别",
        "检查专业",
        "监督员",
        "检查结果（处理结果）",
        "发现问题",
        "卫生监督意见书文号",
    ]
    assert row["被检查单位"] == unit.name and row["检查日期"].date() == DUE_DAY
    assert row["检查类别"] == inspection.get_kind_display()
    assert row["监督员"]  # the inspectors by name
    assert row["卫生监督意见书文号"] == opinion.number
    assert row["报告状态"] == "待报告"

    rows = got["案件查处信息卡"]
    assert [r["报告环节"] for r in rows] == ["处罚决定生效报告", "结案报告"]
    row = rows[0]
    for header in ("案由（违法行为）", "立案日期", "违法事实", "处罚依据", "处罚决定书文号"):
        assert header in row
    assert row["案号"] == case.number and row["当事人"] == unit.name
    assert row["案由（违法行为）"] == case.violation.name
    assert row["立案日期"].date() == datetime.date(2025, 1, 6)
    assert row["违法事实"] == case.facts
    assert row["处罚依据"] == case.violation.penalty_basis
    assert row["处罚决定书文号"] == case.decision_number
    assert row["处罚种类"] == "警告、罚款、没收违法所得"
    assert Decimal(str(row["罚没款金额（元）"])) == Decimal("3500")
    assert row["结案日期"].date() == DUE_DAY
    assert row["结案类型"] == "给予行政处罚"


def test_a_reported_card_leaves_the_export(client, clerk):
    from reports import services

    inspection = b.visit(b.unit(), DUE_DAY)
    services.card_report(kind=CardKind.INSPECTION, record=inspection, user=clerk, reported_on=ON)
    client.force_login(clerk)
    got = sheets(client.get(reverse(URL)))
    assert got["监督检查信息卡"] == [] and len(got["被监督单位信息卡"]) == 1


def test_the_export_needs_the_reporting_permission(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("nobody", password="x"))
    assert client.get(reverse(URL)).status_code == 403


def add_cards(n):
    """``n`` units first visited (a unit card and an inspection card each) and ``n``
    decided and closed cases (two case cards each)."""
    units = b.units(n)
    for inspection in b.visits(units, DUE_DAY):
        b.opinion(inspection)
    for unit in units:
        b.case(unit, datetime.date(2025, 1, 6), decided_on=DUE_DAY, fine=100, closed_on=DUE_DAY,
               outcome="penalised")  # fmt: skip


def test_the_export_query_count_does_not_grow_with_the_cards(
    client, clerk, django_assert_max_num_queries
):
    client.force_login(clerk)
    add_cards(3)
    with django_assert_max_num_queries(30):
        got = sheets(client.get(reverse(URL)))
    assert len(got["案件查处信息卡"]) == 6
    add_cards(27)
    with django_assert_max_num_queries(30):
        got = sheets(client.get(reverse(URL)))
    assert [len(got[t]) for t in SHEETS] == [30, 30, 60]


def test_recording_a_card_for_a_registered_unit_says_why_none_is_owed(clerk):
    """Not "尚未首次发证或首次监督检查" (it has a permit and visits): the refusal names the
    registered permit that makes it no new unit."""
    from django.core.exceptions import ValidationError

    from reports import services

    old = b.unit()
    permit = registered(old, datetime.date(2021, 6, 1), clerk)
    b.visit(old, LATE_DAY)
    with pytest.raises(ValidationError) as refused:
        services.card_report(kind=CardKind.UNIT, record=old, user=clerk, reported_on=ON)
    message = refused.value.message_dict["record"][0]
    assert "补录" in message and permit.number in message and "尚未" not in message
