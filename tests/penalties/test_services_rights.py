"""The party's rights after the notice: statement and defence, hearing, waiver; the
decision waits for them."""

import datetime

import pytest

from core.calendar import add_working_days
from penalties import services
from penalties.choices import CaseStatus, Severity
from penalties.models import Hearing, PartyStatement
from tests.factories import UserFactory
from tests.penalties.factories import (
    HEARING_PARTY,
    case_at,
    case_state,
    days_ago,
    decision_ready,
    fine,
    officers,
    refused,
    serve,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def decide(case, done_on):
    decision_ready(case, on=done_on, severity=Severity.ORDINARY, penalties=fine(3000))
    return services.case_decide(
        case=case,
        user=case.created_by,
        done_on=done_on,
        severity=Severity.ORDINARY,
        penalties=fine(3000),
    )


def request(case, requested_on=None):
    return services.hearing_request(
        case=case, user=case.created_by, requested_on=requested_on or days_ago(49)
    )


def schedule(case, notified=None, scheduled=None, host="法制科刘某", place="第一会议室",
             served=True):  # fmt: skip
    """The hearing fixed and, unless ``served`` is False, its 听证通知书 served that day."""
    notified = notified or days_ago(48)
    hearing = services.hearing_schedule(
        case=case,
        user=case.created_by,
        party_notified_on=notified,
        scheduled_for=scheduled or add_working_days(notified, 7),
        place=place,
        host=host,
    )
    if served:
        serve(case, "hearing-notice", on=notified)
    return hearing


def test_a_hearing_is_held_only_after_its_notice_reached_the_party_seven_days_before(notified):
    """Walk finding: a hearing was recorded while its 听证通知书 had not been served, the
    seven days counted from a typed date."""
    request(notified)
    hearing = schedule(notified, served=False)
    hold = {"case": notified, "user": notified.created_by, "held_on": hearing.scheduled_for,
            "summary": "当事人陈述"}  # fmt: skip
    with refused("held_on", "尚未登记送达"):
        services.hearing_hold(**hold)
    serve(notified, "hearing-notice", on=hearing.scheduled_for - 2 * DAY)  # two days before
    with refused("held_on", "不足七日", "请重新安排听证"):
        services.hearing_hold(**hold)
    assert Hearing.objects.get().held_on is None
    serve(notified, "hearing-notice", on=days_ago(48), reservice_reason="更正：按实际送达日期登记")
    assert services.hearing_hold(**hold).held_on == hearing.scheduled_for


@pytest.fixture
def notified():
    return case_at(CaseStatus.NOTIFIED, **HEARING_PARTY)


def test_statement_recorded_with_the_reply(notified):
    statement = services.statement_record(
        case=notified,
        user=notified.created_by,
        received_on=days_ago(49),
        content=" 首次违法，请求从轻。 ",
        adopted=False,
        reply="罚款已在裁量幅度内从轻。",
    )
    assert (statement.content, statement.adopted) == ("首次违法，请求从轻。", False)
    with refused("reply", "复核意见"):
        services.statement_record(
            case=notified,
            user=notified.created_by,
            received_on=days_ago(49),
            content="补充意见",
            adopted=True,
            reply=" ",
        )
    with refused("received_on", "不能早于告知日期"):
        services.statement_record(
            case=notified,
            user=notified.created_by,
            received_on=days_ago(51),
            content="补充意见",
            adopted=True,
            reply="不采纳",
        )
    assert PartyStatement.objects.filter(case=notified).count() == 1


def test_a_hearing_asked_after_the_window_is_refused(notified):
    due = notified.hearing_request_due
    before = case_state(notified)
    with refused("requested_on", "已超过申请听证期限", f"{due:%Y-%m-%d}"):
        request(notified, due + DAY)
    served = notified.services.get(document="notice").served_on  # the window runs from it
    with refused("requested_on", "不能早于告知书送达日期", f"{served:%Y-%m-%d}"):
        request(notified, served - DAY)
    assert case_state(notified) == before and not Hearing.objects.exists()
    hearing = request(notified, due)  # the last day counts
    assert hearing.requested_on == due
    with refused("requested_on", "已登记听证申请"):
        request(notified, due)


def test_the_party_is_told_seven_working_days_before_the_hearing(notified):
    request(notified)
    told = days_ago(48)
    earliest = add_working_days(told, 7)
    with refused("scheduled_for", "七日前通知", f"最早 {earliest:%Y-%m-%d} 举行"):
        schedule(notified, notified=told, scheduled=earliest - DAY)
    with refused("party_notified_on", "不能早于听证申请日期"):
        schedule(notified, notified=days_ago(50))
    hearing = schedule(notified, notified=told, scheduled=earliest)
    assert (hearing.party_notified_on, hearing.scheduled_for, hearing.host) == (
        told,
        earliest,
        "法制科刘某",
    )


def test_a_case_officer_cannot_host_the_hearing():
    team = [UserFactory(role="inspector", first_name="赵六"), *officers(1)]
    case = case_at(CaseStatus.NOTIFIED, team=team, **HEARING_PARTY)
    request(case)
    with refused("host", "不能是本案调查人员"):
        schedule(case, host="赵六")
    with refused("host", "不能是本案调查人员"):
        schedule(case, host=team[1].username)
    with refused("place", "听证地点"):
        schedule(case, place="")
    assert Hearing.objects.get(case=case).scheduled_for is None


def test_an_officer_is_recognised_by_the_name_written_family_name_first():
    team = [UserFactory(role="inspector", first_name="六", last_name="赵"), *officers(1)]
    case = case_at(CaseStatus.NOTIFIED, team=team, **HEARING_PARTY)
    request(case)
    with refused("host", "不能是本案调查人员"):
        schedule(case, host="赵六")


def test_no_schedule_without_a_request_no_hearing_held_without_a_schedule(notified):
    with refused("scheduled_for", "未申请听证"):
        schedule(notified)
    request(notified)
    with refused("held_on", "尚未安排"):
        services.hearing_hold(
            case=notified, user=notified.created_by, held_on=days_ago(30), summary="x"
        )
    hearing = schedule(notified)
    with refused("held_on", "不能早于通知的听证日期"):
        services.hearing_hold(
            case=notified,
            user=notified.created_by,
            held_on=hearing.scheduled_for - DAY,
            summary="当事人陈述",
        )
    with refused("summary", "听证笔录"):
        services.hearing_hold(
            case=notified, user=notified.created_by, held_on=hearing.scheduled_for, summary=""
        )


def test_the_decision_waits_for_the_statement_and_hearing_windows(notified):
    window_end = max(notified.statement_due, notified.hearing_request_due)
    before = case_state(notified)
    with refused("done_on", f"至 {window_end:%Y-%m-%d} 届满", "书面放弃的除外"):
        decide(notified, window_end)
    assert case_state(notified) == before
    case = decide(notified, window_end + DAY)
    assert case.status == CaseStatus.DECIDED and case.decided_on == window_end + DAY


def waive(case, waived_on=None):
    return services.rights_waive(
        case=case, user=case.created_by, waived_on=waived_on or days_ago(49)
    )


def test_a_waiver_lets_the_decision_through_from_its_date(notified):
    window_end = max(notified.statement_due, notified.hearing_request_due)
    case = waive(notified, days_ago(48))
    assert case.rights_waived and case.rights_waived_on == days_ago(48)
    assert case.history.first().history_change_reason == "当事人放弃陈述申辩和听证"
    with refused("requested_on", "已书面放弃"):
        request(case)
    before = case_state(case)
    assert days_ago(49) < window_end
    with refused("done_on", f"当事人于 {days_ago(48):%Y-%m-%d} 书面放弃", "不能早于放弃日期"):
        decide(case, days_ago(49))
    assert case_state(case) == before
    case = decide(case, days_ago(48))
    assert case.status == CaseStatus.DECIDED


def test_a_waiver_needs_its_date_after_the_notice(notified):
    before = case_state(notified)
    with refused("waived_on", "请填写放弃日期"):
        services.rights_waive(case=notified, user=notified.created_by, waived_on=None)
    with refused("waived_on", "放弃日期不能早于告知书送达日期"):
        waive(notified, notified.notified_on - DAY)
    with refused("waived_on", "放弃日期不能晚于今天"):
        waive(notified, days_ago(-1))
    assert case_state(notified) == before
    notified.refresh_from_db()
    assert not notified.rights_waived and notified.rights_waived_on is None


def test_a_waiver_is_refused_after_a_hearing_request(notified):
    request(notified)
    with refused("rights_waived", "已申请听证"):
        waive(notified)
    notified.refresh_from_db()
    assert notified.rights_waived is False


def test_with_a_hearing_requested_the_decision_waits_until_it_is_held(notified):
    request(notified)
    late = notified.hearing_request_due + 3 * DAY
    with refused("done_on", "须举行听证后才能作出决定"):
        decide(notified, late)
    hearing = schedule(notified)
    with refused("done_on", "须举行听证后"):
        decide(notified, hearing.scheduled_for + DAY)
    services.hearing_hold(
        case=notified,
        user=notified.created_by,
        held_on=hearing.scheduled_for + DAY,
        summary="当事人对事实无异议，请求从轻。",
    )
    with refused("done_on", "不能早于听证日期"):
        decide(notified, hearing.scheduled_for)
    case = decide(notified, hearing.scheduled_for + DAY)
    assert case.status == CaseStatus.DECIDED
    assert Hearing.objects.get(case=case).summary == "当事人对事实无异议，请求从轻。"
