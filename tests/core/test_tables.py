"""core.tables: the formatters write each kind of value, escaped; columns and tables."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from core import tables
from core.tables import Column, Table, html_rows
from tests.factories import EstablishmentFactory


class Row(SimpleNamespace):
    def get_absolute_url(self):
        return f"/rows/{self.pk}/?a=1&b=2"


def test_text_escapes_and_leaves_empty_for_none():
    assert tables.text("<b>张&三</b>") == "&lt;b&gt;张&amp;三&lt;/b&gt;"
    assert tables.text('"x"') == "&quot;x&quot;"
    assert tables.text(None) == ""
    assert tables.text("") == ""
    assert tables.text(12) == "12"
    assert tables.text(Decimal("0.5")) == "0.5"


def test_count():
    assert tables.count(617) == "617"
    assert tables.count(0) == "0"
    assert tables.count(None) == ""


def test_date_and_moments_in_local_time():
    assert tables.date(datetime.date(2024, 5, 1)) == "2024-05-01"
    assert tables.date(None) == ""
    moment = datetime.datetime(2024, 4, 30, 17, 5, tzinfo=datetime.UTC)  # 01:05 next day
    assert tables.date(moment) == "2024-05-01"
    assert tables.date_time(moment) == "2024-05-01 01:05"
    assert tables.long_date_time(moment) == "2024年5月1日 01:05"
    assert tables.date_time(None) == tables.long_date_time(None) == ""


def test_money_as_core_formatting_writes_it():
    assert tables.money(Decimal("14500")) == "14,500.00"
    assert tables.money(Decimal("0.00")) == "0.00"
    assert tables.money(None) == ""


def test_boolean():
    assert [tables.boolean(v) for v in (True, False, None)] == ["是", "否", ""]


def test_a_cell_and_its_link_are_escaped():
    row = Row(pk=7, name="<script>")
    name = Column("name", "名称", lambda r: r.name, link=True)
    assert name.td(row, row.name) == (
        '<td class="col-name"><a href="/rows/7/?a=1&amp;b=2">&lt;script&gt;</a></td>'
    )
    day = Column("day", "日期", lambda r: r.day, kind=tables.date)
    assert day.td(row, datetime.date(2024, 1, 2)) == '<td class="col-day">2024-01-02</td>'


def test_html_rows_keep_the_values_for_code_and_write_the_cells():
    columns = Table(
        Column("name", "名称", lambda r: r.name, link=True),
        Column("n", "数", lambda r: r.n, kind=tables.count),
        Column("hidden", "不显示", lambda r: r.name, html=False),
    ).shown()
    objects = [Row(pk=1, name="甲", n=3), Row(pk=2, name="乙", n=None)]
    rows, body = html_rows(columns, objects)
    assert [(obj.pk, [(c.key, v) for c, v in cells]) for obj, cells in rows] == [
        (1, [("name", "甲"), ("n", 3)]),
        (2, [("name", "乙"), ("n", None)]),
    ]
    assert body[1] == (
        '<td class="col-name"><a href="/rows/2/?a=1&amp;b=2">乙</a></td><td class="col-n"></td>'
    )
    assert hasattr(body[0], "__html__")  # safe: the template prints it as it is


def test_table_picks_and_replaces_by_key():
    a, b, c = (Column(k, k.upper(), lambda r: r) for k in "abc")
    table = Table(a, b, c)
    assert isinstance(table, tuple) and table.column("b") is b
    assert table.pick("c", "a") == (c, a)
    assert table.without("b") == (a, c)
    other = Column("b", "乙", lambda r: r)
    assert table.replace(other) == (a, other, c)
    hidden = table.change("b", html=False, width=30)
    assert (hidden.column("b").html, hidden.column("b").width, hidden.column("b").header) == (
        False,
        30,
        "B",
    )
    assert hidden.column("b").td(None, "x") == '<td class="col-b">x</td>'
    more = Column("d", "D", lambda r: r)
    assert isinstance(table + (more,), Table) and (table + (more,))[-1] is more
    with pytest.raises(ValueError):  # a key twice
        table + (other,)
    with pytest.raises(KeyError):
        table.pick("z")
    assert (
        Column("x", "X", lambda r: r, export=False)
        not in Table(Column("x", "X", lambda r: r, export=False)).exported()
    )


def test_township_and_unit_columns():
    town = SimpleNamespace(name="株潭镇")
    visit = SimpleNamespace(establishment=SimpleNamespace(name="悦来宾馆", township=town))
    column = tables.township("establishment")
    assert (column.key, column.header) == ("township", "乡镇（街道）")
    assert column.value(visit) == "株潭镇"
    assert column.order_by == ("establishment__township__order", "establishment__township__code")
    assert tables.township().order_by == ("township__order", "township__code")
    opinion = SimpleNamespace(inspection=visit)
    deep = tables.township("inspection.establishment")
    assert deep.value(opinion) == "株潭镇"
    assert deep.order_by[0] == "inspection__establishment__township__order"
    unit = tables.unit("inspection.establishment", "被检查单位")
    assert (unit.key, unit.header, unit.value(opinion)) == (
        "establishment",
        "被检查单位",
        "悦来宾馆",
    )
    assert unit.order_by == ("inspection__establishment__name",)
    assert tables.unit().value(SimpleNamespace(establishment=None)) == ""


def test_person_column_shows_the_name_never_the_login():
    User = get_user_model()
    named = User(username="wangjg", first_name="王建国")
    record = SimpleNamespace(answered_by=named)
    column = tables.person("answered_by", "接待人", "answered_by")
    assert column.value(record) == "王建国"
    assert column.value(SimpleNamespace(answered_by=User(username="li"))) == "li"
    assert column.value(SimpleNamespace(answered_by=None)) == ""


def test_money_and_date_columns_export_the_value_itself():
    case = SimpleNamespace(fine=Decimal("9000.00"), filed_on=datetime.date(2024, 5, 14))
    fine = tables.money_column("fine", "罚款", lambda c: c.fine)
    assert fine.value(case) == Decimal("9000.00")  # a number in the .xlsx
    assert fine.td(case, fine.value(case)) == '<td class="col-fine">9,000.00</td>'
    filed = tables.date_column("filed_on", "立案日期")
    assert filed.value(case) == datetime.date(2024, 5, 14)
    assert filed.order_by == ("filed_on",)
    assert filed.td(case, filed.value(case)) == '<td class="col-filed_on">2024-05-14</td>'


@pytest.mark.django_db
def test_the_list_page_prints_the_cells_as_written(client, manager):
    """Escaped once (by the column's formatter), a date as a day, the name linked."""
    unit = EstablishmentFactory(name="<b>甲&乙</b>", opened_on=datetime.date(2020, 5, 1))
    client.force_login(manager)
    content = client.get(reverse("premises:establishment_list")).content.decode()
    assert (
        f'<td class="col-name"><a href="{unit.get_absolute_url()}">&lt;b&gt;甲&amp;乙&lt;/b&gt;</a></td>'
        in content
    )
    assert '<td class="col-opened_on">2020-05-01</td>' in content
    assert "&amp;lt;" not in content


def test_every_list_page_of_the_apps_shows_a_table_of_its_app():
    """No list page declares its columns itself: they come from its app's tables.py."""
    from core.lists import ObjectListView
    from tests.core.test_renderers import list_urls

    apps = ("premises.", "inspections.", "licensing.", "penalties.")
    views = {view for _, view in list_urls() if view.__module__.startswith(apps)}
    assert len(views) >= 14
    for view in views:
        assert isinstance(view.columns, Table), view
        assert all(type(c) is Column for c in view.columns), view
    assert ObjectListView.columns == ()


def test_no_view_of_the_apps_declares_a_column():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    for app in ("premises", "inspections", "licensing", "penalties", "reports"):
        for module in (root / app).rglob("views/*.py"):
            assert "Column(" not in module.read_text(), module
