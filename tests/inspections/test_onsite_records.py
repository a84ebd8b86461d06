"""On-site records (issue #15): the 现场笔录 made from the inspection's facts, signed on
the tablet (PNG, time, SHA-256 of the content), frozen once complete, corrected only by a
new version; the party's refusal with a witness; the 询问笔录 and 复查记录; officers' 执法证号
printed on the record and on the opinion, and refused or warned when missing."""

import base64
import datetime
import hashlib
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from PIL import Image, ImageDraw

from core.models import OfficerCertificate
from core.validators import mask_id_number
from inspections import services
from inspections.choices import InspectionKind, InspectionResult
from inspections.documents import onsite_record_document, opinion_document
from inspections.models import OnSiteRecord, OnSiteSignature, PaperKind, ProblemType
from inspections.services import records
from inspections.services.corrections import inspection_void
from tests.factories import valid_id_number
from tests.inspections.factories import inspectors, record, when
from tests.pdf import _with_file

pytestmark = pytest.mark.django_db

ID_NUMBER = valid_id_number(7)


def ink(width=300, height=100, *, blank=False) -> str:
    """A drawn signature as the canvas sends it: a PNG data URL."""
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    if not blank:
        ImageDraw.Draw(image).line(
            [(10, 80), (80, 20), (150, 70), (280, 30)], fill="black", width=4
        )
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def certify(user, number, *, until=None, since=None):
    return OfficerCertificate.objects.create(
        user=user,
        number=number,
        issued_by="测试县卫生健康局",
        valid_from=since or datetime.date(2020, 1, 1),
        valid_until=until or datetime.date(2030, 12, 31),
    )


@pytest.fixture
def team(inspector):
    members = [inspector, inspectors(1)[0]]
    certify(members[0], "JD-0001")
    certify(members[1], "JD-0002")
    return members


@pytest.fixture
def inspection(team):
    ProblemType.objects.get_or_create(code="no-disinfection", defaults={"name": "无消毒间"})
    problem = ProblemType.objects.get(code="no-disinfection")
    return record(
        team=team,
        findings="后厨地面有积水，从业人员 3 人在岗。",
        problems=[problem],
        result=InspectionResult.OPINION,
    )


def sign_all(record_, team, *, party="店长王某"):
    records.onsite_record_sign(
        record=record_, user=team[0], role="party", name=party, signature=ink()
    )
    for officer in team:
        records.onsite_record_sign(
            record=record_, user=team[0], role="officer", officer=officer, signature=ink()
        )
    record_.refresh_from_db()
    return record_


def test_a_record_is_made_from_the_inspection_with_its_facts(inspection, team):
    paper = records.onsite_record_make(inspection=inspection, user=team[0])
    unit = inspection.establishment
    assert paper.kind == PaperKind.ONSITE
    assert paper.party_name == unit.name
    assert paper.responsible_person == unit.legal_representative
    assert unit.address in paper.address and unit.address in paper.place
    assert paper.started_at == inspection.inspected_at
    assert paper.present_person == "店长王某" and paper.credentials_shown
    assert "后厨地面有积水" in paper.facts and "无消毒间" in paper.facts
    # Facts only: no judgment of the inspection goes into the record.
    assert inspection.get_result_display() not in paper.facts
    assert set(paper.officers.all()) == set(team)
    assert not paper.is_frozen


def test_one_current_onsite_record_per_inspection(inspection, team):
    records.onsite_record_make(inspection=inspection, user=team[0])
    with pytest.raises(ValidationError) as refused:
        records.onsite_record_make(inspection=inspection, user=team[0])
    assert "已有现场笔录" in refused.value.message_dict["kind"][0]


def test_signing_stores_the_png_time_and_content_hash(inspection, team):
    paper = records.onsite_record_make(inspection=inspection, user=team[0])
    expected = paper.content_hash()
    before = timezone.now()
    signature = records.onsite_record_sign(
        record=paper, user=team[0], role="party", name="店长王某", signature=ink()
    )
    assert signature.content_sha256 == expected
    assert before <= signature.signed_at <= timezone.now()
    png = signature.image.read()
    assert png.startswith(b"\x89PNG")
    assert signature.image_sha256 == hashlib.sha256(png).hexdigest()
    assert signature.name == "店长王某" and signature.role == "party"
    paper.refresh_from_db()
    assert not paper.is_frozen  # the officers have not signed yet
    assert records.required_signatures(paper) == [f"执法人员 {u.first_name}" for u in team]


