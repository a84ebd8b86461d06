"""The notice of the intended penalty (事先告知): evidence first, the discretion table, its
own gapless numbers and the statement and hearing windows in working days."""

import datetime
from decimal import Decimal

import pytest

from core.models import CalendarDay
from penalties import services
from penalties.choices import CaseStatus, PartyKind, PenaltyKind, PenaltyStage, Severity
from penalties.models import CasePenalty
from penalties.services.discretion import PenaltyLine, legal_bounds
from tests.penalties.factories import (
    HEARING_PARTY,
    case_at,
    case_state,
    days_ago,
    file_case,
    fine,
    proposal,
    refused,
    serve_notice,
    violation,
)

pytestmark = pytest.mark.django_db


def notify(case, penalties, severity=Severity.ORDINARY, done_on=None, **more):
    """Notify, and serve the notice the same day (the windows run from its service)."""
    done_on = done_on or days_ago(50)
    case = services.case_notify(
        case=case,
        user=case.created_by,
        done_on=done_on,
        severity=severity,
        penalties=penalties,
        **more,
    )
    serve_notice(case, on=done_on)
    case.refresh_from_db()
    return case


def test_notice_needs_evidence_and_uses_no_number_when_refused():
    filed = file_case()
    bare = services.case_investigate(case=filed, user=filed.created_by, done_on=days_ago(59))
    before = case_state(bare)
    with refused("evidence", "尚未登记任何证据"):
        notify(bare, fine(3000))
    assert case_state(bare) == before
    case = notify(case_at(CaseStatus.INVESTIGATING), fine(3000))
    assert case.notice_number == f"万卫公告〔{days_ago(50).year}〕001号"


def test_a_fine_inside_the_range_is_proposed_and_stored():
    correct = fine(2000, order_correct=True, correction_note="办理卫生许可证")
    case = notify(case_at(CaseStatus.INVESTIGATING), correct)
    assert case.status == CaseStatus.NOTIFIED and case.notified_on == days_ago(50)
    assert case.proposed_severity == Severity.ORDINARY and case.proposal_departure_reason == ""
    proposed = {
        p.kind: p.amount for p in CasePenalty.objects.filter(case=case, stage=PenaltyStage.PROPOSED)
    }
    assert proposed == {"warning": None, "fine": Decimal("2000")}  # 责令改正 is no penalty
    assert case.correction_orders.get().content == "办理卫生许可证"
    assert notify(case_at(CaseStatus.INVESTIGATING), fine(5000)).pk  # upper bound included


@pytest.mark.parametrize("amount", ["1999.99", "5000.01"])
def test_a_fine_outside_the_range_is_refused_without_a_reason(amount):
    case = case_at(CaseStatus.INVESTIGATING)
    before = case_state(case)
    with refused(
        "fine_amount", "超出", "未依法取得公共场所卫生许可证擅自营业（一般）", "2,000–5,000 元"
    ) as exc:
        notify(case, fine(amount))
    assert "须填写偏离裁量基准的理由" in exc.value.message_dict["departure_reason"][0]
    assert case_state(case) == before


def test_a_fine_outside_the_range_is_accepted_with_its_reason_stored():
    case = notify(
        case_at(CaseStatus.INVESTIGATING),
        fine(1500),
        departure_reason=" 当事人主动消除危害后果，依法从轻。 ",
    )
    assert case.status == CaseStatus.NOTIFIED
    assert case.proposal_departure_reason == "当事人主动消除危害后果，依法从轻。"
    assert case.penalties.get(kind="fine").amount == Decimal("1500")


def test_a_penalty_kind_of_another_level_needs_a_departure_reason():
    """Suspension is in the 严重 level of 未按规定清洗消毒, not in its 一般 level."""
    case = case_at(CaseStatus.INVESTIGATING, violation=violation("pp-no-disinfection"))
    suspend = fine(1000, suspension=True, suspension_note="停业整顿十日")
    with refused("suspension", "不含“责令停产停业（停业整顿）”", "可处：警告、罚款"):
        notify(case, suspend)
    case = notify(case, suspend, departure_reason="拒不改正，情节严重。")
    assert case.penalties.get(kind="suspension").note == "停业整顿十日"


def test_no_reason_unlocks_a_penalty_kind_no_level_allows():
    """No level of 未取得卫生许可证 allows suspension: the clause does not provide for it."""
    case = case_at(CaseStatus.INVESTIGATING)
    before = case_state(case)
    suspend = fine(3000, suspension=True, suspension_note="停业整顿十日")
    with refused("suspension", "处罚依据不含“责令停产停业（停业整顿）”", "偏离裁量基准也不能"):
        notify(case, suspend, departure_reason="拒不改正，情节严重。")
    assert case_state(case) == before


def test_no_reason_unlocks_a_fine_above_the_highest_level():
    """未取得卫生许可证: at most 30,000 yuan (严重); 一般 with a reason may go up to it."""
    case = case_at(CaseStatus.INVESTIGATING)
    reason = "违法所得巨大，从重。"
    with refused("fine_amount", "超过", "最高罚款 30,000 元", "即使说明偏离理由也不能超出"):
        notify(case, fine("30000.01"), departure_reason=reason)
    assert case_state(case)[0] == CaseStatus.INVESTIGATING
    case = notify(case, fine(30000), departure_reason=reason)
    assert case.penalties.get(kind="fine").amount == Decimal("30000")


