"""Closed cases through the pages: the step and edit pages refuse, a manager corrects by a
recorded amendment and reviews the file; the manager-only pages; the action buttons a case
shows."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from inspections.models import ChecklistTemplate
from penalties import services
from penalties.choices import CaseStatus, PartyKind
from penalties.models import CaseAmendment, CaseExtension, CaseReview
from tests.locking import version_of
from tests.penalties.factories import (
    HEARING_PARTY,
    approve,
    case_at,
    case_state,
    days_ago,
    serve,
)
from tests.penalties.test_steps_pages import (
    TODAY,
    assert_done,
    assert_refused,
    post_step,
    reload,
    step_url,
)

pytestmark = pytest.mark.django_db

# A form each step page would accept on a case at the right step.
VALID = {
    "case_investigate": {"done_on": TODAY},
    "case_extend": {"approved_on": TODAY, "new_due": "2030-01-01", "reason": "补充鉴定"},
    "case_notify": {"done_on": TODAY, "severity": "ordinary", "warning": True},
    "statement_record": {"received_on": TODAY, "content": "申辩", "adopted": "1", "reply": "采纳"},
    "rights_waive": {"waived_on": TODAY, "confirm": True},
    "case_legal_review": {"reviewed_on": TODAY, "approved": "1", "opinion": "同意"},
    "case_terminate": {"done_on": TODAY, "outcome": "withdrawn", "reason": "撤销"},
    "hearing_request": {"requested_on": TODAY},
    "hearing_schedule": {
        "party_notified_on": TODAY,
        "scheduled_for": "2030-01-01",
        "place": "听证室",
        "host": "王主持",
    },
    "hearing_hold": {"held_on": TODAY, "summary": "无异议"},
    "case_decide": {"done_on": TODAY, "severity": "ordinary", "warning": True},
    "case_serve": {
        "document": "decision",
        "served_on": TODAY,
        "method": "direct",
        "recipient": "张某",
        "signer": "张某",
    },
    "payment_record": {"kind": "fine", "paid_on": TODAY, "amount": "100"},
    "case_execute": {"done_on": TODAY, "note": "已改正"},
    "case_close": {"done_on": TODAY, "summary": "结案"},
}


@pytest.fixture
def closed_case(db):
    return case_at(CaseStatus.CLOSED)


@pytest.mark.parametrize("name", sorted(VALID))
def test_a_closed_case_refuses_every_step(client_as, manager, closed_case, name):
    client = client_as(manager)
    response = client.get(step_url(name, closed_case))
    assert response.status_code == 200
    assert "已结案，不能再办理此环节" in response.content.decode()

    before = case_state(closed_case)
    response = post_step(client, name, closed_case, **VALID[name])
    assert_refused(response, None, f"案件 {closed_case.number} 已结案", "请办理更正")
    assert case_state(closed_case) == before


def test_the_edit_page_refuses_a_closed_case(client_as, inspector, closed_case):
    """The edit page (penalties.views.case_forms) sends the user back with the reason."""
    before = case_state(closed_case)
    response = client_as(inspector).post(
        reverse("penalties:case_edit", args=[closed_case.pk]),
        {
            "facts": "改写的案情",
            "party_address": "新地址",
            "officers": [u.pk for u in closed_case.officers.all()],
            **version_of(closed_case),
        },
    )
    assert response["Location"] == closed_case.get_absolute_url()
    texts = [m.message for m in get_messages(response.wsgi_request)]
    assert any("已结案" in t and "请办理更正" in t for t in texts), texts
    assert case_state(closed_case) == before
    assert reload(closed_case).facts != "改写的案情"


def test_manager_amends_a_closed_case(client_as, manager, closed_case):
    client = client_as(manager)
    form = client.get(step_url("case_amend", closed_case)).context["form"]
    assert form["party_address"].value() == closed_case.party_address
    assert form["closing_summary"].value() == closed_case.closing_summary

    data = {name: form[name].value() for name in form.fields if name != "reason"}
    data.update(reason="地址录入错误", party_address="康乐街道 8 号")
    response = post_step(client, "case_amend", closed_case, **data)
    assert_done(response, closed_case, "已记录更正")
    amendment = CaseAmendment.objects.get(case=closed_case)
    assert amendment.changes == {
        "party_address": {"before": closed_case.party_address, "after": "康乐街道 8 号"}
    }
    assert amendment.amended_by == manager
    assert reload(closed_case).party_address == "康乐街道 8 号"
    assert closed_case.status == CaseStatus.CLOSED


def test_amend_without_a_change_or_a_reason_is_refused(client_as, manager, closed_case):
    client = client_as(manager)
    form = client.get(step_url("case_amend", closed_case)).context["form"]
    data = {name: form[name].value() for name in form.fields if name != "reason"}
    response = post_step(client, "case_amend", closed_case, **data, reason="核对")
    assert_refused(response, "reason", "没有需要更正的内容")
    response = post_step(client, "case_amend", closed_case, **data)
    assert response.status_code == 400 and "reason" in response.context["form"].errors
    assert not CaseAmendment.objects.filter(case=closed_case).exists()


def test_amend_page_does_not_show_a_person_id_number_in_full(client_as, manager):
    case = case_at(
        CaseStatus.DECIDED,
        party_kind=PartyKind.PERSON,
        party_name="赵某",
        party_code="11010519491231002X",
        party_address="某村 1 号",
    )
    client = client_as(manager)
    html = client.get(step_url("case_amend", case)).content.decode()
    assert "11010519491231002X" not in html
    assert case.party_code_masked in html
    form = client.get(step_url("case_amend", case)).context["form"]
    data = {name: form[name].value() for name in form.fields if name != "reason"}
    data.update(reason="电话有误", party_phone="13800000000")
    response = post_step(client, "case_amend", case, **data)
    assert_done(response, case)
    assert reload(case).party_code == "11010519491231002X"  # left empty: unchanged
    assert set(CaseAmendment.objects.get(case=case).changes) == {"party_phone"}


def test_review_page_scores_a_closed_case(client_as, manager, closed_case):
    client = client_as(manager)
    template = ChecklistTemplate.objects.for_case_review().get()
    items = list(template.items.all())
    response = client.get(step_url("case_review", closed_case))
    assert response.status_code == 200
    assert items[0].content in response.content.decode()

    data = {"template": template.pk, "reviewed_on": TODAY, "comments": "案卷规范"}
    data.update({f"score_{item.pk}": item.max_points for item in items})
    data[f"score_{items[0].pk}"] = items[0].max_points - 5
    data[f"note_{items[0].pk}"] = "立案不及时"
    response = post_step(client, "case_review", closed_case, **data)
    assert_done(response, closed_case, "（优秀）")
    review = CaseReview.objects.get(case=closed_case)
    assert (review.total, review.grade, review.reviewer) == (95, "优秀", manager)
    assert review.scores.get(item=items[0]).note == "立案不及时"


def test_review_refuses_scores_out_of_range_and_missing_items(client_as, manager, closed_case):
    client = client_as(manager)
    template = ChecklistTemplate.objects.for_case_review().get()
    items = list(template.items.all())
    data = {"template": template.pk, "reviewed_on": TODAY, f"score_{items[0].pk}": 99}
    response = post_step(client, "case_review", closed_case, **data)
    assert_refused(response, f"score_{items[0].pk}", "得分应在 0 到 10 之间")
    data[f"score_{items[0].pk}"] = 10
    response = post_step(client, "case_review", closed_case, **data)
    assert_refused(response, None, f"评分表还有 {len(items) - 1} 项未评定")
    assert not CaseReview.objects.filter(case=closed_case).exists()


def test_review_of_an_open_case_is_refused(client_as, manager):
    case = case_at(CaseStatus.EXECUTED)
    template = ChecklistTemplate.objects.for_case_review().get()
    data = {"template": template.pk, "reviewed_on": TODAY}
    data.update({f"score_{item.pk}": item.max_points for item in template.items.all()})
    response = post_step(client_as(manager), "case_review", case, **data)
    assert_refused(response, None, "只有已结案的案卷才能评查")
    assert not CaseReview.objects.exists()


# ---------------------------------------------------------------- extension


def test_manager_extends_the_time_limit_for_the_decision(client_as, manager):
    case = case_at(CaseStatus.INVESTIGATING)
    new_due = case.decision_due + datetime.timedelta(days=30)
    response = post_step(
        client_as(manager),
        "case_extend",
        case,
        approved_on=TODAY,
        new_due=new_due,
        reason="案情复杂，需补充鉴定",
    )
    assert_done(response, case, f"至 {new_due:%Y-%m-%d}")
    assert reload(case).decision_due == new_due
    assert CaseExtension.objects.get(case=case).approved_by == manager


@pytest.mark.parametrize("name", ["case_extend", "case_legal_review", "case_amend", "case_review"])
def test_an_inspector_cannot_open_the_manager_pages(client_as, inspector, name):
    case = case_at(CaseStatus.CLOSED)
    client = client_as(inspector)
    assert client.get(step_url(name, case)).status_code == 403
    assert client.post(step_url(name, case), {"reason": "x"}).status_code == 403


# ---------------------------------------------------------------- the action buttons

ALL_ACTIONS = {
    "case_investigate",
    "case_extend",
    "case_notify",
    "statement_record",
    "rights_waive",
    "hearing_request",
    "hearing_schedule",
    "hearing_hold",
    "case_decide",
    "case_serve",
    "payment_record",
    "case_execute",
    "case_close",
    "case_terminate",
    "case_legal_review",
    "case_amend",
    "case_review",
}


NOTIFIED = ("case_notify", "case_terminate")  # re-notice; end without a decision


def actions_shown(case, user):
    request = RequestFactory().get("/")
    request.user = user
    html = render_to_string("penalties/_case_actions.html", {"case": case}, request=request)
    return {name for name in ALL_ACTIONS if f'href="{step_url(name, case)}"' in html}


@pytest.mark.parametrize(
    ("status", "role", "expected"),
    [
        (CaseStatus.FILED, "inspector", {"case_investigate", "case_terminate"}),
        (CaseStatus.FILED, "manager", {"case_investigate", "case_extend", "case_terminate"}),
        (CaseStatus.FILED, "clerk", set()),
        (CaseStatus.INVESTIGATING, "inspector", {"case_notify", "case_terminate"}),
        (
            CaseStatus.NOTIFIED,
            "inspector",
            {"statement_record", "rights_waive", "hearing_request", "case_decide", *NOTIFIED},
        ),
        (
            CaseStatus.NOTIFIED,
            "manager",
            {
                "statement_record",
                "rights_waive",
                "hearing_request",
                "case_decide",
                *NOTIFIED,
                "case_extend",
                "case_legal_review",
                "case_amend",
            },
        ),
        (CaseStatus.NOTIFIED, "clerk", set()),
        (CaseStatus.DECIDED, "inspector", {"case_serve"}),
        (CaseStatus.DECIDED, "manager", {"case_serve", "case_amend"}),
        (CaseStatus.SERVED, "inspector", {"payment_record", "case_execute"}),
        (CaseStatus.EXECUTED, "inspector", set()),  # 报请结案审批 first (test below)
        (CaseStatus.CLOSED, "inspector", set()),
        (CaseStatus.CLOSED, "manager", {"case_amend", "case_review"}),
        (CaseStatus.CLOSED, "administrator", set()),
    ],
)
def test_actions_follow_status_and_role(persona, status, role, expected):
    case = case_at(status)
    assert actions_shown(case, persona(role)) == expected


def test_a_step_that_needs_the_approval_is_offered_once_approved(persona):
    """Walk finding: 作出处罚决定 and 结案 were the primary buttons before any approval (and
    refused when pressed); the request is offered first, then the wait, then the step."""
    inspector = persona("inspector")
    case = case_at(CaseStatus.EXECUTED)
    html = lambda c: render_to_string(  # noqa: E731
        "penalties/_case_actions.html", {"case": reload(c)}, request=_request(inspector)
    )
    assert "报请结案审批" in html(case) and "结案待负责人审批" not in html(case)
    approval = services.closing_request(case=case, user=inspector, requested_on=days_ago(20),
                                        summary="罚款已缴清。")  # fmt: skip
    assert "结案待负责人审批" in html(case)
    assert actions_shown(reload(case), inspector) == set()
    approve(approval, on=days_ago(20))
    assert actions_shown(reload(case), inspector) == {"case_close"}


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_actions_follow_the_hearing(persona):
    inspector = persona("inspector")
    case = case_at(CaseStatus.NOTIFIED, **HEARING_PARTY)  # the fine gives a hearing right
    services.hearing_request(case=case, user=inspector, requested_on=days_ago(49))
    case = reload(case)
    assert actions_shown(case, inspector) == {"statement_record", "hearing_schedule", *NOTIFIED}
    services.hearing_schedule(
        case=case,
        user=inspector,
        party_notified_on=days_ago(48),
        scheduled_for=days_ago(30),
        place="听证室",
        host="王主持",
    )
    case = reload(case)
    assert actions_shown(case, inspector) == {
        "statement_record",
        "hearing_schedule",
        "hearing_hold",
        *NOTIFIED,
    }
    serve(case, "hearing-notice", on=days_ago(48))
    services.hearing_hold(case=case, user=inspector, held_on=days_ago(30), summary="无异议")
    case = reload(case)
    # The approval given before the hearing no longer holds: a new request comes first.
    assert actions_shown(case, inspector) == {"statement_record", *NOTIFIED}


def test_no_review_button_once_reviewed_and_none_for_anonymous(persona):
    manager = persona("manager")
    case = case_at(CaseStatus.CLOSED)
    template = ChecklistTemplate.objects.for_case_review().get()
    services.case_review(
        case=case,
        user=manager,
        template=template,
        scores={item.pk: (item.max_points, "") for item in template.items.all()},
        reviewed_on=days_ago(1),
    )
    assert actions_shown(reload(case), manager) == {"case_amend"}
    assert actions_shown(case, AnonymousUser()) == set()
