import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from inspections import services
from inspections.choices import InspectionKind, InspectionResult, OpinionStatus
from inspections.models import (
    Campaign,
    ChecklistScore,
    ChecklistTemplate,
    Inspection,
    InspectionPhoto,
    OpinionAmendment,
    RandomDraw,
    Sample,
    StandardLimit,
    SupervisionOpinion,
)
from inspections.services.photos import NOT_A_PHOTO
from inspections.views import (
    CampaignListView,
    DrawListView,
    InspectionListView,
    OpinionListView,
)
from tests.factories import EstablishmentFactory, TownshipFactory, UserFactory
from tests.generic import ListPageTests, count_queries
from tests.inspections.access import png_bytes
from tests.inspections.factories import pool_unit, record, small_checklist, when
from tests.pdf import assert_cjk_font_embedded, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(db):
    return UserFactory(username="second_inspector", first_name="王五", role="inspector")


@pytest.fixture
def inspection(inspector, partner, establishment):
    return record(establishment=establishment, team=[inspector, partner])


def issue(inspection, *, days_ago=0, deadline_in=15, items=(("无消毒间", "设置消毒间"),)):
    issued_at = timezone.now() - datetime.timedelta(days=days_ago)
    return services.opinion_issue(
        inspection=inspection,
        items=list(items),
        deadline=timezone.localdate(issued_at) + datetime.timedelta(days=deadline_in),
        user=inspection.recorded_by,
        issued_at=issued_at,
    )


def entry_data(establishment, inspectors, **changes):
    data = {
        "establishment": establishment.pk,
        "inspected_at": when().strftime("%Y-%m-%dT%H:%M"),
        "inspectors": [u.pk for u in inspectors],
        "kind": InspectionKind.ROUTINE,
        "person_present": "店长王某",
        "findings": "现场检查",
        "result": InspectionResult.COMPLIANT,
    }
    data.update(changes)
    return data


# ---------------------------------------------------------------- entry form


