"""The tables of a summary, built once from the figures (a live
``reports.figures.summary`` or a saved snapshot) and used by a saved summary's page, its
PDF (pdf.py) and its workbook (xlsx.py), so all three show the same numbers.

A table is columns (header, kind, width, whether the PDF shows it) and rows of raw values;
the kind says how a value is written: a figure's kind (``count``, ``rate``, ``frequency``,
``money``: core.formatting), the change of one (``DIFFERENCE[kind]``, in its own unit;
``GROWTH``, relative), ``date`` or ``text``. None is written "—".
"""

import datetime
from dataclasses import dataclass, field

from core import formatting
from core.formatting import COUNT, MONEY, RATE
from inspections.choices import InspectionKind
from licensing.choices import ApplicationKind
from reports.counting.cells import ROW_FIELDS
from reports.counting.rates import frequency, rate
from reports.figures.catalogue import FIGURES, ROW_RATES

TEXT, DATE, GROWTH = "text", "date", "growth"
DIFFERENCE = {kind: f"difference:{kind}" for kind in formatting.KINDS}
_DIFFERENCE_OF = {value: kind for kind, value in DIFFERENCE.items()}


@dataclass(frozen=True)
class Col:
    header: str
    kind: str = COUNT
    width: int = 12
    pdf: bool = True


@dataclass(frozen=True)
class Row:
    values: list
    kinds: list | None = None  # per-cell kinds overriding the columns' (overview rows)
    emphasis: bool = False  # subtotal / total rows
    continued: bool = False  # same class as the row above: pages leave the first cell blank


@dataclass
class Table:
    key: str
    title: str
    sheet: str
    columns: list[Col]
    rows: list[Row] = field(default_factory=list)

    def kind_of(self, row: Row, index: int) -> str:
        return (row.kinds or [None] * len(self.columns))[index] or self.columns[index].kind

    def spans(self) -> list[tuple[int, int]]:
        """(rows, columns) the first cell of each row covers when the class cells are merged:
        a class's first row spans its kinds and subtotal (0 for the rows it covers); a total
        row without a kind ("合计", "") spans the first two columns."""
        spans = []
        for index, row in enumerate(self.rows):
            if row.continued:
                spans.append((0, 1))
                continue
            down = 1
            while index + down < len(self.rows) and self.rows[index + down].continued:
                down += 1
            across = 2 if row.emphasis and len(row.values) > 2 and row.values[1] == "" else 1
            spans.append((down, across))
        return spans

    def shown(self, *, pdf: bool = False, merge: bool = False) -> dict:
        """Headers and formatted rows for a page (all columns) or the PDF (its columns);
        ``merge``: a class's cells merged into one (rowspan), as documents print table 1."""
        keep = [i for i, c in enumerate(self.columns) if c.pdf or not pdf]
        spans = self.spans() if merge else [(1, 1)] * len(self.rows)
        rows = []
        for row, (down, across) in zip(self.rows, spans, strict=True):
            cells = []
            for i in keep:
                if merge and ((i == 0 and down == 0) or (i == 1 and across == 2)):
                    continue
                cells.append(
                    {
                        "text": ""
                        if row.continued and i == 0
                        else show(row.values[i], self.kind_of(row, i)),
                        "num": self.kind_of(row, i) not in (TEXT, DATE),
                        "rowspan": down if i == 0 and down > 1 else 0,
                        "colspan": across if i == 0 and across > 1 else 0,
                    }
                )
            # a class with its kinds and subtotal is one row group (tbody) the PDF keeps on
            # one page, so a merged class cell never breaks over a page
            rows.append({"emphasis": row.emphasis, "cells": cells, "starts": not row.continued})
        return {
            "key": self.key,
            "title": self.title,
            "headers": [
                {"text": self.columns[i].header, "num": self.columns[i].kind != TEXT} for i in keep
            ],
            "rows": rows,
            "narrow": len(keep) <= 3,
        }


