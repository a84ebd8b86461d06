"""证据先行登记保存 (approved before the measure, item list, decided on within 7 working days,
listed when due), 案件移送 (receiving organ, materials, party told; closes the case) and a
case's own 询问笔录; their documents print from the case file."""

import datetime
import re

import pytest
from django.utils import timezone

from inspections.models import OnSiteRecord, PaperKind
from penalties.choices import CaseOutcome, CaseStatus, TimeLimitCode
from penalties.documents import document_get, documents_of
from penalties.models import (
    CaseApproval,
    CaseTransfer,
    EvidencePreservation,
    PreservationDisposal,
    TimeLimit,
    TransferOrganKind,
)
from penalties.services.interviews import case_records, interview_make
from penalties.services.preservation import (
    preservation_dispose,
    preservation_request,
    preservation_take,
    preservations_due,
)
from penalties.services.transfer import case_transfer
from tests.pdf import pdf_text
from tests.penalties.factories import approve, approve_closing, days_ago, file_case, refused

pytestmark = pytest.mark.django_db

ITEMS = [
    {
        "name": "一次性使用无菌注射器",
        "specification": "5ml",
        "quantity": "120",
        "unit": "支",
        "producer": "某某医疗器械有限公司",
        "production_date": "2026-03-01",
        "batch_number": "20260301",
    },
    {"name": "消毒剂", "quantity": "2", "unit": "瓶"},
]


def text(content: bytes) -> str:
    return re.sub(r"\s+", "", pdf_text(content))


def request(case, **more):
    fields = {
        "requested_on": days_ago(50),
        "reason": "现场发现的过期注射器可能被转移",
        "place_kept": "当事人仓库（贴封条）",
        "items": ITEMS,
        "officers": list(case.officers.all()),
    }
    fields.update(more)
    return preservation_request(case=case, user=case.created_by, **fields)


def test_preservation_waits_for_the_approval_then_is_numbered_and_due_in_7_working_days():
    case = file_case()
    preservation = request(case)
    assert preservation.approval.kind == "preservation" and preservation.approval.approved is None
    assert [i.name for i in preservation.items.all()] == ["一次性使用无菌注射器", "消毒剂"]
    with refused("taken_on", "须经负责人批准"):
        preservation_take(
            preservation=preservation,
            user=case.created_by,
            taken_on=days_ago(50),
            party_signer="张三",
        )
    approve(preservation.approval, on=days_ago(49))
    with refused("taken_on", "不能早于负责人批准日期"):
        preservation_take(
            preservation=preservation,
            user=case.created_by,
            taken_on=days_ago(50),
            party_signer="张三",
        )
    taken = preservation_take(
        preservation=preservation, user=case.created_by, taken_on=days_ago(49), party_signer="张三"
    )
    assert taken.number and "先保" in taken.number
    assert taken.due == TimeLimit.due(TimeLimitCode.EVIDENCE, days_ago(49))
    # Taken twice (a retry): once, the same number.
    again = preservation_take(
        preservation=preservation, user=case.created_by, taken_on=days_ago(48), party_signer="张三"
    )
    assert again.number == taken.number and again.taken_on == days_ago(49)
    # Past its 7 working days without a decision: listed as due (overdue).
    assert list(preservations_due()) == [taken]
    assert taken.is_overdue(timezone.localdate())


def test_items_need_name_quantity_and_unit_and_nothing_is_written():
    case = file_case()
    with refused("items", "第 1 项", "数量须为大于 0"):
        request(case, items=[{"name": "注射器", "quantity": "0", "unit": "支"}])
    with refused("items", "请至少登记一项"):
        request(case, items=[])
    with refused("place_kept", "保存地点"):
        request(case, place_kept=" ")
    assert not EvidencePreservation.objects.exists()
    assert not CaseApproval.objects.filter(kind="preservation").exists()


