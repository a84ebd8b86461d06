import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from core.models import DocumentSeries
from inspections import services
from inspections.models import (
    Campaign,
    ChecklistTemplate,
    DrawAssignment,
    Inspection,
    InspectionPhoto,
    OpinionAmendment,
    RandomDraw,
    Sample,
    StandardLimit,
    SupervisionOpinion,
)
from tests.api_writes import service_writes
from tests.factories import EstablishmentFactory, TownshipFactory, UserFactory
from tests.generic import APIEndpointTests
from tests.inspections.factories import (
    inspectors,
    pool_limit,
    pool_unit,
    record,
    small_checklist,
    when,
)


@pytest.fixture(autouse=True)
def opinion_series(db):
    DocumentSeries.objects.get_or_create(
        code="opinion",
        defaults={"name": "卫生监督意见书", "pattern": "卫监意〔{year}〕{number:04d}号"},
    )


def post(client, url, payload):
    return client.post(url, payload, content_type="application/json")


def iso(moment):
    return timezone.localtime(moment).isoformat()


def issue(inspection, days_ago=0, deadline_in=15):
    issued_at = timezone.now() - datetime.timedelta(days=days_ago)
    return services.opinion_issue(
        inspection=inspection,
        items=[("未设消毒间", "设置专用消毒间")],
        deadline=timezone.localdate(issued_at) + datetime.timedelta(days=deadline_in),
        user=inspection.recorded_by,
        issued_at=issued_at,
    )


def pool_sample(value="0.5"):
    limit = pool_limit("游离性余氯", minimum="0.3", maximum="1.0")
    inspection = record(establishment=pool_unit())
    return services.sample_record(
        inspection=inspection,
        sample_type="游泳池水",
        taken_at=inspection.inspected_at,
        results=[(limit, value, None)],
        user=inspection.recorded_by,
    )


# --- Generic endpoint tests --------------------------------------------------------------


class TestInspectionAPI(APIEndpointTests):
    basename = "inspection"
    model = Inspection
    writer = "inspector"
    reader_without_write = "clerk"
    invalid_payloads = [
        ({"inspectors": []}, "inspectors"),
        ({"inspectors": [999999, 999998]}, "inspectors"),
        ({"date": "2099-01-01T10:00:00+08:00"}, "date"),
        ({"date": "yesterday"}, "date"),
        ({"kind": "visit"}, "kind"),
        ({"kind": "campaign"}, "campaign"),
        ({"person_present": ""}, "person_present"),
        ({"establishment": 999999}, "establishment"),
        ({"result": "fined"}, "result"),
        ({"domain": "nosuch"}, "domain"),
        ({"domain": "radiation"}, "domain"),  # a barber's shop is no 放射诊疗 unit
        ({"scores": [{"item": 1, "score": "2"}]}, "scores"),  # scores without a checklist
    ]

    def make_object(self):
        return record()

    def create_payload(self):
        return {
            "establishment": EstablishmentFactory().pk,
            "date": iso(when(days_ago=2)),
            "inspectors": [u.pk for u in inspectors(2)],
            "kind": "routine",
            "person_present": "店长王某",
            "findings": "持证经营，环境整洁。",
        }

    def make_filter_data(self):
        self.unit = EstablishmentFactory(name="甲镇游泳馆")
        record(establishment=self.unit, kind="complaint")
        record(establishment=self.unit)
        record(inspected_at=when(days_ago=400))

    @property
    def filter_cases(self):
        unit = getattr(self, "unit", None)  # read once before make_filter_data
        return [
            ({"establishment": unit.pk if unit else 0}, 2),
            ({"kind": "complaint"}, 1),
            ({"q": "甲镇"}, 2),
            ({"result": "opinion"}, 0),
            ({"year": when().year}, 2),
            ({"date_to": (timezone.localdate() - datetime.timedelta(days=300)).isoformat()}, 1),
        ]


class TestChecklistAPI(APIEndpointTests):
    basename = "checklist"
    paginated = False

    def make_object(self):
        return small_checklist(code=f"sheet-{ChecklistTemplate.objects.count()}")

    def make_filter_data(self):
        template = small_checklist(code="revised-sheet")
        services.checklist_revise(template=template, user=UserFactory())

    @property
    def filter_cases(self):
        return [
            ({"current": "true"}, ChecklistTemplate.objects.filter(is_current=True).count()),
            ({"current": "false"}, ChecklistTemplate.objects.filter(is_current=False).count()),
            ({"code": "revised-sheet"}, 2),
        ]

    def test_items_and_total(self, client_as, inspector):
        template = small_checklist(code="items-sheet")
        data = client_as(inspector).get(reverse("checklist-detail", args=[template.pk])).json()
        assert [i["content"] for i in data["items"]] == ["项目1", "项目2"]
        assert float(data["total_points"]) == 10