def show(value, kind: str) -> str:
    """``value`` written as a cell of ``kind``: the same string on the page and in the PDF,
    and (by excel()) in the workbook."""
    if kind == TEXT:
        return "" if value is None else str(value)
    if value is None or value == "":
        return formatting.DASH
    if kind in formatting.WRITERS:
        return formatting.number(kind, value)
    if kind in _DIFFERENCE_OF:
        return formatting.signed(_DIFFERENCE_OF[kind], value)
    if kind == GROWTH:
        return formatting.signed_rate(value)
    if isinstance(value, datetime.date):
        return f"{value:%Y-%m-%d}"
    return str(value)


def excel(value, kind: str):
    """The number a workbook cell stores for ``value`` of ``kind``, and its number format
    (None: written as is). A missing value is "—", as on the page and in the PDF."""
    if kind == TEXT:
        return value, None
    if value is None or value == "":
        return formatting.DASH, None
    if kind in formatting.EXCEL:
        return value, formatting.EXCEL[kind]
    if kind in _DIFFERENCE_OF:
        of = _DIFFERENCE_OF[kind]
        return formatting.excel_signed(of, value), formatting.EXCEL_DIFFERENCE[of]
    if kind == GROWTH:
        return value, formatting.EXCEL_GROWTH
    if kind == DATE:
        return value, "yyyy-mm-dd"
    return value, None


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


# ---------------------------------------------------------------- the tables


def overview(f) -> Table:
    table = Table(
        "overview",
        "总体指标",
        "总体指标",
        [Col("指标", TEXT, 18), Col("数值", COUNT, 14), Col("单位", TEXT, 8)]
        + [Col("口径说明", TEXT, 60, pdf=False)],
    )
    for key, figure in FIGURES.items():
        if key in f:
            table.rows.append(
                Row(
                    [figure.label, f[key], figure.shown_unit, figure.definition],
                    kinds=[None, figure.kind, None, None],
                )
            )
    return table


# Table 1's columns: (key, width, whether the PDF shows it: the documents print table 1 on
# landscape pages with every column, all the catalogue's rates among them); headers and
# kinds from the catalogue.
TABLE1 = (
    ("units", 10, True),
    ("inspected_units", 10, True),
    ("coverage_rate", 11, True),
    ("visits", 10, True),
    ("frequency", 10, True),
    ("compliant_visits", 10, True),
    ("licensed_before", 9, True),
    ("licence_due", 9, True),
    ("licences_issued", 9, True),
    ("licensing_rate", 10, True),
    ("practitioners", 10, True),
    ("exam_due", 10, True),
    ("examined", 10, True),
    ("exam_rate", 10, True),
    ("trained", 10, True),
    ("training_rate", 10, True),
)
TABLE1_SUMMED = ROW_FIELDS  # the counts of a table-1 row, summed per class and in total


def _table1_values(row: dict) -> list:
    values = []
    for key, _width, _pdf in TABLE1:
        if key in ROW_RATES:
            part, whole = ROW_RATES[key]
            values.append(rate(row.get(part, 0), row.get(whole, 0)))
        elif key == "frequency":
            values.append(frequency(row.get("visits", 0), row.get("inspected_units", 0)))
        else:
            values.append(row.get(key, 0))
    return values


def table1(f) -> Table:
    table = Table(
        "table1",
        "表1 分类统计",
        "表1 分类统计",
        [Col("类别", TEXT, 14), Col("种类", TEXT, 16)]
        + [Col(FIGURES[key].header, FIGURES[key].kind, width, pdf) for key, width, pdf in TABLE1],
    )
    for group in groups_of(f.get("by_category") or []):
        kinds = group["kinds"]
        for index, row in enumerate(kinds):
            table.rows.append(
                Row([row["class"], row["kind"], *_table1_values(row)], continued=index > 0)
            )
        if len(kinds) > 1:
            totals = {k: sum(r.get(k, 0) for r in kinds) for k in TABLE1_SUMMED}
            table.rows.append(
                Row(
                    [group["class"], "小计", *_table1_values(totals)],
                    emphasis=True,
                    continued=True,
                )
            )
    totals = {k: f.get(k, 0) for k in TABLE1_SUMMED}
    table.rows.append(Row(["合计", "", *_table1_values(totals)], emphasis=True))
    return table


