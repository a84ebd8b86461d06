"""The permit window's printed documents, read as the applicant and the public read them:
each numbered document says what the law asks of it (DOCUMENTS.md §2.3), the permit
carries a QR code whose signed payload the public verification page checks."""

import datetime
import itertools
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from licensing.choices import LicensingDocumentKind as Kind
from licensing.choices import PermitOrigin, PermitStatus
from licensing.documents import licensing_document, permit_document, permits_document
from licensing.documents.verification import (
    PermitCodeInvalid,
    permit_code,
    permit_code_read,
    permit_qr,
)
from licensing.models import Application, Permit
from licensing.services.documents import licensing_document_issue
from tests.factories import EstablishmentFactory
from tests.licensing.factories import public_place
from tests.pdf import assert_cjk_font_embedded, pdf_text

D = datetime.date
pytestmark = pytest.mark.django_db
NUMBERS = itertools.count(1)
START, END = D(2026, 3, 10), D(2030, 3, 10)


def squeezed(content: bytes) -> str:
    return "".join(pdf_text(content).split())


def pages(content: bytes) -> int:
    return pdf_text(content).count("\f") or 1


def application(clerk, *, unit=None, kind="new", status="received", **fields):
    n = next(NUMBERS)
    return Application.objects.create(
        permit_type=public_place(),
        establishment=unit or EstablishmentFactory(),
        kind=kind,
        status=status,
        receipt_number=f"万卫许受理〔2026〕{n:04d}",
        received_on=fields.pop("received_on", D(2026, 3, 2)),
        due_on=D(2026, 3, 30),
        business_scope="理发、美容",
        received_by=clerk,
        **fields,
    )


def permit(clerk, app, *, valid_from=START, expires_on=END, **fields):
    n = next(NUMBERS)
    return Permit.objects.create(
        permit_type=app.permit_type,
        establishment=app.establishment,
        number=fields.pop("number", f"万卫公证字〔2026〕第{n:04d}号"),
        business_scope=app.business_scope,
        issued_on=fields.pop("issued_on", valid_from),
        valid_from=valid_from,
        expires_on=expires_on,
        application=app,
        recorded_by=clerk,
        **fields,
    )


def issue(kind, clerk, *, application=None, permit=None, day=START):
    return licensing_document_issue(
        kind=kind, user=clerk, issued_on=day, application=application, permit=permit
    )


def text_of(document) -> str:
    return squeezed(licensing_document(document)[1])


# ---------------------------------------------------------------- each kind says what it must


def test_cancellation_is_a_cancellation_under_article_70_not_a_grant(clerk):
    """Found: a cancellation printed "准予行政许可决定书" citing art. 38."""
    old = permit(clerk, application(clerk, status="issued"))
    cancel = application(
        clerk,
        unit=old.establishment,
        kind="cancellation",
        status="closed",
        previous_permit=old,
        change_description="停业歇业",
    )
    Permit.objects.filter(pk=old.pk).update(
        status=PermitStatus.CANCELLED,
        cancelled_on=D(2026, 6, 1),
        cancel_reason="申请注销：停业歇业",
    )
    text = text_of(issue(Kind.CANCELLATION, clerk, application=cancel, day=D(2026, 6, 1)))
    assert "注销行政许可决定书" in text
    assert "第七十条" in text and "第三十八条" not in text
    assert "准予" not in text
    assert old.number in text and "停业歇业" in text and "2026年6月1日" in text


def test_grant_is_numbered_and_states_the_permit_number_and_validity(clerk):
    """Found: decisions had no number of their own and no permit number or validity."""
    app = application(clerk, status="issued", decided_on=D(2026, 3, 9))
    document = issue(Kind.GRANT, clerk, application=app, day=D(2026, 3, 9))
    issued = permit(clerk, app)
    text = text_of(document)
    assert "准予行政许可决定书" in text and document.number in text
    assert document.number != app.receipt_number
    assert issued.number in text
    assert "有效期：自2026年3月10日至2030年3月10日" in text
    assert "公共场所卫生许可证" in text and "第三十八条第一款" in text


def test_grant_before_the_permit_is_issued_says_so(clerk):
    app = application(clerk, status="approved", decided_on=D(2026, 3, 9))
    text = text_of(issue(Kind.GRANT, clerk, application=app, day=D(2026, 3, 9)))
    assert "发证时编号" in text and "自发证之日起计算" in text