def test_the_record_is_frozen_once_every_signature_is_there(inspection, team):
    paper = records.onsite_record_make(inspection=inspection, user=team[0])
    paper = sign_all(paper, team)
    assert paper.is_frozen
    assert paper.content_sha256 == paper.content_hash()
    assert {s.content_sha256 for s in paper.signatures.all()} == {paper.content_sha256}
    officer_numbers = {s.certificate_number for s in paper.signatures.filter(role="officer")}
    assert officer_numbers == {"JD-0001", "JD-0002"}
    with pytest.raises(ValidationError) as refused:
        records.onsite_record_update(record=paper, user=team[0], facts="改写的事实")
    assert records.FROZEN in refused.value.messages
    with pytest.raises(ValidationError):
        records.onsite_record_sign(
            record=paper, user=team[0], role="witness", name="李某", signature=ink()
        )
    paper.refresh_from_db()
    assert "改写的事实" not in paper.facts


def test_no_edit_after_the_first_signature(inspection, team):
    paper = records.onsite_record_make(inspection=inspection, user=team[0])
    records.onsite_record_update(record=paper, user=team[0], facts="核对后的事实。")
    records.onsite_record_sign(
        record=paper, user=team[0], role="party", name="店长王某", signature=ink()
    )
    with pytest.raises(ValidationError) as refused:
        records.onsite_record_update(record=paper, user=team[0], facts="签名后改写")
    assert records.SIGNED_ALREADY in refused.value.messages


def test_a_correction_is_a_new_version_and_the_signed_one_stays(inspection, team):
    paper = sign_all(records.onsite_record_make(inspection=inspection, user=team[0]), team)
    signed_facts, signed_hash = paper.facts, paper.content_sha256
    corrected = records.onsite_record_amend(record=paper, user=team[0], reason="漏记采样")
    assert corrected.version == 2 and corrected.supersedes == paper
    assert not corrected.is_frozen and not corrected.signatures.exists()
    records.onsite_record_update(record=corrected, user=team[0], facts=signed_facts + "补记。")
    paper.refresh_from_db()
    assert paper.facts == signed_facts and paper.content_sha256 == signed_hash
    assert paper.content_hash() == signed_hash  # nothing of the signed version moved
    with pytest.raises(ValidationError):  # only the latest version is corrected
        records.onsite_record_amend(record=paper, user=team[0], reason="再次更正")


def test_refusal_with_a_witness_completes_the_record(inspection, team):
    paper = records.onsite_record_make(inspection=inspection, user=team[0])
    for officer in team:
        records.onsite_record_sign(
            record=paper, user=team[0], role="officer", officer=officer, signature=ink()
        )
    paper.refresh_from_db()
    assert not paper.is_frozen
    assert records.required_signatures(paper) == ["当事人"]
    with pytest.raises(ValidationError) as refused:
        records.onsite_record_refuse(record=paper, user=team[0], reason="")
    assert "reason" in refused.value.message_dict
    records.onsite_record_refuse(record=paper, user=team[0], reason="当事人王某拒绝签名")
    paper.refresh_from_db()
    assert records.required_signatures(paper) == ["见证人（当事人拒绝签名）"]
    with pytest.raises(ValidationError) as refused:
        records.onsite_record_sign(
            record=paper, user=team[0], role="party", name="王某", signature=ink()
        )
    assert "role" in refused.value.message_dict
    records.onsite_record_sign(
        record=paper, user=team[0], role="witness", name="社区工作人员李某", signature=ink()
    )
    paper.refresh_from_db()
    assert paper.is_frozen
    # The refusal is borne out by the witness: the officers' signatures still match.
    assert {s.content_sha256 for s in paper.signatures.all()} == {paper.content_sha256}
    text = flat(records_pdf(paper))
    assert "拒绝签名：当事人王某拒绝签名" in text
    assert "社区工作人员李某" in text


def records_pdf(paper):
    return onsite_record_document(OnSiteRecord.objects.get(pk=paper.pk))[1]


