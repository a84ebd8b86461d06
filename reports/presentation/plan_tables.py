"""The summary tables a focused plan asks for, as .xlsx: the radiation 汇总表 (表1, 表2-1,
表2-2: reports/presentation/radiation.py) and the occupational 汇总表
(reports/presentation/occupational.py) over the plan's period, and a generic
监督检查情况汇总表 of the plan's own progress (reports/counting/plan_progress.py): one row
per domain of the plan, and the 合计 row (units in several domains counted once), which is the page's figures."""

import datetime

from django.conf import settings
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from core.formatting import RATE
from core.xlsx import safe_sheet_title, set_cell
from reports.counting.plan_progress import Figures, Progress, plan_progress
from reports.models import FocusedPlan, PlanTable
from reports.presentation.occupational import occupational_workbook
from reports.presentation.radiation import radiation_workbook
from reports.presentation.summary_tables import TEXT, Col, Row, Table
from reports.presentation.xlsx import workbook_bytes, write_table
from reports.scope import Period

COLUMNS = [
    Col("监督专业", TEXT, 18),
    Col("应检单位数（户）"),
    Col("已检单位数（户）"),
    Col("检查覆盖率", RATE),
    Col("检查户次"),
    Col("发现问题单位数（户）"),
    Col("下达监督意见书（份）"),
    Col("立案查处（件）"),
]


def _values(label, f: Figures) -> list:
    share = None if f.share is None else f.share / 100
    return [label, f.in_scope, f.checked, share, f.visits, f.problems, f.opinions, f.cases]


def general_table(progress: Progress) -> Table:
    table = Table(
        key="plan_general",
        title=f"{progress.plan.title}：监督检查情况汇总表",
        sheet="检查情况汇总表",
        columns=COLUMNS,
    )
    for domain, figures in progress.by_domain:
        table.rows.append(Row(_values(domain.name, figures)))
    table.rows.append(Row(_values("合计", progress.total), emphasis=True))
    return table


def _header(plan: FocusedPlan, today: datetime.date) -> str:
    c = plan.campaign
    return (
        f"填报单位：{settings.OFFICE_NAME}　　填报日期：{today.year}年{today.month}月{today.day}日"
        f"　　统计期间：{c.start_date:%Y-%m-%d} 至 {c.end_date:%Y-%m-%d}"
    )


def general_workbook(plan: FocusedPlan, *, today: datetime.date | None = None) -> bytes:
    today = today or timezone.localdate()
    table = general_table(plan_progress(plan))
    wb = Workbook()
    ws = wb.active
    ws.title = safe_sheet_title(table.sheet)
    width = len(table.columns)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    title = set_cell(ws.cell(row=1, column=1), table.title)
    title.font = Font(bold=True, size=14)
    title.alignment = Alignment(horizontal="center")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    document = f"　　依据：{plan.issuer}{plan.document_number}" if plan.issuer else ""
    set_cell(ws.cell(row=2, column=1), _header(plan, today) + document)
    ws.row_dimensions[3].height = 32
    write_table(ws, table, 3)
    ws.freeze_panes = "B4"
    return workbook_bytes(wb)


def plan_workbook(plan: FocusedPlan, table: str, *, today=None) -> bytes:
    period = Period(plan.campaign.start_date, plan.campaign.end_date)
    if table == PlanTable.RADIATION:
        return radiation_workbook(period=period, today=today)
    if table == PlanTable.OCCUPATIONAL:
        return occupational_workbook(period=period, today=today)
    return general_workbook(plan, today=today)


def plan_filename(plan: FocusedPlan, table: str) -> str:
    stem = {
        PlanTable.RADIATION: "放射诊疗工作监督检查情况汇总表",
        PlanTable.OCCUPATIONAL: "职业卫生重点监督检查情况汇总表",
        PlanTable.GENERAL: "监督检查情况汇总表",
    }[PlanTable(table)]
    return f"{plan.year}_{stem}.xlsx"