def test_refusal_gives_reasons_and_the_route_of_appeal_from_settings(clerk, settings):
    settings.REVIEW_ORGAN = "某某县人民政府"
    settings.COURT_NAME = "某某县人民法院"
    app = application(clerk, status="refused", refusal_reason="无独立消毒间\n顾客用品未分类存放")
    text = text_of(issue(Kind.REFUSAL, clerk, application=app))
    assert "不予行政许可决定书" in text and "第三十八条第二款" in text
    assert "无独立消毒间" in text and "顾客用品未分类存放" in text
    assert "六十日内向某某县人民政府申请行政复议" in text
    assert "六个月内向某某县人民法院提起行政诉讼" in text


def test_correction_lists_every_item_at_once_and_the_five_day_rule(clerk):
    app = application(
        clerk, status="correction", correction_items="营业执照复印件\n卫生管理制度\n- 平面布局图"
    )
    text = text_of(issue(Kind.CORRECTION, clerk, application=app, day=D(2026, 3, 3)))
    assert "补正材料通知书" in text and "一次告知" in text
    assert "1.营业执照复印件" in text and "2.卫生管理制度" in text and "3.平面布局图" in text
    assert "五日内" in text and "即为受理" in text


def test_not_accepted_names_the_competent_organ_and_the_rights(clerk):
    app = application(
        clerk,
        status="not_accepted",
        not_accepted_reason="申请事项为医疗机构执业登记",
        competent_organ="县卫生健康委员会医政股",
    )
    text = text_of(issue(Kind.NOT_ACCEPTED, clerk, application=app))
    assert "不予受理决定书" in text and "申请事项为医疗机构执业登记" in text
    assert "县卫生健康委员会医政股申请" in text and "第三十二条第一款第（二）项" in text
    assert settings.REVIEW_ORGAN in text and settings.COURT_NAME in text


def test_acceptance_is_numbered_and_states_the_time_limit(clerk):
    app = application(clerk)
    document = issue(Kind.ACCEPTANCE, clerk, application=app, day=D(2026, 3, 2))
    text = text_of(document)
    assert "受理通知书" in text and document.number in text and app.receipt_number in text
    assert "2026年3月30日前" in text and "第三十二条第一款第（五）项" in text


def test_commitment_prints_three_copies_with_the_commitment_and_the_post_check(clerk):
    app = application(clerk, path="commitment", status="issued", post_check_due=D(2026, 4, 9))
    document = issue(Kind.COMMITMENT, clerk, application=app)
    content = licensing_document(document)[1]
    text = squeezed(content)
    assert pages(content) == 3
    for copy in ("第一联申请人留存", "第二联审批机关存档", "第三联监管机关存档"):
        assert copy in text
    assert text.count(document.number) == 3 and text.count("申请人承诺") == 3
    assert "30日内（2026年4月9日前）" in text and "第六十九条" in text


def test_revocation_cites_article_69_the_false_promise_and_the_rights(clerk):
    app = application(
        clerk,
        path="commitment",
        status="issued",
        post_check_done_on=D(2026, 4, 1),
        post_check_result="failed",
    )
    issue(Kind.COMMITMENT, clerk, application=app, day=D(2026, 3, 10))
    granted = permit(clerk, app)
    Permit.objects.filter(pk=granted.pk).update(
        status=PermitStatus.REVOKED, cancelled_on=D(2026, 4, 20), cancel_reason="实际无消毒间"
    )
    granted.refresh_from_db()
    text = text_of(issue(Kind.REVOCATION, clerk, permit=granted, day=D(2026, 4, 20)))
    assert "撤销行政许可决定书" in text and "第六十九条第二款" in text
    assert "以不实承诺取得行政许可" in text and "实际无消毒间" in text
    assert granted.number in text and "2026年4月20日" in text
    assert settings.REVIEW_ORGAN in text and "准予" not in text


def test_every_document_names_the_office_in_full_with_its_county(clerk):
    assert "县" in settings.OFFICE_NAME
    app = application(clerk, status="refused", refusal_reason="不符合")
    for kind in (Kind.ACCEPTANCE, Kind.CORRECTION, Kind.REFUSAL):
        content = licensing_document(issue(kind, clerk, application=app))[1]
        assert settings.OFFICE_NAME in squeezed(content)
        assert_cjk_font_embedded(content)


def test_document_shows_the_applicant_as_it_was_when_issued(clerk):
    app = application(clerk)
    document = issue(Kind.ACCEPTANCE, clerk, application=app)
    unit = app.establishment
    old_name = unit.name
    unit.name = "改名后的理发店"
    unit.save()
    text = text_of(document)
    assert old_name in text and "改名后的理发店" not in text


# ---------------------------------------------------------------- the pages