class TestStandardAPI(APIEndpointTests):
    basename = "standard"
    paginated = False

    def make_object(self):
        n = StandardLimit.objects.count()
        return StandardLimit.objects.create(
            sample_type="测试水", standard="GB 0-0000", parameter=f"指标{n}", maximum=1
        )

    def make_filter_data(self):
        pool_limit("游离性余氯", minimum="0.3", maximum="1.0")

    @property
    def filter_cases(self):
        return [
            (
                {"sample_type": "游泳池水"},
                StandardLimit.objects.filter(sample_type="游泳池水").count(),
            ),
            ({"sample_type": "不存在的水"}, 0),
        ]

    def test_limit_text(self, client_as, inspector):
        limit = pool_limit("游离性余氯", minimum="0.3", maximum="1.0")
        data = client_as(inspector).get(reverse("standard-detail", args=[limit.pk])).json()
        assert data["limit_text"].startswith("0.3–1") and data["limit_text"].endswith("mg/L")


class TestSampleAPI(APIEndpointTests):
    basename = "sample"
    model = Sample
    writer = "inspector"
    reader_without_write = "clerk"

    def make_object(self):
        return pool_sample()

    def create_payload(self):
        limit = pool_limit("游离性余氯", minimum="0.3", maximum="1.0")
        inspection = record(establishment=pool_unit())
        return {
            "inspection": inspection.pk,
            "sample_type": "游泳池水",
            "location": "深水区",
            "taken_at": iso(inspection.inspected_at),
            "results": [{"limit": limit.pk, "value": "0.5"}],
        }

    @property
    def invalid_payloads(self):
        limit = pool_limit("游离性余氯", minimum="0.3", maximum="1.0")
        return [
            ({"results": []}, "results"),
            ({"results": [{"limit": 999999, "value": "1"}]}, "results"),
            ({"results": [{"limit": limit.pk}]}, "results"),  # no value
            ({"sample_type": "生活饮用水"}, "results"),  # limit of another sample type
            ({"sample_type": ""}, "sample_type"),
            ({"inspection": 999999}, "inspection"),
            ({"taken_at": ""}, "taken_at"),
        ]

    def make_filter_data(self):
        pool_sample("0.1")
        pool_sample("0.5")

    filter_cases = [({"verdict": "fail"}, 1), ({"verdict": "pass"}, 1), ({"sample_type": "x"}, 0)]

    def test_failing_pool_sample(self, client_as, inspector):
        payload = {**self.create_payload(), "results": []}
        limit = pool_limit("游离性余氯", minimum="0.3", maximum="1.0")
        ph = pool_limit("pH", minimum="7.0", maximum="7.8", unit="")
        payload["results"] = [
            {"limit": limit.pk, "value": "0.1"},
            {"limit": ph.pk, "value": "7.2"},
        ]
        response = post(client_as(inspector), self.list_url(), payload)
        assert response.status_code == 201, response.content
        data = response.json()
        assert data["verdict"] == "fail"
        verdicts = {r["parameter"]: r["verdict"] for r in data["results"]}
        assert verdicts == {"游离性余氯": "fail", "pH": "pass"}


class TestOpinionAPI(APIEndpointTests):
    basename = "opinion"

    def make_object(self):
        return issue(record())

    def make_filter_data(self):
        issue(record(inspected_at=when(days_ago=30)), days_ago=30, deadline_in=10)  # overdue
        issue(record())

    @property
    def filter_cases(self):
        year = timezone.localdate().year
        return [
            ({"overdue": "true"}, 1),
            ({"overdue": "false"}, 1),
            ({"status": "issued"}, 2),
            ({"status": "closed"}, 0),
            ({"year": year}, SupervisionOpinion.objects.filter(year=year).count()),
            ({"year": year - 5}, 0),
        ]


