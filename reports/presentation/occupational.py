"""The occupational-health focused inspection tables the city office asks for (seed 004,
职业卫生重点监督检查计划, 二、检查内容, its 汇总表), counted from the occupational register
(premises/models/occupational.py) for a period and a township:

1. 用人单位职业病防治工作基本情况 — by the plan's focus hazards (粉尘, 石棉, 有机溶剂, and the
   others): employers, employers inspected, 职工总数, 接害人数; the total counts each employer
   once;
2. 职业健康监护情况 — by stage (上岗前, 在岗期间, 离岗时, 应急): employers, 应体检人数,
   实际体检人数, rate, 复查, 疑似职业病, 职业禁忌证;
3. 职业病人数和健康监护档案建立情况 — employers with exposed workers, those keeping 职业健康
   监护档案, the files, the 职业病 cases known at the period's end, diagnosed in it, reported;
4. 建设项目职业卫生审核、审查和验收情况 — by 所属行业: projects, investment, 预评价 and
   控制效果评价 done, and for 卫生审核 (预评价), 审查 (防护设施设计) and 验收 (竣工验收) the
   projects due (the stage applies) and done (passed or failed);
5. 建设项目一览表 — one row per project (名称, 投资概算, 所属行业, 核准或审批部门, stages).

Definitions:
- employers: units of a 用人单位 kind (class oc.employer) of the occupational domain, as
  their main kind or a further domain, operating at some time in the period
  (reports.sets.RecordSets); technical service bodies (oc.service) are the city office's
  (the plan's 四、组织分工) and not counted; inspected: inspected under the domain in the
  period;
- the yearly records (profiles, surveillance) are those of the period's last year (the plan
  counts one year; a period ending 2007-09-30 reads 2007's records);
- a group's 接害人数 at one employer is the workers exposed to the group's hazards, at most
  its 接害人数 (a worker exposed to 矽尘 and 煤尘 is one person);
- projects: those approved (立项) in the period, the plan's year being e.g. 2006-10-01 to
  2007-09-30 (pass ``start``/``end``).
A fixed number of queries whatever the data size."""

import datetime
from collections import defaultdict

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from core.formatting import MONEY, RATE
from core.xlsx import safe_sheet_title, set_cell
from premises.models import (
    PROJECT_STAGES,
    Category,
    ConstructionProject,
    Domain,
    HazardExposure,
    HazardFocus,
    HealthSurveillance,
    OccupationalDiseaseCase,
    OccupationalProfile,
    StageStatus,
    SurveillanceStage,
)
from premises.models.occupational import DONE_STAGES
from reports.counting.rates import rate
from reports.presentation.summary_tables import DATE, TEXT, Col, Row, Table
from reports.presentation.xlsx import workbook_bytes, write_table
from reports.scope import Period, Scope
from reports.sets import RecordSets

DOMAIN = "occupational"
EMPLOYERS = "oc.employer"  # the class of 用人单位 kinds
TITLE = "职业卫生重点监督检查情况汇总表"
OTHER = "other"
NO_PROFILE = "none"
GROUPS = [
    (HazardFocus.DUST, "存在粉尘危害（石棉除外）"),
    (HazardFocus.ASBESTOS, "存在石棉危害"),
    (HazardFocus.SOLVENT, "存在有机溶剂危害"),
    (OTHER, "存在其他职业病危害因素"),
    (NO_PROFILE, "未登记年度危害因素"),
]


def occupational_scope(period: Period, township=None) -> Scope:
    return Scope(period, Domain.objects.get(code=DOMAIN), township)


