"""The step pages of a case, used as an officer or a manager uses them: each step moves the
case and records itself; what the services refuse is shown on the named field (or on the
whole form for an out-of-order step or a closed case) and nothing changes."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from core.locking import VERSION_FIELD
from penalties import services
from penalties.choices import CaseStatus, EvidenceKind, PaymentKind, PenaltyKind, PenaltyStage
from penalties.models import PartyStatement
from tests.penalties.factories import (
    CORRECTED,
    HEARING_PARTY,
    case_at,
    case_state,
    closing_approved,
    days_ago,
    decision_ready,
    evidence_pdf,
    fine,
    serve,
)

pytestmark = pytest.mark.django_db

TODAY = "today"


def step_url(name, case):
    return reverse(f"penalties:{name}", args=[case.pk])


def _value(value):
    if isinstance(value, list):  # a multiple choice (e.g. the officers)
        return [str(v) for v in value]
    if value is True:
        return "on"
    if value == TODAY:
        return timezone.localdate().isoformat()
    return str(value)


def post_step(client, name, case, **data):
    """The step's form as the page carries it (its version read from the page), sent."""
    data = {k: _value(v) for k, v in data.items() if v is not None}
    version = client.get(step_url(name, case)).context["record_version"]
    return client.post(step_url(name, case), {VERSION_FIELD: version, **data})


def assert_done(response, case, message=""):
    assert response.status_code == 302, response.context and response.context["form"].errors
    assert response["Location"] == case.get_absolute_url()
    if message:
        texts = [m.message for m in get_messages(response.wsgi_request)]
        assert any(message in t for t in texts), texts


def assert_refused(response, field, *fragments):
    """400, the message on ``field`` (None: the whole form) and on the page."""
    assert response.status_code == 400
    form = response.context["form"]
    errors = form.non_field_errors() if field is None else form.errors.get(field, [])
    text = " ".join(errors)
    for fragment in fragments:
        assert fragment in text, (field, form.errors)
    assert fragments[0] in response.content.decode()


def penalties_of(case, stage):
    return {p.kind: p.amount for p in case.penalties.filter(stage=stage)}


def reload(case):
    case.refresh_from_db()
    return case


# ---------------------------------------------------------------- the procedure, page by page


def test_each_step_page_moves_the_case_and_records_the_step(client_as, inspector):
    client = client_as(inspector)
    case = case_at(CaseStatus.FILED)

    assert client.get(step_url("case_investigate", case)).status_code == 200
    response = post_step(client, "case_investigate", case, done_on=days_ago(59), note="现场检查")
    assert_done(response, case, "已开始调查取证")
    assert reload(case).status == CaseStatus.INVESTIGATING
    services.evidence_add(
        case=case,
        user=inspector,
        kind=EvidenceKind.RECORD,
        title="现场笔录",
        collected_on=days_ago(59),
        upload=evidence_pdf(),
    )

    response = post_step(
        client,
        "case_notify",
        case,
        done_on=days_ago(50),
        severity="ordinary",
        warning=True,
        fine_amount="3000",
        order_correct=True,
        correction_note="立即停止营业，办理卫生许可证",
    )
    assert_done(response, case, "已告知拟处罚")
    assert reload(case).status == CaseStatus.NOTIFIED
    assert case.notice_number
    assert penalties_of(case, PenaltyStage.PROPOSED) == {
        PenaltyKind.WARNING: None,
        PenaltyKind.FINE: Decimal("3000"),
    }
    assert case.correction_orders.get().content == "立即停止营业，办理卫生许可证"

    # The windows wait for the notice's service (登记送达 on the service page).
    assert reload(case).statement_due is None
    officer_ids = [u.pk for u in case.officers.all()]
    response = post_step(
        client,
        "service_record",
        case,
        document="notice",
        method="direct",
        served_on=days_ago(50),
        recipient="张某",
        signer="张某",
        signer_relation="本人",
        officers=officer_ids,
    )
    assert_done(response, case, "已登记送达")
    assert reload(case).statement_due is not None
    assert_done(post_step(client, "rights_waive", case, waived_on=days_ago(49), confirm=True), case)
    assert reload(case).rights_waived and case.rights_waived_on == days_ago(49)

    # The 负责人 approves the 案件调查终结报告 proposing what the page decides.
    decision_ready(case, on=days_ago(40), severity="ordinary", penalties=fine(2500))
    response = post_step(
        client,
        "case_decide",
        case,
        done_on=days_ago(40),
        severity="ordinary",
        warning=True,
        fine_amount="2500",
    )
    assert_done(response, case, "已作出处罚决定")
    assert reload(case).status == CaseStatus.DECIDED
    assert case.decision_number
    assert penalties_of(case, PenaltyStage.DECIDED) == {
        PenaltyKind.WARNING: None,
        PenaltyKind.FINE: Decimal("2500"),
    }

    response = post_step(
        client,
        "case_serve",
        case,
        document="decision",
        served_on=days_ago(39),
        method="direct",
        recipient="张某",
        signer="张某",
        officers=officer_ids,
    )
    assert_done(response, case, "已登记送达")
    assert reload(case).status == CaseStatus.SERVED
    assert case.payment_due is not None

    response = post_step(
        client,
        "payment_record",
        case,
        kind="fine",
        paid_on=days_ago(30),
        amount="2500",
        receipt_number="NO.0009",
    )
    assert_done(response, case, "已缴清")

    response = post_step(client, "case_execute", case, done_on=days_ago(29))
    assert_done(response, case, "已登记执行完毕")
    assert reload(case).status == CaseStatus.EXECUTED

    closing_approved(case, on=days_ago(28))  # the 结案报告, approved by the 负责人
    response = post_step(client, "case_close", case, done_on=days_ago(28), summary="罚款已缴清。")
    assert_done(response, case, "已结案")
    assert reload(case).status == CaseStatus.CLOSED
    assert case.closing_summary == "罚款已缴清。"

    steps = list(case.steps.values_list("step", "done_on", "officer"))
    assert steps == [
        (CaseStatus.FILED, days_ago(60), case.created_by_id),
        (CaseStatus.INVESTIGATING, days_ago(59), inspector.pk),
        (CaseStatus.NOTIFIED, days_ago(50), inspector.pk),
        (CaseStatus.DECIDED, days_ago(40), inspector.pk),
        (CaseStatus.SERVED, days_ago(39), inspector.pk),
        (CaseStatus.EXECUTED, days_ago(29), inspector.pk),
        (CaseStatus.CLOSED, days_ago(28), inspector.pk),
    ]


