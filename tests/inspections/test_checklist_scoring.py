"""Checklists on a tablet: 符合 / 不符合 / 不适用 per item, each judged (none by default), items not
applicable (合理缺项) out of the total, the standardised score 得分 ÷ 应得分 × 100, and key
items (※) that fail the sheet whatever the score. One rule (score_summary) for the detail
page and the API."""

import importlib
from decimal import Decimal

import pytest
from django.urls import reverse

from inspections.choices import ChecklistPurpose, InspectionKind, InspectionResult
from inspections.models import ChecklistItem, ChecklistScore, ChecklistTemplate, Inspection
from inspections.services import checklist_scores_check
from tests.factories import UserFactory
from tests.inspections.factories import record, when


@pytest.fixture
def partner(db):
    return UserFactory(username="second_inspector", first_name="王五", role="inspector")


def sheet(points, *, key=(), pass_mark="60", purpose=ChecklistPurpose.INSPECTION, code="t"):
    """A sheet of items worth ``points``; ``key``: the places (0-based) of key items."""
    template = ChecklistTemplate.objects.create(
        code=code, name="测试评分表", pass_mark=Decimal(pass_mark), purpose=purpose
    )
    for order, value in enumerate(points):
        ChecklistItem.objects.create(
            template=template,
            section="卫生管理",
            content=f"项目{order + 1}",
            max_points=Decimal(value),
            order=order,
            is_key=order in key,
        )
    return template


def entry_data(establishment, team, checklist, **scores):
    data = {
        "establishment": establishment.pk,
        "inspected_at": when().strftime("%Y-%m-%dT%H:%M"),
        "inspectors": [u.pk for u in team],
        "kind": InspectionKind.ROUTINE,
        "person_present": "馆长周某",
        "findings": "现场检查",
        "result": InspectionResult.COMPLIANT,
        "checklist": checklist.pk,
    }
    data.update(scores)
    return data


def test_a_5_point_item_not_applicable_and_56_of_95_is_58_9_a_fail(establishment):
    """The defect: the item not applicable was scored at full marks, 56 + 5 = 61, a pass."""
    template = sheet(["5", "45", "50"])
    na, first, second = template.items.all()
    inspection = record(
        establishment=establishment,
        checklist=template,
        scores={na.pk: (None, "无布草"), first.pk: ("30", ""), second.pk: ("26", "记录不全")},
    )
    summary = inspection.score_summary()
    assert summary["total"] == Decimal("56")
    assert summary["full"] == Decimal("95") and summary["sheet_full"] == Decimal("100")
    assert summary["standardised"] == Decimal("58.9")
    assert summary["passed"] is False
    assert summary["not_applicable_items"] == 1
    kept = ChecklistScore.objects.get(inspection=inspection, item=na)
    assert kept.not_applicable is True and kept.score == 0 and kept.note == "无布草"


def test_not_applicable_leaves_the_total_and_a_pass_stays_a_pass(establishment):
    template = sheet(["10", "40", "50"])
    na, first, second = template.items.all()
    inspection = record(
        establishment=establishment,
        checklist=template,
        scores={na.pk: (None, ""), first.pk: ("30", ""), second.pk: ("24", "")},
    )
    summary = inspection.score_summary()
    # 54 of 90: 60.0, exactly the pass mark (60 of the sheet's 100).
    assert summary["full"] == Decimal("90") and summary["standardised"] == Decimal("60.0")
    assert summary["pass_percent"] == Decimal("60.0") and summary["passed"] is True


def test_a_key_item_not_met_fails_the_sheet_whatever_the_score(establishment):
    template = sheet(["10", "90"], key=[0])
    key, other = template.items.all()
    inspection = record(
        establishment=establishment,
        checklist=template,
        scores={key.pk: ("8", "浸脚池余氯不足"), other.pk: ("90", "")},
    )
    summary = inspection.score_summary()
    assert summary["standardised"] == Decimal("98.0")
    assert summary["passed"] is False and summary["key_failed"] == ["项目1"]