def groups_of(by_category):
    groups, order = {}, []
    for row in by_category:
        if row["class"] not in groups:
            order.append(row["class"])
            groups[row["class"]] = []
        groups[row["class"]].append(row)
    return [{"class": name, "kinds": groups[name]} for name in order]


def inspections_table(f) -> Table:
    table = Table(
        "inspections",
        "监督检查类型",
        "检查类型",
        [Col("检查类型", TEXT, 14), Col("户次", width=10), Col("占比", RATE, 10)],
    )
    labels = dict(InspectionKind.choices)
    total = f.get("visits") or 0
    for row in f.get("inspections_by_kind") or []:
        label = row.get("label") or labels.get(row["kind"], row["kind"])
        table.rows.append(Row([label, row["visits"], rate(row["visits"], total)]))
    table.rows.append(Row(["合计", total, rate(total, total)], emphasis=True))
    return table


def _list_table(key, title, sheet, items, *, header="项目", value_header="数量") -> Table:
    table = Table(key, title, sheet, [Col(header, TEXT, 28), Col(value_header, width=14)])
    for label, value, kind, emphasis in items:
        table.rows.append(Row([label, value], kinds=[None, kind], emphasis=emphasis))
    return table


def opinions_table(f) -> Table:
    return _list_table(
        "opinions",
        "卫生监督意见书与监测",
        "意见书与监测",
        [
            ("下达卫生监督意见书（份）", f.get("opinions", 0), COUNT, False),
            ("其中已整改（份）", f.get("opinions_rectified", 0), COUNT, False),
            (
                "整改率",
                rate(f.get("opinions_rectified", 0), f.get("opinions", 0)),
                RATE,
                False,
            ),
            ("检测样品（份）", f.get("samples", 0), COUNT, False),
            ("其中不合格（份）", f.get("samples_failing", 0), COUNT, False),
            ("监测合格率", f.get("monitoring_pass_rate"), RATE, True),
        ],
    )


CAMPAIGN_COUNTS = (
    "units",
    "visits",
    "opinions",
    "samples",
    "samples_failing",
    "cases",
    "penalised_units",
)


def campaigns_table(f) -> Table:
    table = Table(
        "campaigns",
        "专项整治",
        "专项整治",
        [
            Col("专项整治", TEXT, 30),
            Col("开始日期", DATE, 12),
            Col("结束日期", DATE, 12),
            Col("检查单位", width=10),
            Col("检查户次", width=10),
            Col("意见书", width=9),
            Col("样品", width=8),
            Col("不合格样品", width=10),
            Col("立案", width=8),
            Col("受处罚单位", width=10),
            Col("发现问题", TEXT, 36),
        ],
    )
    for c in f.get("campaigns") or []:
        table.rows.append(
            Row(
                [
                    c["name"],
                    _date(c.get("start")),
                    _date(c.get("end")),
                    *(c.get(key, 0) for key in CAMPAIGN_COUNTS),
                    problems_text(c.get("problems")),
                ]
            )
        )
    return table


def problems_text(problems) -> str:
    """A campaign's problems found, most found first: 无消毒间 3、无健康证明 2."""
    return "、".join(f"{p['name']} {p['count']}" for p in problems or ())


