"""Records that cannot be true are refused (issue #15), in one answer and on their fields:
a follow-up dated before the opinion it checks, by the service, the page and the API; the
API reads "7,2" as 7.2 and keeps a sample 送检中 until its result is entered; figures
leave out samples still awaiting the laboratory."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.models import DocumentSeries
from inspections import services
from inspections.choices import InspectionKind, InspectionResult, SampleVerdict, Verdict
from inspections.models import Inspection, Sample, StandardLimit
from reports import figures
from reports.scope import Period, Scope
from tests.inspections.factories import inspectors, pool_unit, record, when
from tests.reports import builders

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def opinion_series(db):
    DocumentSeries.objects.get_or_create(
        code="opinion",
        defaults={"name": "卫生监督意见书", "pattern": "卫监意〔{year}〕{number:04d}号"},
    )


def opinion_issued(at):
    """An opinion issued ``at`` on a visit two hours before, and the team."""
    team = inspectors()
    visit = record(team=team, inspected_at=at - datetime.timedelta(hours=2))
    opinion = services.opinion_issue(
        inspection=visit,
        items=[("未设消毒间", "设置专用消毒间")],
        deadline=timezone.localdate(at) + datetime.timedelta(days=15),
        user=team[0],
        issued_at=at,
    )
    return opinion, team


def limit(parameter):
    return StandardLimit.objects.get(sample_type="游泳池水", parameter=parameter)


def post_json(client, url, payload):
    return client.post(url, payload, content_type="application/json")


# ---------------------------------------------------------------- follow-ups


def test_a_follow_up_dated_before_its_opinion_is_refused():
    issued = when(days_ago=2, hour=10)  # the opinion of 12-03 …
    opinion, team = opinion_issued(issued)
    with pytest.raises(ValidationError) as exc:
        record(  # … closed by a 复查 of 12-01
            establishment=opinion.inspection.establishment,
            team=team,
            kind=InspectionKind.FOLLOW_UP,
            follows_opinion=opinion,
            rectified=True,
            inspected_at=issued - datetime.timedelta(days=2),
        )
    assert "复查时间不能早于所复查的意见书" in exc.value.message_dict["inspected_at"][0]
    opinion.refresh_from_db()
    assert opinion.closed_by is None
    follow_up = record(
        establishment=opinion.inspection.establishment,
        team=team,
        kind=InspectionKind.FOLLOW_UP,
        follows_opinion=opinion,
        rectified=True,
        inspected_at=issued + datetime.timedelta(days=1),
    )
    opinion.refresh_from_db()
    assert opinion.closed_by == follow_up


def test_the_page_shows_the_follow_up_date_with_the_forms_own_errors(client_as):
    issued = when(days_ago=2, hour=10)
    opinion, team = opinion_issued(issued)
    client = client_as(team[0])
    data = {
        "establishment": opinion.inspection.establishment.pk,
        "inspected_at": timezone.localtime(issued - datetime.timedelta(days=2)).strftime(
            "%Y-%m-%dT%H:%M"
        ),
        "inspectors": [team[0].pk],  # one officer only
        "kind": InspectionKind.FOLLOW_UP,
        "follows_opinion": opinion.pk,
        "rectified": "1",
        "person_present": "",  # required: the form's own error
        "result": InspectionResult.COMPLIANT,
    }
    response = client.post(reverse("inspections:inspection_add"), data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "person_present" in errors  # the form's
    assert "复查时间不能早于" in errors["inspected_at"][0]  # the service's, same answer
    assert "两名以上" in errors["inspectors"][0]
    assert not Inspection.objects.filter(kind=InspectionKind.FOLLOW_UP).exists()


def test_the_api_answers_the_follow_up_date_with_the_fields_own_errors(client_as):
    issued = when(days_ago=2, hour=10)
    opinion, team = opinion_issued(issued)
    response = post_json(
        client_as(team[0]),
        reverse("inspection-list"),
        {
            "establishment": opinion.inspection.establishment.pk,
            "date": timezone.localtime(issued - datetime.timedelta(days=2)).isoformat(),
            "inspectors": [u.pk for u in team],
            "kind": InspectionKind.FOLLOW_UP,
            "follows_opinion": opinion.pk,
            "rectified": True,
            "result": "no such result",
        },
    )
    assert response.status_code == 400
    body = response.json()
    assert "result" in body and "person_present" in body
    assert "复查时间不能早于" in body["date"][0]


# ---------------------------------------------------------------- the samples API


def _sample_payload(inspection, results, **more):
    return {
        "inspection": inspection.pk,
        "sample_type": "游泳池水",
        "taken_at": timezone.localtime(inspection.inspected_at).isoformat(),
        "results": results,
        **more,
    }


def test_the_api_reads_a_decimal_comma_and_numbers_the_sample(client_as):
    inspection = record(establishment=pool_unit())
    response = post_json(
        client_as(inspection.recorded_by),
        reverse("sample-list"),
        _sample_payload(inspection, [{"limit": limit("pH").pk, "value": "7,2"}]),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["results"][0]["value"] == "7.2000"
    assert body["number"].startswith("YP") and body["verdict"] == "pass"


def test_the_api_refuses_impossible_readings_and_the_time_in_one_answer(client_as):
    inspection = record(establishment=pool_unit())
    response = post_json(
        client_as(inspection.recorded_by),
        reverse("sample-list"),
        _sample_payload(
            inspection,
            [{"limit": limit("pH").pk, "value": 72}, {"limit": limit("水温").pk, "value": "280"}],
            taken_at=(timezone.now() + datetime.timedelta(days=300)).isoformat(),
            portions=0,  # the field's own error
        ),
    )
    assert response.status_code == 400
    body = response.json()
    assert "portions" in body
    assert "不能晚于现在" in body["taken_at"][0]
    assert "pH 应在 0–14 之间，72 不可能，请核对。" in body["results"]
    assert any("280 不可能" in m for m in body["results"])
    assert not Sample.objects.exists()


def test_the_api_keeps_a_sample_pending_until_the_lab_result(client_as):
    inspection = record(establishment=pool_unit())
    client = client_as(inspection.recorded_by)
    count = limit("菌落总数")
    created = post_json(
        client,
        reverse("sample-list"),
        _sample_payload(
            inspection,
            [{"limit": limit("pH").pk, "value": "7.4"}, {"limit": count.pk, "pending": True}],
            lab="县疾病预防控制中心",
            container="无菌采样瓶",
        ),
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["verdict"] == "pending" and body["lab"] == "县疾病预防控制中心"
    url = reverse("sample-results", args=[body["id"]])
    refused = post_json(client, url, {"results": [{"limit": count.pk, "value": "-3"}]})
    assert refused.status_code == 400 and "菌落总数 不能小于 0" in refused.json()["results"][0]
    entered = post_json(client, url, {"results": [{"limit": count.pk, "value": "500"}]})
    assert entered.status_code == 200, entered.content
    assert entered.json()["verdict"] == "fail"


def test_a_sample_without_pending_fields_is_answered_as_before(client_as):
    """The offline outbox's requests (no record fields, no ``pending``) still work."""
    inspection = record(establishment=pool_unit())
    response = post_json(
        client_as(inspection.recorded_by),
        reverse("sample-list"),
        _sample_payload(
            inspection, [{"limit": limit("游离性余氯").pk, "value": "0.5", "detected": None}]
        ),
    )
    assert response.status_code == 201, response.content