def test_statement_and_hearing_pages_record_the_party_rights(client_as, inspector):
    client = client_as(inspector)
    case = case_at(CaseStatus.NOTIFIED, **HEARING_PARTY)  # notified 50 days ago

    response = post_step(
        client,
        "statement_record",
        case,
        received_on=days_ago(49),
        content="初次经营，请求从轻",
        adopted="0",
        reply="罚款已在裁量幅度内，不予采纳",
    )
    assert_done(response, case, "已记录陈述申辩")
    statement = PartyStatement.objects.get(case=case)
    assert (statement.adopted, statement.content) == (False, "初次经营，请求从轻")

    assert_done(post_step(client, "hearing_request", case, requested_on=days_ago(49)), case)
    response = post_step(
        client,
        "hearing_schedule",
        case,
        party_notified_on=days_ago(48),
        scheduled_for=days_ago(30),
        place="执法局听证室",
        host="王主持",
    )
    assert_done(response, case, "已安排听证")
    serve(case, "hearing-notice", on=days_ago(48))
    response = post_step(
        client, "hearing_hold", case, held_on=days_ago(30), summary="当事人对事实无异议"
    )
    assert_done(response, case, "已记录听证")
    hearing = reload(case).hearing
    assert (hearing.scheduled_for, hearing.held_on, hearing.host) == (
        days_ago(30),
        days_ago(30),
        "王主持",
    )
    assert case.status == CaseStatus.NOTIFIED  # the rights do not move the case on


def test_hearing_host_cannot_be_an_officer_of_the_case(client_as, inspector):
    client = client_as(inspector)
    case = case_at(CaseStatus.NOTIFIED, **HEARING_PARTY)
    services.hearing_request(case=case, user=inspector, requested_on=days_ago(49))
    officer = case.officers.order_by("pk").first()
    before = case_state(case)
    response = post_step(
        client,
        "hearing_schedule",
        case,
        party_notified_on=days_ago(48),
        scheduled_for=days_ago(30),
        place="听证室",
        host=officer.get_full_name() or officer.username,
    )
    assert_refused(response, "host", "不能是本案调查人员")
    assert case_state(case) == before


def test_a_step_out_of_order_is_refused_and_changes_nothing(client_as, inspector):
    client = client_as(inspector)
    case = case_at(CaseStatus.INVESTIGATING)
    before = case_state(case)
    response = post_step(
        client,
        "case_decide",
        case,
        done_on=TODAY,
        severity="ordinary",
        warning=True,
        fine_amount="3000",
    )
    assert_refused(response, None, "案件当前环节为“调查取证”", "不能跳过或颠倒环节")
    assert case_state(case) == before


# ---------------------------------------------------------------- notice and decision


def test_notify_page_shows_the_discretion_table(client_as, inspector):
    case = case_at(CaseStatus.INVESTIGATING)
    html = client_as(inspector).get(step_url("case_notify", case)).content.decode()
    assert "擅自营业，未造成危害后果" in html  # the ordinary level's circumstances
    assert "2,000–5,000 元" in html
    assert "500–2,000 元" in html
    assert "5,000–30,000 元" in html
    assert "须法制审核" in html


