"""The party's documents as the law writes them (行政处罚法第四十四、五十九、六十三、六十四条),
the hearing's documents, the whole case file (cover, 卷内目录, documents, 卷内备考表) and
document numbers in the 文号 convention (卫生部令第87号 art. 4–5)."""

import os
import re
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from core.calendar import add_working_days
from core.models import DocumentCode, DocumentSeries
from core.numbering import number_take
from penalties import services
from penalties.choices import CaseStatus, PenaltyKind
from penalties.documents import documents_of
from penalties.documents.case_file import case_file_build
from penalties.documents.hearing import rights_context
from penalties.documents.ordinary import decision_context, notice_context
from penalties.models import CorrectionOrder, PenaltyCase, TimeLimit
from penalties.services.notice import hearing_opinion
from tests.pdf import assert_cjk_font_embedded, pdf_text
from tests.penalties.factories import HEARING_PARTY, case_at, days_ago, proposal, serve

pytestmark = pytest.mark.django_db

FILE_NUMBER = r"万卫公{}〔\d{{4}}〕\d{{3}}号"


def flat(content: bytes) -> str:
    return re.sub(r"\s+", "", pdf_text(content))


def pages(content: bytes) -> int:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.pdf"
        path.write_bytes(content)
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info)[1])


def document(client, case, slug):
    response = client.get(reverse("penalties:case_document", args=[case.pk, slug]))
    assert response.status_code == 200, response.content[:300]
    if os.environ.get("DOCS_KEEP"):  # to look at the pages: DOCS_KEEP=/tmp/dir
        Path(os.environ["DOCS_KEEP"], f"{slug}.pdf").write_bytes(response.content)
    assert response["Content-Type"] == "application/pdf"
    assert_cjk_font_embedded(response.content)
    return response.content


def offer_hearing(case, offered=True) -> PenaltyCase:
    PenaltyCase.objects.filter(pk=case.pk).update(
        hearing_offered=offered,
        hearing_reason="拟罚款达到较大数额" if offered else "拟处罚不属于第六十三条规定的情形",
        hearing_request_due=days_ago(40) if offered else None,
    )
    return PenaltyCase.objects.get(pk=case.pk)


def correction(case) -> CorrectionOrder:
    with transaction.atomic():
        number = number_take(series="penalty-correction", year=case.notified_on.year).text
        return CorrectionOrder.objects.create(
            case=case,
            number=number,
            content="立即停止无证经营，办理公共场所卫生许可证",
            due_on=days_ago(20),
            basis="《公共场所卫生管理条例实施细则》第三十五条",
            issued_on=case.notified_on,
        )


# ---------------------------------------------------------------- 事先告知书


def test_notice_states_the_rights_in_the_laws_words_without_internal_notes(client_as, inspector):
    case = case_at(CaseStatus.NOTIFIED, amount=3000)
    text = flat(document(client_as(inspector), case, "notice"))
    assert "你单位可在收到本告知书之日起三个工作日内" in text
    for limit in TimeLimit.objects.all():
        assert re.sub(r"\s+", "", limit.basis) not in text, limit.code
    assert "依据：" not in text and "办案期限" not in text


def test_notice_mentions_a_hearing_only_when_the_law_gives_the_right(client_as, inspector):
    client = client_as(inspector)
    case = offer_hearing(case_at(CaseStatus.NOTIFIED, amount=3000), offered=False)
    text = flat(document(client, case, "notice"))
    assert "听证" not in text
    case = offer_hearing(case, offered=True)
    text = flat(document(client, case, "notice"))
    assert "有权要求举行听证" in text and "收到本告知书之日起五个工作日内" in text


def test_correction_is_an_order_apart_from_the_penalties(client_as, inspector):
    case = case_at(CaseStatus.NOTIFIED, amount=3000)
    order = correction(case)
    client = client_as(inspector)
    context = notice_context(case, case)
    assert [p["kind"] for p in context["penalties"]] == ["警告", "罚款"]
    assert PenaltyKind.values.count("order_correct") == 0
    text = flat(document(client, case, "notice"))
    assert f"责令你单位于{days_ago(20).year}年" in text
    assert "立即停止无证经营" in text and order.number in text
    decided = case_at(CaseStatus.DECIDED, case=case)
    assert [c.number for c in decision_context(decided, decided)["corrections"]] == [order.number]
    text = flat(document(client, decided, "decision"))
    assert "立即停止无证经营" in text and order.number in text


# ---------------------------------------------------------------- 决定书 (art. 59)


