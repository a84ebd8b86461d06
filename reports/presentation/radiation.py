"""The radiation-diagnosis supervision tables the city office asks for (seed 004, 放射卫生重点
监督检查计划): one workbook with

1. 医疗机构放射诊疗工作监督检查情况汇总表 — by the kind a unit counts under in radiation
   (its main kind, or its kind there as a further domain): units in scope, inspected,
   coverage, visits (under a radiation kind), units holding a valid 放射诊疗许可证 on the
   period's last day, opinions issued, samples tested and failing, cases filed; and what
   the plan checks, from the unit's radiation register (reports/counting/radiation_plan.py):
   devices in use, radiation workers, those monitored for dose (and over the limit),
   examined, holding a valid 放射工作人员证, construction projects and their 预评价,
   控制效果评价 and 竣工验收;
2-1. 放射诊疗工作监督检查处罚情况汇总表 — by violation: cases filed, decisions, warnings,
   fines and their amounts, gains confiscated;
2-2. 医疗机构放射诊疗工作监督检查处罚情况一览表 — one row per case filed or decided in the
   period.

Units are those of the radiation domain (premises domain code "radiation"); a case is a
radiation case when its violation belongs to that domain or its party is a radiation unit.
A fixed number of queries whatever the data size."""

import datetime
from collections import Counter, defaultdict
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from core.formatting import MONEY, RATE
from core.xlsx import safe_sheet_title, set_cell
from inspections.choices import Verdict
from licensing.models import Permit
from penalties.choices import PenaltyKind, PenaltyStage
from penalties.models import PenaltyCase
from premises.models import Category, Domain, Establishment
from reports.counting.radiation_plan import FIGURES as REGISTER_FIGURES
from reports.counting.radiation_plan import register_figures
from reports.counting.rates import rate
from reports.presentation.summary_tables import DATE, TEXT, Col, Row, Table
from reports.presentation.xlsx import workbook_bytes, write_table
from reports.scope import Period, Scope
from reports.sets import RecordSets

DOMAIN = "radiation"
PERMIT_TYPE = "radiation"
TITLE_1 = "医疗机构放射诊疗工作监督检查情况汇总表"
TITLE_2 = "放射诊疗工作监督检查处罚情况汇总表"
TITLE_3 = "医疗机构放射诊疗工作监督检查处罚情况一览表"


def radiation_scope(period: Period, township=None) -> Scope:
    return Scope(period, Domain.objects.get(code=DOMAIN), township)


def _by_kind(queryset, field):
    return dict(queryset.order_by().values_list(field).annotate(n=Count("pk", distinct=True)))


def radiation_cases(scope: Scope):
    """Cases filed or decided in the period whose violation or party is of radiation."""
    start, end = scope.period.start, scope.period.end
    qs = (
        PenaltyCase.objects.filed()
        .filter(
            Q(violation__domain=scope.domain)
            | Establishment.objects.domain_condition(
                scope.domain, start, end, prefix="establishment__"
            )
        )
        .filter(Q(filed_on__range=(start, end)) | Q(decided_on__range=(start, end)))
    )
    if scope.township is not None:
        qs = qs.filter(establishment__township=scope.township)
    return qs