class TestCampaignAPI(APIEndpointTests):
    basename = "campaign"
    model = Campaign
    writer = "manager"

    def make_object(self):
        return services.campaign_save(
            user=UserFactory(),
            name=f"专项整治{Campaign.objects.count()}",
            start_date=datetime.date(2025, 5, 1),
            end_date=datetime.date(2025, 9, 30),
            townships=[TownshipFactory()],
        )

    def create_payload(self):
        return {
            "name": "游泳场所卫生专项整治",
            "start_date": "2025-05-01",
            "end_date": "2025-09-30",
            "townships": [TownshipFactory().pk],
            "description": "重点检查水质与消毒。",
        }

    invalid_payloads = [
        ({"name": ""}, "name"),
        ({"end_date": "2025-04-01"}, "non_field_errors"),
        ({"start_date": "2025-02-30"}, "start_date"),
        ({"townships": [999999]}, "townships"),
    ]

    def test_progress(self, client_as, manager):
        town = TownshipFactory()
        units = [EstablishmentFactory(township=town) for _ in range(3)]
        campaign = services.campaign_save(
            user=manager,
            name="理发店专项",
            start_date=timezone.localdate() - datetime.timedelta(days=10),
            end_date=timezone.localdate() + datetime.timedelta(days=10),
            townships=[town],
        )
        record(establishment=units[0], kind="campaign", campaign=campaign)
        data = client_as(manager).get(reverse("campaign-detail", args=[campaign.pk])).json()
        assert data["progress"] == {"targets": 3, "inspected": 1}


class TestDrawAPI(APIEndpointTests):
    basename = "draw"
    model = RandomDraw
    writer = "manager"

    def make_object(self):
        inspectors(2)
        EstablishmentFactory()
        return services.draw_make(user=UserFactory(), name="抽查", count=1)

    def create_payload(self):
        inspectors(3)
        EstablishmentFactory()
        EstablishmentFactory()
        return {"name": "2025年公共场所双随机抽查", "count": 2}

    invalid_payloads = [
        ({"count": None}, "count"),  # neither a count nor a share
        ({"count": 0}, "count"),
        ({"count": 100000}, "count"),
        ({"count": None, "share": 1.5}, "share"),
        ({"townships": [999999]}, "townships"),
        ({"exclusions": [[1, 2, 3]]}, "exclusions"),
    ]

    def test_draw_then_verify(self, client_as, manager, inspector):
        response = post(client_as(manager), self.list_url(), self.create_payload())
        assert response.status_code == 201, response.content
        data = response.json()
        assert len(data["assignments"]) == 2 and data["method"] == 2
        verify = client_as(inspector).get(reverse("draw-verify", args=[data["id"]]))
        assert verify.status_code == 200 and verify.json() == {"consistent": True, "problems": []}

    def test_verify_detects_a_tampered_draw(self, client_as, inspector):
        draw = self.make_object()
        a = draw.assignments.get()
        DrawAssignment.objects.filter(pk=a.pk).update(
            inspector_a=a.inspector_b, inspector_b=a.inspector_a
        )
        response = client_as(inspector).get(reverse("draw-verify", args=[draw.pk]))
        assert response.status_code == 200 and response.json()["consistent"] is False

    def test_exclusions_are_kept(self, client_as, manager):
        team = inspectors(3)
        unit = EstablishmentFactory()
        payload = {"name": "回避", "count": 1, "exclusions": [[team[0].pk, unit.pk]]}
        payload["categories"] = [unit.category_id]
        payload["townships"] = [unit.township_id]
        response = post(client_as(manager), self.list_url(), payload)
        assert response.status_code == 201, response.content
        row = response.json()["assignments"][0]
        assert row["establishment"] == unit.pk
        assert team[0].pk not in (row["inspector_a"], row["inspector_b"])

    def test_inspector_cannot_draw_manager_can(self, client_as, persona):
        payload = self.create_payload()
        refused = post(client_as(persona("inspector")), self.list_url(), payload)
        assert refused.status_code == 403
        assert not RandomDraw.objects.exists()
        assert post(client_as(persona("manager")), self.list_url(), payload).status_code == 201


# --- Inspections: rules and nested actions ------------------------------------------------


def inspection_payload(**changes):
    return {
        "establishment": EstablishmentFactory().pk,
        "date": iso(when(days_ago=1)),
        "inspectors": [u.pk for u in inspectors(2)],
        "kind": "routine",
        "person_present": "店长王某",
        **changes,
    }


def test_one_inspector_is_refused_and_nothing_written(client_as, inspector):
    payload = inspection_payload(inspectors=[inspectors(1)[0].pk])
    response = post(client_as(inspector), reverse("inspection-list"), payload)
    assert response.status_code == 400 and "inspectors" in response.json()
    assert not Inspection.objects.exists()
    assert not Inspection.history.exists()


