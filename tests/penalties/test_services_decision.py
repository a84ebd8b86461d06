"""The decision: its time limit and extensions, after everything recorded, never heavier
than notified, its own gapless numbers; then service and the payment limit. (The legal
review: test_services_legal_review.)"""

import datetime
from decimal import Decimal

import pytest

from core.calendar import add_working_days
from penalties import services
from penalties.choices import CaseStatus, PenaltyStage, Severity
from penalties.models import CaseExtension, TimeLimit
from tests.penalties.factories import case_at, case_state, days_ago, decision_ready, fine, refused

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def decide(case, penalties=None, done_on=None, severity=Severity.ORDINARY, **more):
    decision_ready(
        case,
        on=done_on or days_ago(35),
        severity=severity,
        penalties=penalties or fine(3000),
        departure_reason=more.get("departure_reason", ""),
    )
    return services.case_decide(
        case=case,
        user=case.created_by,
        done_on=done_on or days_ago(35),
        severity=severity,
        penalties=penalties or fine(3000),
        **more,
    )


def serve(case, done_on=None, **more):
    """By post (mailed and received on ``done_on``)."""
    if more.get("method", "mail") == "mail":
        more.setdefault("mailed_on", done_on or days_ago(34))
        more.setdefault("mail_number", "EMS0001")
    return services.case_serve(
        case=case,
        user=case.created_by,
        done_on=done_on or days_ago(34),
        method=more.pop("method", "mail"),
        recipient=more.pop("recipient", "张某"),
        **more,
    )


def test_a_decision_past_its_time_limit_is_refused():
    """Refused without an extension; closing without a decision stays open (see
    test_services_ending), so the case is not stuck."""
    case = case_at(CaseStatus.NOTIFIED, earlier=40)  # filed 100 days ago
    assert case.decision_due == days_ago(10)
    before = case_state(case)
    with refused("done_on", f"已超过作出决定的期限（{days_ago(10):%Y-%m-%d}）"):
        decide(case, done_on=days_ago(5))
    assert case_state(case) == before
    assert decide(case, done_on=days_ago(10)).status == CaseStatus.DECIDED


def test_an_extension_approved_in_time_by_a_manager_lets_the_decision_through(manager):
    case = case_at(CaseStatus.NOTIFIED, earlier=40)
    new_due = days_ago(-20)
    with refused("approved_by", "只有负责人"):
        services.case_extend(
            case=case,
            user=case.created_by,
            approved_on=days_ago(12),
            new_due=new_due,
            reason="复杂",
        )
    with refused("approved_on", "延期须在届满前批准"):
        services.case_extend(
            case=case, user=manager, approved_on=days_ago(9), new_due=new_due, reason="复杂"
        )
    with refused("new_due", "须晚于原期限"):
        services.case_extend(
            case=case, user=manager, approved_on=days_ago(12), new_due=days_ago(10), reason="复杂"
        )
    with refused("reason", "延期理由"):
        services.case_extend(
            case=case, user=manager, approved_on=days_ago(12), new_due=new_due, reason=" "
        )
    assert not CaseExtension.objects.exists()
    extension = services.case_extend(
        case=case,
        user=manager,
        approved_on=days_ago(12),
        new_due=new_due,
        reason="案情复杂，需鉴定。",
    )
    assert (extension.previous_due, extension.new_due, extension.approved_by) == (
        days_ago(10),
        new_due,
        manager,
    )
    case.refresh_from_db()
    assert (case.decision_due, case.next_due) == (new_due, new_due)
    assert case.history.first().history_user == manager
    assert decide(case, done_on=days_ago(5)).status == CaseStatus.DECIDED


