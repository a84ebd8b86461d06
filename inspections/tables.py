"""The tables of inspections, supervision opinions, campaigns and random draws, as their list
pages and exports show them (a drill-down or a panel picks from them, core.tables)."""

from operator import attrgetter

from django.utils import timezone

from core.tables import (
    Column,
    Table,
    count,
    date,
    date_column,
    date_time,
    long_date_time,
    people,
    person,
    text,
    township,
    unit,
)
from inspections.choices import CreditGrade, OpinionStatus
from inspections.models import SupervisionOpinion
from inspections.models.complaints import COMPLAINT_DUE_SOON_DAYS
from premises.tables import credit_code


def opinion_number(inspection) -> str:
    """The number of the opinion issued on the inspection, empty for none."""
    try:
        return inspection.opinion.number
    except SupervisionOpinion.DoesNotExist:
        return ""


def overdue_flag(opinion, today=None) -> str:
    """逾期 for an opinion still to be rectified past its deadline."""
    today = today or timezone.localdate()
    return "逾期" if opinion.status == OpinionStatus.ISSUED and opinion.deadline < today else ""


INSPECTIONS = Table(
    Column(
        "inspected_at",
        "检查时间",
        attrgetter("inspected_at"),
        ("inspected_at",),
        link=True,
        kind=long_date_time,
    ),
    unit(header="被检查单位"),
    credit_code("establishment", html=False),
    township("establishment"),
    Column("kind", "检查类型", lambda i: i.get_kind_display(), ("kind",), width=10),
    # the domain (and the unit's kind there) the visit was made under
    Column(
        "domain",
        "检查专业",
        lambda i: f"{i.category.domain.name}（{i.category.name}）",
        ("category__domain__order", "category__order"),
        width=20,
    ),
    people("inspectors", "监督员", "inspectors", width=16),
    Column("result", "处理结果", lambda i: i.get_result_display(), ("result",), width=18),
    Column("campaign", "专项整治", lambda i: i.campaign.name if i.campaign_id else "", width=20),
    Column("opinion", "意见书文号", opinion_number, width=20),
)

OPINIONS = Table(
    Column("number", "文号", attrgetter("number"), ("year", "sequence"), link=True, width=22),
    unit("inspection.establishment"),
    township("inspection.establishment"),
    Column(
        "issued_at", "签发时间", attrgetter("issued_at"), ("issued_at",), width=16, kind=date_time
    ),
    date_column("deadline", "整改期限"),
    Column("status", "状态", lambda o: o.get_status_display(), ("status",), width=8),
    Column("overdue", "逾期", overdue_flag, width=6),
)

CAMPAIGNS = Table(
    Column("name", "名称", attrgetter("name"), ("name",), link=True, width=30),
    date_column("start_date", "开始日期"),
    date_column("end_date", "结束日期"),
    # Set on the page's rows by the list (decorate) and on the export's by an annotation.
    Column("inspections", "检查户次", attrgetter("inspection_count"), width=10, kind=count),
)

DRAWS = Table(
    Column("name", "名称", attrgetter("name"), ("name",), link=True, width=30),
    Column(
        "created_at",
        "抽取时间",
        attrgetter("created_at"),
        ("created_at",),
        width=16,
        kind=date_time,
    ),
    Column("count", "抽取户数", lambda d: d.parameters.get("count"), width=10, kind=count),
    Column("candidates", "候选单位数", lambda d: len(d.candidate_ids), width=10, kind=count),
    Column("seed", "随机种子", lambda d: str(d.seed), width=22),
)


# ---------------------------------------------------------------- 信誉度等级 (grades.py)


def _kind(row) -> str:
    unit = getattr(row, "establishment", row)
    return unit.category.name


def _grade_label(value) -> str:
    return CreditGrade(value).label if value else "未评定"


GRADES = Table(
    unit(link=True),
    credit_code("establishment"),
    township("establishment"),
    Column("kind", "类别", _kind, ("establishment__category__name",), width=12),
    Column("grade", "信誉度等级", lambda a: a.get_grade_display(), ("grade",), width=12),
    Column("standardised", "标化分", attrgetter("standardised"), ("standardised",), width=8),
    date_column("assessed_on", "评定日期"),
)

# Units whose visits this year fall short of their grade's planned frequency.
PLAN = Table(
    Column("name", "单位", attrgetter("name"), ("name",), link=True, width=30),
    township(),
    Column("kind", "类别", _kind, ("category__name",), width=12),
    Column(
        "grade", "信誉度等级", lambda u: _grade_label(u.current_grade), ("current_grade",), width=12
    ),
    Column("planned", "计划户次", attrgetter("planned_visits"), ("planned_visits",), width=8),
    Column("visits", "已检查户次", attrgetter("visits"), ("visits",), width=8),
    Column("missing", "尚缺户次", attrgetter("missing_visits"), ("missing_visits",), width=8),
)