def test_future_date_is_refused(client_as, inspector):
    future = timezone.now() + datetime.timedelta(hours=2)
    response = post(
        client_as(inspector), reverse("inspection-list"), inspection_payload(date=iso(future))
    )
    assert response.status_code == 400 and "date" in response.json()
    assert not Inspection.objects.exists()


def test_past_inspection_with_scores_and_summary(client_as, inspector):
    template = small_checklist(pass_mark="6", factor="15")
    first, second = template.items.all()
    payload = inspection_payload(
        date=iso(when(days_ago=90)),
        checklist=template.pk,
        scores=[
            {"item": first.pk, "score": "4"},
            {"item": second.pk, "score": "3.5", "note": "消毒记录不全"},
        ],
    )
    response = post(client_as(inspector), reverse("inspection-list"), payload)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["result"] == "compliant" and data["opinion_number"] is None
    assert [s["score"] for s in data["scores"]] == ["4.00", "3.50"]
    assert data["scores"][1]["note"] == "消毒记录不全"
    summary = data["score_summary"]
    assert summary["total"] == "7.50" and summary["full"] == "10.00"
    assert summary["passed"] is True and summary["converted"] == "11.25"
    inspection = Inspection.objects.get(pk=data["id"])
    assert inspection.recorded_by == inspector
    detail = client_as(inspector).get(reverse("inspection-detail", args=[inspection.pk])).json()
    assert detail["score_summary"] == summary


def test_score_above_the_item_maximum_is_refused(client_as, inspector):
    template = small_checklist()
    first, second = template.items.all()
    payload = inspection_payload(
        checklist=template.pk,
        scores=[{"item": first.pk, "score": "5"}, {"item": second.pk, "score": "6"}],
    )
    response = post(client_as(inspector), reverse("inspection-list"), payload)
    assert response.status_code == 400 and "scores" in response.json()
    assert not Inspection.objects.exists()


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "PNG")
    return buffer.getvalue()


