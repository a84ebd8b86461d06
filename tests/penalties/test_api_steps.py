"""A case through the API step by step: the same rules as the pages (the services), errors
as 400 keyed by the field the service names, and nothing written when refused."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inspections.models import ChecklistTemplate
from penalties.api.inputs import AmendInput
from penalties.api.views import CaseViewSet
from penalties.choices import CaseStatus
from penalties.models import CaseEvidence, CasePayment, CasePenalty, PenaltyCase
from penalties.services.cases import AMENDABLE
from tests.api_writes import service_writes
from tests.factories import EstablishmentFactory
from tests.penalties.factories import (
    CORRECTED,
    HEARING_PARTY,
    case_at,
    days_ago,
    evidence_pdf,
    file_case,
    officers,
    serve_notice,
    violation,
)

pytestmark = pytest.mark.django_db


def post(client, name, case, payload=None):
    url = reverse(f"case-{name}", args=[getattr(case, "pk", case)])
    return client.post(url, payload or {}, content_type="application/json")


def detail(client, case):
    return client.get(reverse("case-detail", args=[getattr(case, "pk", case)])).json()


def day(n):
    return str(days_ago(n))


def fine_payload(done_on, amount, **more):
    return {"done_on": day(done_on), "severity": "ordinary", "warning": True,
            "fine_amount": str(amount), "no_correction_reason": CORRECTED, **more}  # fmt: skip


def pending(data, kind) -> int:
    """The id of the case's request of ``kind`` waiting for the 负责人."""
    (approval,) = [a for a in data["approvals"] if a["kind"] == kind and a["approved"] is None]
    return approval["id"]


def approve_as(client_as, manager, case, data, kind, on):
    answer = post(client_as(manager), "approval-decide", case,
                  {"approval": pending(data, kind), "decided_on": day(on), "approved": True})  # fmt: skip
    assert answer.status_code == 200, answer.json()
    return answer.json()


def request_decision(client, case, on, payload):
    report = {"requested_on": day(on), "facts": "未取得卫生许可证营业。", "evidence": "现场笔录",
              "basis": "实施细则第三十五条", "discretion": "首次违法。", **payload}  # fmt: skip
    report.pop("done_on", None)
    answer = post(client, "decision-request", case, report)
    assert answer.status_code == 201, answer.json()
    return answer.json()


