"""Reporting upward: the cards owed (due and late) as one .xlsx to key into, or import to,
the national system (全国卫生监督信息报告系统): a sheet per card — 被监督单位信息卡,
监督检查信息卡, 案件查处信息卡 (a case's decision, closure and single cards on one sheet,
named in 报告环节) — with the card's fields (reports.tables: UNIT_CARD, INSPECTION_CARD,
CASE_CARD; their list is 未核实, and each sheet says so), then when its clock started, its
deadline and whether it is late.

Which records owe a card is reports.models.cards' (REPORTING_SINCE and registered permits
included); the export reads each kind in one query, with its related rows prefetched, so
its query count does not grow with the cards.
"""

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import BooleanField, ExpressionWrapper, OuterRef, Prefetch, Subquery
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.utils import get_column_letter

from core.calendar import WorkingDays
from core.tables import Column, Table, date
from core.xlsx import HEADER_FILL, HEADER_FONT, safe_sheet_title, set_cell
from licensing.models import Permit
from penalties.models import CasePenalty
from reports.models import CardKind, cards
from reports.tables.cards import CARD_FIELDS_NOTE, CASE_CARD, INSPECTION_CARD, UNIT_CARD


def _units(qs):
    permit = Permit.objects.current().filter(establishment=OuterRef("pk")).order_by("-issued_on")
    return (
        qs.with_practitioner_count()
        .with_domains()
        .select_related("category__domain")
        .annotate(
            **{
                f"card_permit_{name}": Subquery(permit.values(name)[:1])
                for name in ("number", "issued_on", "valid_from", "expires_on")
            }
        )
    )


def _inspections(qs):
    return qs.select_related(
        "establishment__township", "category__domain", "opinion"
    ).prefetch_related("inspectors", "problems")


def _cases(qs):
    return (
        qs.with_money()
        .select_related("violation")
        .prefetch_related(Prefetch("penalties", CasePenalty.objects.order_by("pk")))
    )


@dataclass(frozen=True)
class Sheet:
    title: str
    fields: Table
    kinds: tuple[CardKind, ...]
    prepare: Callable


SHEETS = (
    Sheet("被监督单位信息卡", UNIT_CARD, (CardKind.UNIT,), _units),
    Sheet("监督检查信息卡", INSPECTION_CARD, (CardKind.INSPECTION,), _inspections),
    Sheet(
        "案件查处信息卡",
        CASE_CARD,
        (CardKind.CASE_DECISION, CardKind.CASE_CLOSURE, CardKind.CASE_SINGLE),
        _cases,
    ),
)

# What a case card reports (一案一卡两次报告, or once at closure).
STAGES = {
    CardKind.CASE_DECISION: "处罚决定生效报告",
    CardKind.CASE_CLOSURE: "结案报告",
    CardKind.CASE_SINGLE: "结案报告（一次报告）",
}


def _tail(sheet: Sheet, calendar) -> Table:
    """After the card's fields: the stage (cases), the clock, the deadline, the state."""
    columns = ()
    if len(sheet.kinds) > 1:
        columns += (Column("stage", "报告环节", lambda r: STAGES[r.card_kind], width=20),)
    return Table(
        *columns,
        Column("event_on", "起算日期", lambda r: r.event_on, kind=date, width=12),
        Column(
            "deadline",
            "报告期限",
            lambda r: calendar.add(r.event_on, cards.RULES[r.card_kind].days),
            kind=date,
            width=12,
        ),
        Column(
            "state",
            "报告状态",
            lambda r: cards.STATES[cards.LATE if r.card_late else cards.DUE],
            width=10,
        ),
    )


def owed(kind: CardKind, *, on: datetime.date, calendar) -> list:
    """The records owing a card of ``kind`` on ``on`` (due or late), oldest first, each
    with ``card_kind`` and ``card_late``, and what the card's fields read."""
    rule = cards.RULES[kind]
    sheet = next(s for s in SHEETS if kind in s.kinds)
    late = ExpressionWrapper(cards.late_condition(rule, on, calendar), BooleanField())
    records = sheet.prepare(cards.unreported(rule).annotate(card_late=late)).order_by(
        "event_on", "pk"
    )
    records = list(records)
    for record in records:
        record.card_kind = kind
    return records


def _header(ws, headers, note: str):
    cells = []
    for header in headers:
        cell = set_cell(WriteOnlyCell(ws), header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cells.append(cell)
    cells[0].comment = Comment(note, "Weijian")
    ws.append(cells)


def workbook(*, on: datetime.date | None = None) -> bytes:
    """The .xlsx of the cards owed on ``on`` (today by default)."""
    on = on or cards.today()
    calendar = WorkingDays()
    wb = Workbook(write_only=True)
    notes = [
        f"应报信息卡（待报告和已逾期），导出日期 {on:%Y-%m-%d}。",
        CARD_FIELDS_NOTE,
        "补录（系统启用前发证）的许可证不作为新单位报告事项；"
        + (
            f"{since:%Y-%m-%d}（信息报告起算日，系统启用前的事项不再补报）前的事项不在此列。"
            if (since := cards.tracking_since())
            else "未设置信息报告起算日（配置项 REPORTING_SINCE）：列出全部未登记报告的事项。"
        ),
    ]
    for sheet in SHEETS:
        columns = Table(*sheet.fields.exported(), *_tail(sheet, calendar))
        ws = wb.create_sheet(safe_sheet_title(sheet.title))
        for index, column in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(index)].width = column.width
        ws.freeze_panes = "A2"
        _header(ws, [c.header for c in columns], CARD_FIELDS_NOTE)
        records = [r for kind in sheet.kinds for r in owed(kind, on=on, calendar=calendar)]
        records.sort(key=lambda r: (r.event_on, r.pk))
        for record in records:
            ws.append([set_cell(WriteOnlyCell(ws), c.value(record)) for c in columns])
        notes.append(f"{sheet.title}：{len(records)} 张。")
    info = wb.create_sheet("说明")
    for note in notes:
        info.append([set_cell(WriteOnlyCell(info), note)])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
