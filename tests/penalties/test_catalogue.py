"""The violation catalogue and what a penalty may be (issue 17): each found defect."""

from decimal import Decimal

import pytest

from penalties import services
from penalties.choices import CaseStatus, PartyKind, PenaltyKind, Severity
from penalties.models import CasePenalty, ConfiscatedItem, CorrectionOrder, Violation
from penalties.services.discretion import PenaltyLine
from penalties.services.orders import hearing_right
from tests.factories import valid_id_number
from tests.penalties.factories import (
    case_at,
    days_ago,
    file_case,
    fine,
    proposal,
    refused,
    violation,
)

pytestmark = pytest.mark.django_db


def notify(case, penalties, severity=Severity.ORDINARY):
    return services.case_notify(
        case=case,
        user=case.created_by,
        done_on=days_ago(50),
        severity=severity,
        penalties=penalties,
    )


def test_the_catalogue_covers_the_seven_domains_with_sources():
    domains = set(Violation.objects.values_list("domain__code", flat=True))
    assert {
        "public_places",
        "drinking_water",
        "schools",
        "medical",
        "radiation",
        "family_planning",
    } <= domains
    codes = set(Violation.objects.values_list("code", flat=True))
    # 细则第三十五条至第三十九条, each item of each article
    assert {
        "pp-no-permit",
        "pp-no-testing",
        "pp-no-disinfection",
        "pp-no-health-certificate",
        "pp-incident",
    } <= codes
    assert {f"pp-37-{n}" for n in range(1, 10)} <= codes
    for v in Violation.objects.prefetch_related("levels"):
        assert v.legal_basis and v.penalty_basis and v.law, v.code
        assert all(level.source for level in v.levels.all()), v.code


def test_a_failing_pool_becomes_a_case():
    pool = violation("pp-pool-water")
    assert "第十四条第一款第（一）项" in pool.penalty_basis
    assert "GB 37488" in pool.legal_basis
    case = case_at(CaseStatus.INVESTIGATING, violation=pool)
    case = notify(case, fine(1500))
    assert case.status == CaseStatus.NOTIFIED


def test_a_fine_without_the_warning_is_refused_where_the_clause_pairs_them():
    case = case_at(CaseStatus.INVESTIGATING)
    with refused("warning", "警告，并处罚款"):
        notify(case, proposal(fine_amount=Decimal("3000")), severity=Severity.ORDINARY)
    # a departure reason does not help: the pair is the law's
    with refused("warning"):
        services.case_notify(
            case=case,
            user=case.created_by,
            done_on=days_ago(50),
            severity=Severity.ORDINARY,
            penalties=proposal(fine_amount=Decimal("3000")),
            departure_reason="情节特殊",
        )
    assert notify(case, fine(3000)).status == CaseStatus.NOTIFIED


def test_a_warning_alone_is_refused_where_the_fine_is_mandatory():
    case = case_at(CaseStatus.INVESTIGATING)
    with refused("fine_amount", "警告，并处罚款"):
        notify(case, proposal(warning=True), severity=Severity.MINOR)


def test_the_hearing_is_offered_only_where_the_law_gives_it():
    case = case_at(CaseStatus.NOTIFIED)  # 3,000 yuan to an organisation: below 20,000
    assert case.hearing_offered is False and "不告知听证权利" in case.hearing_reason
    assert case.hearing_request_due is None
    with refused("requested_on", "未告知听证权利"):
        services.hearing_request(case=case, user=case.created_by, requested_on=days_ago(49))
    three_thousand = [PenaltyLine(PenaltyKind.FINE, amount=Decimal("3000"))]
    assert hearing_right(PartyKind.PERSON, three_thousand)[0] is True  # 江西: citizens 3,000
    assert hearing_right(PartyKind.UNIT, three_thousand)[0] is False
    assert hearing_right(PartyKind.UNIT, [PenaltyLine(PenaltyKind.REVOKE)])[0] is True
    big = [PenaltyLine(PenaltyKind.FINE, amount=Decimal("20000"))]
    offered, reason = hearing_right(PartyKind.ORGANISATION, big)
    assert offered and "较大数额" in reason


def test_a_person_fined_3000_may_ask_for_a_hearing():
    case = case_at(
        CaseStatus.NOTIFIED,
        party_kind=PartyKind.PERSON,
        party_name="王某",
        party_address="康乐街道1号",
        party_code=valid_id_number(),
    )
    assert case.hearing_offered is True and case.hearing_request_due is not None
    hearing = services.hearing_request(case=case, user=case.created_by, requested_on=days_ago(49))
    assert hearing.pk