def test_a_case_from_filing_to_closing(client_as, inspector, manager):
    """Every step on the API, the 负责人's approvals too (立案, 处罚决定, 结案)."""
    client = client_as(inspector)
    filed = client.post(
        reverse("case-list"),
        {
            "source": "complaint",
            "establishment": EstablishmentFactory(name="悦来理发店").pk,
            "violation": violation("pp-no-permit").pk,
            "occurred_on": day(70),
            "filed_on": day(60),
            "facts": "未取得公共场所卫生许可证擅自营业。",
            "officers": [u.pk for u in officers()],
        },
        content_type="application/json",
    )
    assert filed.status_code == 201, filed.json()
    case = filed.json()["id"]
    assert filed.json()["approvals"][0]["kind"] == "filing"
    early = post(client, "investigate", case, {"done_on": day(59)})
    assert early.status_code == 400  # 立案 waits for the 负责人
    own = post(client_as(inspector), "approval-decide", case,
               {"approval": pending(filed.json(), "filing"), "decided_on": day(60), "approved": True})  # fmt: skip
    assert own.status_code == 403  # an officer cannot approve
    approved = approve_as(client_as, manager, case, filed.json(), "filing", 60)
    assert approved["approvals"][0]["state"] == "批准" and approved["filing_approved"]
    client = client_as(inspector)

    assert post(client, "investigate", case, {"done_on": day(59)}).json()["status"] == (
        "investigating"
    )
    upload = client.post(
        reverse("case-evidence", args=[case]),
        {"kind": "record", "title": "现场笔录", "collected_on": day(59), "file": evidence_pdf()},
    )
    assert upload.status_code == 201, upload.json()
    (evidence,) = upload.json()["evidence"]
    assert evidence["has_file"] and evidence["original_name"] == "现场笔录.pdf"
    assert "/media/" not in (evidence["file_url"] or "")

    notified = post(client, "notify", case, fine_payload(50, 3000))
    assert notified.status_code == 200, notified.json()
    assert notified.json()["notice_number"].startswith("万卫公告〔")
    assert [p["kind"] for p in notified.json()["penalties_proposed"]] == ["warning", "fine"]
    assert notified.json()["statement_due"] is None  # runs from the notice's service
    officer_ids = [u.pk for u in PenaltyCase.objects.get(pk=case).officers.all()]
    notice_served = post(
        client,
        "serve-document",
        case,
        {
            "document": "notice",
            "method": "direct",
            "served_on": day(50),
            "recipient": "张某",
            "signer": "张某",
            "officers": officer_ids,
        },
    )
    assert notice_served.status_code == 200, notice_served.json()
    assert notice_served.json()["statement_due"] is not None

    unapproved = post(client, "decide", case, fine_payload(35, 3000))
    assert unapproved.status_code == 400 and "approval" in unapproved.json()
    requested = request_decision(client, case, 36, fine_payload(36, 3000))
    approve_as(client_as, manager, case, requested, "decision", 35)
    client = client_as(inspector)
    decided = post(client, "decide", case, fine_payload(35, 3000))
    assert decided.status_code == 200, decided.json()
    assert decided.json()["decision_number"].startswith("万卫公罚〔")
    assert decided.json()["penalties_decided"][1]["amount"] == "3000.00"
    served = post(
        client, "serve", case, {"done_on": day(34), "method": "direct", "recipient": "张某"}
    )
    assert served.json()["status"] == "served" and served.json()["payment_due"] == day(19)

    paid = post(client, "payments", case, {"kind": "fine", "paid_on": day(30), "amount": "1000"})
    assert paid.status_code == 201, paid.json()
    assert paid.json()["money"]["paid"] == "1000.00"
    assert paid.json()["money"]["outstanding"] == "2000.00"
    refused = post(client, "execute", case, {"done_on": day(29)})
    assert refused.status_code == 400 and "amount" in refused.json()
    assert "2,000" in refused.json()["amount"][0]
    assert detail(client, case)["status"] == "served"

    rest = {"kind": "fine", "paid_on": day(29), "amount": "2000", "receipt_number": "NO.2"}
    assert post(client, "payments", case, rest).status_code == 201
    payments = client.get(reverse("case-payments", args=[case])).json()
    assert [p["amount"] for p in payments] == ["1000.00", "2000.00"]
    assert payments[1]["receipt_number"] == "NO.2"

    executed = post(client, "execute", case, {"done_on": day(29)})
    assert executed.status_code == 200, executed.json()
    asked = post(
        client, "closing-request", case, {"requested_on": day(28), "summary": "罚款已缴清。"}
    )
    assert asked.status_code == 201, asked.json()
    approve_as(client_as, manager, case, asked.json(), "closing", 28)
    closed = post(
        client_as(inspector), "close", case, {"done_on": day(28), "summary": "罚款已缴清。"}
    )
    assert closed.status_code == 200, closed.json()
    data = closed.json()
    assert data["status"] == "closed" and data["closed_on"] == day(28)
    assert (data["outcome"], data["outcome_label"]) == ("penalised", "给予行政处罚")
    assert [s["step"] for s in data["steps"]] == list(CaseStatus.values)
    assert data["money"] == {
        "fine": "3000.00",
        "gains": "0.00",
        "paid": "3000.00",
        "outstanding": "0.00",
        "late_charge": "0.00",
        "late_charge_paid": "0.00",
        "late_charge_outstanding": "0.00",
        "late_charge_waived": False,
    }
    assert data["next_due"] is None and data["overdue"] is False