def test_photo_upload(client_as, inspector, clerk, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    inspection = record()
    url = reverse("inspection-photos", args=[inspection.pk])
    image = SimpleUploadedFile("p.png", png_bytes(), content_type="image/png")
    assert client_as(clerk).post(url, {"image": image}).status_code == 403
    image = SimpleUploadedFile("p.png", png_bytes(), content_type="image/png")
    response = client_as(inspector).post(url, {"image": image, "caption": "消毒间"})
    assert response.status_code == 201, response.content
    assert response.json()["caption"] == "消毒间"
    text = SimpleUploadedFile("p.png", b"not an image", content_type="image/png")
    refused = client_as(inspector).post(url, {"image": text})
    assert refused.status_code == 400 and "image" in refused.json()
    assert InspectionPhoto.objects.count() == 1
    detail = client_as(inspector).get(reverse("inspection-detail", args=[inspection.pk])).json()
    assert [p["caption"] for p in detail["photos"]] == ["消毒间"]
    image = client_as(clerk).get(detail["photos"][0]["url"])
    assert image.status_code == 200 and image["Content-Type"].startswith("image/")


# --- Opinions ------------------------------------------------------------------------------


def opinion_payload(**changes):
    return {
        "items": [{"problem": "未设消毒间", "requirement": "设置专用消毒间"}],
        "deadline": (timezone.localdate() + datetime.timedelta(days=15)).isoformat(),
        **changes,
    }


def test_two_opinions_in_a_year_get_consecutive_numbers(client_as, inspector, clerk):
    client = client_as(inspector)
    year = timezone.localdate().year
    numbers = []
    for inspection in (record(), record()):
        url = reverse("inspection-opinion", args=[inspection.pk])
        response = post(client, url, opinion_payload())
        assert response.status_code == 201, response.content
        numbers.append((response.json()["sequence"], response.json()["number"]))
    assert numbers == [(1, f"卫监意〔{year}〕0001号"), (2, f"卫监意〔{year}〕0002号")]
    inspection = Inspection.objects.get(pk=SupervisionOpinion.objects.get(sequence=1).inspection_id)
    assert inspection.result == "opinion"
    detail = client.get(reverse("inspection-detail", args=[inspection.pk])).json()
    assert detail["opinion_number"] == numbers[0][1]
    again = post(client, reverse("inspection-opinion", args=[inspection.pk]), opinion_payload())
    assert again.status_code == 400 and "inspection" in again.json()
    other = record()
    refused = post(
        client_as(clerk), reverse("inspection-opinion", args=[other.pk]), opinion_payload()
    )
    assert refused.status_code == 403


def test_opinion_input_errors_are_named(client_as, inspector):
    url = reverse("inspection-opinion", args=[record().pk])
    client = client_as(inspector)
    assert "items" in post(client, url, opinion_payload(items=[])).json()
    past = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    assert "deadline" in post(client, url, opinion_payload(deadline=past)).json()
    assert not SupervisionOpinion.objects.exists()


def test_amend_records_the_change(client_as, inspector, manager):
    opinion = issue(record())
    url = reverse("opinion-amend", args=[opinion.pk])
    new_deadline = opinion.deadline + datetime.timedelta(days=30)
    payload = {"reason": "单位申请延期", "deadline": new_deadline.isoformat()}
    assert post(client_as(manager), url, payload).status_code == 403
    response = post(client_as(inspector), url, payload)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["deadline"] == new_deadline.isoformat() and data["number"] == opinion.number
    [amendment] = data["amendments"]
    assert amendment["reason"] == "单位申请延期"
    assert amendment["changes"]["deadline"] == {
        "before": opinion.deadline.isoformat(),
        "after": new_deadline.isoformat(),
    }
    assert OpinionAmendment.objects.get().amended_by == inspector
    nothing = post(client_as(inspector), url, {"reason": "再改", "deadline": data["deadline"]})
    assert nothing.status_code == 400 and "reason" in nothing.json()
    items = post(
        client_as(inspector),
        url,
        {"reason": "措辞", "items": [{"problem": "无消毒间", "requirement": "设消毒间"}]},
    )
    assert items.status_code == 200
    assert items.json()["items"] == [{"problem": "无消毒间", "requirement": "设消毒间"}]


def test_amend_with_an_old_version_is_refused(client_as, inspector):
    opinion = issue(record())
    url = reverse("opinion-amend", args=[opinion.pk])
    client = client_as(inspector)
    seen = client.get(reverse("opinion-detail", args=[opinion.pk])).json()["version"]
    assert seen == "0"
    later = opinion.deadline + datetime.timedelta(days=30)
    first = post(client, url, {"reason": "延期", "deadline": later.isoformat(), "version": seen})
    assert first.status_code == 200 and first.json()["version"] != seen
    stale = post(
        client, url, {"reason": "再延期", "deadline": opinion.deadline.isoformat(), "version": seen}
    )
    assert stale.status_code == 409
    assert "您的更正未保存" in stale.json()["opinion"][0]
    assert OpinionAmendment.objects.count() == 1


@pytest.mark.django_db
def test_openapi_schema_lists_the_endpoints(client_as, manager):
    response = client_as(manager).get(reverse("api_schema"), {"format": "json"})
    paths = response.json()["paths"]
    for path in (
        "/api/v1/inspections/",
        "/api/v1/inspections/{id}/photos/",
        "/api/v1/inspections/{id}/opinion/",
        "/api/v1/checklists/",
        "/api/v1/samples/",
        "/api/v1/standards/",
        "/api/v1/opinions/{id}/amend/",
        "/api/v1/campaigns/",
        "/api/v1/draws/",
        "/api/v1/draws/{id}/verify/",
    ):
        assert path in paths
    assert "date" in response.json()["components"]["schemas"]["Inspection"]["properties"]


def test_every_write_goes_through_the_one_input_base(client_as, inspector, manager):
    """Each write of the inspections API takes its input through core.api (here refused:
    an empty body)."""
    inspection = record()
    opinion = issue(record())
    writes = [
        (inspector, reverse("inspection-list")),
        (inspector, reverse("inspection-opinion", args=[inspection.pk])),
        (inspector, reverse("sample-list")),
        (inspector, reverse("opinion-amend", args=[opinion.pk])),
        (manager, reverse("campaign-list")),
        (manager, reverse("draw-list")),
    ]
    with service_writes() as calls:
        for user, url in writes:
            assert post(client_as(user), url, {}).status_code == 400, url
        photos = reverse("inspection-photos", args=[inspection.pk])
        assert client_as(inspector).post(photos, {}).status_code == 400  # multipart
    assert calls == [
        "inspection_record",
        "opinion_issue",
        "sample_record",
        "opinion_amend",
        "campaign_save",
        "draw_make",
        "photo_add",
    ]