def test_a_key_item_not_applicable_does_not_fail_the_sheet(establishment):
    template = sheet(["10", "90"], key=[0])
    key, other = template.items.all()
    inspection = record(
        establishment=establishment,
        checklist=template,
        scores={key.pk: (None, ""), other.pk: ("90", "")},
    )
    summary = inspection.score_summary()
    assert summary["passed"] is True and summary["key_failed"] == []


def test_every_item_not_applicable_is_refused(establishment):
    template = sheet(["10", "90"])
    scores = {item.pk: (None, "") for item in template.items.all()}
    problems = checklist_scores_check(template, scores)
    assert "所有项目都不适用" in " ".join(problems["scores"])


def test_a_case_review_scores_every_item(db):
    template = sheet(["10", "90"], purpose=ChecklistPurpose.CASE_REVIEW, code="review")
    first, second = template.items.all()
    problems = checklist_scores_check(template, {first.pk: (None, ""), second.pk: ("90", "")})
    assert "不能不适用" in " ".join(problems["scores"])


def test_the_form_starts_with_every_item_unanswered(client_as, inspector, establishment):
    """The defect: every verdict started at 符合 with full marks, so an untouched sheet saved
    100/100 and offered an A grade."""
    template = sheet(["5", "45", "50"])
    response = client_as(inspector).post(
        reverse("inspections:inspection_add"),
        {"establishment": establishment.pk, "checklist": template.pk, "_reload": "1"},
    )
    form = response.context["form"]
    for row in form.score_rows:
        assert row.score.value() in (None, "")
        assert row.verdict.value() in (None, "")
    page = response.content.decode()
    assert page.count('value="meets"') == 3 and page.count('value="na"') == 3
    assert "checked" not in page.split('id="load-checklist"')[1].split("保存检查记录")[0]
    assert 'data-verdict="45"' in page and 'data-score="50"' in page
    assert "其余未评项目记为“符合”" in page