def test_decision_names_the_review_organ_and_the_court(client_as, inspector, settings):
    settings.REVIEW_ORGAN = "某某县人民政府"
    settings.COURT_NAME = "某某县人民法院"
    case = case_at(CaseStatus.DECIDED, amount=3000)
    text = flat(document(client_as(inspector), case, "decision"))
    for expected in (
        case.party_name,
        case.party_address,
        case.facts,
        case.violation.penalty_basis,
        "自收到本决定书之日起十五日内",
        "电子支付",
        "自收到本决定书之日起六十日内向某某县人民政府申请行政复议",
        "自收到本决定书之日起六个月内向某某县人民法院提起行政诉讼",
        settings.OFFICE_NAME + "（盖章）",
    ):
        assert expected in text, expected
    for limit in TimeLimit.objects.all():
        assert re.sub(r"\s+", "", limit.basis) not in text, limit.code
    assert "法制审核" not in text and "合议" not in text


# ---------------------------------------------------------------- numbers


def test_case_documents_are_numbered_by_the_convention():
    case = case_at(CaseStatus.DECIDED, amount=3000)  # 公共场所: 公
    assert re.fullmatch(FILE_NUMBER.format("立"), case.number), case.number
    assert re.fullmatch(FILE_NUMBER.format("告"), case.notice_number), case.notice_number
    assert re.fullmatch(FILE_NUMBER.format("罚"), case.decision_number), case.decision_number


def test_number_pattern_takes_office_and_category_from_data():
    DocumentSeries.objects.create(
        code="t-decision", name="测试", pattern="{office}卫{category}罚〔{year}〕{number:03d}号"
    )
    DocumentCode.objects.filter(kind="office").update(code="宜")
    with transaction.atomic():
        first = number_take(series="t-decision", year=2026, category="medical")
        second = number_take(series="t-decision", year=2026, category="public_places")
        third = number_take(series="t-decision", year=2026, category="no-such-domain")
    assert [first.text, second.text, third.text] == [
        "宜卫医罚〔2026〕001号",
        "宜卫公罚〔2026〕002号",
        "宜卫罚〔2026〕003号",
    ]
    series = DocumentSeries.objects.get(code="t-decision")
    assert series.parse("宜卫医罚〔2026〕001号") == (2026, 1)


def test_existing_numbers_never_change():
    case = case_at(CaseStatus.FILED)
    before = case.number
    DocumentSeries.objects.filter(code="penalty-case").update(pattern="X{office}{year}-{number}")
    case.refresh_from_db()
    assert case.number == before


# ---------------------------------------------------------------- hearing


def held_hearing(case):
    case = offer_hearing(case)
    user = case.created_by
    services.hearing_request(case=case, user=user, requested_on=days_ago(49))
    told = days_ago(48)
    services.hearing_schedule(
        case=case,
        user=user,
        party_notified_on=told,
        scheduled_for=add_working_days(told, 7),
        place="第一会议室",
        host="法制科刘某",
    )
    serve(case, "hearing-notice", on=told)
    case.refresh_from_db()
    services.hearing_hold(
        case=case,
        user=user,
        held_on=case.hearing.scheduled_for,
        summary="当事人对事实无异议，请求从轻。",
        clerk="王某",
        participants="调查人员、当事人法定代表人",
        agents="赵律师",
        record="调查人员宣读调查结论；当事人陈述已提交许可申请。",
        party_statement="已提交许可申请，请求从轻处罚。",
        party_signed=False,
        signature_note="当事人看过笔录后拒绝签名",
    )
    case.refresh_from_db()
    hearing_opinion(
        case=case,
        user=user,
        opinion="建议维持拟处罚意见。",
        opinion_on=case.hearing.held_on,
    )
    case.refresh_from_db()
    return case


def test_hearing_documents(client_as, inspector):
    client = client_as(inspector)
    case = held_hearing(case_at(CaseStatus.NOTIFIED, amount=3000))
    hearing = case.hearing
    assert re.fullmatch(FILE_NUMBER.format("听"), hearing.notice_number), hearing.notice_number
    rights = flat(document(client, case, "hearing-rights"))
    assert "听证告知书" in rights and case.notice_number in rights and "五个工作日内" in rights
    notice = flat(document(client, case, "hearing-notice"))
    for expected in (
        hearing.notice_number,
        case.party_name,
        "第一会议室",
        "法制科刘某（非本案调查人员）",
        "有权申请回避",
        "委托一至二人代理",
        "视为放弃听证权利",
    ):
        assert expected in notice, expected
    record = flat(document(client, case, "hearing-record"))
    for expected in (
        "王某",
        "赵律师",
        "调查人员宣读调查结论",
        "当事人拒绝签名",
        "看过笔录后拒绝签名",
    ):
        assert expected in record, expected
    opinion = flat(document(client, case, "hearing-opinion"))
    assert "建议维持拟处罚意见。" in opinion
    # The decision says a hearing was held, never the 主持人's opinion (internal).
    html = render_to_string("documents/penalty_decision.html", decision_context(case, case))
    assert "举行了听证" in html and "建议维持拟处罚意见" not in html
    titles = [e.title for e in documents_of(case)]
    hearing_titles = ["听证告知书", "听证通知书", "听证笔录", "听证意见书"]
    assert [t for t in titles if t in hearing_titles] == hearing_titles


