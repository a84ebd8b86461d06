"""The permit window's pages: steps of an application, permits, lists, import and PDFs."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from licensing import services
from licensing.models import Application, Consultation, Permit
from licensing.views.applications import ApplicationListView
from licensing.views.consultations import ConsultationListView
from licensing.views.permits import (
    ExpiringPermitListView,
    PermitListView,
    UnlicensedListView,
)
from tests.factories import EstablishmentFactory, UserFactory
from tests.generic import ListPageTests
from tests.import_flow import upload_and_import
from tests.licensing.factories import (
    decider,
    issued_permit,
    public_place,
    reviewed,
    site_check,
)
from tests.pdf import assert_cjk_font_embedded, pdf_text

D = datetime.date
pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def receive(clerk, unit=None, received_on=None):
    return services.application_receive(
        user=clerk,
        establishment=unit or EstablishmentFactory(),
        permit_type=public_place(),
        kind="new",
        received_on=received_on or today(),
        business_scope="理发",
    )


def page(response):
    return response.content.decode()


# ---------------------------------------------------------------- lists (generic checks)


class TestApplicationList(ListPageTests):
    url_name = "licensing:application_list"
    view_class = ApplicationListView
    export_headers = ("受理编号", "申请单位", "许可类型", "申请事项", "状态", "办理期限", "超期")

    def make_object(self, **kwargs):
        return receive(UserFactory())


class TestPermitList(ListPageTests):
    url_name = "licensing:permit_list"
    view_class = PermitListView
    export_headers = ("许可证号", "持证单位", "许可类型", "发证日期", "有效期至", "状态", "来源")

    def make_object(self, **kwargs):
        return issued_permit(clerk=UserFactory())


class TestExpiringList(ListPageTests):
    url_name = "licensing:permit_expiring"
    view_class = ExpiringPermitListView
    export_headers = ("许可证号", "持证单位", "有效期至")

    def make_object(self, **kwargs):
        day = today().replace(year=today().year - 4) + datetime.timedelta(days=10)
        return issued_permit(clerk=UserFactory(), received_on=day)


class TestUnlicensedList(ListPageTests):
    url_name = "licensing:unlicensed_list"
    view_class = UnlicensedListView
    export_headers = ("单位名称", "统一社会信用代码", "类别", "乡镇（街道）", "法定代表人")

    def make_object(self, **kwargs):
        return EstablishmentFactory()


class TestConsultationList(ListPageTests):
    url_name = "licensing:consultation_list"
    view_class = ConsultationListView
    export_headers = ("日期", "咨询事项", "咨询人", "单位", "接待人")

    def make_object(self, **kwargs):
        return services.consultation_log(
            user=UserFactory(), topic="新办许可需要哪些材料", establishment=EstablishmentFactory()
        )


# ---------------------------------------------------------------- roles


@pytest.mark.parametrize(
    "url_name",
    [
        "licensing:permit_home",
        "licensing:application_list",
        "licensing:permit_list",
        "licensing:permit_expiring",
        "licensing:unlicensed_list",
        "licensing:consultation_list",
    ],
)
@pytest.mark.parametrize("role", ["inspector", "clerk", "manager", "administrator"])
def test_pages_render_for_every_role(client_as, persona, role, url_name):
    response = client_as(persona(role)).get(reverse(url_name))
    assert response.status_code == 200
    assert "卫生许可" in page(response)  # the nav link


def test_only_the_window_sees_the_step_forms(client_as, clerk, inspector):
    application = receive(clerk)
    url = application.get_absolute_url()
    assert "提交审核" in page(client_as(clerk).get(url))
    body = page(client_as(inspector).get(url))
    assert application.receipt_number in body and "提交审核" not in body


# ---------------------------------------------------------------- the application's steps


def test_receive_review_approve_issue_through_the_pages(client_as, clerk, establishment):
    client = client_as(clerk)
    form = client.get(reverse("licensing:application_add"), {"establishment": establishment.pk})
    assert form.status_code == 200 and establishment.name in page(form)
    response = client.post(
        reverse("licensing:application_add") + f"?establishment={establishment.pk}",
        {
            "establishment": establishment.pk,
            "permit_type": public_place().pk,
            "kind": "new",
            "path": "standard",
            "received_on": today().isoformat(),
            "business_scope": "理发、美发",
        },
    )
    application = Application.objects.get(establishment=establishment)
    assert response.status_code == 302 and response["Location"] == application.get_absolute_url()
    assert application.receipt_number == f"许受〔{today().year}〕0001号"

    # The clerk may not decide: no decision form before the review, nor after it.
    detail = client.get(application.get_absolute_url())
    assert "decision_form" not in detail.context and "待审核" in page(detail)
    response = client.post(
        reverse("licensing:application_decide", args=[application.pk]),
        {"decision": "approve", "decided_on": today().isoformat()},
    )
    assert response.status_code == 403
    # The type asks for an on-site check: a review without one is refused on its field.
    response = client.post(
        reverse("licensing:application_review", args=[application.pk]),
        {"note": "材料齐全", "reviewed_on": today().isoformat()},
    )
    assert response.status_code == 400 and "须现场审查" in page(response)
    check = site_check(establishment, today())
    response = client.post(
        reverse("licensing:application_review", args=[application.pk]),
        {"note": "材料齐全", "inspection": check.pk, "reviewed_on": today().isoformat()},
    )
    assert response.status_code == 302
    detail = client.get(application.get_absolute_url())
    assert "decision_form" not in detail.context and "待负责人作出许可决定" in page(detail)
    # The manager (负责人) sees the decision form and decides.
    boss = client_as(decider())
    assert "decision_form" in boss.get(application.get_absolute_url()).context
    response = boss.post(
        reverse("licensing:application_decide", args=[application.pk]),
        {"decision": "approve", "decided_on": today().isoformat()},
    )
    assert response.status_code == 302
    client = client_as(clerk)  # one test client: the clerk signs in again to issue
    response = client.post(
        reverse("licensing:application_issue", args=[application.pk]),
        {"issued_on": today().isoformat()},
    )
    permit = Permit.objects.get(establishment=establishment)
    assert response.status_code == 302 and response["Location"] == permit.get_absolute_url()
    assert permit.number == f"卫公证字〔{today().year}〕第0001号"
    detail = page(client.get(permit.get_absolute_url()))
    assert permit.number in detail and "理发、美发" in detail
    application.refresh_from_db()
    assert application.status == "issued" and application.review_note == "材料齐全"
    assert application.decided_by.username == "persona_manager"
    assert [d.kind for d in application.documents.all()] == ["acceptance", "grant"]


def test_receive_with_unit_search(client_as, clerk, establishment):
    EstablishmentFactory(name="黄茅宾馆")
    response = client_as(clerk).get(reverse("licensing:application_add"), {"q": "悦来"})
    options = list(response.context["form"].fields["establishment"].queryset)
    assert options == [establishment]


def test_receive_errors_land_on_fields(client_as, clerk, establishment):
    response = client_as(clerk).post(
        reverse("licensing:application_add"),
        {
            "establishment": establishment.pk,
            "permit_type": public_place().pk,
            "kind": "change",
            "path": "standard",
            "received_on": today().isoformat(),
        },
    )
    assert response.status_code == 400
    assert "原许可证：延续、变更或注销须选择原许可证。" in page(response)
    assert not Application.objects.exists()


def test_refusal_without_reason_shows_message_on_the_field(client_as, clerk):
    application = reviewed(receive(clerk), clerk=clerk)
    response = client_as(decider()).post(
        reverse("licensing:application_decide", args=[application.pk]),
        {"decision": "refuse", "decided_on": today().isoformat(), "refusal_reason": ""},
    )
    assert response.status_code == 400
    form = response.context["decision_form"]
    assert form.errors["refusal_reason"] == ["不予许可须写明理由。"]
    assert "不予许可理由：不予许可须写明理由。" in page(response)
    application.refresh_from_db()
    assert application.status == "reviewed"


def test_refusal_with_reason_and_its_decision_pdf(client_as, clerk, tmp_path):
    application = reviewed(receive(clerk), clerk=clerk)
    client = client_as(decider())
    client.post(
        reverse("licensing:application_decide", args=[application.pk]),
        {"decision": "refuse", "decided_on": today().isoformat(), "refusal_reason": "无消毒间"},
    )
    application.refresh_from_db()
    assert application.status == "refused"
    # The old address leads to the numbered 不予行政许可决定书 (licensing:document_pdf).
    response = client.get(reverse("licensing:decision_pdf", args=[application.pk]), follow=True)
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "不予行政许可决定书" in text and "无消毒间" in text
    assert application.receipt_number in text


def test_decision_pdf_needs_a_decision(client_as, clerk):
    application = receive(clerk)
    response = client_as(clerk).get(reverse("licensing:decision_pdf", args=[application.pk]))
    assert response.status_code == 404


def test_overdue_application_stands_out(client_as, clerk):
    late = receive(clerk, received_on=D(2024, 3, 1))
    on_time = receive(clerk)
    client = client_as(clerk)
    assert "超期" in page(client.get(late.get_absolute_url()))
    assert 'data-testid="overdue"' not in page(client.get(on_time.get_absolute_url()))
    response = client.get(reverse("licensing:application_list"), {"overdue": "yes"})
    assert [obj.pk for obj, _ in response.context["rows"]] == [late.pk]
    assert "超期未办结 1 件" in page(response)


# ---------------------------------------------------------------- permits


def test_cancel_keeps_the_record(client_as, clerk):
    permit = issued_permit(clerk=clerk)
    client = client_as(clerk)
    refused = client.post(
        reverse("licensing:permit_cancel", args=[permit.pk]),
        {"cancelled_on": today().isoformat(), "cancel_reason": ""},
    )
    assert refused.status_code == 400 and "注销原因：请填写注销原因。" in page(refused)
    response = client.post(
        reverse("licensing:permit_cancel", args=[permit.pk]),
        {"cancelled_on": today().isoformat(), "cancel_reason": "单位歇业"},
    )
    assert response.status_code == 302
    permit.refresh_from_db()
    assert permit.status == "cancelled" and permit.cancel_reason == "单位歇业"
    body = page(client.get(permit.get_absolute_url()))
    assert "已注销" in body and "单位歇业" in body
    unlicensed = client.get(reverse("licensing:unlicensed_list")).context["rows"]
    assert permit.establishment in [obj for obj, _ in unlicensed]


def test_renewal_link_presets_the_previous_permit(client_as, clerk):
    permit = issued_permit(clerk=clerk, received_on=today() - datetime.timedelta(days=30))
    client = client_as(clerk)
    body = page(client.get(permit.get_absolute_url()))
    assert f"previous_permit={permit.pk}&amp;kind=renewal" in body
    response = client.get(
        reverse("licensing:application_add"),
        {"establishment": permit.establishment_id, "previous_permit": permit.pk, "kind": "renewal"},
    )
    form = response.context["form"]
    assert form["previous_permit"].value() == str(permit.pk)
    assert form["kind"].value() == "renewal"


def test_registering_an_existing_permit_removes_the_unit_from_the_unlicensed_list(
    client_as, clerk, establishment
):
    client = client_as(clerk)
    url = reverse("licensing:unlicensed_list")
    assert establishment in [obj for obj, _ in client.get(url).context["rows"]]
    response = client.post(
        reverse("licensing:permit_register"),
        {
            "establishment": establishment.pk,
            "permit_type": public_place().pk,
            "number": "赣卫公证字〔2023〕第0099号",
            "business_scope": "理发",
            "issued_on": D(2023, 5, 1).isoformat(),
            "expires_on": D(2027, 4, 30).isoformat(),
        },
    )
    assert response.status_code == 302
    permit = Permit.objects.get(establishment=establishment)
    assert permit.origin == "registered"
    assert "补录" in page(client.get(permit.get_absolute_url()))
    assert establishment not in [obj for obj, _ in client.get(url).context["rows"]]


def test_expiring_page_has_a_days_selector(client_as, clerk):
    soon = issued_permit(
        clerk=clerk,
        received_on=today().replace(year=today().year - 4) + datetime.timedelta(days=45),
    )
    client = client_as(clerk)
    url = reverse("licensing:permit_expiring")
    assert [o for o, _ in client.get(url).context["rows"]] == []
    assert [o for o, _ in client.get(url, {"expiring": "60"}).context["rows"]] == [soon]
    listed = client.get(reverse("licensing:permit_list"), {"expiring": "60"})
    assert [o for o, _ in listed.context["rows"]] == [soon]


# ---------------------------------------------------------------- PDFs


def test_permit_pdf_has_number_unit_office_and_embedded_cjk_font(
    client_as, inspector, clerk, establishment, tmp_path, settings
):
    permit = issued_permit(clerk=clerk, establishment=establishment)
    response = client_as(inspector).get(reverse("licensing:permit_pdf", args=[permit.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in (
        "公共场所卫生许可证",
        permit.number,
        establishment.name,
        settings.OFFICE_NAME,
        "理发",
    ):
        assert expected in text, expected
    assert_cjk_font_embedded(response.content)


# ---------------------------------------------------------------- import


HEADERS = ["单位统一社会信用代码", "许可类型", "许可证号", "许可项目", "发证日期", "有效期至"]


def xlsx(rows, headers=HEADERS, name="permits.xlsx"):
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def test_import_reports_every_problem_and_writes_nothing(client_as, clerk, establishment):
    issued_permit(clerk=clerk, establishment=EstablishmentFactory())
    taken = Permit.objects.get().number
    rows = [
        [
            establishment.credit_code,
            "公共场所卫生许可证",
            "A-1",
            "理发",
            D(2023, 1, 5),
            D(2027, 1, 4),
        ],
        [establishment.credit_code, "public_place", "A-1", "理发", D(2023, 1, 5), D(2027, 1, 4)],
        ["92360922000000XXXX", "游泳馆许可", "A-2", "游泳", D(2023, 1, 5), D(2022, 1, 4)],
        [establishment.credit_code, "public_place", taken, "理发", D(2023, 1, 5), D(2027, 1, 4)],
    ]
    response = upload_and_import(client_as(clerk), reverse("licensing:permit_import"), xlsx(rows))
    assert response.status_code == 400
    errors = {(e.row, e.column) for e in response.context["errors"]}
    assert {
        (3, "许可证号"),
        (4, "单位统一社会信用代码"),
        (4, "许可类型"),
        (4, "有效期至"),
        (5, "许可证号"),
    } <= errors
    assert "第 3 行" in page(response)
    assert Permit.objects.count() == 1


def test_import_good_file_and_template(client_as, clerk, establishment):
    other = EstablishmentFactory()
    rows = [
        [
            establishment.credit_code,
            "公共场所卫生许可证",
            "旧证-1",
            "理发",
            D(2023, 1, 5),
            D(2027, 1, 4),
        ],
        [other.credit_code, "public_place", "旧证-2", "美容", "2022-06-01", "2026-05-31"],
    ]
    client = client_as(clerk)
    response = upload_and_import(client, reverse("licensing:permit_import"), xlsx(rows))
    assert "导入成功：共写入 2 条卫生许可证记录" in page(response)
    assert set(Permit.objects.values_list("number", "origin")) == {
        ("旧证-1", "registered"),
        ("旧证-2", "registered"),
    }
    template = client.get(reverse("licensing:permit_import_template"))
    assert template.status_code == 200
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")


# ---------------------------------------------------------------- consultations


def test_consultation_is_logged_and_counted(client_as, clerk):
    client = client_as(clerk)
    response = client.post(
        reverse("licensing:consultation_add"),
        {"consulted_on": today().isoformat(), "topic": "延续手续", "visitor": "王女士"},
    )
    assert response.status_code == 302
    assert Consultation.objects.get().answered_by == clerk
    body = page(client.get(reverse("licensing:consultation_list")))
    assert f"{today().year}年{today().month}月：1 次" in body
    assert f"{today().year}年：1 次" in body
    refused = client.post(reverse("licensing:consultation_add"), {"topic": ""})
    assert refused.status_code == 400


def test_a_consultation_refused_by_the_service_is_shown_on_the_form(client_as, clerk, monkeypatch):
    """The page shows the service's refusal on the field it names (it was a 500)."""

    def refuse(**kwargs):
        raise ValidationError({"topic": "咨询事项不能登记。"})

    monkeypatch.setattr(services, "consultation_log", refuse)
    response = client_as(clerk).post(
        reverse("licensing:consultation_add"),
        {"consulted_on": today().isoformat(), "topic": "延续手续"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["topic"] == ["咨询事项不能登记。"]
    assert "咨询事项不能登记。" in page(response)
    assert not Consultation.objects.exists()