def inspection_table(scope: Scope) -> Table:
    """Sheet 1: one row per kind of radiation unit, and the total."""
    records = RecordSets(scope)
    # Each unit under the kind it counts under in radiation (its main kind, or its kind in
    # radiation as a further domain: a hospital doing X-ray), inspections under the kind
    # inspected (Inspection.category, all of the radiation domain here).
    kind_of = dict(records.units_by_kind().values_list("pk", "kind"))
    units = Counter(kind_of.values())
    inspected = Counter(records.units_where("inspected").values_list("kind", flat=True))
    visits = _by_kind(records.inspections(), "category")
    licensed = Counter(
        kind_of.get(pk)
        for pk in Permit.objects.held_on(scope.period.end)
        .filter(permit_type__code=PERMIT_TYPE, establishment__in=list(kind_of))
        .order_by()
        .values_list("establishment", flat=True)
        .distinct()
    )
    opinions = _by_kind(records.opinions(), "inspection__category")
    samples = _by_kind(records.samples(), "inspection__category")
    failing = _by_kind(records.samples().filter(verdict=Verdict.FAIL), "inspection__category")
    start, end = scope.period.start, scope.period.end
    cases = Counter(
        kind_of.get(unit, category)  # a unit out of scope now: its main kind; none: unregistered
        for unit, category in radiation_cases(scope)
        .filter(filed_on__range=(start, end))
        .values_list("establishment", "establishment__category")
    )
    register = register_figures(records)
    kinds = Category.objects.filter(domain=scope.domain, parent__isnull=False).order_by(
        "parent__order", "order", "code"
    )
    table = Table(
        "radiation_inspections",
        TITLE_1,
        "1 监督检查情况汇总表",
        [
            Col("放射诊疗类别", TEXT, 18),
            Col("放射诊疗单位数", width=12),
            Col("监督检查单位数", width=12),
            Col("监督覆盖率", RATE, 11),
            Col("监督检查户次", width=12),
            Col("持有效《放射诊疗许可证》单位数", width=16),
            Col("持证率", RATE, 10),
            Col("下达卫生监督意见书（份）", width=14),
            Col("检测样品（份）", width=11),
            Col("不合格样品（份）", width=11),
            Col("立案查处（起）", width=11),
            Col("在用放射诊疗设备（台）", width=12),
            Col("放射工作人员（人）", width=11),
            Col("个人剂量监测（人）", width=11),
            Col("个人剂量监测率", RATE, 11),
            Col("剂量超限（人）", width=10),
            Col("职业健康检查（人）", width=11),
            Col("职业健康检查率", RATE, 11),
            Col("持有效《放射工作人员证》（人）", width=14),
            Col("持证率（放射工作人员证）", RATE, 12),
            Col("放射诊疗建设项目（个）", width=12),
            Col("已做预评价（个）", width=10),
            Col("已做控制效果评价（个）", width=12),
            Col("竣工验收（个）", width=10),
        ],
    )
    totals = defaultdict(int)
    rows = [(k.name, k.pk) for k in kinds]
    if None in cases:  # cases against unregistered parties (no unit, so no kind)
        rows.append(("未登记单位或个人", None))
    for name, pk in rows:
        values = {
            "units": units.get(pk, 0),
            "inspected": inspected.get(pk, 0),
            "visits": visits.get(pk, 0),
            "licensed": licensed.get(pk, 0),
            "opinions": opinions.get(pk, 0),
            "samples": samples.get(pk, 0),
            "failing": failing.get(pk, 0),
            "cases": cases.get(pk, 0),
            **{figure: register[pk][figure] for figure in REGISTER_FIGURES},
        }
        for key, value in values.items():
            totals[key] += value
        table.rows.append(Row(_inspection_values(name, values)))
    table.rows.append(Row(_inspection_values("合计", totals), emphasis=True))
    return table


def _inspection_values(name, v) -> list:
    return [
        name,
        v["units"],
        v["inspected"],
        rate(v["inspected"], v["units"]),
        v["visits"],
        v["licensed"],
        rate(v["licensed"], v["units"]),
        v["opinions"],
        v["samples"],
        v["failing"],
        v["cases"],
        v["devices"],
        v["workers"],
        v["monitored"],
        rate(v["monitored"], v["workers"]),
        v["over_limit"],
        v["examined"],
        rate(v["examined"], v["workers"]),
        v["certified"],
        rate(v["certified"], v["workers"]),
        v["projects"],
        v["pre_assessed"],
        v["control_assessed"],
        v["accepted"],
    ]


def _case_rows(scope: Scope) -> list:
    return list(
        radiation_cases(scope)
        .select_related("violation", "establishment__category")
        .prefetch_related("penalties")
        .order_by("filed_on", "pk")
    )


def _decided(case) -> dict:
    """A case's decided penalties: kinds and money."""
    decided = [p for p in case.penalties.all() if p.stage == PenaltyStage.DECIDED]
    kinds = [p.kind for p in decided]
    money = defaultdict(Decimal)
    for p in decided:
        money[p.kind] += p.amount or Decimal("0")
    return {
        "labels": "、".join(dict.fromkeys(PenaltyKind(k).label for k in kinds)),
        "warning": PenaltyKind.WARNING in kinds,
        "fine": PenaltyKind.FINE in kinds,
        "fine_amount": float(money[PenaltyKind.FINE]),
        "gains": float(money[PenaltyKind.CONFISCATE_GAINS]),
        "suspension": PenaltyKind.SUSPENSION in kinds,
    }