def test_notify_outside_the_range_needs_a_departure_reason(client_as, inspector):
    client = client_as(inspector)
    case = case_at(CaseStatus.INVESTIGATING)
    before = case_state(case)
    data = {"done_on": TODAY, "severity": "ordinary", "warning": True, "fine_amount": "8000",
            "no_correction_reason": CORRECTED}  # fmt: skip

    response = post_step(client, "case_notify", case, **data)
    assert_refused(response, "fine_amount", "罚款 8,000 元超出", "2,000–5,000 元")
    assert_refused(response, "departure_reason", "须填写偏离裁量基准的理由")
    assert case_state(case) == before

    response = post_step(client, "case_notify", case, **data, departure_reason="经营面积大，获利多")
    assert_done(response, case)
    assert reload(case).status == CaseStatus.NOTIFIED
    assert case.proposal_departure_reason == "经营面积大，获利多"
    assert penalties_of(case, PenaltyStage.PROPOSED)[PenaltyKind.FINE] == Decimal("8000")


def test_notify_without_any_penalty_is_refused(client_as, inspector):
    case = case_at(CaseStatus.INVESTIGATING)
    response = post_step(
        client_as(inspector), "case_notify", case, done_on=TODAY, severity="ordinary"
    )
    assert_refused(response, None, "请至少选择一种处罚")
    assert reload(case).status == CaseStatus.INVESTIGATING


def test_decide_page_starts_from_the_proposed_penalties(client_as, inspector):
    case = case_at(CaseStatus.NOTIFIED)
    response = client_as(inspector).get(step_url("case_decide", case))
    form = response.context["form"]
    assert form["severity"].value() == "ordinary"
    assert form["warning"].value() is True
    assert Decimal(form["fine_amount"].value()) == Decimal("3000")
    html = response.content.decode()
    assert "告知的拟处罚" in html and "罚款 3,000 元" in html
    assert "2,000–5,000 元" in html  # the discretion table


def test_decide_heavier_than_notified_is_refused(client_as, inspector):
    client = client_as(inspector)
    case = case_at(CaseStatus.NOTIFIED)
    before = case_state(case)
    response = post_step(
        client,
        "case_decide",
        case,
        done_on=TODAY,
        severity="ordinary",
        warning=True,
        fine_amount="4000",
    )
    assert_refused(response, "fine_amount", "高于告知的 3,000 元", "不得因陈述申辩加重处罚")
    assert case_state(case) == before


# ---------------------------------------------------------------- money


def test_partial_payment_leaves_the_case_served_and_execute_waits(client_as, inspector):
    client = client_as(inspector)
    case = case_at(CaseStatus.SERVED)  # a fine of 3,000 yuan
    response = client.get(step_url("payment_record", case))
    assert response.context["form"]["amount"].value() == Decimal("3000")

    response = post_step(
        client, "payment_record", case, kind="fine", paid_on=days_ago(30), amount="1000"
    )
    assert_done(response, case, "尚欠 2,000 元")
    assert reload(case).status == CaseStatus.SERVED
    assert list(case.payments.values_list("kind", "amount")) == [
        (PaymentKind.FINE, Decimal("1000"))
    ]
    html = client.get(step_url("case_execute", case)).content.decode()
    assert "尚欠（元）" in html and "2,000.00" in html

    before = case_state(case)
    response = post_step(client, "case_execute", case, done_on=days_ago(29))
    assert_refused(response, None, "罚款尚欠 2,000 元", "不能执行完毕")
    assert case_state(case) == before


def test_payment_above_what_is_owed_is_refused(client_as, inspector):
    case = case_at(CaseStatus.SERVED)
    response = post_step(
        client_as(inspector),
        "payment_record",
        case,
        kind="fine",
        paid_on=days_ago(30),
        amount="3500",
    )
    assert_refused(response, "amount", "超过应缴的罚款余额 3,000 元")
    assert not case.payments.exists()


def test_the_same_payment_form_sent_twice_records_one_payment(client_as, inspector):
    """A double click or Back and save on 登记缴款 without a receipt number: the second is
    refused as based on a case that has a payment more (found by the inspector's walk: two
    payments, the balance down twice)."""
    client = client_as(inspector)
    case = case_at(CaseStatus.SERVED)
    version = client.get(step_url("payment_record", case)).context["record_version"]
    form = {VERSION_FIELD: version, "kind": "fine", "paid_on": str(days_ago(30)), "amount": "20"}
    assert_done(client.post(step_url("payment_record", case), form), case)
    again = client.post(step_url("payment_record", case), form)
    assert again.status_code == 409
    # The refusal names the payment already recorded: it was the user's own, sent twice.
    assert "本案最近一笔缴款：罚款 20 元" in again.content.decode()
    assert "它已经登记，请勿再次登记" in again.content.decode()
    assert list(case.payments.values_list("amount", flat=True)) == [Decimal("20")]