def test_document_pdf_page_and_the_old_decision_address(client_as, clerk):
    app = application(clerk, status="refused", refusal_reason="无消毒间")
    document = issue(Kind.REFUSAL, clerk, application=app)
    client = client_as(clerk)
    response = client.get(reverse("licensing:decision_pdf", args=[app.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("licensing:document_pdf", args=[document.pk])
    response = client.get(response["Location"])
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "无消毒间" in squeezed(response.content)
    undecided = application(clerk)
    assert client.get(reverse("licensing:decision_pdf", args=[undecided.pk])).status_code == 404


def test_application_page_lists_its_documents(client_as, clerk):
    app = application(clerk, status="correction", correction_items="营业执照")
    document = issue(Kind.CORRECTION, clerk, application=app)
    page = client_as(clerk).get(app.get_absolute_url()).content.decode()
    assert document.get_absolute_url() in page and document.number in page


# ---------------------------------------------------------------- the permit and its code


def test_permit_prints_its_own_particulars_and_validity_not_the_units_current(clerk):
    app = application(clerk, status="issued")
    issued = permit(clerk, app, valid_from=D(2026, 3, 10), expires_on=D(2030, 3, 9))
    unit = app.establishment
    printed_name, printed_boss = issued.holder_name, issued.legal_representative
    unit.name, unit.legal_representative = "新名称理发店", "新负责人"
    unit.save()
    issued = (
        Permit.objects.with_state().select_related("permit_type", "establishment").get(pk=issued.pk)
    )
    name, content = permit_document(issued)
    text = squeezed(content)
    assert printed_name in text and printed_boss in text
    assert "新名称理发店" not in text and "新负责人" not in text
    assert "自2026年3月10日至2030年3月9日" in text and issued.number in text
    assert settings.OFFICE_NAME in text and "扫码核验" in text
    assert "补录存档" not in text
    assert_cjk_font_embedded(content)


def test_registered_permit_prints_as_a_copy_of_record(clerk):
    app = application(clerk, status="issued")
    registered = permit(clerk, app, origin=PermitOrigin.REGISTERED)
    text = squeezed(permit_document(registered)[1])
    assert "补录存档，非原证" in text and "（盖章）" not in text


def test_cancelled_permit_prints_its_status_at_printing(clerk):
    issued = permit(clerk, application(clerk, status="issued"))
    Permit.objects.filter(pk=issued.pk).update(
        status=PermitStatus.CANCELLED, cancelled_on=D(2026, 6, 1)
    )
    issued.refresh_from_db()
    assert "本证已于2026年6月1日注销" in squeezed(permit_document(issued)[1])


def test_permit_pdf_embeds_the_qr_code_of_its_verification_url(clerk):
    from django.template.loader import render_to_string

    issued = permit(clerk, application(clerk, status="issued"))
    qr = permit_qr(issued)
    assert qr["url"].startswith(settings.PUBLIC_URL + "/licensing/verify/")
    html = render_to_string("documents/permit.html", {"permit": issued, "qr": qr})
    assert qr["svg"] in html and html.count("<svg") == 1
    token = qr["url"].rsplit("/verify/", 1)[1].rstrip("/")
    payload = permit_code_read(token)
    assert payload["n"] == issued.number and payload["u"] == issued.holder_name
    assert (payload["f"], payload["t"], payload["s"]) == ("2026-03-10", "2030-03-10", "valid")
    assert "legal" not in str(payload) and issued.legal_representative not in str(payload)


def test_the_printed_qr_code_scans_to_the_verification_page_of_its_permit(client, clerk):
    issued = permit(clerk, application(clerk, status="issued"), valid_from=D(2026, 1, 1))
    content = permit_document(issued)[1]
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "permit.pdf").write_bytes(content)
        subprocess.run(
            ["pdftoppm", "-r", "150", "-png", "permit.pdf", "page"], cwd=folder, check=True
        )
        scanned = subprocess.run(
            ["zbarimg", "-q", "--raw", *sorted(str(p) for p in Path(folder).glob("page*.png"))],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    assert scanned.startswith(settings.PUBLIC_URL + "/licensing/verify/")
    page = client.get(scanned.removeprefix(settings.PUBLIC_URL)).content.decode()
    assert issued.number in page and 'data-state="valid"' in page


def test_a_tampered_or_foreign_code_is_refused(clerk):
    issued = permit(clerk, application(clerk, status="issued"))
    token = permit_code(issued)
    value, signature = token.rsplit(":", 1)
    with pytest.raises(PermitCodeInvalid):
        permit_code_read(
            value[:-2] + ("AA" if not value.endswith("AA") else "BB") + ":" + signature
        )
    from django.core import signing

    forged = signing.dumps({"i": issued.pk, "n": issued.number}, salt="other")
    with pytest.raises(PermitCodeInvalid):
        permit_code_read(forged)


def verify(client, permit_or_token):
    token = permit_or_token if isinstance(permit_or_token, str) else permit_code(permit_or_token)
    return client.get(reverse("licensing:permit_verify", args=[token]))


def test_verification_page_is_public_and_says_valid_today(client, clerk):
    issued = permit(clerk, application(clerk, status="issued"), valid_from=D(2026, 1, 1))
    response = verify(client, issued)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-state="valid"' in page and issued.number in page and issued.holder_name in page
    assert issued.legal_representative not in page and "法定代表人" not in page
    assert issued.establishment.credit_code not in page and issued.address not in page


def test_verification_page_shows_a_cancelled_permit_as_cancelled(client, clerk):
    """Printed while valid, cancelled since: the page answers for today."""
    issued = permit(clerk, application(clerk, status="issued"), valid_from=D(2026, 1, 1))
    token = permit_code(issued)
    Permit.objects.filter(pk=issued.pk).update(
        status=PermitStatus.CANCELLED, cancelled_on=D(2026, 2, 1)
    )
    page = verify(client, token).content.decode()
    assert "已注销" in page and 'data-state="cancelled"' in page
    assert "打印时状态 有效" in page


def test_verification_page_shows_an_expired_permit_as_expired(client, clerk):
    old = permit(
        clerk,
        application(clerk, status="issued"),
        valid_from=D(2020, 1, 1),
        expires_on=D(2024, 1, 1),
    )
    page = verify(client, old).content.decode()
    assert 'data-state="expired"' in page and "已过期" in page


def test_verification_page_names_the_newer_version_of_a_superseded_permit(client, clerk):
    first = permit(
        clerk,
        application(clerk, status="issued"),
        valid_from=D(2022, 1, 1),
        expires_on=D(2026, 1, 1),
    )
    Permit.objects.filter(pk=first.pk).update(
        status=PermitStatus.SUPERSEDED, replaced_on=D(2025, 12, 1)
    )
    renewal = application(
        clerk, unit=first.establishment, kind="renewal", status="issued", previous_permit=first
    )
    newer = permit(
        clerk, renewal, valid_from=D(2025, 12, 1), expires_on=D(2029, 12, 1), previous=first
    )
    page = verify(client, first).content.decode()
    assert 'data-state="superseded"' in page
    assert "已有新版本" in page and newer.number in page


def test_verification_page_refuses_a_tampered_code(client, clerk):
    issued = permit(clerk, application(clerk, status="issued"))
    token = permit_code(issued)
    response = verify(client, token[:-3] + "xyz")
    assert response.status_code == 400 and "无法核验" in response.content.decode()
    assert issued.number not in response.content.decode()


def test_verification_page_is_rate_limited_per_address(client, clerk, settings):
    from django.core.cache import cache

    cache.clear()
    settings.PERMIT_VERIFY_PER_MINUTE = 3
    issued = permit(clerk, application(clerk, status="issued"))
    statuses = [verify(client, issued).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    other = client.get(
        reverse("licensing:permit_verify", args=[permit_code(issued)]), REMOTE_ADDR="10.0.0.9"
    )
    assert other.status_code == 200
    cache.clear()


# ---------------------------------------------------------------- many permits in one PDF


def batch_of(clerk, count):
    for _ in range(count):
        permit(clerk, application(clerk, status="issued"))
    return Permit.objects.with_state().select_related("permit_type", "establishment")


def test_many_permits_in_one_pdf_one_page_each(clerk):
    permits = list(batch_of(clerk, 3))
    name, content = permits_document(permits)
    text = squeezed(content)
    assert pages(content) == 3 and name.endswith("_3份.pdf")
    for one in permits:
        assert one.number in text
    assert text.count(settings.OFFICE_NAME) >= 3


def test_batch_pdf_queries_do_not_grow_with_the_number_of_permits(clerk):
    batch_of(clerk, 2)
    with CaptureQueriesContext(connection) as two:
        permits_document(Permit.objects.with_state().select_related("permit_type", "establishment"))
    batch_of(clerk, 4)
    with CaptureQueriesContext(connection) as six:
        permits_document(Permit.objects.with_state().select_related("permit_type", "establishment"))
    assert len(two.captured_queries) == len(six.captured_queries)


def test_permit_list_prints_its_permits_as_one_pdf_beside_the_zip(client_as, clerk):
    from core.models import Job

    permits = [permit(clerk, application(clerk, status="issued")) for _ in range(3)]
    client = client_as(clerk)
    list_url = reverse("licensing:permit_list")
    page = client.get(list_url).content.decode()
    assert 'data-testid="pdf-batch"' in page and 'data-testid="pdf-batch-combined"' in page
    client.post(
        reverse("core:pdf_batch", args=["permits"]),
        {"query": "", "next": list_url, "combined": "1"},
    )
    job = Job.objects.get()
    assert job.status == "done", job.message
    assert "合并为一个文件" in job.title and job.result_name.endswith("_3份.pdf")
    download = client.get(reverse("core:job_file", args=[job.pk]))
    content = b"".join(download.streaming_content)
    assert pages(content) == 3
    text = squeezed(content)
    assert all(one.number in text for one in permits)


def test_permit_page_lists_its_revocation(client_as, clerk):
    granted = permit(clerk, application(clerk, status="issued"))
    Permit.objects.filter(pk=granted.pk).update(
        status=PermitStatus.REVOKED, cancelled_on=D(2026, 4, 20), cancel_reason="承诺不实"
    )
    document = issue(Kind.REVOCATION, clerk, permit=granted, day=D(2026, 4, 20))
    page = client_as(clerk).get(granted.get_absolute_url()).content.decode()
    assert document.get_absolute_url() in page and "撤销行政许可决定书" in page


def test_one_pdf_of_more_permits_than_its_limit_is_refused_with_the_way_out(
    client_as, clerk, settings
):
    from core.models import Job

    settings.PDF_COMBINED_MAX = 2
    for _ in range(3):
        permit(clerk, application(clerk, status="issued"))
    client = client_as(clerk)
    list_url = reverse("licensing:permit_list")
    assert "合并打印一次最多 2 份" in client.get(list_url).content.decode()
    response = client.post(
        reverse("core:pdf_batch", args=["permits"]),
        {"query": "", "next": list_url, "combined": "1"},
        follow=True,
    )
    assert not Job.objects.exists()
    assert "合并为一个 PDF 一次最多 2 份" in response.content.decode()


def test_acceptance_after_correction_names_the_correction_notice(clerk):
    app = application(clerk, status="correction", correction_items="营业执照")
    correction = issue(Kind.CORRECTION, clerk, application=app, day=D(2026, 3, 2))
    Application.objects.filter(pk=app.pk).update(status="received", received_on=D(2026, 3, 6))
    app.refresh_from_db()
    text = text_of(issue(Kind.ACCEPTANCE, clerk, application=app, day=D(2026, 3, 6)))
    assert f"已按《补正材料通知书》（{correction.number}）补正" in text
    assert "受理日期为2026年3月6日" in text


def test_grant_on_the_commitment_path_rests_on_the_promise(clerk):
    app = application(clerk, path="commitment", status="issued", post_check_due=D(2026, 4, 9))
    commitment = issue(Kind.COMMITMENT, clerk, application=app)
    text = text_of(issue(Kind.GRANT, clerk, application=app))
    assert commitment.number in text and "已书面承诺符合法定条件" in text
    assert "经审查" not in text and "2026年4月9日前" in text


def test_production_prints_qr_codes_for_its_own_https_host():
    from tests.core.test_settings_and_login import run_manage

    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.PUBLIC_URL, settings.OFFICE_NAME)",
        env_extra={
            "DJANGO_SETTINGS_MODULE": "supervision.settings_production",
            "SECRET_KEY": "k" * 20 + "-production-secret-for-the-check-" + "z" * 20,
            "ALLOWED_HOSTS": "weijian.county.example,10.0.0.5",
        },
    )
    assert result.returncode == 0, result.stderr
    url, office = result.stdout.strip().splitlines()[-1].split()
    assert url == "https://weijian.county.example" and "县" in office


def test_correction_items_numbered_by_the_clerk_are_not_numbered_twice(clerk):
    """Walk: "1. 1. 营业执照复印件" on the 补正材料通知书; a year at a line's start stays."""
    from licensing import services
    from licensing.documents import document_context
    from tests.factories import EstablishmentFactory
    from tests.licensing.factories import public_place

    application = services.application_receive(
        user=clerk,
        establishment=EstablishmentFactory(),
        permit_type=public_place(),
        kind="new",
        business_scope="理发",
        outcome="correction",
        correction_items="1. 营业执照复印件\n（2）从业人员健康证明\n2024年度水质检测报告",
    )
    context = document_context(application.documents.get())
    assert context["correction_items"] == [
        "营业执照复印件",
        "从业人员健康证明",
        "2024年度水质检测报告",
    ]