class OccupationalCounts:
    """The records of one scope, read once, and the tables counted from them."""

    def __init__(self, scope: Scope):
        self.scope = scope
        self.year = scope.period.end.year
        records = RecordSets(scope)
        # 用人单位: the kinds of the class oc.employer (not the technical service bodies,
        # which the city office inspects: the plan's 四、组织分工)
        employers = Category.objects.filter(parent__code=EMPLOYERS).values("pk")
        units = records.units_by_kind().filter(kind__in=employers)
        self.unit_ids = set(units.values_list("pk", flat=True))
        self.inspected = set(
            records.units_where("inspected").filter(kind__in=employers).values_list("pk", flat=True)
        )
        self.profiles = {
            p.establishment_id: p
            for p in OccupationalProfile.objects.filter(
                year=self.year, establishment__in=units.values("pk")
            ).prefetch_related(
                Prefetch(
                    "exposures",
                    queryset=HazardExposure.objects.select_related("factor").order_by(),
                )
            )
        }
        self.surveillance = list(
            HealthSurveillance.objects.filter(
                year=self.year, establishment__in=units.values("pk")
            ).order_by()
        )
        self.cases = list(
            OccupationalDiseaseCase.objects.filter(
                establishment__in=units.values("pk"), diagnosed_on__lte=scope.period.end
            ).order_by()
        )
        start, end = scope.period.start, scope.period.end
        self.projects = list(
            ConstructionProject.objects.filter(
                establishment__in=units.values("pk"), approved_on__range=(start, end)
            )
            .select_related("establishment")
            .order_by("approved_on", "pk")
        )

    # ------------------------------------------------------------ 1. employers

    def _groups_of(self, profile) -> dict[str, int]:
        """The groups the profile's hazards fall in, with the workers exposed to each."""
        exposed: dict[str, int] = defaultdict(int)
        for e in profile.exposures.all():
            exposed[e.factor.focus or OTHER] += e.exposed
        return {g: min(n, profile.exposed_total) for g, n in exposed.items()}

    def employers_table(self) -> Table:
        table = Table(
            "occupational_employers",
            "用人单位职业病防治工作基本情况",
            "1 用人单位基本情况",
            [
                Col("职业病危害类别", TEXT, 24),
                Col("企业数", width=10),
                Col("检查企业数", width=10),
                Col("检查率", RATE, 10),
                Col("职工总数", width=10),
                Col("接害人数", width=10),
            ],
        )
        rows = {key: {"units": 0, "inspected": 0, "workers": 0, "exposed": 0} for key, _ in GROUPS}
        for unit in self.unit_ids:
            profile = self.profiles.get(unit)
            groups = self._groups_of(profile) if profile else {}
            if not groups:
                groups = {NO_PROFILE: profile.exposed_total if profile else 0}
            for key, exposed in groups.items():
                row = rows[key]
                row["units"] += 1
                row["inspected"] += unit in self.inspected
                row["workers"] += profile.workers_total if profile else 0
                row["exposed"] += exposed
        for key, label in GROUPS:
            r = rows[key]
            table.rows.append(
                Row(
                    [
                        label,
                        r["units"],
                        r["inspected"],
                        rate(r["inspected"], r["units"]),
                        r["workers"],
                        r["exposed"],
                    ]
                )
            )
        units = len(self.unit_ids)
        inspected = len(self.unit_ids & self.inspected)
        table.rows.append(
            Row(
                [
                    "合计（每单位计一次）",
                    units,
                    inspected,
                    rate(inspected, units),
                    sum(p.workers_total for p in self.profiles.values()),
                    sum(p.exposed_total for p in self.profiles.values()),
                ],
                emphasis=True,
            )
        )
        return table

    # ------------------------------------------------------------ 2. surveillance

    def surveillance_table(self) -> Table:
        table = Table(
            "occupational_surveillance",
            "职业健康监护情况",
            "2 职业健康监护",
            [
                Col("体检类别", TEXT, 14),
                Col("单位数", width=9),
                Col("应体检人数", width=11),
                Col("实际体检人数", width=11),
                Col("体检率", RATE, 10),
                Col("复查人数", width=10),
                Col("疑似职业病", width=10),
                Col("职业禁忌证", width=10),
            ],
        )
        fields = ("due", "examined", "rechecked", "suspected", "contraindicated")
        by_stage: dict[str, dict] = {
            s: {"units": set(), **dict.fromkeys(fields, 0)} for s in SurveillanceStage.values
        }
        total: dict = {"units": set(), **dict.fromkeys(fields, 0)}
        for record in self.surveillance:
            for bucket in (by_stage[record.stage], total):
                bucket["units"].add(record.establishment_id)
                for name in fields:
                    bucket[name] += getattr(record, name)
        for stage, label in SurveillanceStage.choices:
            table.rows.append(Row(_surveillance_values(label, by_stage[stage])))
        table.rows.append(Row(_surveillance_values("合计", total), emphasis=True))
        return table

    # ------------------------------------------------------------ 3. files and cases

    def files_table(self) -> Table:
        table = Table(
            "occupational_files",
            "职业病人数和健康监护档案建立情况",
            "3 职业病与监护档案",
            [
                Col("项目", TEXT, 14),
                Col("有接害劳动者的单位数", width=13),
                Col("已建立职业健康监护档案单位数", width=15),
                Col("建档率", RATE, 10),
                Col("监护档案（份）", width=11),
                Col("接害人数", width=10),
                Col("现有职业病人数", width=11),
                Col("其中本期诊断", width=11),
                Col("本期诊断已报告", width=11),
                Col("已申报职业病危害项目单位数", width=14),
            ],
        )
        exposed = [p for p in self.profiles.values() if p.exposed_total > 0]
        kept = [p for p in exposed if p.records_kept]
        start = self.scope.period.start
        new = [c for c in self.cases if c.diagnosed_on >= start]
        table.rows.append(
            Row(
                [
                    f"{self.year}年度",
                    len(exposed),
                    len(kept),
                    rate(len(kept), len(exposed)),
                    sum(p.records_count for p in self.profiles.values()),
                    sum(p.exposed_total for p in self.profiles.values()),
                    len(self.cases),
                    len(new),
                    sum(c.reported for c in new),
                    sum(p.declared for p in self.profiles.values()),
                ],
                emphasis=True,
            )
        )
        return table

    # ------------------------------------------------------------ 4-5. projects

    def projects_table(self) -> Table:
        table = Table(
            "occupational_projects",
            "可能产生职业病危害的建设项目卫生审核、审查和验收情况",
            "4 建设项目汇总",
            [
                Col("所属行业", TEXT, 18),
                Col("建设项目总数", width=11),
                Col("投资概算（万元）", MONEY, 13),
                Col("职业病危害预评价项目数", width=13),
                Col("职业病危害控制效果评价项目数", width=14),
                Col("应进行卫生审核项目数", width=12),
                Col("已进行卫生审核项目数", width=12),
                Col("应进行卫生审查项目数", width=12),
                Col("已进行卫生审查项目数", width=12),
                Col("应进行竣工验收项目数", width=12),
                Col("已进行竣工验收项目数", width=12),
            ],
        )
        groups: dict[str, list] = defaultdict(list)
        for project in self.projects:
            groups[project.industry.strip() or "未填所属行业"].append(project)
        for industry in sorted(groups):
            table.rows.append(Row(_project_values(industry, groups[industry])))
        table.rows.append(Row(_project_values("合计", self.projects), emphasis=True))
        return table

    def project_list_table(self) -> Table:
        table = Table(
            "occupational_project_list",
            "可能产生职业病危害的建设项目一览表",
            "5 建设项目一览表",
            [
                Col("序号", width=6),
                Col("项目名称", TEXT, 28),
                Col("建设单位", TEXT, 26),
                Col("投资概算（万元）", MONEY, 12),
                Col("所属行业", TEXT, 14),
                Col("核准或审批部门", TEXT, 16),
                Col("立项日期", DATE, 12),
                *(Col(label, TEXT, 18) for _p, label in PROJECT_STAGES),
            ],
        )
        for index, project in enumerate(self.projects, start=1):
            stages = [
                f"{status}（{day:%Y-%m-%d}）" if day else status
                for _label, status, day in project.stages()
            ]
            table.rows.append(
                Row(
                    [
                        index,
                        project.name,
                        project.establishment.name,
                        float(project.investment) if project.investment is not None else None,
                        project.industry,
                        project.approved_by,
                        project.approved_on,
                        *stages,
                    ]
                )
            )
        return table

    def tables(self) -> list[Table]:
        return [
            self.employers_table(),
            self.surveillance_table(),
            self.files_table(),
            self.projects_table(),
            self.project_list_table(),
        ]