def test_a_fine_outside_the_range_needs_a_reason(client_as, inspector):
    client = client_as(inspector)
    case = case_at(CaseStatus.INVESTIGATING)
    refused = post(client, "notify", case, fine_payload(50, 9000))
    assert refused.status_code == 400
    assert {"fine_amount", "departure_reason"} <= set(refused.json())
    assert "2,000–5,000" in refused.json()["fine_amount"][0]
    case.refresh_from_db()
    assert case.status == "investigating" and case.notice_number is None
    assert not CasePenalty.objects.filter(case=case).exists()

    reason = "违法经营时间长、拒不改正，经集体讨论从重处罚。"
    accepted = post(client, "notify", case, fine_payload(50, 9000, departure_reason=reason))
    assert accepted.status_code == 200, accepted.json()
    assert accepted.json()["proposal_departure_reason"] == reason
    assert accepted.json()["penalties_proposed"][1]["amount"] == "9000.00"


def test_bad_penalty_input_is_named(client_as, inspector):
    client = client_as(inspector)
    case = case_at(CaseStatus.INVESTIGATING)
    nothing = {"done_on": day(50), "severity": "ordinary"}
    assert "penalties" in post(client, "notify", case, nothing).json()
    unknown = post(client, "notify", case, {**nothing, "severity": "grave", "warning": True})
    assert "severity" in unknown.json()
    items = post(client, "notify", case, {**nothing, "warning": True, "items_confiscated": "x"})
    assert "items_quantity" in items.json()
    cents = post(client, "notify", case, fine_payload(50, "3000.005"))
    assert "fine_amount" in cents.json()
    case.refresh_from_db()
    assert case.status == "investigating"


def test_a_step_out_of_order_is_refused(client_as, inspector):
    client = client_as(inspector)
    case = file_case()
    response = post(client, "decide", case, fine_payload(35, 3000))
    assert response.status_code == 400 and "status" in response.json()
    assert "不能跳过或颠倒环节" in response.json()["status"][0]
    case.refresh_from_db()
    assert case.status == "filed" and case.decision_number is None


def test_decision_needing_legal_review(client_as, inspector, manager):
    """One test client, signed in as the officer or the reviewer in turn."""
    case = case_at(CaseStatus.INVESTIGATING)
    serious = {"done_on": day(50), "severity": "serious", "fine_amount": "10000",
               "no_correction_reason": CORRECTED}  # fmt: skip
    assert post(client_as(inspector), "notify", case, serious).status_code == 200
    serve_notice(case, on=days_ago(50))
    decide = {**serious, "done_on": day(35)}
    refused = post(client_as(inspector), "decide", case, decide)
    assert refused.status_code == 400 and "须经法制审核同意" in refused.json()["legal_review"][0]
    # The review examines the 案件调查终结报告: put first (approved only later).
    early = post(client_as(manager), "legal-review", case,
                 {"reviewed_on": day(36), "approved": True, "opinion": "同意"})  # fmt: skip
    assert early.status_code == 400 and "案件调查终结报告" in early.json()["reviewed_on"][0]
    requested = request_decision(client_as(inspector), case, 40, serious)
    # The decider cannot name a reviewer any more: the review is the reviewer's own action.
    review = {"reviewed_on": day(36), "approved": True, "opinion": "同意"}
    assert post(client_as(inspector), "legal-review", case, review).status_code == 403
    missing = post(client_as(manager), "legal-review", case, {"reviewed_on": day(36)})
    assert missing.status_code == 400 and {"approved", "opinion"} <= set(missing.json())
    no = post(client_as(manager), "legal-review", case, {**review, "approved": False})
    assert no.status_code == 200 and no.json()["legal_review_approved"] is False
    held = post(client_as(inspector), "decide", case, decide)
    assert held.status_code == 400 and "不同意" in held.json()["legal_review"][0]
    reviewed = post(client_as(manager), "legal-review", case, review)
    assert reviewed.status_code == 200, reviewed.json()
    assert (reviewed.json()["legal_reviewer"], reviewed.json()["legal_review_approved"]) == (
        manager.pk,
        True,
    )
    unapproved = post(client_as(inspector), "decide", case, decide)
    assert unapproved.status_code == 400 and "approval" in unapproved.json()
    team = [u.pk for u in case.officers.all()]
    discussion = {"kind": "collective", "held_on": day(36), "place": "三楼会议室",
                  "host": manager.pk, "participants": team, "recorder": team[0],
                  "facts": "无证营业，事实清楚。", "discretion": "情节严重，从重。",
                  "conclusion": "同意罚款一万元。"}  # fmt: skip
    lone = post(client_as(inspector), "discussions", case, {**discussion, "participants": []})
    assert lone.status_code == 400 and "三人以上" in lone.json()["participants"][0]
    held = post(client_as(inspector), "discussions", case, discussion)
    assert held.status_code == 201, held.json()
    assert held.json()["discussions"][0]["host_name"]
    approve_as(client_as, manager, case, requested, "decision", 35)
    decided = post(client_as(inspector), "decide", case, decide)
    assert decided.status_code == 200, decided.json()
    assert decided.json()["legal_reviewer"] == manager.pk


