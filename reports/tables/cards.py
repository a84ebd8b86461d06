"""Reporting upward's tables: the lists of cards due, late and reported (the record's
columns, then its event and deadline), and the fields of each 信息卡 the export writes
(reports.presentation.cards), taken from the apps' own tables (a unit, an inspection or a case
is shown as on its own list)."""

from operator import attrgetter

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from core.tables import Column, Table, count, date, date_column, money_column
from inspections.tables import DRAWS, INSPECTIONS
from penalties.choices import PenaltyStage
from penalties.tables import CASES, cents
from premises.tables import ESTABLISHMENTS
from reports.models import CardKind

# ---------------------------------------------------------------- reporting upward


def _days_left(deadline, today) -> str:
    days = (deadline - today).days
    if days > 0:
        return f"剩 {days} 天"
    if days == 0:
        return "今日到期"
    return f"逾期 {-days} 天"


def _timeliness(deadline, reported_on) -> str:
    late = (reported_on - deadline).days
    return "按期" if late <= 0 else f"逾期 {late} 天"


# ---------------------------------------------------------------- the cards' fields

# The fields of the national 卫生监督信息卡 (被监督单位信息卡, 监督检查信息卡, 案件查处信息卡
# of 《卫生监督信息报告管理规定》 and the 国家卫生健康委 card forms of each domain) that
# Weijian holds, in the export reports.presentation.cards writes one sheet per card from.
# 未核实: no copy of the current card forms was found (issue #19); the list is what such a
# card plainly needs, from the records' own tables, and the sheets say so (CARD_FIELDS_NOTE).
CARD_FIELDS_NOTE = (
    "字段清单未核实：按《卫生监督信息报告管理规定》及各专业卫生监督信息卡整理，"
    "尚未与国家卫生健康委现行信息卡逐项核对，录入或导入前请核对。"
)


def _permit_field(name):
    """A field of the unit's latest permit (annotated by reports.presentation.cards)."""
    return attrgetter(f"card_permit_{name}")


# Units: with_practitioner_count() and the permit annotations of reports.presentation.cards.
UNIT_CARD = (
    ESTABLISHMENTS.pick("name", "credit_code", "legal_representative", "address", "township")
    .change("legal_representative", header="法定代表人（负责人）", html=True)
    .change("address", html=True)
    + (Column("township_code", "行政区划代码", attrgetter("township.code"), width=14),)
    + ESTABLISHMENTS.pick("domain", "category", "practitioners", "phone")
    .change("domain", header="专业类别")
    .change("phone", html=True)
    + (
        Column("permit_number", "许可证号", _permit_field("number"), width=24),
        Column("permit_issued_on", "发证日期", _permit_field("issued_on"), width=12, kind=date),
        Column("permit_valid_from", "有效期自", _permit_field("valid_from"), width=12, kind=date),
        Column("permit_expires_on", "有效期至", _permit_field("expires_on"), width=12, kind=date),
    )
)


def _inspected_on(inspection):
    return timezone.localtime(inspection.inspected_at).date()


def _problems(inspection) -> str:
    """The problems found (prefetched ``problems``), then what the record says."""
    names = "、".join(p.name for p in inspection.problems.all())
    return "；".join(part for part in (names, inspection.findings.strip()) if part)


INSPECTION_CARD = (
    INSPECTIONS.pick("establishment", "credit_code", "township").change("credit_code", html=True)
    + (Column("inspected_on", "检查日期", _inspected_on, width=12, kind=date),)
    + INSPECTIONS.pick("kind", "domain", "inspectors", "result")
    .change("kind", header="检查类别")
    .change("result", header="检查结果（处理结果）")
    + (Column("problems", "发现问题", _problems, width=40),)
    + INSPECTIONS.pick("opinion").change("opinion", header="卫生监督意见书文号")
)


def _decided_kinds(case) -> str:
    """The kinds of penalty decided (prefetched ``penalties``), as recorded."""
    kinds = {
        p.get_kind_display(): None for p in case.penalties.all() if p.stage == PenaltyStage.DECIDED
    }
    return "、".join(kinds)


def _confiscated(case):
    """罚没款: the fine and the confiscated gains decided."""
    return cents((case.fine_total or 0) + (case.gains_total or 0))