def test_the_disposal_decides_every_item_and_prints_both_documents():
    case = file_case()
    preservation = request(case)
    approve(preservation.approval, on=days_ago(50))
    preservation_take(
        preservation=preservation,
        user=case.created_by,
        taken_on=days_ago(50),
        party_refused=True,
        refusal_note="当事人拒绝签名，见证人李某在场",
    )
    first, second = preservation.items.all()
    with refused("disposal", "消毒剂"):
        preservation_dispose(
            preservation=preservation,
            user=case.created_by,
            disposed_on=days_ago(48),
            per_item={first.pk: (PreservationDisposal.CONFISCATE, "")},
        )
    done = preservation_dispose(
        preservation=preservation,
        user=case.created_by,
        disposed_on=days_ago(48),
        per_item={
            first.pk: (PreservationDisposal.CONFISCATE, "过期器械"),
            second.pk: (PreservationDisposal.RETURN, ""),
        },
    )
    assert done.disposal_number and done.disposed_on == days_ago(48)
    assert list(preservations_due()) == []
    slugs = [entry.document.slug for entry in documents_of(case)]
    assert "preservation" in slugs and "preservation-disposal" in slugs
    decision = text(document_get("preservation").render(case, done))
    for fragment in (
        "证据先行登记保存决定书",
        done.number,
        "经本机关负责人批准",
        "一次性使用无菌注射器",
        "5ml",
        "120支",
        "某某医疗器械有限公司",
        "20260301",
        "拒绝签名",
    ):
        assert fragment in decision, fragment
    disposal = text(document_get("preservation-disposal").render(case, done))
    for fragment in (done.disposal_number, done.number, "依法予以没收", "退还当事人"):
        assert fragment in disposal, fragment
    assert document_get("preservation").party_facing
    assert document_get("preservation-disposal").party_facing


def test_a_transfer_records_the_organ_closes_the_case_and_prints_the_transfer_letter():
    case = file_case()
    with refused("party_told_on", "书面告知当事人"):
        case_transfer(
            case=case,
            user=case.created_by,
            transferred_on=days_ago(40),
            organ_kind=TransferOrganKind.JUDICIAL,
            organ="某县公安局",
            reason="非法行医致人伤害，涉嫌非法行医罪",
            basis="《中华人民共和国行政处罚法》第二十七条",
            materials="立案报告、现场笔录、询问笔录",
            seized_items="注射器 120 支",
        )
    assert not CaseTransfer.objects.exists()
    # The transfer closes the case: the 负责人 approves the closing (结案) first.
    with refused("approval", "结案须先经机关负责人批准"):
        case_transfer(
            case=case,
            user=case.created_by,
            transferred_on=days_ago(40),
            organ_kind=TransferOrganKind.ADMINISTRATIVE,
            organ="某县市场监督管理局",
            reason="无管辖权",
            basis="《中华人民共和国行政处罚法》第二十七条",
            materials="立案报告",
        )
    assert not CaseTransfer.objects.exists()
    approve_closing(case, on=days_ago(41), summary="涉嫌犯罪，移送公安机关。")
    transfer = case_transfer(
        case=case,
        user=case.created_by,
        transferred_on=days_ago(40),
        organ_kind=TransferOrganKind.JUDICIAL,
        organ="某县公安局",
        reason="非法行医致人伤害，涉嫌非法行医罪",
        basis="《中华人民共和国行政处罚法》第二十七条",
        materials="立案报告、现场笔录、询问笔录",
        seized_items="注射器 120 支",
        party_told_on=days_ago(40),
        party_told_how="送达《案件移送告知书》",
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.outcome == CaseOutcome.TRANSFERRED
    assert "某县公安局" in case.closing_summary
    # Once: the same transfer again.
    assert (
        case_transfer(
            case=case,
            user=case.created_by,
            transferred_on=days_ago(40),
            organ_kind="judicial",
            organ="x",
            reason="x",
            basis="x",
            materials="x",
        )
        == transfer
    )
    letter = document_get("transfer")
    assert not letter.party_facing
    printed = text(letter.render(case))
    for fragment in (
        "案件移送书",
        transfer.number,
        "某县公安局：",
        "涉嫌犯罪",
        "注射器120支",
        "书面告知当事人",
    ):
        assert fragment in printed, fragment


def test_a_case_interview_is_signed_like_any_record_and_is_in_the_case_file():
    case = file_case()
    started = timezone.now() - datetime.timedelta(hours=1)
    interview = interview_make(
        case=case, user=case.created_by, officers=list(case.officers.all()), started_at=started
    )
    record = interview.record
    assert record.inspection is None and record.kind == PaperKind.INQUIRY
    assert record.party_name == case.party_name
    team = sorted(case.officers.all(), key=lambda u: u.pk)
    assert (record.questioner, record.recorder) == (team[0], team[1])
    assert case_records(case) == [record]
    assert [e.document.slug for e in documents_of(case)].count("interview") == 1
    printed = text(document_get("interview").render(case, record))
    assert "询问笔录" in printed and "以上笔录我看过，与我说的一致" in printed
    assert OnSiteRecord.objects.filter(inspection__isnull=True).count() == 1