def test_statement_hearing_and_waiver(client_as, inspector, manager):
    client = client_as(inspector)
    case = case_at(CaseStatus.NOTIFIED, **HEARING_PARTY)
    statement = {"received_on": day(49), "content": "初次违法", "adopted": False, "reply": "不采纳"}
    assert post(client, "statement", case, statement).status_code == 201
    assert post(client, "hearing-request", case, {"requested_on": day(49)}).status_code == 201
    assert "waived_on" in post(client, "waive", case).json()
    assert "rights_waived" in post(client, "waive", case, {"waived_on": day(49)}).json()
    too_soon = {"party_notified_on": day(48), "scheduled_for": day(46), "place": "听证室"}
    response = post(client, "hearing-schedule", case, {**too_soon, "host": "李主持"})
    assert response.status_code == 400 and "scheduled_for" in response.json()
    schedule = {**too_soon, "scheduled_for": day(25), "host": "李主持"}
    assert post(client, "hearing-schedule", case, schedule).status_code == 200
    unserved = post(client, "hearing-hold", case, {"held_on": day(25), "summary": "当事人陈述意见"})
    assert unserved.status_code == 400 and "尚未登记送达" in unserved.json()["held_on"][0]
    team = [u.pk for u in case.officers.all()]
    notice = {"document": "hearing-notice", "method": "direct", "served_on": day(48),
              "recipient": "王某", "signer": "王某", "officers": team}  # fmt: skip
    assert post(client, "serve-document", case, notice).status_code == 200
    held = post(client, "hearing-hold", case, {"held_on": day(25), "summary": "当事人陈述意见"})
    assert held.status_code == 200, held.json()
    review = {"reviewed_on": day(21), "approved": True, "opinion": "同意"}  # after a hearing
    assert post(client_as(manager), "legal-review", case, review).status_code == 200
    requested = request_decision(client_as(inspector), case, 21, fine_payload(21, 3000))
    approve_as(client_as, manager, case, requested, "decision", 20)
    data = post(client_as(inspector), "decide", case, fine_payload(20, 3000)).json()
    assert "status" in data, data
    assert data["status"] == "decided"
    assert data["hearing"]["held_on"] == day(25) and data["hearing"]["host"] == "李主持"
    assert data["statements"][0]["adopted"] is False


def test_evidence_file_is_checked_by_content(client_as, inspector):
    case = case_at(CaseStatus.INVESTIGATING)
    fake = SimpleUploadedFile("笔录.pdf", b"just text", content_type="application/pdf")
    response = client_as(inspector).post(
        reverse("case-evidence", args=[case.pk]),
        {"kind": "record", "title": "询问笔录", "collected_on": day(58), "file": fake},
    )
    assert response.status_code == 400 and "file" in response.json()
    assert CaseEvidence.objects.filter(case=case).count() == 1  # the factory's only