def test_no_hearing_documents_without_the_right(client_as, inspector):
    case = offer_hearing(case_at(CaseStatus.NOTIFIED, amount=3000), offered=False)
    assert "听证告知书" not in [e.title for e in documents_of(case)]
    url = reverse("penalties:case_document", args=[case.pk, "hearing-rights"])
    assert client_as(inspector).get(url).status_code == 404


# ---------------------------------------------------------------- the whole file


def test_the_whole_case_file_lists_documents_in_order_with_pages(client_as, manager):
    case = case_at(CaseStatus.CLOSED, amount=3000)
    entries = documents_of(case)
    titles = [e.title for e in entries]
    assert titles[0] == "行政处罚决定书"
    assert titles.index("立案审批表") < titles.index("行政处罚事先告知书")
    content = document(client_as(manager), case, "case-file")
    text = flat(content)
    for expected in (
        "行政处罚案卷",
        case.violation.name,
        case.party_name,
        case.number,
        "立案日期",
        "结案日期",
        "处理结果",
        "保存期限",
        "归档号",
        "卷内目录",
        "卷内备考表",
    ):
        assert expected in text, expected
    # The index: the documents in documents_of's order, then the 备考表, pages running on
    # from 1 (the cover and the index are not numbered).
    _, rows = case_file_build(case)
    assert [r.title for r in rows] == [*titles, "卷内备考表"]
    assert [r.number for r in rows[:-1]] == [e.number for e in entries]
    assert rows[0].first == 1
    for before, after in zip(rows, rows[1:], strict=False):
        assert after.first == before.first + before.pages
    # The cover (one page) and the index (one page, two for a long file) unnumbered.
    assert pages(content) - sum(r.pages for r in rows) in (2, 3)
    assert f"本卷共{rows[-1].first + rows[-1].pages - 1}页" in text
    assert rows[0].page_range in text


def test_case_page_lists_the_documents_with_the_whole_file(client_as, inspector):
    case = case_at(CaseStatus.DECIDED, amount=3000)
    response = client_as(inspector).get(reverse("penalties:case_detail", args=[case.pk]))
    page = response.content.decode()
    assert 'data-testid="case-file"' in page
    assert reverse("penalties:case_document", args=[case.pk, "case-file"]) in page
    for entry in documents_of(case):
        assert entry.title in page and entry.url() in page


def test_the_hearing_rights_notice_has_its_own_number_and_its_receipt_starts_the_window(
    client_as, inspector
):
    """听证告知书: its own 文号 (it shared the 事先告知书's), and the days to ask for a hearing
    run from the party's receipt of it when it is served apart from the notice."""
    case = case_at(CaseStatus.INVESTIGATING)
    services.case_notify(
        case=case,
        user=case.created_by,
        done_on=days_ago(50),
        severity="serious",
        penalties=proposal(fine_amount=Decimal("20000")),
    )
    case.refresh_from_db()
    assert case.hearing_offered is True
    assert re.fullmatch(FILE_NUMBER.format("听告"), case.hearing_rights_number)
    rights = flat(document(client_as(inspector), case, "hearing-rights"))
    assert case.hearing_rights_number in rights
    serve(case, "notice", on=days_ago(49))
    case.refresh_from_db()
    limit = TimeLimit.objects.get(code="hearing_request")
    assert case.hearing_request_due == limit.due_from(days_ago(49))
    serve(case, "hearing-rights", on=days_ago(45))
    case.refresh_from_db()
    assert case.hearing_request_due == limit.due_from(days_ago(45))
    # A notice without the right takes no 听证告知书 number.
    small = case_at(CaseStatus.NOTIFIED, amount=3000)
    assert small.hearing_offered is False and small.hearing_rights_number is None