def flat(content: bytes) -> str:
    """The PDF's text in reading order (pdftotext -raw: a table cell's lines stay
    together), without spaces and line breaks."""
    return re.sub(r"\s+", "", _with_file(content, ["pdftotext", "-raw"]))


def test_an_empty_or_foreign_signature_is_refused(inspection, team):
    paper = records.onsite_record_make(inspection=inspection, user=team[0])
    for bad, message in (
        ("", records.EMPTY_SIGNATURE),
        (ink(blank=True), records.EMPTY_SIGNATURE),
        ("data:image/png;base64,not-base64!", records.NOT_A_SIGNATURE),
        ("data:image/jpeg;base64,/9j/", records.NOT_A_SIGNATURE),
    ):
        with pytest.raises(ValidationError) as refused:
            records.onsite_record_sign(
                record=paper, user=team[0], role="party", name="王某", signature=bad
            )
        assert refused.value.message_dict["signature"] == [message]
    assert not OnSiteSignature.objects.exists()


def test_an_officer_without_a_valid_certificate_cannot_sign(inspector, client_as):
    other = inspectors(1)[0]
    certify(inspector, "JD-0100")
    certify(other, "JD-0101", until=timezone.localdate(when()) - datetime.timedelta(days=1))
    inspection = record(team=[inspector, other])
    paper = records.onsite_record_make(inspection=inspection, user=inspector)
    with pytest.raises(ValidationError) as refused:
        records.onsite_record_sign(
            record=paper, user=inspector, role="officer", officer=other, signature=ink()
        )
    assert "没有有效的执法证" in refused.value.message_dict["officer"][0]
    # Warned on the inspection's page and printed on the record.
    assert records.certificate_warnings(inspection)
    assert other.first_name in records.certificate_warnings(inspection)[0]
    page = client_as(inspector).get(inspection.get_absolute_url()).content.decode()
    assert 'data-testid="certificate-warning"' in page and "没有有效的执法证" in page
    text = flat(records_pdf(paper))
    assert "JD-0100" in text and "无有效执法证" in text


def test_the_pdf_prints_the_certificate_numbers_signatures_and_hash(inspection, team):
    paper = sign_all(records.onsite_record_make(inspection=inspection, user=team[0]), team)
    text = flat(records_pdf(paper))
    for expected in (
        "现场笔录",
        inspection.establishment.name,
        "JD-0001",
        "JD-0002",
        "出示执法证件",
        "后厨地面有积水",
        paper.content_sha256,
        "签署完成",
    ):
        assert expected in text, expected
    signed = timezone.localtime(paper.signatures.first().signed_at)
    assert f"{signed:%Y-%m-%d%H:%M:%S}" in text


def test_the_opinion_prints_the_certificate_numbers(inspection, team):
    opinion = services.opinion_issue(
        inspection=inspection,
        user=team[0],
        items=[("无消毒间", "设置消毒间")],
        deadline=timezone.localdate() + datetime.timedelta(days=15),
    )
    text = flat(opinion_document(opinion)[1])
    assert "JD-0001" in text and "JD-0002" in text


def test_an_inquiry_record_has_the_person_questioned_and_the_recusal_notice(inspection, team):
    paper = records.onsite_record_make(inspection=inspection, user=team[0], kind=PaperKind.INQUIRY)
    assert paper.recusal_notice and "回避" in paper.questions[0][0]
    with pytest.raises(ValidationError) as refused:
        records.onsite_record_update(
            record=paper, user=team[0], questioned_name="", recusal_notice=False, questions=[]
        )
    assert set(refused.value.message_dict) == {"questioned_name", "recusal_notice", "questions"}
    records.onsite_record_update(
        record=paper,
        user=team[0],
        questioned_name="王某",
        questioned_role="店长",
        questioned_id_number=ID_NUMBER,
        recusal_notice=True,
        questions=[["你是否申请回避？", "不申请。"], ["消毒间在哪里？", "没有设置。"]],
    )
    paper = sign_all(paper, team, party="王某")
    text = flat(records_pdf(paper))
    for expected in ("询问笔录", "被询问人", "王某", "申请执法人员回避的权利", "没有设置。"):
        assert expected in text, expected
    # The ID number is masked on the print, as everywhere (core/personal_data.py).
    assert ID_NUMBER not in text and mask_id_number(ID_NUMBER) in text