def test_extension_is_for_managers(client_as, persona):
    case = file_case()
    new_due = str(case.decision_due + datetime.timedelta(days=30))
    payload = {"approved_on": day(1), "new_due": new_due, "reason": "案情复杂"}
    assert post(client_as(persona("inspector")), "extend", case, payload).status_code == 403
    response = post(client_as(persona("manager")), "extend", case, payload)
    assert response.status_code == 201, response.json()
    assert response.json()["decision_due"] == new_due
    assert response.json()["extensions"][0]["previous_due"] == str(case.decision_due)


def test_a_closed_case_changes_only_by_amendment(client_as, persona):
    case = case_at(CaseStatus.CLOSED)
    inspector = client_as(persona("inspector"))
    for name, payload in (
        ("close", {"done_on": day(1), "summary": "再次结案"}),
        ("payments", {"kind": "fine", "paid_on": day(1), "amount": "10"}),
        ("investigate", {"done_on": day(1)}),
        ("waive", {"waived_on": day(1)}),
        ("terminate", {"done_on": day(1), "outcome": "withdrawn", "reason": "x"}),
    ):
        response = post(inspector, name, case, payload)
        assert response.status_code == 400 and "status" in response.json(), name
    assert CasePayment.objects.filter(case=case).count() == 1

    amend = {"reason": "地址笔误", "party_address": "康乐街道 8 号"}
    assert post(inspector, "amend", case, amend).status_code == 403
    manager = client_as(persona("manager"))
    assert "reason" in post(manager, "amend", case, {"reason": "无内容"}).json()
    response = post(manager, "amend", case, amend)
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["party_address"] == "康乐街道 8 号" and data["status"] == "closed"
    change = data["amendments"][0]
    assert change["reason"] == "地址笔误"
    assert change["changes"]["party_address"]["after"] == "康乐街道 8 号"


def test_case_review_grades_a_closed_case(client_as, persona):
    case = case_at(CaseStatus.CLOSED)
    template = ChecklistTemplate.objects.for_case_review().first()
    items = list(template.items.all())
    scores = [{"item": item.pk, "score": str(item.max_points)} for item in items]
    payload = {"reviewed_on": day(1), "scores": scores, "comments": "案卷规范"}
    assert post(client_as(persona("inspector")), "review", case, payload).status_code == 403
    manager = client_as(persona("manager"))
    missing = post(manager, "review", case, {**payload, "scores": scores[1:]})
    assert missing.status_code == 400 and "scores" in missing.json()
    twice = post(manager, "review", case, {**payload, "scores": scores + scores[:1]})
    assert twice.status_code == 400 and "scores" in twice.json()
    response = post(manager, "review", case, payload)
    assert response.status_code == 201, response.json()
    review = response.json()["review"]
    assert review["grade"] == template.grade(template.total_points)
    assert review["total"] == f"{template.total_points:.2f}"
    assert len(review["scores"]) == len(items)


def test_payments_are_read_by_viewers_and_recorded_by_officers(client_as, persona):
    case = case_at(CaseStatus.SERVED)
    clerk = client_as(persona("clerk"))
    assert clerk.get(reverse("case-payments", args=[case.pk])).json() == []
    payload = {"kind": "fine", "paid_on": day(30), "amount": "3000"}
    assert post(clerk, "payments", case, payload).status_code == 403
    too_much = post(
        client_as(persona("inspector")), "payments", case, {**payload, "amount": "5000"}
    )
    assert too_much.status_code == 400 and "amount" in too_much.json()
    assert not CasePayment.objects.filter(case=case).exists()


