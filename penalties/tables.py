"""The tables of penalty cases and of the violations' reference list, as their list pages and
exports show them (core.tables)."""

from decimal import Decimal
from operator import attrgetter

from django.utils import timezone

from core.tables import Column, Table, count, date_column, money_column, people
from penalties.choices import CaseStatus

CENT = Decimal("0.01")


def days_left(case, today=None):
    """Days until the current time limit (negative: overdue), or None without one."""
    if case.next_due is None or case.status == CaseStatus.CLOSED:
        return None
    return (case.next_due - (today or timezone.localdate())).days


def due_state(case) -> str:
    days = days_left(case)
    if days is None:
        return ""
    if days < 0:
        return f"已超期 {-days} 日"
    if days == 0:
        return "今日届满"
    return f"剩 {days} 日"


def overdue_text(case) -> str:
    days = days_left(case)
    return f"已超期 {-days} 日" if days is not None and days < 0 else ""


def cents(value):
    """An amount to the cent (the export's number), None for none."""
    return value.quantize(CENT) if value is not None else None


def due_label(case) -> str:
    return case.get_next_due_code_display() if case.next_due_code else ""


# Amounts are annotated by the list's queryset (PenaltyCase.objects.with_money()).
CASES = Table(
    Column("number", "案号", attrgetter("number"), ("year", "sequence"), link=True, width=24),
    Column("party_name", "当事人", attrgetter("party_name"), ("party_name",), width=26),
    Column("party_kind", "当事人类型", lambda c: c.get_party_kind_display(), html=False),
    Column("violation", "违法行为", attrgetter("violation.name"), ("violation__order",), width=36),
    Column("source", "来源", lambda c: c.get_source_display(), ("source",), width=10),
    Column("status", "办理环节", lambda c: c.get_status_display(), width=10),
    Column("outcome", "结案类型", lambda c: c.get_outcome_display(), ("outcome",), width=14),
    date_column("filed_on", "立案日期"),
    Column("next_due_code", "当前期限", due_label, ("next_due_code",), width=18),
    date_column("next_due", "期限届满日"),
    Column("overdue", "超期", overdue_text, width=12),
    money_column(
        "fine_total", "罚款（元）", lambda c: cents(c.fine_total), order_by=("fine_total",)
    ),
    money_column(
        "gains_total", "没收违法所得（元）", lambda c: cents(c.gains_total), html=False, width=14
    ),
    money_column(
        "paid_total", "已缴（元）", lambda c: cents(c.paid_total), order_by=("paid_total",)
    ),
    Column("decision_number", "决定书文号", lambda c: c.decision_number or "", html=False),
    people("officers", "承办人", "officers", html=False, width=18),
)

# Open cases near or past their current time limit: the days left, who handles them.
CASES_DUE = (
    (
        CASES.pick("number", "party_name", "status", "next_due_code", "next_due")
        + (Column("days_left", "剩余", due_state, width=12),)
        + CASES.pick("overdue", "officers")
    )
    .change("next_due_code", header="期限事项")
    .change("officers", html=True)
)

VIOLATIONS = Table(
    Column("name", "违法行为", attrgetter("name"), ("name",), link=True, width=40),
    Column(
        "domain",
        "监督专业",
        lambda v: v.domain.name if v.domain else "—",
        ("domain__order", "domain__code"),
    ),
    Column("legal_basis", "违反的规定", attrgetter("legal_basis"), width=36),
    Column("penalty_basis", "处罚依据", attrgetter("penalty_basis"), width=36),
    Column(
        "limitation_years",
        "追责时效（年）",
        attrgetter("limitation_years"),
        ("limitation_years",),
        width=10,
        kind=count,
    ),
    # Annotated by the list's queryset (the number of discretion levels).
    Column(
        "levels", "裁量等级数", attrgetter("level_count"), ("level_count",), width=10, kind=count
    ),
    Column("is_active", "启用", lambda v: "是" if v.is_active else "否", width=8),
)