def test_a_follow_up_has_its_own_record_naming_the_opinion_and_result(inspection, team):
    opinion = services.opinion_issue(
        inspection=inspection,
        user=team[0],
        items=[("无消毒间", "设置消毒间")],
        deadline=timezone.localdate() + datetime.timedelta(days=15),
        issued_at=inspection.inspected_at + datetime.timedelta(hours=1),
    )
    follow_up = record(
        team=team,
        establishment=inspection.establishment,
        inspected_at=timezone.now() - datetime.timedelta(hours=1),
        kind=InspectionKind.FOLLOW_UP,
        follows_opinion=opinion,
        rectified=True,
    )
    with pytest.raises(ValidationError):
        records.onsite_record_make(inspection=inspection, user=team[0], kind=PaperKind.FOLLOW_UP)
    paper = records.onsite_record_make(inspection=follow_up, user=team[0], kind=PaperKind.FOLLOW_UP)
    assert opinion.number in paper.facts and "设置消毒间" in paper.facts
    assert "复查结果：已按意见整改" in paper.facts
    text = flat(records_pdf(sign_all(paper, team)))
    assert "复查记录" in text and opinion.number in text


def test_the_pages_make_edit_and_sign_a_record(client_as, inspection, team):
    client = client_as(team[0])
    response = client.post(
        reverse("inspections:record_make", args=[inspection.pk]), {"kind": "onsite"}
    )
    paper = OnSiteRecord.objects.get()
    assert response.status_code == 302 and response.url == paper.get_absolute_url()
    page = client.get(reverse("inspections:inspection_detail", args=[inspection.pk]))
    assert paper.get_absolute_url() in page.content.decode()
    sign_url = reverse("inspections:record_sign", args=[paper.pk])
    response = client.post(sign_url, {"role": "party", "name": "", "signature": ""})
    assert response.status_code == 400
    body = response.content.decode()
    assert records.EMPTY_SIGNATURE in body and "请填写签名人姓名。" in body
    response = client.post(sign_url, {"role": "party", "name": "王某", "signature": ink()})
    assert response.status_code == 302
    edit = client.get(reverse("inspections:record_edit", args=[paper.pk]))
    assert edit.status_code == 302  # signed: no edit page
    # The party has signed: the page offers the officers next, each until they signed.
    form = client.get(sign_url).context["form"]
    assert form.initial["role"] == "officer"
    assert list(form.fields["officer"].queryset) == sorted(team, key=lambda u: u.pk)
    client.post(sign_url, {"role": "officer", "officer": team[0].pk, "signature": ink()})
    form = client.get(sign_url).context["form"]
    assert form.initial["role"] == "officer"
    assert list(form.fields["officer"].queryset) == [team[1]]  # team[0] has signed
    for officer in team[1:]:
        client.post(sign_url, {"role": "officer", "officer": officer.pk, "signature": ink()})
    paper.refresh_from_db()
    assert paper.is_frozen
    pdf = client.get(reverse("inspections:record_pdf", args=[paper.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_the_account_page_shows_the_certificate(client_as, team):
    page = client_as(team[0]).get(reverse("password_change"))
    assert "JD-0001" in page.content.decode()


def test_the_penalty_filing_form_prints_the_officers_certificate_numbers(client_as, team):
    from tests.penalties.factories import file_case

    case = file_case(team=team)
    response = client_as(team[0]).get(reverse("penalties:case_filing_pdf", args=[case.pk]))
    text = flat(response.content)
    assert f"{team[0].first_name}（执法证号JD-0001）" in text
    assert f"{team[1].first_name}（执法证号JD-0002）" in text


def test_a_visit_with_a_signed_record_can_be_amended_not_voided(inspection, team):
    """Once the party or an officer has signed its 现场笔录, the visit is evidence."""
    paper = records.onsite_record_make(inspection=inspection, user=team[0])
    records.onsite_record_sign(
        record=paper, user=team[0], role="party", name="店长王某", signature=ink()
    )
    with pytest.raises(ValidationError) as refused:
        inspection_void(inspection=inspection, user=team[0], reason="录错")
    assert "已签名的现场笔录" in refused.value.message_dict["reason"][0]