def licensing_table(f) -> Table:
    items = [("受理卫生许可申请（件）", f.get("applications", 0), COUNT, True)]
    for kind in ApplicationKind:
        value = f.get(f"applications_{kind.value}")
        if value:
            items.append((f"　其中{kind.label}（件）", value, COUNT, False))
    items.append(("　其中告知承诺制（件）", f.get("commitment_applications", 0), COUNT, False))
    items.append(("提供咨询服务（人次）", f.get("consultations", 0), COUNT, True))
    items.append(("受理投诉举报（件）", f.get("complaints", 0), COUNT, True))
    items.append(("办结投诉举报（件）", f.get("complaints_closed", 0), COUNT, True))
    items.append(("发放许可证（个）", f.get("permits_issued", 0), COUNT, True))
    for p in f.get("permits_by_type") or []:
        items.append((f"　{p['permit_type']}（个）", p["permits"], COUNT, False))
        if p.get("commitment"):
            items.append(("　　其中承诺制发放（个）", p["commitment"], COUNT, False))
    return _list_table("licensing", "卫生许可", "卫生许可", items)


def cases_table(f) -> Table:
    table = Table(
        "cases",
        "行政处罚案件（按违法行为）",
        "行政处罚",
        [
            Col("违法行为", TEXT, 44),
            Col("立案（起）", width=10),
            Col("决定（起）", width=10),
            Col("罚款（元）", MONEY, 12),
            Col("没收违法所得（元）", MONEY, 14),
        ],
    )
    for row in f.get("cases_by_violation") or []:
        table.rows.append(
            Row(
                [
                    row["violation"],
                    row["cases"],
                    row.get("decided_cases", 0),
                    row.get("fines", 0),
                    row.get("confiscated_gains", 0),
                ]
            )  # fmt: skip
        )
    table.rows.append(
        Row(
            [
                "合计",
                f.get("cases", 0),
                f.get("decided_cases", 0),
                f.get("fines", 0),
                f.get("confiscated_gains", 0),
            ],
            emphasis=True,
        )  # fmt: skip
    )
    table.rows.append(Row(["其中一般程序", f.get("ordinary_cases", 0), "", "", ""]))
    table.rows.append(Row(["其中简易程序（当场处罚）", f.get("simple_cases", 0), "", "", ""]))
    return table


def fines_table(f) -> Table:
    return _list_table(
        "fines",
        "处罚决定与罚没款",
        "行政处罚",
        [  # labels, units and kinds from the catalogue: one name for a figure everywhere
            (
                f"{FIGURES[key].label}（{FIGURES[key].unit}）",
                f.get(key, 0),
                FIGURES[key].kind,
                False,
            )
            for key in (
                "decided_cases",
                "penalised_units",
                "fines",
                "ordinary_fines",
                "simple_fines",
                "confiscated_gains",
                "confiscated_items",
            )
        ],
    )


def comparison_table(f) -> Table:
    """Each figure compared: this period, the year before, the change in the figure's own
    unit (a rate's in percentage points) and, for counts and money, the growth."""
    table = Table(
        "comparison",
        "与去年同期比较",
        "同比",
        [
            Col("指标", TEXT, 18),
            Col("本期", width=12),
            Col("去年同期", width=12),
            Col("增减", width=12),
            Col("增长率", GROWTH, 11),
        ],
    )
    before = f.get("year_before") or {}
    for key, figure in FIGURES.items():
        if key not in before or key not in f:
            continue
        now, was = f.get(key), before.get(key)
        delta = (
            None
            if now is None or was is None
            else formatting.decimal(now) - formatting.decimal(was)
        )
        grows = figure.kind in (COUNT, MONEY)
        table.rows.append(
            Row(
                [
                    figure.label,
                    now,
                    was,
                    delta,
                    formatting.growth_fraction(now, was) if grows else None,
                ],
                kinds=[None, figure.kind, figure.kind, DIFFERENCE[figure.kind], GROWTH],
            )
        )
    return table


def summary_tables(f: dict) -> list[Table]:
    tables = [
        overview(f),
        table1(f),
        inspections_table(f),
        opinions_table(f),
        campaigns_table(f),
        licensing_table(f),
        cases_table(f),
        fines_table(f),
    ]
    if f.get("year_before"):
        tables.append(comparison_table(f))
    return tables
