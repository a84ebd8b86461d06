"""The case page, editing before the decision, evidence and the panels on unit and
inspection pages."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from penalties import services
from penalties.choices import CaseSource, CaseStatus, EvidenceKind, PartyKind, PaymentKind
from penalties.models import CaseEvidence, PenaltyCase
from tests.factories import EstablishmentFactory
from tests.generic import count_queries
from tests.inspections.factories import record, when
from tests.locking import version_of
from tests.penalties.factories import (
    PDF_BYTES,
    case_at,
    days_ago,
    evidence_pdf,
    file_case,
    fine,
    violation,
)
from tests.roles import ALL

pytestmark = pytest.mark.django_db

VALID_ID = "11010519491231002X"


def page(response):
    return response.content.decode()


def detail(client, case):
    return client.get(reverse("penalties:case_detail", args=[case.pk]))


# ---------------------------------------------------------------- the case page


@pytest.mark.parametrize("role", sorted(ALL))
def test_detail_opens_for_every_role(client_as, persona, role):
    case = case_at(CaseStatus.SERVED)
    response = detail(client_as(persona(role)), case)
    assert response.status_code == 200
    text = page(response)
    assert case.number in text and case.party_name in text and case.decision_number in text


def test_detail_refuses_users_without_a_role(client_as, outsider):
    assert detail(client_as(outsider), file_case()).status_code == 403


def test_detail_shows_party_law_timeline_and_documents(client_as, inspector):
    case = file_case(
        party_kind=PartyKind.PERSON,
        party_name="钱某",
        party_code=VALID_ID,
        party_address="城关镇幸福路 3 号",
        violation=violation("illegal-practice"),
    )
    case = case_at(CaseStatus.INVESTIGATING, case=case)
    response = detail(client_as(inspector), case)
    text = page(response)
    assert "1101**********002X" in text and VALID_ID not in text, "ID number masked"
    assert (
        "《中华人民共和国医师法》第十三条" in text and "《中华人民共和国医师法》第五十九条" in text
    )
    steps = {row["code"]: row for row in response.context["timeline"]}
    assert steps["filed"]["state"] == "done" and steps["filed"]["record"].document.startswith(
        "立案审批表"
    )
    assert steps["investigating"]["state"] == "current"
    assert steps["notified"]["state"] == steps["closed"]["state"] == "future"
    assert 'aria-current="step" data-step="investigating"' in text
    assert reverse("penalties:case_document", args=[case.pk, "filing"]) in text
    assert reverse("penalties:case_document", args=[case.pk, "notice"]) not in text
    assert reverse("penalties:case_document", args=[case.pk, "decision"]) not in text
    assert "修改" in text and reverse("penalties:evidence_add", args=[case.pk]) in text


def test_detail_shows_the_overdue_limit_in_red(client_as, clerk):
    case = file_case(occurred_on=days_ago(110), filed_on=days_ago(100))
    text = page(detail(client_as(clerk), case))
    assert '<b class="overdue" data-testid="overdue">已超期 10 日</b>' in text
    assert "作出处罚决定期限" in text
    assert reverse("penalties:case_edit", args=[case.pk]) not in text, "a clerk only looks"


def test_detail_of_a_partly_paid_case_shows_what_is_outstanding(client_as, manager):
    case = case_at(CaseStatus.SERVED, amount=3000, earlier=40)  # payment due 19 days ago
    services.payment_record(
        case=case,
        user=case.created_by,
        kind=PaymentKind.FINE,
        paid_on=days_ago(1),
        amount=Decimal("1000"),
    )
    response = detail(client_as(manager), case)
    rows = {row["label"]: row for row in response.context["money_rows"]}
    assert rows["罚款"]["due"] == 3000 and rows["罚款"]["paid"] == 1000
    assert rows["罚款"]["outstanding"] == 2000
    assert rows["加处罚款"]["due"] == 3000, "3% a day for 34 days, capped at the fine"
    text = page(response)
    assert "拟处罚（告知）" in text and "罚款 3,000 元" in text
    assert reverse("penalties:case_document", args=[case.pk, "notice"]) in text
    assert reverse("penalties:case_document", args=[case.pk, "decision"]) in text


def test_a_waived_late_charge_shows_nothing_outstanding(client_as, manager):
    case = case_at(CaseStatus.SERVED, amount=3000, earlier=60)  # payment due 79 days ago
    services.payment_record(
        case=case, user=manager, kind=PaymentKind.FINE, paid_on=days_ago(75), amount=Decimal(3000)
    )
    client = client_as(manager)
    rows = {row["label"]: row for row in detail(client, case).context["money_rows"]}
    assert rows["加处罚款"]["outstanding"] == Decimal("360")
    services.case_execute(
        case=case, user=manager, done_on=days_ago(1), late_charge_waiver_reason="经济困难"
    )
    response = detail(client, case)
    rows = {row["label"]: row for row in response.context["money_rows"]}
    assert (rows["加处罚款"]["due"], rows["加处罚款"]["outstanding"]) == (Decimal("360"), 0)
    assert "已说明理由未收取：经济困难" in page(response)


def test_closed_case_shows_amendment_and_review_grade(client_as, manager):
    case = case_at(CaseStatus.CLOSED)
    services.case_amend(case=case, user=manager, reason="更正地址", party_address="新地址 1 号")
    from inspections.models import ChecklistTemplate

    template = ChecklistTemplate.objects.for_case_review().first()
    scores = {item.pk: (item.max_points, "") for item in template.items.all()}
    review = services.case_review(
        case=case, user=manager, template=template, scores=scores, reviewed_on=days_ago(1)
    )
    response = detail(client_as(manager), case)
    text = page(response)
    assert "更正地址" in text and "新地址 1 号" in text
    assert f"评查：{review.grade}" in text
    assert reverse("penalties:case_edit", args=[case.pk]) not in text
    assert response.context["history"], "the record's history is on the page"


def test_detail_query_count_does_not_grow_with_steps_payments_and_evidence(client_as, manager):
    client = client_as(manager)
    small = case_at(CaseStatus.DECIDED)
    big = case_at(CaseStatus.INVESTIGATING)
    for n in range(4):
        services.evidence_add(
            case=big,
            user=big.created_by,
            kind=EvidenceKind.DOCUMENT,
            title=f"书证 {n}",
            collected_on=days_ago(59),
            upload=evidence_pdf(f"书证{n}.pdf"),
        )
    big = case_at(CaseStatus.SERVED, case=big)
    for amount in ("1000", "500"):
        services.payment_record(
            case=big,
            user=big.created_by,
            kind=PaymentKind.FINE,
            paid_on=days_ago(30),
            amount=Decimal(amount),
        )
    few, response = count_queries(lambda: detail(client, small))
    assert response.status_code == 200
    many, response = count_queries(lambda: detail(client, big))
    assert response.status_code == 200 and len(response.context["evidence"]) == 5
    assert few == many, f"{few} queries for a small case, {many} for a bigger one"


# ---------------------------------------------------------------- editing


def test_editing_before_the_decision(client_as, inspector):
    case = case_at(CaseStatus.INVESTIGATING)
    team = list(case.officers.all())
    client = client_as(inspector)
    url = reverse("penalties:case_edit", args=[case.pk])
    assert client.get(url).context["form"]["facts"].value() == case.facts
    data = {
        "facts": "擅自营业三个月。",
        "party_address": "新街 8 号",
        "officers": [u.pk for u in team],
    }
    response = client.post(url, {**data, **version_of(case)})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.facts == "擅自营业三个月。" and case.party_address == "新街 8 号"

    response = client.post(url, {**data, "officers": [team[0].pk], **version_of(case)})
    assert response.status_code == 400
    assert "两名以上执法人员" in " ".join(response.context["form"].errors["officers"])


def test_editing_a_notified_case_is_refused_but_evidence_is_still_taken(client_as, inspector):
    case = case_at(CaseStatus.NOTIFIED)
    client = client_as(inspector)
    text = page(detail(client, case))
    assert reverse("penalties:case_edit", args=[case.pk]) not in text
    assert reverse("penalties:evidence_add", args=[case.pk]) in text
    response = client.post(
        reverse("penalties:case_edit", args=[case.pk]),
        {
            "facts": "改过的事实",
            "officers": [u.pk for u in case.officers.all()],
            **version_of(case),
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == case.get_absolute_url()
    assert "不能直接修改" in page(response) and "请重新告知" in page(response)
    case.refresh_from_db()
    assert case.facts != "改过的事实"
    response = client.post(
        reverse("penalties:evidence_add", args=[case.pk]),
        {**evidence_data(), "file": evidence_pdf()},
    )
    assert response.status_code == 302 and case.evidence.count() == 2


def test_editing_a_decided_case_is_refused(client_as, inspector):
    case = case_at(CaseStatus.DECIDED)
    client = client_as(inspector)
    url = reverse("penalties:case_edit", args=[case.pk])
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == case.get_absolute_url()
    assert "直接修改须在" in page(response), "the service's reason is shown"
    response = client.post(
        url,
        {
            "facts": "改过的事实",
            "officers": [u.pk for u in case.officers.all()],
            **version_of(case),
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == case.get_absolute_url()
    case.refresh_from_db()
    assert case.facts != "改过的事实"


# ---------------------------------------------------------------- evidence


def evidence_data(**changes):
    return {
        "kind": EvidenceKind.DOCUMENT,
        "title": "营业执照复印件",
        "collected_on": days_ago(1).isoformat(),
        **changes,
    }


def test_evidence_upload_and_download(client_as, inspector, clerk, outsider):
    case = file_case()
    client = client_as(inspector)
    url = reverse("penalties:evidence_add", args=[case.pk])
    upload = SimpleUploadedFile("执照.pdf", PDF_BYTES, content_type="application/pdf")
    response = client.post(url, {**evidence_data(), "file": upload})
    assert response.status_code == 302
    evidence = CaseEvidence.objects.get(case=case)
    assert evidence.original_name == "执照.pdf"
    file_url = reverse("penalties:evidence_file", args=[evidence.pk])
    assert file_url in page(detail(client, case))
    assert not evidence.file.url.endswith(file_url)

    response = client_as(clerk).get(file_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert client_as(outsider).get(file_url).status_code == 403


def test_evidence_that_is_not_a_document_is_refused(client_as, inspector):
    case = file_case()
    client = client_as(inspector)
    program = SimpleUploadedFile("现场笔录.pdf", b"MZ\x90\x00\x03" + b"\x00" * 64)
    response = client.post(
        reverse("penalties:evidence_add", args=[case.pk]), {**evidence_data(), "file": program}
    )
    assert response.status_code == 400
    assert "不支持的文件类型" in " ".join(response.context["form"].errors["file"])
    assert not CaseEvidence.objects.filter(case=case).exists()


def test_evidence_cannot_be_added_to_a_decided_case(client_as, inspector):
    case = case_at(CaseStatus.DECIDED)
    before = case.evidence.count()
    response = client_as(inspector).post(
        reverse("penalties:evidence_add", args=[case.pk]),
        {**evidence_data(), "file": evidence_pdf()},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == case.get_absolute_url()
    assert "登记证据须在" in page(response)
    assert case.evidence.count() == before


# ---------------------------------------------------------------- panels


def test_unit_page_lists_its_cases(client_as, inspector):
    unit = EstablishmentFactory(name="清风足浴店")
    mine = file_case(establishment=unit)
    other = file_case()
    text = page(client_as(inspector).get(unit.get_absolute_url()))
    assert "行政处罚案件（1）" in text
    assert mine.number in text and other.number not in text


def test_inspection_page_opens_a_case_and_lists_those_opened(client_as, persona):
    inspection = record(inspected_at=when(days_ago=3))
    case = file_case(
        inspection=inspection,
        source=CaseSource.INSPECTION,
        occurred_on=days_ago(3),
        filed_on=days_ago(2),
    )
    url = inspection.get_absolute_url()
    open_link = reverse("penalties:case_add") + f"?inspection={inspection.pk}"
    text = page(client_as(persona("inspector")).get(url))
    assert open_link in text and "立案查处" in text and case.number in text
    text = page(client_as(persona("clerk")).get(url))
    assert open_link not in text and case.number in text
    assert PenaltyCase.objects.get(pk=case.pk).establishment == inspection.establishment


def test_the_change_log_reads_as_people_write_it(client_as, manager):
    """Walk finding: the change log printed "法制审核情形：[]" and account names."""
    case = case_at(CaseStatus.NOTIFIED)
    officer = case.created_by
    officer.first_name, officer.last_name = "李明", ""
    officer.save()
    services.decision_request(
        case=case,
        user=officer,
        requested_on=days_ago(40),
        severity="ordinary",
        penalties=fine(3000),
        facts="未取得许可证营业。",
        evidence="现场笔录",
        basis="实施细则第三十五条",
        discretion="首次违法。",
        legal_review_triggers=["complex"],
    )
    body = page(client_as(manager).get(case.get_absolute_url()))
    log = body[body.index("变更记录") :]
    assert "案件情况疑难复杂、涉及多个法律关系" in log
    assert "[" not in log and "complex" not in log
    assert "李明" in log and officer.username not in log


def test_amounts_on_the_case_page_are_written_as_money(client_as, manager):
    """Walk finding: the payment tables showed 4500.00 where the rest writes 4,500.00."""
    case = case_at(CaseStatus.SERVED, amount=4500)
    body = page(detail(client_as(manager), case))
    money = body[body.index('data-testid="money"') :]
    assert "4,500.00" in money and "4500.00" not in money
