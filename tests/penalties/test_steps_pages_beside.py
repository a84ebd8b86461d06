"""Beside the ordinary steps, through the pages: the legal review a manager records before
a serious decision, the re-notice of a heavier penalty, and closing a case without a
decision."""

from decimal import Decimal

import pytest
from django.utils import timezone

from penalties.choices import CaseStatus, PenaltyKind, PenaltyStage
from tests.penalties.factories import (
    CORRECTED,
    approve_decision,
    case_at,
    case_state,
    closing_approved,
    days_ago,
    decision_ready,
    proposal,
    serve_notice,
)
from tests.penalties.test_steps_pages import (
    TODAY,
    assert_done,
    assert_refused,
    penalties_of,
    post_step,
    reload,
    step_url,
)

pytestmark = pytest.mark.django_db


def test_serious_decision_needs_the_legal_review_a_manager_records(client_as, inspector, manager):
    client = client_as(inspector)
    case = case_at(CaseStatus.INVESTIGATING)
    serious = {"severity": "serious", "fine_amount": "10000", "no_correction_reason": CORRECTED}
    assert_done(post_step(client, "case_notify", case, done_on=TODAY, **serious), case)
    serve_notice(case, on=timezone.localdate())
    assert_done(post_step(client, "rights_waive", case, waived_on=TODAY, confirm=True), case)

    form = client.get(step_url("case_decide", case)).context["form"]
    assert not {"legal_reviewer", "legal_reviewed_on", "legal_review_opinion"} & set(form.fields)
    before = case_state(case)
    response = post_step(client, "case_decide", case, done_on=TODAY, **serious)
    assert_refused(response, None, "裁量基准要求法制审核", "请由负责人办理法制审核")
    assert case_state(case) == before

    # The review examines the 案件调查终结报告's proposal (a fine alone: the serious level
    # allows it), put first.
    fine_only = proposal(fine_amount=Decimal(10000))
    approve_decision(case, on=timezone.localdate(), severity="serious", penalties=fine_only)
    assert client.get(step_url("case_legal_review", case)).status_code == 403
    reviewer = client_as(manager)
    page = reviewer.get(step_url("case_legal_review", case)).content.decode()
    assert "告知的拟处罚" in page and "罚款 10,000 元" in page and "须法制审核" in page
    response = post_step(reviewer, "case_legal_review", case, reviewed_on=TODAY, opinion="同意")
    assert_refused(response, "approved", "同意或不同意")
    response = post_step(
        reviewer,
        "case_legal_review",
        case,
        reviewed_on=TODAY,
        approved="1",
        opinion="事实清楚，同意",
    )
    assert_done(response, case, "已登记法制审核（同意）")
    assert (reload(case).legal_reviewer, case.legal_review_approved) == (manager, True)
    client = client_as(inspector)  # the one test client, back to the officer
    decide_page = client.get(step_url("case_decide", case)).content.decode()
    assert "同意（" in decide_page and "事实清楚，同意" in decide_page

    decision_ready(case, on=timezone.localdate(), severity="serious", penalties=fine_only)
    response = post_step(client, "case_decide", case, done_on=TODAY, **serious)
    assert_done(response, case)
    assert reload(case).status == CaseStatus.DECIDED
    assert case.legal_reviewer == manager
    assert case.steps.get(step=CaseStatus.DECIDED).officer == inspector


def test_renotice_page_starts_from_the_proposal_and_numbers_a_new_notice(client_as, inspector):
    client = client_as(inspector)
    case = case_at(CaseStatus.NOTIFIED)
    first = case.notice_number
    response = client.get(step_url("case_notify", case))
    assert response.context["title"] == f"重新告知：{case.number}"
    assert Decimal(response.context["form"]["fine_amount"].value()) == Decimal("3000")
    assert first in response.content.decode()
    response = post_step(
        client,
        "case_notify",
        case,
        done_on=days_ago(40),
        severity="ordinary",
        warning=True,
        fine_amount="4500",
        no_correction_reason=CORRECTED,
    )
    assert_done(response, case, "已重新告知")
    assert reload(case).notice_number != first
    assert penalties_of(case, PenaltyStage.PROPOSED)[PenaltyKind.FINE] == Decimal("4500")
    timeline = client.get(case.get_absolute_url()).content.decode()
    assert f"行政处罚事先告知书 {case.notice_number}" in timeline
    assert f"原告知书 {first}" in timeline


def test_terminate_page_closes_a_case_without_a_decision(client_as, inspector):
    client = client_as(inspector)
    case = case_at(CaseStatus.INVESTIGATING)
    closing_approved(case, on=timezone.localdate())  # the 结案报告, approved by the 负责人
    form = client.get(step_url("case_terminate", case)).context["form"]
    assert [v for v, _ in form.fields["outcome"].choices] == [
        "",
        "no_penalty",
        "withdrawn",
        "transferred",
    ]
    response = post_step(client, "case_terminate", case, done_on=TODAY, reason="不属本机关管辖")
    assert_refused(response, "outcome", "请选择结案类型")
    response = post_step(
        client,
        "case_terminate",
        case,
        done_on=TODAY,
        outcome="transferred",
        reason="不属本机关管辖，移送市场监管局。",
    )
    assert_done(response, case, "已结案（移送其他机关）")
    assert (reload(case).status, case.outcome) == (CaseStatus.CLOSED, "transferred")
    page = client.get(case.get_absolute_url())
    text = page.content.decode()
    assert "结案报告（移送其他机关）" in text and "不属本机关管辖，移送市场监管局。" in text
    states = {row["code"]: row["state"] for row in page.context["timeline"]}
    assert states == {
        "filed": "done",
        "investigating": "done",
        "notified": "skipped",
        "decided": "skipped",
        "served": "skipped",
        "executed": "skipped",
        "closed": "current",
    }
    assert "（未经此环节）" in text