def test_an_untouched_sheet_is_refused_and_nothing_is_saved(
    client_as, inspector, partner, establishment
):
    template = sheet(["5", "45", "50"])
    first = template.items.first()
    data = entry_data(establishment, [inspector, partner], template)
    data[f"verdict_{first.pk}"] = "meets"  # one judged, two left
    response = client_as(inspector).post(reverse("inspections:inspection_add"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "评分表还有 2 项未评定" in page
    assert page.count("此项尚未评定：请选择“符合”“不符合”或“不适用”。") == 2
    assert not Inspection.objects.exists()


def test_a_score_typed_without_a_verdict_says_it(client_as, inspector, partner, establishment):
    """Full marks typed is 符合, less is 不符合: the score is the answer."""
    template = sheet(["50", "50"])
    first, second = template.items.all()
    data = entry_data(
        establishment,
        [inspector, partner],
        template,
        **{f"score_{first.pk}": "50", f"score_{second.pk}": "30"},
    )
    client_as(inspector).post(reverse("inspections:inspection_add"), data)
    inspection = Inspection.objects.get()
    assert inspection.score_summary()["total"] == Decimal("80")


def test_verdicts_work_without_scripts(client_as, inspector, partner, establishment):
    """符合 with the score left blank is full marks, 不适用 ignores the score sent."""
    template = sheet(["5", "45", "50"])
    na, first, second = template.items.all()
    data = entry_data(
        establishment,
        [inspector, partner],
        template,
        **{
            f"verdict_{na.pk}": "na",
            f"score_{na.pk}": "5",
            f"verdict_{first.pk}": "meets",
            f"score_{first.pk}": "",
            f"verdict_{second.pk}": "fails",
            f"score_{second.pk}": "11",
            f"note_{second.pk}": "无消毒记录",
        },
    )
    response = client_as(inspector).post(reverse("inspections:inspection_add"), data, follow=True)
    inspection = Inspection.objects.get()
    scores = {s.item_id: s for s in inspection.scores.all()}
    assert scores[na.pk].not_applicable and scores[na.pk].score == 0
    assert scores[first.pk].score == 45 and not scores[first.pk].not_applicable
    assert scores[second.pk].score == 11
    summary = response.context["summary"]
    assert summary["total"] == 56 and summary["standardised"] == Decimal("58.9")
    page = response.content.decode()
    assert "58.9" in page and "不合格" in page and "不适用" in page


def test_fails_without_a_score_asks_for_it(client_as, inspector, partner, establishment):
    template = sheet(["50", "50"])
    first, second = template.items.all()
    data = entry_data(
        establishment,
        [inspector, partner],
        template,
        **{f"verdict_{first.pk}": "fails", f"score_{first.pk}": "", f"score_{second.pk}": "50"},
    )
    response = client_as(inspector).post(reverse("inspections:inspection_add"), data)
    assert response.status_code == 400
    assert "不符合的项目请填写扣分后的得分" in response.content.decode()
    assert not Inspection.objects.exists()


def test_the_api_takes_not_applicable(client_as, inspector, partner, establishment):
    template = sheet(["5", "45", "50"], key=[2])
    na, first, second = template.items.all()
    payload = {
        "establishment": establishment.pk,
        "date": when().isoformat(),
        "inspectors": [inspector.pk, partner.pk],
        "kind": "routine",
        "person_present": "馆长周某",
        "checklist": template.pk,
        "scores": [
            {"item": na.pk, "not_applicable": True, "note": "无布草"},
            {"item": first.pk, "score": "30"},
            {"item": second.pk, "score": "26"},  # old clients send no not_applicable
        ],
    }
    client = client_as(inspector)
    response = client.post(reverse("inspection-list"), payload, content_type="application/json")
    assert response.status_code == 201, response.content
    inspection = Inspection.objects.get()
    detail = client.get(reverse("inspection-detail", args=[inspection.pk])).json()
    rows = {row["item"]: row for row in detail["scores"]}
    assert rows[na.pk]["not_applicable"] is True and rows[first.pk]["not_applicable"] is False
    summary = detail["score_summary"]
    assert summary["total"] == "56.00" and summary["full"] == "95.00"
    assert summary["standardised"] == "58.9" and summary["passed"] is False
    assert summary["key_failed"] == ["项目3"]
    sheet_json = client.get(reverse("checklist-detail", args=[template.pk])).json()
    assert [i["is_key"] for i in sheet_json["items"]] == [False, False, True]


def test_the_api_wants_a_score_or_not_applicable(client_as, inspector, partner, establishment):
    template = sheet(["50", "50"])
    first, second = template.items.all()
    payload = {
        "establishment": establishment.pk,
        "date": when().isoformat(),
        "inspectors": [inspector.pk, partner.pk],
        "kind": "routine",
        "person_present": "馆长周某",
        "checklist": template.pk,
        "scores": [{"item": first.pk}, {"item": second.pk, "score": "50"}],
    }
    response = client_as(inspector).post(
        reverse("inspection-list"), payload, content_type="application/json"
    )
    assert response.status_code == 400
    assert not Inspection.objects.exists()


def test_the_swimming_pool_sheet_is_shipped_beside_the_routine_one(db):
    pool = ChecklistTemplate.objects.for_inspections().get(code="swimming-pool")
    assert ChecklistTemplate.objects.for_inspections().filter(code="public-place-routine").exists()
    assert pool.total_points == Decimal("100") and pool.pass_mark == Decimal("60")
    contents = " ".join(pool.items.values_list("subsection", flat=True))
    for subject in ("救生员", "浸脚池", "循环净化消毒", "水质检测"):
        assert subject in contents
    assert pool.items.filter(is_key=True).count() >= 2
    source = importlib.import_module("inspections.migrations.0009_swimming_pool_checklist")
    assert "GB 37488-2019" in source.__doc__ and "游泳场所卫生规范" in source.__doc__