def test_case_detail_query_count_does_not_grow_with_records(client_as, manager):
    from tests.generic import count_queries

    client = client_as(manager)
    case = case_at(CaseStatus.SERVED)
    few, _ = count_queries(lambda: detail(client, case))
    for n, amount in ((31, "1000"), (30, "1000"), (29, "1000")):
        assert (
            post(
                client, "payments", case, {"kind": "fine", "paid_on": day(n), "amount": amount}
            ).status_code
            == 201
        )
    many, data = count_queries(lambda: detail(client, case))
    assert len(data["payments"]) == 3
    assert few == many, f"{few} queries without payments, {many} with three"


def test_a_case_ends_without_a_decision(client_as, inspector, manager):
    client = client_as(inspector)
    case = case_at(CaseStatus.NOTIFIED)
    payload = {"done_on": day(1), "outcome": "penalised", "reason": "违法事实不能成立"}
    refused = post(client, "terminate", case, payload)
    assert refused.status_code == 400 and "outcome" in refused.json()
    unapproved = post(client, "terminate", case, {**payload, "outcome": "no_penalty"})
    assert unapproved.status_code == 400 and "结案审批" in unapproved.json()["approval"][0]
    asked = post(
        client, "closing-request", case, {"requested_on": day(2), "summary": "事实不成立。"}
    )
    approve_as(client_as, manager, case, asked.json(), "closing", 1)
    client = client_as(inspector)
    ended = post(client, "terminate", case, {**payload, "outcome": "no_penalty"})
    assert ended.status_code == 200, ended.json()
    data = ended.json()
    assert (data["status"], data["outcome"], data["outcome_label"]) == (
        "closed",
        "no_penalty",
        "不予行政处罚",
    )
    assert data["steps"][-1]["document"] == "结案报告（不予行政处罚）"
    listed = client.get(reverse("case-list"), {"outcome": "no_penalty"}).json()["results"]
    assert [row["id"] for row in listed] == [case.pk]


def test_a_waived_late_charge_is_owed_no_more(client_as, manager):
    from decimal import Decimal

    from penalties import services

    case = case_at(CaseStatus.SERVED, earlier=60)  # payment due 79 days ago
    services.payment_record(
        case=case, user=manager, kind="fine", paid_on=days_ago(75), amount=Decimal(3000)
    )
    inspector = client_as(case.created_by)  # one test client: signed in as one user at a time
    owed = detail(inspector, case)["money"]
    assert (owed["late_charge"], owed["late_charge_outstanding"]) == ("360.00", "360.00")
    payload = {"done_on": day(1), "late_charge_waiver_reason": "经济困难，经集体讨论不加处。"}
    refused = post(inspector, "execute", case, payload)
    assert refused.status_code == 400
    assert "只有负责人" in refused.json()["late_charge_waiver_reason"][0]
    executed = post(client_as(manager), "execute", case, payload)
    assert executed.status_code == 200, executed.json()
    money = executed.json()["money"]
    assert money["late_charge"] == "360.00" and money["late_charge_paid"] == "0.00"
    assert (money["late_charge_outstanding"], money["late_charge_waived"]) == ("0.00", True)
    assert executed.json()["late_charge_waiver_reason"] == "经济困难，经集体讨论不加处。"


def test_every_write_goes_through_the_one_input_base(client_as, manager):
    """Filing and each step on one case take their input through core.api (here refused:
    an empty body, or a closed case)."""
    case = case_at(CaseStatus.CLOSED)
    client = client_as(manager)
    steps = [
        a.url_name for a in CaseViewSet.get_extra_actions() if a.detail and "post" in a.mapping
    ]
    with service_writes() as calls:
        assert (
            client.post(reverse("case-list"), {}, content_type="application/json").status_code
            == 400
        )
        for name in steps:
            if name == "evidence":  # multipart
                response = client.post(reverse("case-evidence", args=[case.pk]), {})
            else:
                response = post(client, name, case)
            assert response.status_code == 400, name
    assert calls[0] == "case_file" and len(calls) == 1 + len(steps) == 31


def test_an_amendment_sends_only_what_may_be_amended():
    assert set(AmendInput().fields) == {"reason", *AMENDABLE}