def test_the_decision_comes_after_everything_recorded():
    """Not before the party's last statement (nor the hearing, the legal review: see their
    tests), whatever the windows say."""
    case = case_at(CaseStatus.NOTIFIED)
    services.statement_record(
        case=case,
        user=case.created_by,
        received_on=days_ago(20),
        content="补充申辩：已停业。",
        adopted=False,
        reply="不影响违法事实的认定。",
    )
    before = case_state(case)
    with refused("done_on", "不能早于最后一次陈述申辩日期", f"{days_ago(20):%Y-%m-%d}"):
        decide(case, done_on=days_ago(21))
    assert case_state(case) == before
    assert decide(case, done_on=days_ago(20)).decided_on == days_ago(20)


def test_the_decision_is_never_heavier_than_the_notice():
    case = case_at(CaseStatus.NOTIFIED)  # notified: warning and 3,000 yuan
    before = case_state(case)
    with refused("fine_amount", "决定金额 3,500 元高于告知的 3,000 元"):
        decide(case, penalties=fine(3500))
    assert case_state(case) == before
    case = decide(case, penalties=fine(2500), departure_reason="")
    decided = {p.kind: p.amount for p in case.penalties.filter(stage=PenaltyStage.DECIDED)}
    assert decided == {"warning": None, "fine": Decimal("2500")}
    proposed = {p.kind: p.amount for p in case.penalties.filter(stage=PenaltyStage.PROPOSED)}
    assert proposed == {"warning": None, "fine": Decimal("3000")}


def test_the_decision_is_checked_against_the_discretion_table_too():
    case = case_at(CaseStatus.NOTIFIED)
    with refused("fine_amount", "2,000–5,000 元"):
        decide(case, penalties=fine(1000))
    case = decide(case, penalties=fine(1000), departure_reason="当事人经济困难，减轻处罚。")
    assert case.departure_reason == "当事人经济困难，减轻处罚。"


def test_decisions_have_their_own_gapless_series_and_a_service_limit():
    first = case_at(CaseStatus.NOTIFIED)
    second = case_at(CaseStatus.NOTIFIED)
    year = days_ago(35).year
    with refused("fine_amount"):
        decide(first, penalties=fine(9000))
    second = decide(second)
    first = decide(first)
    assert second.decision_number == f"万卫公罚〔{year}〕001号"
    assert first.decision_number == f"万卫公罚〔{year}〕002号"
    assert first.service_due == add_working_days(days_ago(35), 7)
    assert (first.next_due, first.next_due_code) == (first.service_due, "service")


def test_service_after_its_limit_needs_a_reason():
    case = case_at(CaseStatus.DECIDED)
    late = case.service_due + DAY
    before = case_state(case)
    with refused("late_reason", f"送达期限为 {case.service_due:%Y-%m-%d}", "须说明理由"):
        serve(case, done_on=late)
    with refused("method", "送达方式"):
        serve(case, method="pigeon")
    with refused("recipient", "受送达人"):
        serve(case, recipient=" ")
    assert case_state(case) == before
    case = serve(case, done_on=late, late_reason="当事人外出，无法联系。")
    assert case.status == CaseStatus.SERVED and case.service_method == "mail"
    assert case.steps.get(step="served").note == "逾期送达理由：当事人外出，无法联系。"


def test_payment_is_due_fifteen_days_after_service_only_when_money_is_due():
    case = serve(case_at(CaseStatus.DECIDED))
    assert case.payment_due == days_ago(34) + datetime.timedelta(days=15)
    assert (case.next_due, case.next_due_code) == (case.payment_due, "payment")
    warned = serve(case_at(CaseStatus.DECIDED, amount=None))
    assert warned.payment_due is None and warned.next_due is None


def test_time_limits_are_data_the_administrator_changes():
    TimeLimit.objects.filter(code="payment").update(days=30)
    TimeLimit.objects.filter(code="service").update(days=10)
    case = decide(case_at(CaseStatus.NOTIFIED))
    assert case.service_due == add_working_days(days_ago(35), 10)
    case = serve(case)
    assert case.payment_due == days_ago(34) + datetime.timedelta(days=30)