def _execution(case) -> str:
    done = f"{case.executed_on:%Y-%m-%d} 执行完毕" if case.executed_on else ""
    return "；".join(part for part in (done, case.execution_note.strip()) if part)


# Cases: PenaltyCase.objects.with_money(), ``penalties`` prefetched.
CASE_CARD = (
    CASES.pick("number", "party_name", "party_kind")
    + (
        Column(
            "party_code",
            "统一社会信用代码（身份证号码）",
            attrgetter("party_code_masked"),
            width=22,
        ),
    )
    + CASES.pick("violation", "filed_on").change("violation", header="案由（违法行为）")
    + (
        Column("facts", "违法事实", attrgetter("facts"), width=50),
        Column("penalty_basis", "处罚依据", attrgetter("violation.penalty_basis"), width=40),
        Column("decision_number", "处罚决定书文号", lambda c: c.decision_number or "", width=24),
        date_column("decided_on", "决定日期"),
        Column("penalty_kinds", "处罚种类", _decided_kinds, width=24),
        money_column("confiscated", "罚没款金额（元）", _confiscated, width=14),
    )
    + CASES.pick("fine_total", "gains_total")
    .change("fine_total", header="其中罚款（元）")
    .change("gains_total", header="其中没收违法所得（元）")
    + (
        date_column("closed_on", "结案日期"),
        Column("execution", "执行情况", _execution, width=30),
    )
    + CASES.pick("outcome")
)


def card_record_columns(kind) -> Table:
    """The columns of the record a card is about, as on the record's own list."""
    if kind == CardKind.UNIT:
        return UNIT_CARD.pick("name", "credit_code", "township") + (
            Column(
                "event",
                "起算事项",
                lambda o: "首次发证" if o.event_on == o.first_permit_on else "首次监督检查",
            ),
        )
    if kind == CardKind.INSPECTION:
        return INSPECTIONS.pick("establishment", "kind", "result").change(
            "establishment", link=True
        )
    if kind == CardKind.CASE_SINGLE:
        return CASES.pick("number", "party_name") + (
            Column("procedure", "程序", lambda o: o.get_procedure_display()),
            Column("outcome", "结案类型", lambda o: o.get_outcome_display()),
        )
    if kind in (CardKind.CASE_DECISION, CardKind.CASE_CLOSURE):
        columns = CASES.pick("number", "party_name", "decision_number").change(
            "decision_number", html=True
        )
        if kind == CardKind.CASE_DECISION:
            columns += (
                Column(
                    "event",
                    "生效依据",
                    lambda o: "送达" if o.served_on else "决定（未登记送达）",
                ),
            )
        return columns
    return DRAWS.pick("name") + (
        Column("assignments", "抽查户数", attrgetter("assignment_count"), kind=count),
    )


def card_columns(kind, rule, *, state_reported, deadline, today, can_record) -> Table:
    """A reporting list: the record's columns, its event and deadline, then when it was
    reported (reported cards) or the days left and, for who may, the record buttons."""
    event_order = ("inspected_at",) if kind == CardKind.INSPECTION else ("event_on",)
    columns = card_record_columns(kind) + (
        Column("event_on", rule.date_label, attrgetter("event_on"), event_order, kind=date),
        Column("deadline", "报告期限", deadline, kind=date),
    )
    if state_reported:
        return columns + (
            Column(
                "reported_on",
                "报告日期",
                attrgetter("card_reported_on"),
                ("card_reported_on",),
                kind=date,
            ),
            Column("reference", "系统编号或公示网址", attrgetter("card_reference"), width=30),
            Column(
                "timeliness",
                "报告时限",
                lambda o: _timeliness(deadline(o), o.card_reported_on),
            ),
        )
    columns += (Column("days_left", "剩余/逾期", lambda o: _days_left(deadline(o), today)),)
    if can_record:

        def record_link(obj):
            url = reverse("reports:reporting_record", kwargs={"kind": kind, "object_id": obj.pk})
            return format_html('<a class="button" href="{}">登记报告</a>', url)

        def checkbox(obj):
            return format_html(
                '<input type="checkbox" name="ids" value="{}" form="bulk-record" '
                'aria-label="选择 {}">',
                obj.pk,
                obj,
            )

        columns += (
            Column("record", "登记报告", record_link, export=False),
            Column("pick", "选择", checkbox, export=False),
        )
    return columns