# ---------------------------------------------------------------- 投诉举报 (complaints.py)


def _due_state(complaint) -> str:
    """已超期 N 日 / 今日到期 / N 日后到期 (within the warning days) for an open complaint."""
    if complaint.next_due is None or complaint.is_closed:
        return ""
    left = (complaint.next_due - timezone.localdate()).days
    if left < 0:
        return f"已超期 {-left} 日"
    if left == 0:
        return "今日到期"
    return f"{left} 日后到期" if left <= COMPLAINT_DUE_SOON_DAYS else ""


def _due_cell(value) -> str:
    """期限提醒 on the page: an overdue complaint in red."""
    shown = text(value)
    return f'<span class="overdue">{shown}</span>' if value.startswith("已超期") else shown


COMPLAINTS = Table(
    Column("number", "登记编号", attrgetter("number"), ("year", "sequence"), link=True, width=16),
    Column(
        "target",
        "被投诉对象",
        attrgetter("target_name"),
        ("establishment__name", "place_name"),
        width=30,
    ),
    Column("status", "状态", lambda c: c.get_status_display(), ("status",), width=8),
    date_column("next_due", "当前期限"),
    Column("due_state", "期限提醒", _due_state, width=12, kind=_due_cell),
    person("assigned_to", "承办人", "assigned_to", order_by=("assigned_to__first_name",), width=10),
    Column("received_at", "收到时间", attrgetter("received_at"), ("received_at",), kind=date_time),
    Column("source", "来源", lambda c: c.get_source_display(), ("source",), width=12),
    Column("domain", "监督专业", attrgetter("domain.name"), ("domain__order",), width=12),
    date_column("closed_on", "办结日期"),
)


def _environment_result(inspection) -> str:
    if inspection.pending_rooms:
        return "送检中"
    return "不合格" if inspection.failing_rooms else "合格"


# A school's classroom check (教学环境) at an inspection: its classrooms, those failing and
# the parameters they failed on (inspections.views.school_environment).
SCHOOL_ENVIRONMENT = Table(
    unit(link=False, header="学校"),
    township("establishment", html=False, order_by=()),
    Column(
        "inspected_at",
        "检查日期",
        lambda i: timezone.localtime(i.inspected_at).date(),
        ("inspected_at",),
        kind=date,
        width=12,
    ),
    Column("rooms", "检测教室数", attrgetter("rooms"), ("rooms",), kind=count, width=8),
    Column(
        "failing_rooms",
        "不合格教室数",
        attrgetter("failing_rooms"),
        ("failing_rooms",),
        kind=count,
        width=8,
    ),
    Column("result", "结果", _environment_result, width=8),
    Column(
        "failed", "不合格指标", lambda i: "、".join(getattr(i, "failed_parameters", ())), width=40
    ),
)


# ---------------------------------------------------------------- 健康促进 (promotion.py)


def _points(value) -> str:
    """80.00 → 80, 69.50 → 69.5; empty for none."""
    return "" if value is None else f"{value.normalize():f}"


def _promotion_result(a) -> str:
    return "已作废" if a.is_voided else a.result_label


PROMOTION = Table(
    unit("subject", "评估对象", link=True, key="subject"),
    township("subject"),
    Column("standard", "标准", attrgetter("standard.name"), ("standard__order",), width=14),
    date_column("assessed_on", "评估日期"),
    Column("total", "得分", attrgetter("total"), ("total",), width=8, kind=_points),
    Column("converted", "转化得分", attrgetter("converted"), ("converted",), width=8, kind=_points),
    Column("result", "结果", _promotion_result, ("passed",), width=8),
    Column("assessors", "评估人员", attrgetter("assessors"), width=20, html=False),
)


def _standing(u) -> str:
    if u.standing_id is None:
        return "未评估"
    return "达标" if u.standing_passed else "未达标"


# The subjects behind a number of the plan's figures (promotion_subjects' annotations).
PROMOTION_SUBJECTS = Table(
    Column("name", "单位", attrgetter("name"), ("name",), link=True, width=30),
    township(),
    Column("kind", "类别", attrgetter("category.name"), ("category__name",), width=14),
    Column("standing", "评估结果", _standing, ("standing_passed",), width=10),
    Column(
        "score", "得分", attrgetter("standing_total"), ("standing_total",), width=8, kind=_points
    ),
    date_column("standing_on", "评估日期"),
)
