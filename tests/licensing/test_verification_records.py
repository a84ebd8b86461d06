"""校验 of the 放射诊疗许可证 (no term; verified every PermitType.verification_years with the
practice licence), recorded with the same record, service, page, list and API as the 复核
of the public-place permit, worded 校验. A missed 校验 stays due on its day: overdue."""

import datetime
import itertools
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from core.dates import add_years
from licensing import services
from licensing.choices import ReviewResult
from licensing.forms import PermitReviewForm
from licensing.models import PermitReview, PermitType, permits_review_due
from licensing.services.reviews import review_schedule
from licensing.views.reviews import ReviewDueListView
from tests.factories import EstablishmentFactory, UserFactory, kind
from tests.generic import ListPageTests
from tests.licensing.factories import issued_permit

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = timezone.localdate()
START = D(2019, 5, 1)
FIRST_DUE = D(2020, 5, 1)  # one year on: the shipped cycle (verification_years = 1)
_SERIAL = itertools.count(1)


@pytest.fixture
def officer(db):
    return UserFactory(role="inspector", first_name="王监督")


def radiation_permit(clerk, name="云海诊所"):
    unit = EstablishmentFactory(
        name=name, category=kind("rd.diagnosis.xray"), opened_on=D(2018, 1, 1)
    )
    return services.permit_register(
        user=clerk,
        establishment=unit,
        permit_type=PermitType.objects.get(code="radiation"),
        number=f"放诊许〔2019〕第{next(_SERIAL):04d}号",
        issued_on=START,
        expires_on=None,
        business_scope="X射线影像诊断",
    )


def verify(clerk, officer, permit, day, result="verified", **more):
    return services.permit_review_record(
        user=clerk, permit=permit, reviewed_on=day, reviewed_by=officer, result=result, **more
    )


def overdue_days(day):
    return (TODAY - day).days


def test_a_missed_verification_is_overdue_from_its_day(client_as, clerk):
    permit = radiation_permit(clerk)
    assert PermitType.objects.get(code="radiation").verification_years == 1
    assert permit.verification_due_on() == FIRST_DUE
    schedule = review_schedule(permit)
    assert schedule["due_on"] == FIRST_DUE and schedule["word"] == "校验"
    assert schedule["overdue_days"] == overdue_days(FIRST_DUE)
    page = client_as(clerk).get(permit.get_absolute_url()).content.decode()
    assert "下次校验 2020年5月1日" in page
    assert f"逾期 {overdue_days(FIRST_DUE)} 日" in page
    assert "登记校验" in page
    form = client_as(clerk).get(reverse("licensing:permit_review", args=[permit.pk]))
    text = form.content.decode()
    assert "许可证校验" in text and "校验日期" in text and "校验人" in text
    assert f"逾期 {overdue_days(FIRST_DUE)} 日" in text
    assert "暂缓校验" in text and "复核合格" not in text


def test_recording_a_verification_moves_the_next_due_day(clerk, officer):
    permit = radiation_permit(clerk)
    done = TODAY - datetime.timedelta(days=10)
    record = verify(clerk, officer, permit, done)
    assert record.due_on == FIRST_DUE  # the 校验 it fulfils
    permit.refresh_from_db()
    assert permit.verification_due_on() == add_years(done, 1)
    assert review_schedule(permit)["overdue_days"] == 0
    assert permit not in set(permits_review_due(within_days=-1))


def test_a_deferral_needs_its_reason_and_end_and_the_next_is_due_at_its_end(clerk, officer):
    permit = radiation_permit(clerk)
    with pytest.raises(ValidationError) as error:
        verify(clerk, officer, permit, TODAY, "deferred", note="")
    assert set(error.value.message_dict) == {"note", "deferred_until"}
    with pytest.raises(ValidationError) as error:
        verify(
            clerk,
            officer,
            permit,
            TODAY,
            "deferred",
            note="防护检测报告过期",
            deferred_until=TODAY + datetime.timedelta(days=200),  # beyond 6 months
        )
    assert set(error.value.message_dict) == {"deferred_until"}
    assert not PermitReview.objects.exists()
    end = TODAY + datetime.timedelta(days=30)
    verify(
        clerk,
        officer,
        permit,
        TODAY,
        "deferred",
        note="防护检测报告过期",
        deferred_until=end,
    )
    permit.refresh_from_db()
    assert permit.verification_due_on() == end
    assert permit in set(permits_review_due())  # due within the list's window
    assert permit not in set(permits_review_due(within_days=-1))  # not overdue


def test_dates_in_the_future_or_before_the_start_are_refused(clerk, officer):
    permit = radiation_permit(clerk)
    for day in (TODAY + datetime.timedelta(days=1), START - datetime.timedelta(days=1)):
        with pytest.raises(ValidationError) as error:
            verify(clerk, officer, permit, day)
        assert set(error.value.message_dict) == {"reviewed_on"}
        assert "校验日期" in error.value.message_dict["reviewed_on"][0]
    with pytest.raises(ValidationError) as error:
        verify(clerk, officer, permit, TODAY, ReviewResult.PASSED)  # a 复核 result
    assert set(error.value.message_dict) == {"result"}
    assert not PermitReview.objects.exists()


