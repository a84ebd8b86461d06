"""Mistakes in field records are corrected on the record (#15): an amendment keeps who,
when, why and old → new; a void keeps the record, marked, and takes it out of every list.
Only the author (recorder, one of its inspectors, a photo's uploader) and a manager may
correct; once an opinion or a case grew out of the visit it can only be amended."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from inspections.choices import InspectionResult, OpinionStatus, Verdict
from inspections.models import (
    Inspection,
    InspectionPhoto,
    ProblemType,
    RecordAmendment,
    RecordKind,
    Sample,
    SupervisionOpinion,
)
from inspections.services import opinion_issue
from inspections.services.corrections import (
    inspection_amend,
    inspection_void,
    photo_void,
    sample_void,
)
from tests.factories import UserFactory
from tests.inspections.factories import inspectors, record, small_checklist, when
from tests.reports.builders import case

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    return inspectors()


@pytest.fixture
def visit(team):
    return record(team=team)


def _sample(inspection, verdict=Verdict.PASS):
    return Sample.objects.create(
        inspection=inspection, sample_type="游泳池水", taken_at=inspection.inspected_at,
        verdict=verdict,
    )  # fmt: skip


def _photo(inspection, user):
    return InspectionPhoto.objects.create(inspection=inspection, image="x.jpg", uploaded_by=user)


# ---------------------------------------------------------------- amend


def test_amend_records_old_and_new_values_and_changes_the_record(visit, team):
    problem = ProblemType.objects.create(code="no-cert", name="无健康证明")
    amendment = inspection_amend(
        inspection=visit,
        user=team[1],
        reason="在场人员姓名录错",
        person_present="店长李某",
        findings="地面清洁",
        problems=[problem],
        result=InspectionResult.REFERRED,
    )
    visit.refresh_from_db()
    assert (visit.person_present, visit.findings, visit.result) == (
        "店长李某",
        "地面清洁",
        InspectionResult.REFERRED,
    )
    assert list(visit.problems.all()) == [problem]
    assert amendment.kind == RecordKind.INSPECTION and amendment.record_id == visit.pk
    assert amendment.amended_by == team[1] and amendment.reason == "在场人员姓名录错"
    assert amendment.changes == {
        "person_present": ["店长王某", "店长李某"],
        "findings": ["", "地面清洁"],
        "problems": ["未发现问题", "无健康证明"],
        "result": ["合格", "移送立案查处"],
    }
    assert visit.history.first().history_change_reason == "更正：在场人员姓名录错"


def test_amend_time_and_team_are_checked_like_the_entry(visit, team):
    with pytest.raises(ValidationError) as caught:
        inspection_amend(
            inspection=visit,
            user=team[0],
            reason="改时间",
            inspected_at=when(days_ago=-2),
            inspectors=[team[0]],
        )
    assert set(caught.value.message_dict) == {"inspected_at", "inspectors"}
    assert not RecordAmendment.objects.exists()
    earlier = when(days_ago=3)
    third = UserFactory(role="inspector")
    amendment = inspection_amend(
        inspection=visit, user=team[0], reason="录入错误", inspected_at=earlier,
        inspectors=[team[0], third],
    )  # fmt: skip
    visit.refresh_from_db()
    assert visit.inspected_at == earlier
    assert set(visit.inspectors.all()) == {team[0], third}
    assert amendment.changes["inspectors"][1] == f"{team[0].first_name}、{third.first_name}"


def test_amend_scores_keeps_the_checklist_whole(team):
    sheet = small_checklist()
    first, second = sheet.items.all()
    visit = record(team=team, checklist=sheet, scores={first.pk: ("4", ""), second.pk: ("6", "")})
    with pytest.raises(ValidationError) as caught:
        inspection_amend(inspection=visit, user=team[0], reason="x", scores={first.pk: ("9", None)})
    assert "scores" in caught.value.message_dict
    amendment = inspection_amend(
        inspection=visit, user=team[0], reason="项目1漏扣分", scores={first.pk: ("2", "地面有积水")}
    )
    assert visit.scores.get(item=first).score == Decimal("2")
    assert visit.score_summary()["total"] == Decimal("8")
    assert amendment.changes == {"scores": ["项目1：4", "项目1：2（地面有积水）"]}
    amendment = inspection_amend(
        inspection=visit, user=team[0], reason="项目1不适用", scores={first.pk: (None, "")}
    )
    assert visit.scores.get(item=first).not_applicable
    assert visit.score_summary()["not_applicable_items"] == 1
    assert amendment.changes == {"scores": ["项目1：2（地面有积水）", "项目1：不适用"]}


def test_the_amend_page_corrects_a_score(team, client_as):
    sheet = small_checklist()
    first, second = sheet.items.all()
    visit = record(team=team, checklist=sheet, scores={first.pk: ("4", ""), second.pk: ("6", "")})
    client = client_as(team[1])
    url = reverse("inspections:inspection_amend", args=[visit.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "inspected_at": form.initial["inspected_at"].strftime("%Y-%m-%dT%H:%M"),
            f"score_{second.pk}": "5",
            f"note_{second.pk}": "记录不全",
            "reason": "项目2漏扣分",
            "_record_version": client.get(url).context["record_version"],
        }
    )
    done = client.post(url, data)
    assert done.status_code == 302, done.content.decode()
    amendment = RecordAmendment.objects.get()
    assert amendment.changes == {"scores": ["项目2：6", "项目2：5（记录不全）"]}


def test_amend_needs_a_reason_and_a_change(visit, team):
    with pytest.raises(ValidationError) as caught:
        inspection_amend(inspection=visit, user=team[0], reason=" ", findings="x")
    assert "reason" in caught.value.message_dict
    with pytest.raises(ValidationError, match="没有需要更正的内容"):
        inspection_amend(inspection=visit, user=team[0], reason="无", person_present="店长王某")


def test_only_the_author_or_a_manager_may_correct(visit, team, manager, clerk):
    other = UserFactory(role="inspector")
    for user in (other, clerk):
        with pytest.raises(PermissionDenied):
            inspection_amend(inspection=visit, user=user, reason="x", findings="y")
        with pytest.raises(PermissionDenied):
            inspection_void(inspection=visit, user=user, reason="x")
    inspection_amend(inspection=visit, user=manager, reason="管理者更正", findings="y")
    inspection_void(inspection=visit, user=manager, reason="重复录入")


# ---------------------------------------------------------------- void


def test_a_voided_inspection_stays_marked_and_leaves_every_list(visit, team):
    sample = _sample(visit)
    photo = _photo(visit, team[0])
    inspection_void(inspection=visit, user=team[0], reason="重复录入")
    assert not Inspection.objects.filter(pk=visit.pk).exists()
    assert not visit.establishment.inspections.exists()
    assert not Sample.objects.filter(pk=sample.pk).exists()  # of a voided inspection
    assert not InspectionPhoto.objects.filter(pk=photo.pk).exists()
    kept = Inspection.all_objects.get(pk=visit.pk)
    assert kept.is_voided and kept.voided_by == team[0] and kept.void_reason == "重复录入"
    with pytest.raises(ValidationError, match="已作废"):
        inspection_void(inspection=kept, user=team[0], reason="again")
    with pytest.raises(ValidationError, match="已作废"):
        inspection_amend(inspection=kept, user=team[0], reason="x", findings="y")


def test_an_inspection_with_an_opinion_or_a_case_can_only_be_amended(team):
    flagged = record(team=team, result=InspectionResult.OPINION)
    opinion = opinion_issue(
        inspection=flagged, items=[("地面脏", "清洁")],
        deadline=datetime.date.today() + datetime.timedelta(days=10), user=team[0],
    )  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        inspection_void(inspection=flagged, user=team[0], reason="录错")
    message = caught.value.message_dict["reason"][0]
    assert opinion.number in message and "更正" in message
    failing = _sample(flagged, Verdict.FAIL)
    with pytest.raises(ValidationError, match="不能作废"):
        sample_void(sample=failing, user=team[0], reason="录错")
    inspection_amend(inspection=flagged, user=team[0], reason="补充情况", findings="已补充")

    filed = record(team=team)
    made = case(filed.establishment, inspection=filed)
    with pytest.raises(ValidationError) as caught:
        inspection_void(inspection=filed, user=team[0], reason="录错")
    assert made.number in caught.value.message_dict["reason"][0]
    assert Inspection.objects.filter(pk=filed.pk).exists()


def test_voiding_a_follow_up_that_closed_its_opinion_reopens_it(team):
    flagged = record(team=team, result=InspectionResult.OPINION, inspected_at=when(days_ago=5))
    opinion = opinion_issue(
        inspection=flagged, items=[("地面脏", "清洁")],
        deadline=datetime.date.today() + datetime.timedelta(days=10), user=team[0],
        issued_at=when(days_ago=4),
    )  # fmt: skip
    check = record(
        team=team, establishment=flagged.establishment, kind="follow_up",
        follows_opinion=opinion, rectified=True,
    )  # fmt: skip
    assert SupervisionOpinion.objects.get(pk=opinion.pk).status == OpinionStatus.CLOSED
    inspection_void(inspection=check, user=team[0], reason="复查记录录错单位")
    opinion.refresh_from_db()
    assert opinion.status == OpinionStatus.ISSUED and opinion.closed_by is None


def test_samples_and_photos_are_voided_by_their_author(visit, team):
    sample = _sample(visit, Verdict.FAIL)
    uploader = UserFactory(role="inspector")
    photo = _photo(visit, uploader)
    sample_void(sample=sample, user=team[1], reason="样品类型选错")
    photo_void(photo=photo, user=uploader, reason="拍错单位")
    assert not Sample.objects.filter(pk=sample.pk).exists()
    assert Sample.all_objects.get(pk=sample.pk).void_reason == "样品类型选错"
    assert not InspectionPhoto.objects.filter(pk=photo.pk).exists()
    assert InspectionPhoto.all_objects.get(pk=photo.pk).voided_by == uploader
    stranger = UserFactory(role="inspector")
    with pytest.raises(PermissionDenied):
        photo_void(photo=_photo(visit, team[0]), user=stranger, reason="x")


# ---------------------------------------------------------------- pages and API


def test_detail_page_of_a_voided_inspection_shows_the_mark(visit, team, client_as):
    inspection_amend(inspection=visit, user=team[0], reason="姓名录错", person_present="店长李某")
    inspection_void(inspection=visit, user=team[0], reason="重复录入")
    client = client_as(team[0])
    page = client.get(visit.get_absolute_url()).content.decode()
    assert "已作废" in page and "重复录入" in page and team[0].first_name in page
    assert "姓名录错" in page and "店长王某" in page and "店长李某" in page  # the amendment
    listing = client.get(reverse("inspections:inspection_list")).content.decode()
    assert visit.get_absolute_url() not in listing


def test_void_and_amend_pages(visit, team, client_as):
    client = client_as(team[0])
    page = client.get(visit.get_absolute_url()).content.decode()
    assert reverse("inspections:inspection_void", args=[visit.pk]) in page
    assert reverse("inspections:inspection_amend", args=[visit.pk]) in page
    url = reverse("inspections:inspection_amend", args=[visit.pk])
    form = client.get(url)
    assert form.status_code == 200
    data = {
        "reason": "",
        "inspected_at": form.context["form"].initial["inspected_at"],
        "inspectors": [u.pk for u in team],
        "person_present": "店长李某",
        "findings": "",
        "result": InspectionResult.COMPLIANT,
        "_record_version": form.context["record_version"],
    }
    refused = client.post(url, data)
    assert refused.status_code == 400 and "请填写原因" in refused.content.decode()
    data["reason"] = "在场人员录错"
    done = client.post(url, data)
    assert done.status_code == 302
    visit.refresh_from_db()
    assert visit.person_present == "店长李某"
    void_url = reverse("inspections:inspection_void", args=[visit.pk])
    form = client.get(void_url)
    done = client.post(
        void_url, {"reason": "重复录入", "_record_version": form.context["record_version"]}
    )
    assert done.status_code == 302
    assert Inspection.all_objects.get(pk=visit.pk).is_voided
    page = client.get(visit.get_absolute_url()).content.decode()
    # A voided visit offers nothing to grow out of it: no on-site record to make.
    assert reverse("inspections:record_make", args=[visit.pk]) not in page


def test_pages_refuse_others(visit, client_as):
    client = client_as(UserFactory(role="inspector"))
    page = client.get(visit.get_absolute_url()).content.decode()
    assert reverse("inspections:inspection_void", args=[visit.pk]) not in page
    assert client.get(reverse("inspections:inspection_void", args=[visit.pk])).status_code == 403


def test_api_amend_and_void(visit, team, client_as):
    client = client_as(team[0])
    base = f"/api/v1/inspections/{visit.pk}/"
    answer = client.post(
        base + "amend/",
        {"reason": "在场人员录错", "person_present": "店长李某"},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["person_present"] == "店长李某"
    answer = client.post(base + "void/", {"reason": ""}, content_type="application/json")
    assert answer.status_code == 400 and "reason" in answer.json()
    answer = client.post(base + "void/", {"reason": "重复录入"}, content_type="application/json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["voided_at"] and answer.json()["void_reason"] == "重复录入"
    listing = client.get("/api/v1/inspections/").json()
    assert visit.pk not in [row["id"] for row in listing["results"]]
    other = client_as(UserFactory(role="inspector"))
    second = record(team=team)
    answer = other.post(
        f"/api/v1/inspections/{second.pk}/void/", {"reason": "x"}, content_type="application/json"
    )
    assert answer.status_code == 403


def test_the_admin_shows_field_records_and_voided_ones_but_changes_nothing(
    visit, team, client_as, administrator
):
    inspection_amend(inspection=visit, user=team[0], reason="姓名录错", person_present="店长李某")
    inspection_void(inspection=visit, user=team[0], reason="重复录入")
    client = client_as(administrator)
    listing = client.get(reverse("admin:inspections_inspection_changelist"))
    assert listing.status_code == 200 and visit.establishment.name in listing.content.decode()
    page = client.get(reverse("admin:inspections_inspection_change", args=[visit.pk]))
    text = page.content.decode()
    assert page.status_code == 200 and "重复录入" in text and "店长王某 → 店长李某" in text
    assert 'name="_save"' not in text
    delete = client.get(reverse("admin:inspections_inspection_delete", args=[visit.pk]))
    assert delete.status_code == 403
    posted = client.post(
        reverse("admin:inspections_inspection_change", args=[visit.pk]), {"person_present": "x"}
    )
    assert posted.status_code == 403
    assert Inspection.all_objects.get(pk=visit.pk).person_present == "店长李某"


def test_an_amended_opinion_reprints_with_its_amendment_mark(team):
    from django.utils import timezone

    from inspections.documents import opinion_document
    from inspections.services import opinion_amend
    from tests.pdf import pdf_text

    flagged = record(team=team, result=InspectionResult.OPINION)
    opinion = opinion_issue(
        inspection=flagged, items=[("地面脏", "清洁")],
        deadline=datetime.date.today() + datetime.timedelta(days=10), user=team[0],
    )  # fmt: skip
    original = pdf_text(opinion_document(opinion)[1])
    assert "更正" not in original
    opinion_amend(
        opinion=opinion, user=team[0], reason="整改期限写错",
        deadline=opinion.deadline + datetime.timedelta(days=5),
    )  # fmt: skip
    opinion.refresh_from_db()
    text = pdf_text(opinion_document(opinion)[1])
    today = timezone.localdate()
    assert "卫生监督意见书（更正）" in text
    assert f"本文书于{today.year}年{today.month}月{today.day}日第1次更正：整改期限写错" in text
    opinion_amend(
        opinion=opinion, user=team[0], reason="整改要求补充", items=[("地面脏", "每日清洁")]
    )
    text = pdf_text(opinion_document(opinion)[1])
    assert "第1次更正：整改期限写错" in text and "第2次更正：整改要求补充" in text


def test_the_detail_page_query_count_does_not_grow_with_corrections(visit, team, client_as):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as(team[0])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(visit.get_absolute_url()).status_code == 200
        return len(captured)

    inspection_amend(inspection=visit, user=team[0], reason="一", findings="一")
    sample_void(sample=_sample(visit), user=team[0], reason="一")
    photo_void(photo=_photo(visit, team[0]), user=team[0], reason="一")
    few = queries()
    for n in range(3):
        inspection_amend(inspection=visit, user=team[0], reason=f"更正{n}", findings=f"情况{n}")
        sample_void(sample=_sample(visit), user=team[0], reason="录错")
        photo_void(photo=_photo(visit, team[0]), user=team[1], reason="录错")
    assert queries() == few


def test_the_amend_page_shows_whole_scores_and_scores_an_item_not_applicable(team, client_as):
    """A score of 10 read 1E+1 on the amend page (Decimal.normalize), so saving the page
    unchanged was refused; an item recorded 不适用 can be given a score."""
    sheet = small_checklist()
    first, second = sheet.items.all()
    second.max_points = Decimal("10")
    second.save(update_fields=["max_points"])
    visit = record(team=team, checklist=sheet, scores={first.pk: (None, ""), second.pk: ("10", "")})
    client = client_as(team[1])
    url = reverse("inspections:inspection_amend", args=[visit.pk])
    page = client.get(url)
    assert f'name="score_{second.pk}" value="10"' in page.content.decode()
    form = page.context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "inspected_at": form.initial["inspected_at"].strftime("%Y-%m-%dT%H:%M"),
            f"score_{second.pk}": page.context["form"][f"score_{second.pk}"].value(),
            f"score_{first.pk}": "3",
            f"note_{first.pk}": "其实适用，少一项记录",
            "reason": "项目1误记为不适用",
            "_record_version": page.context["record_version"],
        }
    )
    done = client.post(url, data)
    assert done.status_code == 302, done.content.decode()
    row = visit.scores.get(item=first)
    assert not row.not_applicable and row.score == Decimal("3")
    assert visit.scores.get(item=second).score == Decimal("10")
    amendment = RecordAmendment.objects.get()
    assert amendment.changes == {"scores": ["项目1：不适用", "项目1：3（其实适用，少一项记录）"]}