def test_entry_form_preselects_the_user_and_the_unit(client_as, inspector, establishment):
    response = client_as(inspector).get(
        reverse("inspections:inspection_add"), {"establishment": establishment.pk}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert establishment.name in page
    assert response.context["form"].initial["inspectors"] == [inspector.pk]


def test_one_inspector_gives_the_two_officer_message_and_writes_nothing(
    client_as, inspector, establishment
):
    response = client_as(inspector).post(
        reverse("inspections:inspection_add"), entry_data(establishment, [inspector])
    )
    assert response.status_code == 400
    assert "执法检查须有两名以上监督员。" in response.content.decode()
    assert response.context["form"].errors["inspectors"]
    assert not Inspection.objects.exists()


def test_recording_an_inspection_with_scores(client_as, inspector, partner, establishment):
    checklist = small_checklist(pass_mark="6")
    items = list(checklist.items.all())
    client = client_as(inspector)
    reload = client.post(
        reverse("inspections:inspection_add"),
        {
            **entry_data(establishment, [inspector, partner]),
            "checklist": checklist.pk,
            "_reload": "1",
        },
    )
    page = reload.content.decode()
    assert reload.status_code == 200 and "项目1" in page and "卫生管理" in page
    assert not Inspection.objects.exists()
    data = {
        **entry_data(establishment, [inspector, partner]),
        "checklist": checklist.pk,
        f"score_{items[0].pk}": "3",
        f"score_{items[1].pk}": "4",
        f"note_{items[1].pk}": "记录不全",
    }
    response = client.post(reverse("inspections:inspection_add"), data, follow=True)
    inspection = Inspection.objects.get()
    assert set(inspection.inspectors.all()) == {inspector, partner}
    assert ChecklistScore.objects.filter(inspection=inspection).count() == 2
    page = response.content.decode()
    assert "已登记检查" in page and "合格" in page and "记录不全" in page
    assert response.context["summary"]["total"] == 7


def test_scores_outside_the_range_are_refused(client_as, inspector, partner, establishment):
    checklist = small_checklist()
    items = list(checklist.items.all())
    data = {
        **entry_data(establishment, [inspector, partner]),
        "checklist": checklist.pk,
        f"score_{items[0].pk}": "5",  # max 4
        f"score_{items[1].pk}": "-1",
    }
    response = client_as(inspector).post(reverse("inspections:inspection_add"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "得分应在 0 到 4 之间" in page and "得分应在 0 到 6 之间" in page
    assert not Inspection.objects.exists()


def test_missing_scores_are_named_on_the_sheet(client_as, inspector, partner, establishment):
    checklist = small_checklist()
    first = checklist.items.first()
    data = {
        **entry_data(establishment, [inspector, partner]),
        "checklist": checklist.pk,
        f"score_{first.pk}": "4",
    }
    response = client_as(inspector).post(reverse("inspections:inspection_add"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "评分表还有 1 项未评定" in page and "此项尚未评定" in page
    assert not Inspection.objects.exists()


def test_real_checklist_template_renders_grouped(client_as, inspector, establishment):
    template = ChecklistTemplate.objects.current().get(code="public-place-routine")
    response = client_as(inspector).get(
        reverse("inspections:inspection_add"),
        {"establishment": establishment.pk},
    )
    assert response.status_code == 200
    response = client_as(inspector).post(
        reverse("inspections:inspection_add"),
        {"establishment": establishment.pk, "checklist": template.pk, "_reload": "1"},
    )
    page = response.content.decode()
    assert "证照管理" in page and "卫生管理" in page
    assert len(response.context["form"].score_rows) == template.items.count()


# ---------------------------------------------------------------- detail, photos, samples


def test_detail_renders_for_every_role(client_as, persona, inspection):
    for role in ("inspector", "clerk", "manager", "administrator"):
        response = client_as(persona(role)).get(inspection.get_absolute_url())
        assert response.status_code == 200
        assert inspection.establishment.name in response.content.decode()


def test_photo_that_is_not_an_image_is_refused(client_as, inspector, inspection):
    upload = SimpleUploadedFile("notes.jpg", b"not an image at all", content_type="image/jpeg")
    response = client_as(inspector).post(
        reverse("inspections:photo_add", args=[inspection.pk]), {"image": upload}
    )
    assert response.status_code == 400
    assert NOT_A_PHOTO in response.content.decode()
    assert not InspectionPhoto.objects.exists()


def test_a_decompression_bomb_is_refused_clearly(client_as, inspector, inspection, monkeypatch):
    """A small file that would unpack into a huge picture (here: past a lowered limit)."""
    from PIL import Image

    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 10)
    upload = SimpleUploadedFile("big.png", png_bytes(), content_type="image/png")
    response = client_as(inspector).post(
        reverse("inspections:photo_add", args=[inspection.pk]), {"image": upload}
    )
    assert response.status_code == 400
    assert "图片像素过多" in response.content.decode()
    assert not InspectionPhoto.objects.exists()


def test_photo_is_served_only_through_the_permission_check(
    client_as, inspector, outsider, inspection
):
    client = client_as(inspector)
    upload = SimpleUploadedFile("p.png", png_bytes(), content_type="image/png")
    response = client.post(
        reverse("inspections:photo_add", args=[inspection.pk]),
        {"image": upload, "caption": "消毒间"},
        follow=True,
    )
    photo = InspectionPhoto.objects.get()
    page = response.content.decode()
    assert reverse("inspections:photo_thumbnail", args=[photo.pk]) in page
    assert "/media/" not in page
    image = client.get(reverse("inspections:photo_image", args=[photo.pk]))
    assert image.status_code == 200 and b"".join(image.streaming_content) == png_bytes()
    thumb = client.get(reverse("inspections:photo_thumbnail", args=[photo.pk]))
    assert b"".join(thumb.streaming_content)[:3] == b"\xff\xd8\xff"  # JPEG
    client.force_login(outsider)
    assert client.get(reverse("inspections:photo_image", args=[photo.pk])).status_code == 403


@pytest.fixture
def pool_inspection(inspector, partner):
    return record(establishment=pool_unit(), team=[inspector, partner])


def test_pool_water_with_low_free_chlorine_fails_and_proposes_an_item(
    client_as, inspector, pool_inspection
):
    inspection = pool_inspection
    chlorine = StandardLimit.objects.get(sample_type="游泳池水", parameter="游离性余氯")
    ph = StandardLimit.objects.get(sample_type="游泳池水", parameter="pH")
    client = client_as(inspector)
    url = reverse("inspections:sample_add", args=[inspection.pk])
    form_page = client.get(url, {"sample_type": "游泳池水"})
    assert "游离性余氯" in form_page.content.decode()
    response = client.post(
        url,
        {
            "sample_type": "游泳池水",
            "location": "深水区",
            "taken_at": timezone.localtime(when()).strftime("%Y-%m-%dT%H:%M"),
            f"limit_{chlorine.pk}": "0.1",
            f"limit_{ph.pk}": "7.2",
        },
        follow=True,
    )
    sample = Sample.objects.get()
    assert sample.verdict == "fail"
    page = response.content.decode()
    assert "不合格" in page and "建议整改项目" in page
    assert "游离性余氯为 0.1 mg/L" in page
    # The opinion form is prefilled with that item.
    issue_page = client.get(reverse("inspections:opinion_issue", args=[inspection.pk]))
    assert "游离性余氯为 0.1 mg/L" in issue_page.content.decode()


def test_sample_without_values_is_refused(client_as, inspector, pool_inspection):
    inspection = pool_inspection
    response = client_as(inspector).post(
        reverse("inspections:sample_add", args=[inspection.pk]),
        {"sample_type": "游泳池水", "taken_at": when().strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 400
    assert "请至少填写一项检测结果" in response.content.decode()


# ---------------------------------------------------------------- opinions


def _issue_by_page(client, inspection):
    return client.post(
        reverse("inspections:opinion_issue", args=[inspection.pk]),
        {
            "deadline": (timezone.localdate() + datetime.timedelta(days=10)).isoformat(),
            "items-TOTAL_FORMS": "2",
            "items-INITIAL_FORMS": "0",
            "items-0-problem": "未设消毒间",
            "items-0-requirement": "设置专用消毒间",
            "items-1-problem": "",
            "items-1-requirement": "",
        },
    )


def test_issuing_opinions_numbers_them_in_order(client_as, inspector, partner):
    client = client_as(inspector)
    year = timezone.localdate().year
    first = record(team=[inspector, partner])
    second = record(team=[inspector, partner])
    response = _issue_by_page(client, first)
    opinion = SupervisionOpinion.objects.get(inspection=first)
    assert response.status_code == 302 and response["Location"] == opinion.get_absolute_url()
    assert opinion.number == f"卫监意〔{year}〕0001号"
    _issue_by_page(client, second)
    assert SupervisionOpinion.objects.get(inspection=second).number == f"卫监意〔{year}〕0002号"
    first.refresh_from_db()
    assert first.result == InspectionResult.OPINION


def test_opinion_without_items_is_refused(client_as, inspector, inspection):
    response = client_as(inspector).post(
        reverse("inspections:opinion_issue", args=[inspection.pk]),
        {
            "deadline": (timezone.localdate() + datetime.timedelta(days=10)).isoformat(),
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "0",
            "items-0-problem": "",
            "items-0-requirement": "",
        },
    )
    assert response.status_code == 400
    assert "意见书至少要有一项发现的问题和整改要求。" in response.content.decode()
    assert not SupervisionOpinion.objects.exists()


def test_opinion_pdf_has_number_unit_office_and_embedded_cjk_font(
    client_as, clerk, inspection, tmp_path, settings
):
    opinion = issue(inspection)
    response = client_as(clerk).get(reverse("inspections:opinion_pdf", args=[opinion.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "卫生监督意见书" in text
    assert opinion.number in text
    assert inspection.establishment.name in text
    assert settings.OFFICE_NAME in text
    assert_cjk_font_embedded(response.content)


def test_amendment_is_recorded_and_shown(client_as, inspector, inspection):
    opinion = issue(inspection)
    new_deadline = opinion.deadline + datetime.timedelta(days=20)
    client = client_as(inspector)
    response = client.post(
        reverse("inspections:opinion_amend", args=[opinion.pk]),
        {
            "_record_version": "0",  # the opinion as never amended
            "reason": "单位申请延期，经批准",
            "deadline": new_deadline.isoformat(),
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "1",
            "items-0-problem": "无消毒间",
            "items-0-requirement": "设置消毒间并配备消毒设施",
        },
        follow=True,
    )
    amendment = OpinionAmendment.objects.get()
    assert set(amendment.changes) == {"deadline", "items"}
    page = response.content.decode()
    assert "单位申请延期，经批准" in page
    assert opinion.deadline.isoformat() in page and new_deadline.isoformat() in page
    assert "设置消毒间并配备消毒设施" in page
    opinion.refresh_from_db()
    assert opinion.deadline == new_deadline


def test_amendment_without_change_is_refused(client_as, inspector, inspection):
    opinion = issue(inspection)
    response = client_as(inspector).post(
        reverse("inspections:opinion_amend", args=[opinion.pk]),
        {
            "_record_version": "0",
            "reason": "核对",
            "deadline": opinion.deadline.isoformat(),
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "1",
            "items-0-problem": "无消毒间",
            "items-0-requirement": "设置消毒间",
        },
    )
    assert response.status_code == 400
    assert "没有需要更正的内容。" in response.content.decode()


def test_second_amendment_based_on_the_old_opinion_is_refused(
    client_as, inspector, partner, inspection
):
    """Two inspectors open the same opinion; the first saves a correction; the second's,
    made on the opinion as it was, is refused and nothing of it saved."""
    opinion = issue(inspection)
    url = reverse("inspections:opinion_detail", args=[opinion.pk])
    amend_url = reverse("inspections:opinion_amend", args=[opinion.pk])
    first, second = client_as(inspector), Client()
    second.force_login(partner)

    def version(client):
        page = client.get(url).content.decode()
        return re.search(r'name="_record_version" value="([^"]+)"', page).group(1)

    def amend(client, seen, requirement):
        return client.post(
            amend_url,
            {
                "_record_version": seen,
                "reason": "更正整改要求",
                "deadline": opinion.deadline.isoformat(),
                "items-TOTAL_FORMS": "1",
                "items-INITIAL_FORMS": "1",
                "items-0-problem": "无消毒间",
                "items-0-requirement": requirement,
            },
        )

    seen_first, seen_second = version(first), version(second)
    assert amend(first, seen_first, "三日内设置消毒间").status_code == 302
    response = amend(second, seen_second, "十日内设置消毒间")
    assert response.status_code == 409
    page = response.content.decode()
    assert "已被" in page and inspector.first_name in page and "您的更正未保存" in page
    assert OpinionAmendment.objects.count() == 1
    assert list(opinion.items.values_list("requirement", flat=True)) == ["三日内设置消毒间"]
    assert amend(second, "", "十日内设置消毒间").status_code == 409  # no version: refused


def test_follow_up_rectified_closes_the_opinion_and_it_leaves_the_overdue_list(
    client_as, inspector, partner, inspection
):
    opinion = issue(inspection, days_ago=30, deadline_in=10)  # deadline 20 days ago
    client = client_as(inspector)
    overdue = client.get(reverse("inspections:opinion_overdue"))
    assert [o.pk for o, _ in overdue.context["rows"]] == [opinion.pk]
    form = client.get(reverse("inspections:inspection_add"), {"opinion": opinion.pk})
    assert form.context["form"].initial["kind"] == InspectionKind.FOLLOW_UP
    data = entry_data(
        inspection.establishment,
        [inspector, partner],
        kind=InspectionKind.FOLLOW_UP,
        follows_opinion=opinion.pk,
        rectified="1",
        opinion=opinion.pk,
        inspected_at=timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
    )
    response = client.post(reverse("inspections:inspection_add"), data)
    assert response.status_code == 302, response.content.decode()
    opinion.refresh_from_db()
    assert opinion.status == OpinionStatus.CLOSED
    assert opinion.closed_by.kind == InspectionKind.FOLLOW_UP
    overdue = client.get(reverse("inspections:opinion_overdue"))
    assert overdue.context["page"].paginator.count == 0
    detail = client.get(opinion.get_absolute_url()).content.decode()
    assert "已整改" in detail


# ---------------------------------------------------------------- home


def test_inspector_home_lists_draw_task_and_overdue_follow_up(
    client_as, inspector, partner, manager, inspection
):
    opinion = issue(inspection, days_ago=30, deadline_in=10)
    # A township of its own: the draw's only candidate (factory sequences alone may give
    # the inspected unit the same township when the test runs alone).
    own = TownshipFactory(code="360922990", name="抽查镇")
    target = EstablishmentFactory(name="抽中的宾馆", township=own)
    draw = services.draw_make(
        user=manager, name="2025年第一批双随机", count=1, townships=[target.township]
    )
    assignment = draw.assignments.get()
    assert {assignment.inspector_a, assignment.inspector_b} == {inspector, partner}
    response = client_as(inspector).get(reverse("home"))
    page = response.content.decode()
    assert "抽中的宾馆" in page and f"?assignment={assignment.pk}" in page
    assert opinion.number in page and f"?opinion={opinion.pk}" in page
    assert "营业单位" in page  # the registry tiles stay


def test_done_draw_task_leaves_the_home_page(client_as, inspector, partner, manager):
    target = EstablishmentFactory(name="抽中的宾馆")
    draw = services.draw_make(user=manager, name="批次", count=1, townships=[target.township])
    assignment = draw.assignments.get()
    record(
        establishment=target,
        team=[inspector, partner],
        kind=InspectionKind.RANDOM,
        draw_assignment=assignment,
    )
    page = client_as(inspector).get(reverse("home")).content.decode()
    assert f"?assignment={assignment.pk}" not in page


def test_home_query_count_does_not_grow(client_as, inspector, partner, manager):
    client = client_as(inspector)
    issue(record(team=[inspector, partner]), days_ago=30, deadline_in=10)
    few, _ = count_queries(lambda: client.get(reverse("home")))
    for _ in range(4):
        issue(record(team=[inspector, partner]), days_ago=30, deadline_in=10)
    services.draw_make(user=manager, name="批次", count=3)
    many, response = count_queries(lambda: client.get(reverse("home")))
    assert response.status_code == 200
    assert few == many


def test_manager_home_shows_overdue_count(client_as, manager, inspection):
    issue(inspection, days_ago=30, deadline_in=10)
    response = client_as(manager).get(reverse("home"))
    assert response.context["overdue_count"] == 1
    assert reverse("inspections:opinion_overdue") in response.content.decode()


def test_unit_search_finds_by_name_and_code(client_as, inspector, establishment):
    client = client_as(inspector)
    url = reverse("inspections:unit_search")
    page = client.get(url, {"q": "悦来"}).content.decode()
    assert establishment.name in page and "开始检查" in page
    page = client.get(url, {"q": establishment.credit_code.lower()}).content.decode()
    assert f"?establishment={establishment.pk}" in page


# ---------------------------------------------------------------- draws and campaigns


def test_draw_page_flow(client_as, manager, inspector, partner):
    UserFactory(role="inspector")
    EstablishmentFactory.create_batch(3)
    unit = EstablishmentFactory(name="回避单位")
    client = client_as(manager)
    response = client.post(
        reverse("inspections:draw_add"),
        {
            "name": "2025年第二批",
            "count": "2",
            **exclusion_rows([(inspector.pk, unit.pk)]),
        },
    )
    draw = RandomDraw.objects.get()
    assert response.status_code == 302 and draw.method == 2
    assert draw.exclusions == [[inspector.pk, unit.pk]]
    verified = client.post(reverse("inspections:draw_verify", args=[draw.pk]), follow=True)
    assert "验证结果：一致" in verified.content.decode()
    export = client.get(reverse("inspections:draw_export", args=[draw.pk]))
    rows = list(load_workbook(io.BytesIO(export.content)).worksheets[0].iter_rows(values_only=True))
    assert rows[0][:3] == ("序号", "单位编号", "单位名称") and len(rows) == 3
    assert rows[1][-1] == "未检查"


def exclusion_rows(pairs, extra=1):
    """The 回避 rows of the draw form as posted: (officer id, unit id) pairs, then blanks."""
    data = {"exclusions-TOTAL_FORMS": str(len(pairs) + extra), "exclusions-INITIAL_FORMS": "0"}
    for i, (officer, unit) in enumerate(pairs):
        data[f"exclusions-{i}-officer"] = str(officer)
        data[f"exclusions-{i}-establishment"] = str(unit)
    return data


def test_draw_with_half_an_exclusion_row_is_refused(client_as, manager, inspector, partner):
    EstablishmentFactory()
    data = {"name": "x", "count": "1", **exclusion_rows([])}
    data["exclusions-0-officer"] = str(inspector.pk)
    response = client_as(manager).post(reverse("inspections:draw_add"), data)
    assert response.status_code == 400
    assert "回避须同时选择监督员和单位" in response.content.decode()
    assert not RandomDraw.objects.exists()


def test_campaign_create_and_detail_progress(client_as, manager, inspector, partner, township):
    client = client_as(manager)
    today = timezone.localdate()
    response = client.post(
        reverse("inspections:campaign_add"),
        {
            "name": "理发店专项整治",
            "start_date": (today - datetime.timedelta(days=10)).isoformat(),
            "end_date": (today + datetime.timedelta(days=10)).isoformat(),
            "townships": [township.pk],
        },
    )
    assert response.status_code == 302
    campaign = Campaign.objects.get()
    done = EstablishmentFactory(township=township)
    EstablishmentFactory(township=township)
    record(
        establishment=done,
        team=[inspector, partner],
        kind=InspectionKind.CAMPAIGN,
        campaign=campaign,
        result=InspectionResult.REFERRED,
    )
    response = client.get(campaign.get_absolute_url())
    assert response.context["target_count"] == 2 and response.context["inspected"] == 1
    assert done.name in response.content.decode()


def test_campaign_end_before_start_is_refused(client_as, manager):
    response = client_as(manager).post(
        reverse("inspections:campaign_add"),
        {"name": "x", "start_date": "2025-05-10", "end_date": "2025-05-01"},
    )
    assert response.status_code == 400
    assert "结束日期不能早于开始日期。" in response.content.decode()


# ---------------------------------------------------------------- lists


class TestInspectionList(ListPageTests):
    url_name = "inspections:inspection_list"
    view_class = InspectionListView
    export_headers = ("检查时间", "被检查单位", "检查类型", "监督员", "处理结果")

    def make_object(self, **kwargs):
        inspection = record(**kwargs)
        inspection.name = inspection.establishment.name
        return inspection

    def test_filters(self, client_as, manager, inspector, partner):
        mine = record(team=[inspector, partner], kind=InspectionKind.COMPLAINT)
        record()
        client = client_as(manager)
        url = reverse(self.url_name)
        rows = client.get(url, {"inspector": inspector.pk}).context["rows"]
        assert [o.pk for o, _ in rows] == [mine.pk]
        rows = client.get(url, {"kind": "complaint"}).context["rows"]
        assert [o.pk for o, _ in rows] == [mine.pk]
        today = timezone.localdate().isoformat()
        assert client.get(url, {"date_from": today}).context["page"].paginator.count == 0


class TestOpinionList(ListPageTests):
    url_name = "inspections:opinion_list"
    view_class = OpinionListView
    export_headers = ("文号", "单位", "签发时间", "整改期限", "状态", "逾期")

    def make_object(self, **kwargs):
        return issue(record(**kwargs))

    def test_overdue_filter(self, client_as, manager):
        late = issue(record(), days_ago=30, deadline_in=5)
        issue(record())
        rows = client_as(manager).get(reverse(self.url_name), {"overdue": "true"}).context["rows"]
        assert [o.pk for o, _ in rows] == [late.pk]
        assert dict((c.key, v) for c, v in rows[0][1])["overdue"] == "逾期"


class TestCampaignList(ListPageTests):
    url_name = "inspections:campaign_list"
    view_class = CampaignListView
    export_headers = ("名称", "开始日期", "结束日期", "检查户次")

    def make_object(self, **kwargs):
        return services.campaign_save(
            user=UserFactory(),
            name=f"专项{Inspection.objects.count()}{timezone.now():%f}",
            start_date=datetime.date(2025, 1, 1),
            end_date=datetime.date(2025, 12, 31),
        )


class TestDrawList(ListPageTests):
    url_name = "inspections:draw_list"
    view_class = DrawListView
    export_headers = ("名称", "抽取时间", "抽取户数", "随机种子")

    def make_object(self, **kwargs):
        if not hasattr(self, "_team"):
            self._team = [UserFactory(role="inspector") for _ in range(2)]
            EstablishmentFactory()
        return services.draw_make(user=self._team[0], name=f"批次{timezone.now():%f}", count=1)
