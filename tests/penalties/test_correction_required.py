"""行政处罚法第二十八条第一款: a penalty goes with an order to correct. A notice, an approval
report or a decision with neither an order (given now or before) nor the reason none is
given is refused on its field and writes nothing; the reason is kept and printed; the
on-the-spot decision states its correction too."""

from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from core.models import DocumentCounter
from penalties import services
from penalties.choices import CaseStatus, Severity
from penalties.documents.ordinary import decision_context, notice_context
from penalties.models import PenaltyCase
from penalties.services import PenaltyInput
from penalties.services.orders import correction_from_input
from tests.penalties.factories import (
    CORRECTED,
    HEARING_PARTY,
    approve_decision,
    case_at,
    days_ago,
    refused,
    serve,
)
from tests.penalties.test_steps_pages import post_step

pytestmark = pytest.mark.django_db

LAW = "第二十八条"


def notify(case, penalties):
    return services.case_notify(
        case=case,
        user=case.created_by,
        done_on=days_ago(50),
        severity=Severity.ORDINARY,
        penalties=penalties,
    )


def series_used() -> int:
    return sum(DocumentCounter.objects.values_list("last_number", flat=True))


def test_a_notice_without_correction_or_reason_is_refused_and_takes_no_number():
    case = case_at(CaseStatus.INVESTIGATING)
    before = series_used()
    with refused("order_correct", LAW, "未责令改正的理由"):
        notify(case, PenaltyInput(warning=True, fine_amount=Decimal("3000")))
    case.refresh_from_db()
    assert case.status == CaseStatus.INVESTIGATING and case.notice_number is None
    assert series_used() == before and not case.correction_orders.exists()


def test_the_reason_is_kept_and_printed_on_notice_and_decision():
    case = case_at(CaseStatus.INVESTIGATING)
    reason = "当事人已于检查当日取得卫生许可证，违法状态已消除。"
    notify(
        case, PenaltyInput(warning=True, fine_amount=Decimal("3000"), no_correction_reason=reason)
    )
    case.refresh_from_db()
    assert case.correction_waiver == reason and not case.correction_orders.exists()
    html = render_to_string("documents/penalty_notice.html", notice_context(case, case))
    assert f"关于改正违法行为：{reason}" in html


def test_an_order_the_case_holds_stands_for_the_decision():
    case = case_at(CaseStatus.NOTIFIED)
    services.correction_order_issue(
        case=case,
        user=case.created_by,
        issued_on=days_ago(50),
        content="立即停止营业，办理卫生许可证",
    )
    decided = case_at(CaseStatus.DECIDED, case=case)  # the form's reason is not kept beside it
    assert decided.status == CaseStatus.DECIDED and decided.correction_waiver == ""
    context = decision_context(decided, decided)
    assert [o.content for o in context["corrections"]] == ["立即停止营业，办理卫生许可证"]
    html = render_to_string("documents/penalty_decision.html", context)
    assert "data-correction-waived" not in html and "立即停止营业" in html


def test_an_order_and_a_reason_together_are_refused():
    case = case_at(CaseStatus.INVESTIGATING)
    both = PenaltyInput(
        warning=True,
        fine_amount=Decimal("3000"),
        order_correct=True,
        correction_note="立即改正",
        no_correction_reason=CORRECTED,
    )
    with refused("no_correction_reason", "不必再填写"):
        notify(case, both)


def test_the_decision_is_held_to_it_too():
    case = case_at(CaseStatus.NOTIFIED)  # notified with the factories' reason
    case.correction_waiver = ""
    case.save(update_fields=["correction_waiver"])
    with refused("order_correct", LAW):
        services.case_decide(
            case=case,
            user=case.created_by,
            done_on=days_ago(30),
            severity=Severity.ORDINARY,
            penalties=PenaltyInput(warning=True, fine_amount=Decimal("3000")),
        )
    case.refresh_from_db()
    assert case.status == CaseStatus.NOTIFIED and case.decision_number is None


def test_the_notice_page_and_the_api_answer_on_the_field(client_as, inspector):
    case = case_at(CaseStatus.INVESTIGATING)
    client = client_as(inspector)
    data = {"done_on": str(days_ago(50)), "severity": "ordinary", "warning": True,
            "fine_amount": "3000"}  # fmt: skip
    page = post_step(client, "case_notify", case, **data)
    assert page.status_code == 400
    assert LAW in " ".join(page.context["form"].errors["order_correct"])
    assert "未责令改正的理由" in page.content.decode()  # the field is on the form
    api = client.post(reverse("case-notify", args=[case.pk]), data, content_type="application/json")
    assert api.status_code == 400 and LAW in api.json()["order_correct"][0]
    case.refresh_from_db()
    assert case.status == CaseStatus.INVESTIGATING
    data["no_correction_reason"] = CORRECTED
    done = client.post(
        reverse("case-notify", args=[case.pk]), data, content_type="application/json"
    )
    assert done.status_code == 200, done.content
    case.refresh_from_db()
    assert case.notice_number and case.correction_waiver == CORRECTED