def test_the_legal_review_prints_as_its_own_internal_form(client_as, inspector, manager):
    """法制审核意见书 (行政处罚法第五十八条) in the case file: the proposal reviewed, the
    triggers, the reviewer, the date, the conclusion and the opinion; never served."""
    case = case_at(CaseStatus.NOTIFIED, amount=3000)
    assert "法制审核意见书" not in [e.title for e in documents_of(case)]
    case.legal_review_triggers = ["complex"]
    case.save(update_fields=["legal_review_triggers"])
    services.case_legal_review(
        case=case,
        user=manager,
        reviewed_on=days_ago(36),
        opinion="事实清楚，证据确凿，适用依据正确，程序合法，同意拟处罚意见。",
        approved=True,
    )
    case.refresh_from_db()
    entries = [e for e in documents_of(case) if e.title == "法制审核意见书"]
    assert len(entries) == 1 and not entries[0].document.party_facing
    text = flat(document(client_as(inspector), case, "legal-review"))
    reviewed = days_ago(36)
    for expected in (
        "法制审核意见书",
        case.number,
        "罚款3,000元",
        "同意拟处罚意见",
        f"{reviewed.year}年{reviewed.month}月{reviewed.day}日",
        "不送达当事人",
    ):
        assert expected in text, expected
    titles = [e.title for e in documents_of(case)]
    assert titles.index("法制审核意见书") > titles.index("行政处罚事先告知书")


def test_the_party_is_addressed_as_what_it_is():
    """The forms' 你（单位） filled in: a citizen is 你, an organisation 你单位."""
    person = case_at(CaseStatus.NOTIFIED, **HEARING_PARTY)
    unit = case_at(CaseStatus.NOTIFIED)
    for case, you, not_you in (
        (person, "对你涉嫌", "你单位"),
        (unit, "对你单位涉嫌", "你（单位）"),
    ):
        html = render_to_string("documents/penalty_notice.html", notice_context(case, case))
        assert you in html and not_you not in html, case.party_kind
        rights = render_to_string(
            "documents/penalty_hearing_rights.html", rights_context(case, case)
        )
        assert not_you not in rights


def test_the_evidence_prints_its_list_and_a_sheet_for_each_photo(client_as, inspector):
    """证据材料 in the case file: the 证据目录 with who took each piece when, a 照片证据 sheet
    for each photo with its SHA-256 checked against the stored file, other files listed to
    be filed beside; a photo changed on disk is shown as such."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.inspections.test_photos import jpeg
    from tests.penalties.factories import evidence_pdf

    case = case_at(CaseStatus.INVESTIGATING)
    team = list(case.officers.all())
    photo = services.evidence_add(
        case=case,
        user=case.created_by,
        kind="audiovisual",
        title="前台未悬挂卫生许可证",
        collected_on=days_ago(58),
        upload=SimpleUploadedFile("前台.jpg", jpeg((400, 300)), content_type="image/jpeg"),
        note="拍摄于营业大厅前台",
        collectors=team,
    )
    services.evidence_add(
        case=case,
        user=case.created_by,
        kind="document",
        title="营业执照复印件",
        collected_on=days_ago(58),
        upload=evidence_pdf("营业执照.pdf"),
        collectors=team,
    )
    entries = [e for e in documents_of(case) if e.title == "证据材料"]
    assert len(entries) == 1 and not entries[0].document.party_facing
    client = client_as(inspector)
    content = document(client, case, "evidence")
    text = flat(content)
    for expected in (
        "证据目录",
        "前台未悬挂卫生许可证",
        "照片证据第1张",
        "营业执照.pdf",
        "照片证据（第1张）",
        photo.sha256,
        "与录入时一致",
        team[0].get_full_name() or team[0].username,
    ):
        assert expected in text, expected
    assert pages(content) == 2  # the list, then the photo's own sheet
    with photo.file.open("wb") as handle:  # the stored photo replaced behind the record
        handle.write(jpeg((400, 300), color="blue"))
    assert "与录入时记录的摘要不一致" in flat(document(client, case, "evidence"))


def test_the_case_file_costs_the_same_queries_however_much_evidence():
    """The whole 案卷 reads its case once with everything its documents show: more
    evidence, photos and collectors cost no more queries."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from penalties.documents.base import case_for_documents
    from tests.inspections.test_photos import jpeg

    case = case_at(CaseStatus.NOTIFIED, amount=3000)

    def add_photo(n):
        services.evidence_add(
            case=case,
            user=case.created_by,
            kind="audiovisual",
            title=f"现场照片{n}",
            collected_on=days_ago(58),
            upload=SimpleUploadedFile(f"{n}.jpg", jpeg((60, 40)), content_type="image/jpeg"),
            collectors=list(case.officers.all()),
        )

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            case_file_build(case_for_documents(case.pk))
        return len(captured)

    add_photo(1)
    one = queries()
    for n in range(2, 5):
        add_photo(n)
    assert queries() == one
