"""Service (送达) of every served document, and the windows that run from it.

Found (issue 17): the statement and hearing windows ran from the notice's signing, as the
告知书 had no service step; step 5 referred to a 送达回证 that could not be printed."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from core.calendar import add_working_days
from core.locking import VERSION_FIELD
from penalties import services
from penalties.choices import CaseStatus, ServiceMethod, Severity, TimeLimitCode
from penalties.documents import documents_of
from penalties.documents.service import SERVICE_RECEIPT, SERVICE_RECEIPT_BLANK
from penalties.models import CaseService, PenaltyCase, TimeLimit
from tests.pdf import assert_cjk_font_embedded, pdf_text
from tests.penalties.factories import (
    approve_decision,
    case_at,
    case_state,
    days_ago,
    fine,
    refused,
    serve,
    serve_notice,
)

pytestmark = pytest.mark.django_db


def flat(content: bytes) -> str:
    return re.sub(r"\s+", "", pdf_text(content))


def a_monday(weeks_ago=3) -> datetime.date:
    today = timezone.localdate()
    return today - datetime.timedelta(days=today.weekday() + 7 * weeks_ago)


def notified(on):
    case = case_at(CaseStatus.INVESTIGATING)
    return services.case_notify(
        case=case,
        user=case.created_by,
        done_on=on,
        severity=Severity.ORDINARY,
        penalties=fine(3000),
    )


# ---------------------------------------------------------------- windows from service


def test_windows_run_from_the_notice_service_not_its_signing():
    monday = a_monday()
    thursday = monday + datetime.timedelta(days=3)
    case = notified(monday)
    # Until the notice is served the windows are unknown, and its service is the limit.
    assert case.statement_due is None and case.hearing_request_due is None
    assert case.next_due_code == TimeLimitCode.NOTICE_SERVICE
    assert case.next_due == TimeLimit.due(TimeLimitCode.NOTICE_SERVICE, monday)

    serve_notice(case, on=thursday)
    case.refresh_from_db()
    assert case.statement_due == add_working_days(thursday, 3)
    assert case.statement_due != TimeLimit.due(TimeLimitCode.STATEMENT, monday)
    if case.hearing_offered is not False:
        assert case.hearing_request_due == add_working_days(thursday, 5)
    assert case.next_due_code == TimeLimitCode.DECISION


def test_no_decision_while_the_notice_is_unserved():
    case = notified(days_ago(30))
    approve_decision(case, on=days_ago(25), severity=Severity.ORDINARY, penalties=fine(3000))
    before = case_state(case)
    with refused("done_on", "尚未登记送达"):
        services.case_decide(
            case=case,
            user=case.created_by,
            done_on=days_ago(10),
            severity=Severity.ORDINARY,
            penalties=fine(3000),
        )
    assert case_state(case) == before


def test_no_decision_before_the_windows_from_service_end():
    served = days_ago(2)
    case = notified(days_ago(30))
    serve_notice(case, on=served)
    approve_decision(case, on=served, severity=Severity.ORDINARY, penalties=fine(3000))
    with refused("done_on", "届满"):
        services.case_decide(
            case=case,
            user=case.created_by,
            done_on=served,
            severity=Severity.ORDINARY,
            penalties=fine(3000),
        )


def test_a_waiver_or_hearing_request_needs_the_notice_served():
    case = notified(days_ago(30))
    with refused("waived_on", "尚未登记送达"):
        services.rights_waive(case=case, user=case.created_by, waived_on=days_ago(29))
    serve_notice(case, on=days_ago(28))
    with refused("waived_on", "不能早于告知书送达日期"):
        services.rights_waive(case=case, user=case.created_by, waived_on=days_ago(29))
    services.rights_waive(case=case, user=case.created_by, waived_on=days_ago(28))


def test_case_page_says_windows_await_service(client_as):
    case = notified(days_ago(5))
    page = client_as(case.created_by).get(case.get_absolute_url()).content.decode()
    assert 'data-testid="windows-unserved"' in page
    assert "待送达" in page
    assert reverse("penalties:service_record", args=[case.pk]) + "?document=notice" in page


# ---------------------------------------------------------------- payment from the decision


def test_payment_due_fifteen_days_from_the_recorded_service_of_the_decision():
    case = case_at(CaseStatus.DECIDED)
    decision = case.decided_on
    received = decision + datetime.timedelta(days=4)
    services.service_record(
        case=case,
        user=case.created_by,
        document="decision",
        method=ServiceMethod.MAIL,
        mailed_on=decision + datetime.timedelta(days=1),
        mail_number="EMS1234567",
        served_on=received,
        recipient=case.party_name,
        signer="收发室王某",
        signer_relation="单位收件人",
        officers=list(case.officers.all()),
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.SERVED
    assert case.served_on == received  # the receipt's date, not the mailing
    assert case.payment_due == received + datetime.timedelta(days=15)
    assert case.steps.get(step=CaseStatus.SERVED).document == f"送达回执（{case.decision_number}）"


def test_the_decision_service_needs_the_decision():
    case = notified(days_ago(5))
    with refused("document", "没有这份"):
        serve(case, "decision", on=days_ago(1))


# ---------------------------------------------------------------- rules per method


def test_left_without_witness_or_record_is_refused():
    case = notified(days_ago(5))
    before = case_state(case)
    with refused("witness", "见证人", "拍照"):
        serve(case, "notice", on=days_ago(4), method=ServiceMethod.LEFT, refusal_reason="拒绝签收")
    assert case_state(case) == before
    assert not CaseService.objects.filter(case=case).exists()
    service = serve(
        case,
        "notice",
        on=days_ago(4),
        method=ServiceMethod.LEFT,
        refusal_reason="法定代表人拒绝签收",
        evidence_record="执法记录仪视频 DSC-0012",
    )
    assert service.method == ServiceMethod.LEFT


@pytest.mark.parametrize(
    ("method", "field"),
    [
        (ServiceMethod.MAIL, "mailed_on"),
        (ServiceMethod.ELECTRONIC, "consent_on"),
        (ServiceMethod.ENTRUSTED, "entrusted_to"),
        (ServiceMethod.PUBLIC, "published_on"),
        (ServiceMethod.DIRECT, "signer"),
    ],
)
def test_each_method_asks_for_its_facts(method, field):
    case = notified(days_ago(5))
    with refused(field):
        serve(case, "notice", on=days_ago(4), method=method, signer="")


def test_public_notice_is_served_when_its_period_has_run():
    case = notified(days_ago(50))
    published = days_ago(45)
    service = serve(
        case,
        "notice",
        on=None,
        method=ServiceMethod.PUBLIC,
        published_on=published,
        publication="本机关公告栏及门户网站",
        officers=[],
    )
    assert service.served_on == published + datetime.timedelta(days=30)
    case.refresh_from_db()
    assert case.statement_due == add_working_days(service.served_on, 3)


def test_two_officers_serve():
    case = notified(days_ago(5))
    with refused("officers", "两人"):
        serve(case, "notice", on=days_ago(4), officers=list(case.officers.all())[:1])


# ---------------------------------------------------------------- once per document


def test_the_same_service_sent_twice_is_recorded_once():
    case = notified(days_ago(5))
    first = serve_notice(case, on=days_ago(4))
    again = serve_notice(case, on=days_ago(4))
    assert again.pk == first.pk
    assert CaseService.objects.filter(case=case).count() == 1


def test_a_second_service_needs_its_reason_and_replaces_the_first():
    case = notified(days_ago(20))
    first = serve(
        case,
        "notice",
        on=days_ago(15),
        method=ServiceMethod.MAIL,
        mailed_on=days_ago(18),
        mail_number="EMS0001",
        signer="",
    )
    with refused("reservice_reason", "重新送达"):
        serve_notice(case, on=days_ago(10))
    second = serve_notice(case, on=days_ago(10), reservice_reason="邮件被退回，改为直接送达")
    first.refresh_from_db()
    assert not first.current and second.current
    case.refresh_from_db()
    assert case.statement_due == add_working_days(days_ago(10), 3)


# ---------------------------------------------------------------- 送达回执


def test_the_receipt_prints_for_each_service(client_as):
    case = case_at(CaseStatus.SERVED)
    receipts = list(case.services.order_by("served_on"))
    assert [s.document for s in receipts] == ["notice", "decision"]
    decision = receipts[1]
    url = SERVICE_RECEIPT.url(case, decision)
    response = client_as(case.created_by).get(url)
    assert response.status_code == 200, response.content[:300]
    assert_cjk_font_embedded(response.content)
    text = flat(response.content)
    assert "送达回执" in text
    assert case.decision_number in text
    assert "直接送达" in text
    assert (
        f"{decision.served_on.year}年{decision.served_on.month}月{decision.served_on.day}日" in text
    )
    # Filed in the case file, after the decision, one per service; the blank is not.
    entries = [e for e in documents_of(case) if e.document is SERVICE_RECEIPT]
    assert [e.record.pk for e in entries] == [s.pk for s in receipts]
    assert not any(e.document is SERVICE_RECEIPT_BLANK for e in documents_of(case))


def test_the_blank_receipt_is_marked_as_no_record(client_as):
    case = notified(days_ago(5))
    response = client_as(case.created_by).get(
        reverse("penalties:case_document", args=[case.pk, "service-receipt-blank"])
    )
    assert response.status_code == 200
    text = flat(response.content)
    assert "不是送达记录" in text
    assert case.notice_number in text
    serve_notice(case, on=days_ago(4))
    # Nothing left to serve: no blank.
    response = client_as(case.created_by).get(
        reverse("penalties:case_document", args=[case.pk, "service-receipt-blank"])
    )
    assert response.status_code == 404


# ---------------------------------------------------------------- the page and the API


def test_service_page_records_a_left_service(client_as):
    case = notified(days_ago(5))
    client = client_as(case.created_by)
    url = reverse("penalties:service_record", args=[case.pk]) + "?document=notice"
    page = client.get(url)
    assert page.status_code == 200
    assert 'data-kind="left"' in page.content.decode()
    data = {
        VERSION_FIELD: page.context["record_version"],
        "document": "notice",
        "method": ServiceMethod.LEFT,
        "served_on": days_ago(4).isoformat(),
        "recipient": case.party_name,
        "refusal_reason": "拒绝签收",
        "officers": [u.pk for u in case.officers.all()],
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "见证人" in response.content.decode()
    assert not CaseService.objects.filter(case=case).exists()
    data["witness"] = "社区网格员李某"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    assert CaseService.objects.get(case=case).witness == "社区网格员李某"


def test_api_records_a_service(client_as):
    case = notified(days_ago(5))
    client = client_as(case.created_by)
    url = reverse("case-serve-document", args=[case.pk])
    body = {
        "document": "notice",
        "method": "direct",
        "served_on": days_ago(4).isoformat(),
        "recipient": case.party_name,
        "signer": case.party_name,
        "signer_relation": "本人",
        "officers": [u.pk for u in case.officers.all()],
    }
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 200, response.content
    again = client.post(url, body, content_type="application/json")
    assert again.status_code == 200, again.content
    assert CaseService.objects.filter(case=case).count() == 1
    assert PenaltyCase.objects.get(pk=case.pk).statement_due == add_working_days(days_ago(4), 3)