def test_the_decide_form_shows_the_reason_given_with_the_notice(client_as, inspector):
    case = case_at(CaseStatus.NOTIFIED)
    page = client_as(inspector).get(reverse("penalties:case_decide", args=[case.pk]))
    assert page.context["form"]["no_correction_reason"].value() == CORRECTED


def test_the_approval_report_states_the_correction():
    case = case_at(CaseStatus.INVESTIGATING)
    report = {
        "case": case,
        "user": case.created_by,
        "requested_on": days_ago(55),
        "severity": Severity.ORDINARY,
        "facts": "未取得卫生许可证营业。",
        "evidence": "现场笔录",
        "basis": "实施细则第三十五条",
        "discretion": "首次违法。",
    }
    with refused("order_correct", LAW):
        services.decision_request(
            **report, penalties=PenaltyInput(warning=True, fine_amount=Decimal("3000"))
        )
    approval = services.decision_request(
        **report,
        penalties=PenaltyInput(
            warning=True,
            fine_amount=Decimal("3000"),
            order_correct=True,
            correction_note="办理卫生许可证",
            correction_due=days_ago(20),
        ),
    )
    assert (
        approval.content["correction"]
        == f"责令改正（于{days_ago(20).year}年{days_ago(20).month}月{days_ago(20).day}日前改正）：办理卫生许可证。"
    )
    assert "责令改正（于" in approval.summary


def _with_order(content="立即停止营业，办理卫生许可证"):
    case = case_at(CaseStatus.INVESTIGATING)
    notify(
        case,
        PenaltyInput(
            warning=True, fine_amount=Decimal("3000"), order_correct=True, correction_note=content
        ),
    )
    return PenaltyCase.objects.get(pk=case.pk)


def test_a_served_order_is_never_rewritten_a_new_one_is_issued():
    case = _with_order()
    (order,) = case.correction_orders.all()
    serve(case, "correction-order", on=days_ago(49), record_id=order.pk)
    serve(case, "notice", on=days_ago(49))
    changed = PenaltyInput(
        warning=True,
        fine_amount=Decimal("3000"),
        order_correct=True,
        correction_note="于三十日内办理卫生许可证",
        correction_due=days_ago(5),
    )
    approve_decision(case, on=days_ago(40), severity=Severity.ORDINARY, penalties=changed)
    services.case_decide(
        case=PenaltyCase.objects.get(pk=case.pk),
        user=case.created_by,
        done_on=days_ago(35),
        severity=Severity.ORDINARY,
        penalties=changed,
    )
    order.refresh_from_db()
    assert (order.content, order.due_on) == ("立即停止营业，办理卫生许可证", None)
    newer = case.correction_orders.exclude(pk=order.pk).get()
    assert newer.number != order.number and newer.content == "于三十日内办理卫生许可证"
    # Each document states the order it was made with: the served notice keeps its own,
    # the decision states the order in force.
    case = PenaltyCase.objects.get(pk=case.pk)
    notice = render_to_string("documents/penalty_notice.html", notice_context(case, case))
    decision = render_to_string("documents/penalty_decision.html", decision_context(case, case))
    assert order.number in notice and newer.number not in notice
    assert newer.number in decision and order.number not in decision


def test_an_unserved_order_is_still_corrected_in_place():
    case = _with_order()
    (order,) = case.correction_orders.all()
    correction_from_input(
        case=case,
        user=case.created_by,
        issued_on=days_ago(50),
        penalties=PenaltyInput(order_correct=True, correction_note="停止营业"),
    )
    assert list(case.correction_orders.values_list("pk", "content")) == [(order.pk, "停止营业")]


