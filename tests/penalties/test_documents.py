"""The three documents of a penalty case as the party and the file would read them: the
PDF's text and its embedded Chinese font; refusals before their step; amounts in capitals."""

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from penalties import services
from penalties.choices import CaseSource, CaseStatus, EvidenceKind, PartyKind
from penalties.documents import yuan_in_capitals, yuan_in_figures
from penalties.models import TimeLimit
from tests.factories import valid_id_number
from tests.generic import count_queries
from tests.inspections.factories import record
from tests.pdf import assert_cjk_font_embedded, pdf_text
from tests.penalties.factories import case_at, days_ago, evidence_pdf, file_case

pytestmark = pytest.mark.django_db


def ymd(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def flat(content: bytes) -> str:
    """The PDF's text without line breaks and spaces, so wrapped sentences still match."""
    return re.sub(r"\s+", "", pdf_text(content))


def get_pdf(client, name, case):
    response = client.get(reverse(f"penalties:case_{name}_pdf", args=[case.pk]))
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    assert_cjk_font_embedded(response.content)
    return response


def names(case):
    return [u.get_full_name() or u.username for u in case.officers.order_by("pk")]


# ---------------------------------------------------------------- amounts in capitals


@pytest.mark.parametrize(
    ("amount", "capitals"),
    [
        ("0.5", "伍角整"),
        ("3000", "叁仟元整"),
        ("21500", "贰万壹仟伍佰元整"),
        ("100000", "壹拾万元整"),
        ("12345.67", "壹万贰仟叁佰肆拾伍元陆角柒分"),
        ("0", "零元整"),
        ("0.05", "伍分"),
        ("10", "壹拾元整"),
        ("1005", "壹仟零伍元整"),
        ("100500", "壹拾万零伍佰元整"),
        ("1000.05", "壹仟元零伍分"),
        ("10010000", "壹仟零壹万元整"),
        ("120000000", "壹亿贰仟万元整"),
        ("100010000", "壹亿零壹万元整"),
        ("3875.10", "叁仟捌佰柒拾伍元壹角整"),
    ],
)
def test_yuan_in_capitals(amount, capitals):
    assert yuan_in_capitals(Decimal(amount)) == capitals


def test_capitals_round_to_the_fen_and_refuse_negative_amounts():
    assert yuan_in_capitals(Decimal("2.005")) == "贰元零壹分"
    with pytest.raises(ValueError):
        yuan_in_capitals(Decimal("-1"))


@pytest.mark.parametrize(
    ("amount", "figures"),
    [("3000", "3,000"), ("21500.00", "21,500"), ("12345.67", "12,345.67"), ("0.5", "0.50")],
)
def test_yuan_in_figures(amount, figures):
    assert yuan_in_figures(Decimal(amount)) == figures


# ---------------------------------------------------------------- 立案审批表


def test_filing_form_of_a_case_from_an_inspection(client_as, inspector):
    inspection = record()
    case = file_case(
        source=CaseSource.INSPECTION,
        inspection=inspection,
        occurred_on=days_ago(1),
        filed_on=days_ago(1),
        facts="现场检查发现该店未取得公共场所卫生许可证擅自营业。",
    )
    text = flat(get_pdf(client_as(inspector), "filing", case).content)
    unit = inspection.establishment
    for expected in (
        "立案审批表",
        settings.OFFICE_NAME,
        case.number,
        "监督检查",
        ymd(inspection.inspected_at.date()),
        unit.name,
        unit.credit_code,
        unit.legal_representative,
        case.violation.name,
        "《公共场所卫生管理条例实施细则》第二十二条第一款",
        "《公共场所卫生管理条例实施细则》第三十五条第一款",
        "现场检查发现该店未取得公共场所卫生许可证擅自营业。",
        *names(case),
        ymd(case.filed_on),
        "审批意见",
        "审批人",
    ):
        assert expected in text, expected


def test_filing_form_masks_a_persons_id_number(client_as, clerk):
    id_number = valid_id_number(7)
    case = file_case(
        party_kind=PartyKind.PERSON,
        party_name="李四",
        party_code=id_number,
        party_address="城关镇东街 3 号",
    )
    # Even a user who may see full ID numbers gets the masked one on the filing form.
    text = flat(get_pdf(client_as(clerk), "filing", case).content)
    assert "李四" in text and "身份证号码" in text
    assert id_number not in text
    assert id_number[:4] + "**********" + id_number[-4:] in text
    assert "投诉举报" in text


# ---------------------------------------------------------------- 事先告知书


def test_notice_states_facts_basis_penalties_rights_and_limits(client_as, inspector):
    case = case_at(CaseStatus.NOTIFIED, amount=3000)
    text = flat(get_pdf(client_as(inspector), "notice", case).content)
    for expected in (
        "行政处罚事先告知书",
        settings.OFFICE_NAME,
        case.notice_number,
        case.party_name,
        case.facts,
        case.violation.legal_basis,
        case.violation.penalty_basis,
        "警告",
        "罚款人民币3,000元",
        "叁仟元整",
        "收到本告知书之日起三个工作日内",
        "本机关不因你单位陈述、申辩而给予更重的处罚",
        ymd(case.notified_on),
        *names(case),
    ):
        assert expected in text, expected
    # No internal note (the limits' basis) reaches the party (DOCUMENTS.md §4).
    for limit in TimeLimit.objects.all():
        assert re.sub(r"\s+", "", limit.basis) not in text


def test_notice_prints_the_facts_it_stated_not_later_corrections(client_as, manager):
    case = case_at(CaseStatus.NOTIFIED, amount=3000)
    stated = case.facts
    services.case_amend(case=case, user=manager, reason="补充", facts="擅自营业一百天。")
    text = flat(get_pdf(client_as(manager), "notice", case).content)
    assert stated in text and "擅自营业一百天" not in text


def test_notice_shows_a_persons_full_id_only_on_request_by_those_who_may_see_it(
    client_as, clerk, inspector
):
    id_number = valid_id_number(8)
    case = case_at(
        CaseStatus.NOTIFIED,
        party_kind=PartyKind.PERSON,
        party_name="王五",
        party_code=id_number,
        party_address="城关镇西街 5 号",
    )
    url = reverse("penalties:case_notice_pdf", args=[case.pk])
    for user in (clerk, inspector):
        masked = flat(get_pdf(client_as(user), "notice", case).content)
        assert id_number not in masked and id_number[-4:] in masked
    full = client_as(clerk).get(url, {"reveal": "1"})
    assert full.status_code == 200 and id_number in flat(full.content)
    assert client_as(inspector).get(url, {"reveal": "1"}).status_code == 403


def test_notice_before_the_case_is_notified_is_refused_in_words(client_as, inspector):
    case = case_at(CaseStatus.INVESTIGATING)
    response = client_as(inspector).get(reverse("penalties:case_notice_pdf", args=[case.pk]))
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert f"案件 {case.number} 尚未告知" in page and "行政处罚事先告知书" in page


# ---------------------------------------------------------------- 决定书


def test_decision_states_evidence_defence_penalties_payment_and_remedies(client_as, inspector):
    case = case_at(CaseStatus.NOTIFIED, amount=4500)
    services.statement_record(
        case=case,
        user=case.created_by,
        received_on=days_ago(49),
        content="当事人称已提交许可申请。",
        adopted=False,
        reply="提交申请不等于取得许可，不予采纳。",
    )
    case = case_at(CaseStatus.DECIDED, case=case, amount=4500)
    text = flat(get_pdf(client_as(inspector), "decision", case).content)
    payment = TimeLimit.objects.get(code="payment")
    for expected in (
        "行政处罚决定书",
        settings.OFFICE_NAME,
        case.decision_number,
        case.notice_number,
        case.party_name,
        case.party_code,
        case.facts,
        "现场笔录（勘验笔录、现场笔录",
        "当事人称已提交许可申请。",
        "不予采纳：提交申请不等于取得许可，不予采纳。",
        case.violation.legal_basis,
        case.violation.penalty_basis,
        "罚款人民币4,500元（大写：肆仟伍佰元整）",
        "自收到本决定书之日起十五日内",
        "第七十二条",
        "每日按罚款数额的百分之三加处罚款",
        "六十日内",
        "行政复议",
        "六个月内",
        "行政诉讼",
        ymd(case.decided_on),
    ):
        assert expected in text, expected
    assert payment.days == 15


def test_decision_without_defence_says_so(client_as, manager):
    case = case_at(CaseStatus.CLOSED, amount=3000)
    text = flat(get_pdf(client_as(manager), "decision", case).content)
    # No hearing was offered for this fine (行政处罚法第六十三条), so none is said to be missed.
    assert case.hearing_offered is False
    assert "你单位在规定期限内未提出陈述、申辩。" in text
    assert "罚款人民币3,000元（大写：叁仟元整）" in text


def test_decision_before_the_decision_is_refused_in_words(client_as, inspector):
    case = case_at(CaseStatus.NOTIFIED)
    response = client_as(inspector).get(reverse("penalties:case_decision_pdf", args=[case.pk]))
    assert response.status_code == 404
    assert f"案件 {case.number} 尚未作出处罚决定" in response.content.decode()


def test_decision_pdf_query_count_does_not_grow_with_the_evidence(client_as, inspector):
    client = client_as(inspector)

    def decided(extra_evidence):
        case = case_at(CaseStatus.INVESTIGATING)
        for n in range(extra_evidence):
            services.evidence_add(
                case=case,
                user=case.created_by,
                kind=EvidenceKind.DOCUMENT,
                title=f"询问笔录{n}",
                collected_on=days_ago(58),
                upload=evidence_pdf(),
            )
        return case_at(CaseStatus.DECIDED, case=case)

    one, five = decided(0), decided(4)
    url = "penalties:case_decision_pdf"
    few, _ = count_queries(lambda: client.get(reverse(url, args=[one.pk])))
    many, response = count_queries(lambda: client.get(reverse(url, args=[five.pk])))
    assert few == many
    assert "询问笔录3" in flat(response.content)


# ---------------------------------------------------------------- access and failures


@pytest.mark.parametrize("name", ["filing", "notice", "decision"])
def test_outsider_gets_403(client_as, outsider, name):
    case = case_at(CaseStatus.DECIDED)
    response = client_as(outsider).get(reverse(f"penalties:case_{name}_pdf", args=[case.pk]))
    assert response.status_code == 403


def test_unknown_case_is_404(client_as, inspector):
    response = client_as(inspector).get(reverse("penalties:case_filing_pdf", args=[999999]))
    assert response.status_code == 404


def test_rendering_failure_gives_a_clear_message(client_as, inspector, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("font cache unreadable")

    monkeypatch.setattr("penalties.documents.base.render_pdf", broken)
    case = case_at(CaseStatus.FILED)
    response = client_as(inspector).get(reverse("penalties:case_filing_pdf", args=[case.pk]))
    assert response.status_code == 500
    page = response.content.decode()
    assert "《立案审批表》生成失败" in page and "系统管理员" in page
    assert "font cache unreadable" not in page and "Traceback" not in page


def test_decision_states_when_the_notice_was_served_not_when_it_was_signed(client_as, manager):
    """Walk finding: the decision said the 告知书 was served on its signing date; the service
    recorded two days later is what the party's rights ran from."""
    from tests.penalties.factories import decision_ready, fine, serve_notice

    case = case_at(CaseStatus.INVESTIGATING)
    user = case.created_by
    services.case_notify(
        case=case, user=user, done_on=days_ago(50), severity="ordinary", penalties=fine(3000)
    )
    serve_notice(
        case, on=days_ago(48), method="left", refusal_reason="当事人拒收", witness="张见证"
    )
    services.rights_waive(case=case, user=user, waived_on=days_ago(47))
    decision_ready(case, on=days_ago(40), severity="ordinary", penalties=fine(3000))
    services.case_decide(
        case=case, user=user, done_on=days_ago(40), severity="ordinary", penalties=fine(3000)
    )
    text = flat(get_pdf(client_as(manager), "decision", case).content)
    assert f"于{ymd(days_ago(50))}作出《行政处罚事先告知书》" in text
    assert f"于{ymd(days_ago(48))}留置送达你单位" in text
    assert f"于{ymd(days_ago(50))}向你单位送达" not in text