def _surveillance_values(label, v) -> list:
    return [
        label,
        len(v["units"]),
        v["due"],
        v["examined"],
        rate(v["examined"], v["due"]),
        v["rechecked"],
        v["suspected"],
        v["contraindicated"],
    ]


# The plan's three reviews: 卫生审核 (of the 预评价), 审查 (of the protective design), 验收.
REVIEWS = ("pre_assessment", "design", "acceptance")


def _done(project, prefix) -> bool:
    return getattr(project, f"{prefix}_status") in DONE_STAGES


def _due(project, prefix) -> bool:
    return getattr(project, f"{prefix}_status") != StageStatus.NOT_APPLICABLE


def _project_values(label, projects) -> list:
    investment = sum(float(p.investment) for p in projects if p.investment is not None)
    values = [
        label,
        len(projects),
        investment,
        sum(_done(p, "pre_assessment") for p in projects),
        sum(_done(p, "control_assessment") for p in projects),
    ]
    for prefix in REVIEWS:
        values += [sum(_due(p, prefix) for p in projects), sum(_done(p, prefix) for p in projects)]
    return values


def occupational_tables(period: Period, township=None) -> list[Table]:
    return OccupationalCounts(occupational_scope(period, township)).tables()


def occupational_workbook(*, period: Period, township=None, today: datetime.date | None = None):
    """The five tables, each on its sheet under the plan's title, its own title and the
    填报单位/填报日期 line."""
    today = today or timezone.localdate()
    wb = Workbook()
    wb.remove(wb.active)
    place = f"　　乡镇（街道）：{township.name}" if township else ""
    header = (
        f"填报单位：{settings.OFFICE_NAME}　　填报日期：{today.year}年{today.month}月{today.day}日"
        f"　　统计期间：{period.start:%Y-%m-%d} 至 {period.end:%Y-%m-%d}"
        f"（年度资料：{period.end.year}年）{place}"
    )
    for table in occupational_tables(period, township):
        ws = wb.create_sheet(safe_sheet_title(table.sheet))
        width = len(table.columns)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        title = set_cell(ws.cell(row=1, column=1), f"{TITLE}：{table.title}")
        title.font = Font(bold=True, size=14)
        title.alignment = Alignment(horizontal="center")
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
        set_cell(ws.cell(row=2, column=1), header)
        ws.row_dimensions[3].height = 32
        write_table(ws, table, 3)
        ws.freeze_panes = "B4"
    return workbook_bytes(wb)