def test_no_ceiling_when_a_level_has_no_maximum():
    """非法行医, 严重: two to ten times the gains, no fixed maximum: with 60,000 yuan of
    gains, 500,000 is within; without the gains, 10,000 counts and 100,000 is the most."""
    case = case_at(
        CaseStatus.INVESTIGATING,
        party_kind=PartyKind.PERSON,
        violation=violation("illegal-practice"),
        party_name="李某",
        party_address="城关镇东街3号",
    )
    with refused("fine_amount", "最高罚款 100,000 元"):
        notify(case, proposal(fine_amount=Decimal("500000")), severity=Severity.SERIOUS)
    gains = proposal(fine_amount=Decimal("500000"), illegal_gains=Decimal("60000"))
    case = notify(case, gains, severity=Severity.SERIOUS)
    assert case.penalties.get(kind="fine").amount == Decimal("500000")


def test_a_negative_fine_is_refused_whatever_the_reason():
    case = case_at(CaseStatus.INVESTIGATING)
    with refused("fine_amount", "须大于 0"):
        notify(case, fine(-100), departure_reason="理由")
    assert case_state(case)[0] == CaseStatus.INVESTIGATING
    below = [PenaltyLine(PenaltyKind.FINE, amount=Decimal("-1"))]  # not through the input
    assert legal_bounds(case.violation, below) == {"fine_amount": "金额不能为负数。"}


def test_a_severity_without_a_level_is_refused():
    case = case_at(CaseStatus.INVESTIGATING, violation=violation("pp-no-health-certificate"))
    with refused("severity", "没有“轻微”情节的裁量基准"):
        notify(case, fine(500), severity=Severity.MINOR)
    with refused("severity", "请选择"):
        notify(case, fine(500), severity="")
    assert notify(case, fine(500)).proposed_severity == Severity.ORDINARY


def test_the_penalties_entered_are_checked():
    case = case_at(CaseStatus.INVESTIGATING)
    with refused("penalties", "请至少选择一种处罚"):
        notify(case, proposal())
    with refused("fine_amount", "不是金额"):
        notify(case, proposal(fine_amount="三千"))
    with refused("fine_amount", "须大于 0"):
        notify(case, proposal(fine_amount=Decimal("-5")))
    with refused("fine_amount", "两位小数"):
        notify(case, proposal(fine_amount=Decimal("3000.001")))
    with refused("items_quantity", "数量"):
        notify(case, fine(3000, items_confiscated="消毒柜"))
    assert case_state(case)[0] == CaseStatus.INVESTIGATING


def test_notices_have_their_own_gapless_series():
    first = case_at(CaseStatus.INVESTIGATING)
    second = case_at(CaseStatus.INVESTIGATING)
    year = days_ago(50).year
    assert second.number.endswith(f"〔{second.year}〕002号")
    with refused("fine_amount"):
        notify(first, fine(99))
    assert notify(second, fine(3000)).notice_number == f"万卫公告〔{year}〕001号"
    assert notify(first, fine(3000)).notice_number == f"万卫公告〔{year}〕002号"


def _a_past_monday() -> datetime.date:
    """A Monday some weeks back whose next two weeks hold no holiday or 调休 (the calendar
    ships them: the expected dates below count plain weekdays)."""
    day = days_ago(51)
    day -= datetime.timedelta(days=day.weekday())
    while CalendarDay.objects.filter(date__range=(day, day + datetime.timedelta(days=14))).exists():
        day -= datetime.timedelta(days=7)
    return day


def test_statement_and_hearing_windows_are_counted_in_working_days():
    monday = _a_past_monday()
    case = notify(case_at(CaseStatus.INVESTIGATING, **HEARING_PARTY), fine(3000), done_on=monday)
    assert case.statement_due == monday + datetime.timedelta(days=3)  # Thursday
    assert case.hearing_request_due == monday + datetime.timedelta(days=7)  # next Monday


def test_a_holiday_moves_the_due_dates():
    monday = _a_past_monday()
    CalendarDay.objects.create(
        date=monday + datetime.timedelta(days=1), is_workday=False, name="节日"
    )
    CalendarDay.objects.create(
        date=monday + datetime.timedelta(days=5), is_workday=True, name="调休上班"
    )
    case = notify(case_at(CaseStatus.INVESTIGATING, **HEARING_PARTY), fine(3000), done_on=monday)
    # Tuesday off: Wed, Thu, Fri make three; Saturday worked, then Monday make five.
    assert case.statement_due == monday + datetime.timedelta(days=4)  # Friday
    assert case.hearing_request_due == monday + datetime.timedelta(days=7)
    CalendarDay.objects.filter(date=monday + datetime.timedelta(days=5)).delete()
    other = notify(case_at(CaseStatus.INVESTIGATING, **HEARING_PARTY), fine(3000), done_on=monday)
    assert other.hearing_request_due == monday + datetime.timedelta(days=8)  # Tuesday


def test_the_notice_sets_the_due_dates_and_keeps_the_decision_limit_running():
    case = notify(case_at(CaseStatus.INVESTIGATING), fine(3000))
    assert (case.next_due, case.next_due_code) == (case.decision_due, "decision")
    step = case.steps.get(step=CaseStatus.NOTIFIED)
    assert step.document == f"行政处罚事先告知书 {case.notice_number}"