def test_the_decision_carries_the_correction_the_chief_approved(client_as, inspector):
    case = case_at(CaseStatus.INVESTIGATING)
    notify(
        case,
        PenaltyInput(warning=True, fine_amount=Decimal("3000"), no_correction_reason=CORRECTED),
    )
    serve(case, "notice", on=days_ago(50))
    approved = PenaltyInput(
        warning=True,
        fine_amount=Decimal("3000"),
        order_correct=True,
        correction_note="办理卫生许可证",
        correction_due=days_ago(1),
    )
    approve_decision(case, on=days_ago(40), severity=Severity.ORDINARY, penalties=approved)
    page = client_as(inspector).get(reverse("penalties:case_decide", args=[case.pk]))
    form = page.context["form"]
    assert form["order_correct"].value() is True
    assert form["correction_note"].value() == "办理卫生许可证"
    assert not form["no_correction_reason"].value()
    with refused("order_correct", "负责人批准的处理意见责令", "办理卫生许可证"):
        services.case_decide(
            case=PenaltyCase.objects.get(pk=case.pk),
            user=case.created_by,
            done_on=days_ago(35),
            severity=Severity.ORDINARY,
            penalties=PenaltyInput(
                warning=True, fine_amount=Decimal("3000"), no_correction_reason=CORRECTED
            ),
        )


def test_no_decision_before_the_hearing_rights_notice_is_served():
    case = case_at(CaseStatus.INVESTIGATING, **HEARING_PARTY)
    notify(
        case,
        PenaltyInput(warning=True, fine_amount=Decimal("3000"), no_correction_reason=CORRECTED),
    )
    case = PenaltyCase.objects.get(pk=case.pk)
    assert case.hearing_offered and case.hearing_rights_number
    serve(case, "notice", on=days_ago(50))
    proposal = PenaltyInput(
        warning=True, fine_amount=Decimal("3000"), no_correction_reason=CORRECTED
    )
    approve_decision(case, on=days_ago(40), severity=Severity.ORDINARY, penalties=proposal)

    def decide():
        return services.case_decide(
            case=PenaltyCase.objects.get(pk=case.pk),
            user=case.created_by,
            done_on=days_ago(35),
            severity=Severity.ORDINARY,
            penalties=proposal,
        )

    with refused("done_on", f"听证告知书 {case.hearing_rights_number} 尚未登记送达"):
        decide()
    serve(case, "hearing-rights", on=days_ago(49))
    assert decide().status == CaseStatus.DECIDED
    # Its service opens the days to ask for a hearing: not recorded again after the decision.
    with refused("status", "听证告知书的送达须在作出决定前登记"):
        serve(
            PenaltyCase.objects.get(pk=case.pk),
            "hearing-rights",
            on=days_ago(30),
            reservice_reason="邮件退回",
        )


def test_typed_punctuation_is_not_doubled_on_the_documents():
    case = _with_order("立即停止营业，办理卫生许可证。")
    html = render_to_string("documents/penalty_notice.html", notice_context(case, case))
    assert "办理卫生许可证（《责令改正通知书》" in html and "。（" not in html


def test_an_order_standing_on_the_case_is_not_the_changed_one_the_chief_approved():
    case = _with_order()  # 立即停止营业，办理卫生许可证 (with the notice)
    serve(case, "notice", on=days_ago(50))
    approved = PenaltyInput(
        warning=True,
        fine_amount=Decimal("3000"),
        order_correct=True,
        correction_note="领证前不得营业",
        correction_due=days_ago(1),
    )
    approve_decision(case, on=days_ago(40), severity=Severity.ORDINARY, penalties=approved)

    def decide(penalties):
        return services.case_decide(
            case=PenaltyCase.objects.get(pk=case.pk),
            user=case.created_by,
            done_on=days_ago(35),
            severity=Severity.ORDINARY,
            penalties=penalties,
        )

    with refused("order_correct", "领证前不得营业", "重新报请审批"):
        decide(
            PenaltyInput(warning=True, fine_amount=Decimal("3000"), no_correction_reason=CORRECTED)
        )
    assert decide(approved).status == CaseStatus.DECIDED
    assert case.correction_orders.order_by("-pk").first().content == "领证前不得营业"


def test_a_written_waiver_does_not_stand_for_the_unserved_hearing_rights_notice():
    case = case_at(CaseStatus.INVESTIGATING, **HEARING_PARTY)
    proposal = PenaltyInput(
        warning=True, fine_amount=Decimal("3000"), no_correction_reason=CORRECTED
    )
    notify(case, proposal)
    case = PenaltyCase.objects.get(pk=case.pk)
    serve(case, "notice", on=days_ago(50))
    services.rights_waive(case=case, user=case.created_by, waived_on=days_ago(48))
    approve_decision(case, on=days_ago(45), severity=Severity.ORDINARY, penalties=proposal)
    with refused("done_on", "听证告知书", "尚未登记送达"):
        services.case_decide(
            case=PenaltyCase.objects.get(pk=case.pk),
            user=case.created_by,
            done_on=days_ago(45),
            severity=Severity.ORDINARY,
            penalties=proposal,
        )