def test_a_review_type_keeps_its_review(clerk, officer):
    permit = issued_permit(
        clerk=clerk,
        establishment=EstablishmentFactory(name="云海宾馆"),
        received_on=TODAY - datetime.timedelta(days=800),
    )
    assert permit.verification_due_on() is None
    schedule = review_schedule(permit)
    assert schedule["word"] == "复核" and schedule["due_on"] == add_years(permit.valid_from, 2)
    form = PermitReviewForm(permit=permit)
    assert "deferred_until" not in form.fields and form.fields["reviewed_on"].label == "复核日期"
    assert [c for c, _ in form.fields["result"].choices] == ["passed", "rectify", "failed"]
    with pytest.raises(ValidationError) as error:
        verify(clerk, officer, permit, TODAY, "verified")  # a 校验 result
    assert set(error.value.message_dict) == {"result"}
    review = verify(clerk, officer, permit, TODAY, ReviewResult.PASSED)
    assert review.due_on == add_years(permit.valid_from, 2)
    # The next 复核 would fall past the permit's expiry: the renewal takes its place.
    assert review_schedule(permit)["due_on"] is None


def test_a_type_has_review_or_verification_never_both(db):
    radiation = PermitType.objects.get(code="radiation")
    radiation.review_years = 2
    with pytest.raises(ValidationError) as error:
        radiation.full_clean()
    assert "verification_years" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        PermitType.objects.filter(pk=radiation.pk).update(review_years=2)


def test_the_due_list_has_overdue_radiation_permits(client_as, clerk, manager):
    permit = radiation_permit(clerk, "逾期诊所")
    assert permit in set(permits_review_due(within_days=-1))
    page = client_as(manager).get(reverse("licensing:review_list")).content.decode()
    assert "逾期诊所" in page and FIRST_DUE.isoformat() in page
    overdue = client_as(manager).get(reverse("licensing:review_list"), {"when": "overdue"})
    assert "逾期诊所" in overdue.content.decode()
    clerk_page = client_as(clerk).get(reverse("licensing:review_list")).content.decode()
    assert "登记校验" in clerk_page


def test_the_page_records_a_verification_and_managers_only_read(client_as, clerk, manager):
    officer = UserFactory(role="inspector")
    permit = radiation_permit(clerk)
    url = reverse("licensing:permit_review", args=[permit.pk])
    assert client_as(manager).get(url).status_code == 403
    client = client_as(clerk)
    refused = client.post(
        url,
        {
            "reviewed_on": TODAY.isoformat(),
            "reviewed_by": officer.pk,
            "result": "deferred",
            "note": "",
        },
    )
    assert refused.status_code == 400 and not PermitReview.objects.exists()
    assert "须写明校验情况" in refused.content.decode()
    response = client.post(
        url,
        {
            "reviewed_on": TODAY.isoformat(),
            "reviewed_by": officer.pk,
            "result": "verified",
        },
    )
    assert response.status_code == 302
    record = PermitReview.objects.get(permit=permit)
    assert record.get_result_display() == "校验合格" and record.recorded_by == clerk
    unit_page = client.get(permit.establishment.get_absolute_url()).content.decode()
    assert "校验合格" in unit_page


def test_the_api_records_a_deferral(client_as, clerk):
    officer = UserFactory(role="inspector")
    permit = radiation_permit(clerk)
    payload = {
        "permit": permit.pk,
        "reviewed_on": TODAY.isoformat(),
        "reviewed_by": officer.pk,
        "result": "deferred",
        "note": "机房防护未达标",
    }
    client = client_as(clerk)
    response = client.post("/api/v1/permit-reviews/", payload, content_type="application/json")
    assert response.status_code == 400 and "deferred_until" in response.json()
    end = (TODAY + datetime.timedelta(days=60)).isoformat()
    response = client.post(
        "/api/v1/permit-reviews/",
        {**payload, "deferred_until": end},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["deferred_until"] == end
    assert response.json()["result_label"] == "暂缓校验"


class TestVerificationDueList(ListPageTests):
    url_name = "licensing:review_list"
    view_class = ReviewDueListView
    export_headers = ("许可证号", "持证单位", "许可类型", "应复核（校验）日期")

    def make_object(self, **kwargs):
        clerk = UserFactory(role="clerk")
        permit = radiation_permit(clerk, name=f"诊所{next(_SERIAL)}")
        permit.name = permit.number
        return permit


def test_a_deferral_date_left_behind_by_a_changed_answer_is_dropped(client_as, clerk):
    """暂缓期至 shows only while 暂缓校验 is chosen; a clerk who typed a date, then chose
    校验合格, saves a plain 校验合格 (not an error on a field they cannot see)."""
    officer = UserFactory(role="inspector")
    permit = radiation_permit(clerk)
    url = reverse("licensing:permit_review", args=[permit.pk])
    client = client_as(clerk)
    page = client.get(url).content.decode()
    assert 'data-kind-field="result"' in page
    assert re.search(r'<div data-kind="deferred">.*?name="deferred_until"', page, re.S)
    response = client.post(
        url,
        {
            "reviewed_on": TODAY.isoformat(),
            "reviewed_by": officer.pk,
            "result": "verified",
            "deferred_until": (TODAY + datetime.timedelta(days=60)).isoformat(),
        },
    )
    assert response.status_code == 302
    record = PermitReview.objects.get(permit=permit)
    assert record.result == "verified" and record.deferred_until is None