# ---------------------------------------------------------------- figures


def test_figures_leave_out_samples_awaiting_the_lab():
    pool = builders.unit("pp.sports.swimming")
    check = builders.visit(pool, builders.D(2024, 7, 1))
    builders.sample(check, Verdict.PASS)
    builders.sample(check, Verdict.FAIL)
    builders.sample(check, SampleVerdict.PENDING)
    data = figures.summary(Scope(Period.year(2024)))
    assert (data["samples"], data["samples_failing"]) == (2, 1)
    assert data["monitoring_pass_rate"] == 0.5


def test_a_follow_up_in_the_minute_its_opinion_was_issued_is_accepted():
    """Times are entered to the minute: the entry form's "now" right after issuing (same
    minute, earlier second) is not before the opinion."""
    issued = when(days_ago=1, hour=10).replace(minute=47, second=31)
    opinion, team = opinion_issued(issued)
    follow_up = record(
        establishment=opinion.inspection.establishment,
        team=team,
        kind=InspectionKind.FOLLOW_UP,
        follows_opinion=opinion,
        rectified=True,
        inspected_at=issued.replace(second=0),
    )
    opinion.refresh_from_db()
    assert opinion.closed_by == follow_up


def test_a_rectification_deadline_in_a_wrong_year_is_refused():
    """整改期限 2062-… for an opinion of 2026 would never show as overdue."""
    issued = when(days_ago=1, hour=10)
    opinion, team = opinion_issued(issued)
    visit = record(team=team, inspected_at=issued - datetime.timedelta(hours=1))
    far = timezone.localdate(issued).replace(year=timezone.localdate(issued).year + 36)
    with pytest.raises(ValidationError) as exc:
        services.opinion_issue(
            inspection=visit, items=[("地面脏", "清洁")], deadline=far, user=team[0]
        )
    assert "请核对年份" in exc.value.message_dict["deadline"][0]
    with pytest.raises(ValidationError, match="请核对年份"):
        services.opinion_amend(opinion=opinion, user=team[0], reason="改期", deadline=far)