def test_limitation_is_two_years_unless_harm_to_life_or_health():
    with refused("occurred_on", "2 年"):
        file_case(occurred_on=days_ago(3 * 365), filed_on=days_ago(10))
    with refused("harm_reason"):
        file_case(occurred_on=days_ago(3 * 365), filed_on=days_ago(10), harms_life_health=True)
    case = file_case(
        occurred_on=days_ago(3 * 365),
        filed_on=days_ago(10),
        harms_life_health=True,
        harm_reason="顾客感染皮肤病",
    )
    assert case.harms_life_health


def test_limitation_counts_from_the_end_of_a_continuing_violation():
    with refused("ended_on"):
        file_case(occurred_on=days_ago(3 * 365), filed_on=days_ago(10), continuing=True)
    case = file_case(
        occurred_on=days_ago(3 * 365), filed_on=days_ago(10), continuing=True, ended_on=days_ago(20)
    )
    assert case.continuing and case.ended_on == days_ago(20)


def test_an_unlicensed_clinic_is_fined_5_to_20_times_its_gains_floor_10000():
    clinic = violation("med-no-licence")
    assert "第九十九条" in clinic.penalty_basis
    assert "医师法" in violation("illegal-practice").penalty_basis
    case = case_at(CaseStatus.INVESTIGATING, violation=clinic)
    with refused("fine_amount", "最低罚款 50,000"):  # gains 3,000 counted as 10,000
        notify(case, proposal(fine_amount=Decimal("40000"), illegal_gains=Decimal("3000")))
    with refused("fine_amount", "最高罚款 200,000"):
        notify(case, proposal(fine_amount=Decimal("250000"), illegal_gains=Decimal("3000")))
    case = notify(
        case,
        proposal(
            fine_amount=Decimal("120000"),
            illegal_gains=Decimal("3000"),
            gains_amount=Decimal("3000"),
        ),
    )
    assert case.illegal_gains == Decimal("3000")


def test_correction_is_an_order_of_its_own_not_a_penalty():
    assert "order_correct" not in PenaltyKind.values
    case = case_at(CaseStatus.INVESTIGATING)
    case = notify(
        case, fine(3000, order_correct=True, correction_note="立即停止营业，办理卫生许可证")
    )
    assert not CasePenalty.objects.filter(case=case, kind="order_correct").exists()
    order = CorrectionOrder.objects.get(case=case)
    assert order.number and order.number != case.notice_number
    assert order.content.startswith("立即停止营业")
    assert "第二十八条" in order.basis


def test_confiscated_items_are_counted():
    case = case_at(CaseStatus.INVESTIGATING, violation=violation("med-no-licence"))
    notify(
        case,
        proposal(
            fine_amount=Decimal("120000"),
            illegal_gains=Decimal("0"),
            items_confiscated="阿莫西林胶囊，0.25g×24粒，7盒\n一次性注射器，5ml，100支",
        ),
    )
    rows = list(ConfiscatedItem.objects.filter(penalty__case=case).order_by("id"))
    assert [(r.name, r.specification, r.quantity, r.unit) for r in rows] == [
        ("阿莫西林胶囊", "0.25g×24粒", Decimal("7"), "盒"),
        ("一次性注射器", "5ml", Decimal("100"), "支"),
    ]
    with refused("items_quantity", "数量"):
        notify(
            case,
            proposal(fine_amount=Decimal("120000"), illegal_gains=0, items_confiscated="药品若干"),
        )


def test_the_correction_order_prints_as_its_own_document(tmp_path):
    from penalties.documents import case_for_documents, document_get
    from tests.pdf import pdf_text

    case = case_at(CaseStatus.INVESTIGATING)
    notify(case, fine(3000, order_correct=True, correction_note="办理公共场所卫生许可证"))
    order = CorrectionOrder.objects.get(case=case)
    document = document_get("correction-order")
    case = case_for_documents(case.pk)
    assert [entry.number for entry in document.entries(case)] == [order.number]
    content = document.render(case, order)
    text = pdf_text(content).replace(" ", "")
    assert "责令改正通知书" in text and order.number in text
    assert "办理公共场所卫生许可证" in text and "立即" in text
    assert "罚款" not in text  # an order, not a penalty
    out = __import__("os").environ.get("CATALOGUE_PDF_OUT")
    if out:
        with open(out, "wb") as f:
            f.write(content)