def penalty_table(scope: Scope, cases: list) -> Table:
    """Sheet 2-1: by violation, cases filed and decided in the period and their penalties."""
    start, end = scope.period.start, scope.period.end
    table = Table(
        "radiation_penalties",
        TITLE_2,
        "2-1 处罚情况汇总表",
        [
            Col("违法行为", TEXT, 40),
            Col("立案（起）", width=10),
            Col("作出处罚决定（起）", width=12),
            Col("警告（起）", width=10),
            Col("罚款（起）", width=10),
            Col("罚款金额（元）", MONEY, 14),
            Col("没收违法所得（元）", MONEY, 14),
            Col("责令停业整顿（起）", width=12),
        ],
    )
    groups, order = defaultdict(lambda: [0] * 7), []
    for case in cases:
        name = case.violation.name
        if name not in groups:
            order.append(name)
        row = groups[name]
        if start <= case.filed_on <= end:
            row[0] += 1
        if case.decided_on and start <= case.decided_on <= end:
            d = _decided(case)
            row[1] += 1
            row[2] += d["warning"]
            row[3] += d["fine"]
            row[4] += d["fine_amount"]
            row[5] += d["gains"]
            row[6] += d["suspension"]
    totals = [0] * 7
    for name in order:
        table.rows.append(Row([name, *groups[name]]))
        totals = [a + b for a, b in zip(totals, groups[name], strict=True)]
    table.rows.append(Row(["合计", *totals], emphasis=True))
    return table


def case_list_table(cases: list) -> Table:
    """Sheet 2-2: one row per case."""
    table = Table(
        "radiation_cases",
        TITLE_3,
        "2-2 处罚情况一览表",
        [
            Col("序号", width=6),
            Col("案号", TEXT, 22),
            Col("被处罚单位（当事人）", TEXT, 26),
            Col("放射诊疗类别", TEXT, 16),
            Col("违法行为", TEXT, 36),
            Col("立案日期", DATE, 12),
            Col("处罚种类", TEXT, 18),
            Col("罚款金额（元）", MONEY, 13),
            Col("没收违法所得（元）", MONEY, 13),
            Col("处罚决定书文号", TEXT, 22),
            Col("决定日期", DATE, 12),
            Col("案件状态", TEXT, 10),
        ],
    )
    for index, case in enumerate(cases, start=1):
        decided = _decided(case) if case.decided_on else None
        table.rows.append(
            Row(
                [
                    index,
                    case.number,
                    case.party_name,
                    case.establishment.category.name if case.establishment_id else "",
                    case.violation.name,
                    case.filed_on,
                    decided["labels"] if decided else "",
                    decided["fine_amount"] if decided else None,
                    decided["gains"] if decided else None,
                    case.decision_number or "",
                    case.decided_on,
                    case.get_status_display(),
                ]
            )
        )
    return table


def radiation_tables(period: Period, township=None) -> list[Table]:
    scope = radiation_scope(period, township)
    cases = _case_rows(scope)
    return [inspection_table(scope), penalty_table(scope, cases), case_list_table(cases)]


def radiation_workbook(*, period: Period, township=None, today: datetime.date | None = None):
    """The three tables, each on its sheet under its title and the 填报单位/填报日期 line."""
    today = today or timezone.localdate()
    wb = Workbook()
    wb.remove(wb.active)
    place = f"　　乡镇（街道）：{township.name}" if township else ""
    header = (
        f"填报单位：{settings.OFFICE_NAME}　　填报日期：{today.year}年{today.month}月{today.day}日"
        f"　　统计期间：{period.start:%Y-%m-%d} 至 {period.end:%Y-%m-%d}{place}"
    )
    for table in radiation_tables(period, township):
        ws = wb.create_sheet(safe_sheet_title(table.sheet))
        width = len(table.columns)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        title = set_cell(ws.cell(row=1, column=1), table.title)
        title.font = Font(bold=True, size=14)
        title.alignment = Alignment(horizontal="center")
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
        set_cell(ws.cell(row=2, column=1), header)
        ws.row_dimensions[3].height = 32
        write_table(ws, table, 3)
        ws.freeze_panes = "B4"
    return workbook_bytes(wb)
