"""After the notice the facts and the proposal change only in the open: a re-notice (重新告知)
with a new number and new rights for the party, or a recorded amendment; the notice keeps
the facts it stated."""

from decimal import Decimal

import pytest

from core.calendar import add_working_days
from penalties import services
from penalties.choices import CaseStatus, PenaltyStage, Severity
from penalties.models import Hearing
from tests.penalties.factories import (
    HEARING_PARTY,
    case_at,
    case_state,
    days_ago,
    decision_ready,
    fine,
    refused,
    serve,
    serve_notice,
)

pytestmark = pytest.mark.django_db


def renotify(case, penalties, done_on=None, severity=Severity.ORDINARY, **more):
    done_on = done_on or days_ago(40)
    case = services.case_notify(
        case=case,
        user=case.created_by,
        done_on=done_on,
        severity=severity,
        penalties=penalties,
        **more,
    )
    serve_notice(case, on=done_on)  # the windows run from the notice's service
    case.refresh_from_db()
    return case


def decide(case, penalties, done_on):
    decision_ready(case, on=done_on, severity=Severity.ORDINARY, penalties=penalties)
    return services.case_decide(
        case=case,
        user=case.created_by,
        done_on=done_on,
        severity=Severity.ORDINARY,
        penalties=penalties,
    )


def test_a_heavier_decision_goes_through_a_renotice():
    case = case_at(CaseStatus.NOTIFIED)  # 3,000 yuan notified 50 days ago
    first = case.notice_number
    services.rights_waive(case=case, user=case.created_by, waived_on=days_ago(49))
    with refused("fine_amount", "高于告知的 3,000 元"):
        decide(case, fine(4500), days_ago(35))
    case = renotify(case, fine(4500))
    year = days_ago(40).year
    assert first == f"万卫公告〔{year}〕001号"
    assert case.notice_number == f"万卫公告〔{year}〕002号"  # the same series, the next number
    assert (case.status, case.notified_on) == (CaseStatus.NOTIFIED, days_ago(40))
    assert case.statement_due == add_working_days(days_ago(40), 3)  # from its service
    # 4,500 yuan to an organisation is below 较大数额: no hearing right, no hearing window.
    assert case.hearing_offered is False and case.hearing_request_due is None
    assert (case.rights_waived, case.rights_waived_on) == (False, None), "rights run again"
    proposed = {p.kind: p.amount for p in case.penalties.filter(stage=PenaltyStage.PROPOSED)}
    assert proposed == {"warning": None, "fine": Decimal("4500")}
    step = case.steps.get(step=CaseStatus.NOTIFIED)
    assert (step.done_on, step.document) == (
        days_ago(40),
        f"行政处罚事先告知书 {case.notice_number}",
    )
    assert f"原告知书 {first}（{days_ago(50):%Y-%m-%d}）作废" in step.note
    assert case.steps.count() == 3, "one notice step, kept readable"
    reasons = list(case.history.values_list("history_change_reason", flat=True))
    assert reasons[:2] == [  # newest first: the new notice, then its service
        f"送达行政处罚事先告知书 {case.notice_number}（直接送达）",
        f"重新告知 {case.notice_number}（原告知书 {first}）",
    ]
    with refused("done_on", "陈述申辩和申请听证的期限"):
        decide(case, fine(4500), case.statement_due)
    assert decide(case, fine(4500), days_ago(25)).status == CaseStatus.DECIDED


def test_a_renotice_is_dated_after_what_was_recorded():
    case = case_at(CaseStatus.NOTIFIED)
    services.statement_record(
        case=case,
        user=case.created_by,
        received_on=days_ago(45),
        content="申辩",
        adopted=False,
        reply="不采纳",
    )
    before = case_state(case)
    with refused("done_on", "告知日期不能早于最后一次陈述申辩日期"):
        renotify(case, fine(4500), done_on=days_ago(46))
    assert case_state(case) == before


def test_a_renotice_drops_the_earlier_hearing_and_legal_review(manager):
    case = case_at(CaseStatus.NOTIFIED, **HEARING_PARTY)
    services.hearing_request(case=case, user=case.created_by, requested_on=days_ago(49))
    services.hearing_schedule(
        case=case,
        user=case.created_by,
        party_notified_on=days_ago(48),
        scheduled_for=days_ago(30),
        place="听证室",
        host="王主持",
    )
    serve(case, "hearing-notice", on=days_ago(48))
    services.hearing_hold(
        case=case, user=case.created_by, held_on=days_ago(30), summary="当事人无异议"
    )
    services.case_legal_review(
        case=case, user=manager, reviewed_on=days_ago(29), opinion="同意", approved=True
    )
    case = renotify(case, fine(4500), done_on=days_ago(28))
    assert not Hearing.objects.filter(case=case).exists(), "the party may ask again"
    assert (case.legal_reviewer, case.legal_reviewed_on, case.legal_review_approved) == (
        None,
        None,
        None,
    )
    note = case.steps.get(step=CaseStatus.NOTIFIED).note
    assert "原告知书下的听证" in note and "当事人无异议" in note
    hearing = services.hearing_request(case=case, user=case.created_by, requested_on=days_ago(27))
    assert hearing.requested_on == days_ago(27)


def test_no_renotice_once_decided():
    case = case_at(CaseStatus.DECIDED)
    before = case_state(case)
    with refused("status", "已作出处罚决定", "不能再告知或重新告知"):
        renotify(case, fine(4500), done_on=days_ago(30))
    assert case_state(case) == before


def test_the_notice_keeps_the_facts_it_stated(manager):
    case = case_at(CaseStatus.NOTIFIED)
    stated = case.facts
    assert case.notice_facts == stated
    services.case_amend(case=case, user=manager, reason="补充", facts="擅自营业两个月。")
    case.refresh_from_db()
    assert (case.facts, case.notice_facts) == ("擅自营业两个月。", stated)
    case = renotify(case, fine(3000))
    assert case.notice_facts == "擅自营业两个月。", "a re-notice states the facts anew"


def test_the_facts_are_edited_directly_only_before_the_notice():
    investigating = case_at(CaseStatus.INVESTIGATING)
    updated = services.case_update(
        case=investigating, user=investigating.created_by, facts="擅自营业三个月。"
    )
    assert updated.facts == "擅自营业三个月。"
    notified = case_at(CaseStatus.NOTIFIED)
    before = case_state(notified)
    with refused("status", "已告知当事人", "请重新告知", "办理更正"):
        services.case_update(case=notified, user=notified.created_by, facts="改写的事实")
    assert case_state(notified) == before
