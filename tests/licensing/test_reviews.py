"""复核 of a public-place permit every two years (PermitType.review_years, data): the due
day, the list of permits due and overdue, recording a review, and who may."""

import datetime
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.dates import add_years
from licensing.choices import ReviewResult
from licensing.models import PermitReview, PermitType, permits_review_due
from licensing.models.reviews import review_due_on
from licensing.services import permit_review_record
from licensing.views.reviews import ReviewDueListView
from tests.factories import EstablishmentFactory, UserFactory
from tests.generic import ListPageTests
from tests.licensing.factories import issued_permit, public_place

TODAY = timezone.localdate()
_SERIAL = itertools.count(1)


def _n() -> int:
    return next(_SERIAL)


@pytest.fixture
def officer(db):
    return UserFactory(role="inspector", first_name="李监督")


def permit_from(clerk, day, name="云海宾馆"):
    return issued_permit(
        clerk=clerk, establishment=EstablishmentFactory(name=name), received_on=day
    )


def test_the_public_place_permit_is_reviewed_every_two_years(db):
    assert public_place().review_years == 2
    assert PermitType.objects.get(code="radiation").review_years is None


def test_due_two_years_after_the_start_and_after_the_last_review(clerk, officer):
    start = TODAY - datetime.timedelta(days=800)
    permit = permit_from(clerk, start)
    assert review_due_on(permit) == add_years(permit.valid_from, 2)
    review = permit_review_record(
        user=clerk,
        permit=permit,
        reviewed_on=TODAY - datetime.timedelta(days=10),
        reviewed_by=officer,
        result=ReviewResult.PASSED,
    )
    assert review.due_on == add_years(permit.valid_from, 2)  # the review it fulfils
    # The next would be two years on, past the permit's expiry: the renewal takes its place.
    assert review_due_on(permit, review.reviewed_on) is None


def test_the_list_of_permits_due_and_overdue(clerk, officer):
    overdue = permit_from(clerk, TODAY - datetime.timedelta(days=760), "逾期宾馆")
    soon = permit_from(clerk, add_years(TODAY, -2) + datetime.timedelta(days=20), "将到期宾馆")
    later = permit_from(clerk, TODAY - datetime.timedelta(days=100), "新证宾馆")
    due = set(permits_review_due())
    assert overdue in due and soon in due and later not in due
    assert set(permits_review_due(within_days=-1)) == {overdue}
    permit_review_record(
        user=clerk,
        permit=overdue,
        reviewed_on=TODAY,
        reviewed_by=officer,
        result=ReviewResult.PASSED,
    )
    assert overdue not in set(permits_review_due())
    # A type's period is data: no review, nothing due.
    PermitType.objects.filter(code="public_place").update(review_years=None)
    assert not permits_review_due().exists()


def test_refusals(clerk, officer):
    permit = permit_from(clerk, TODAY - datetime.timedelta(days=760))
    with pytest.raises(ValidationError) as error:
        permit_review_record(
            user=clerk,
            permit=permit,
            reviewed_on=TODAY,
            reviewed_by=clerk,  # not an officer of the roster
            result=ReviewResult.RECTIFY,
            note="",
        )
    assert set(error.value.message_dict) == {"reviewed_by", "note"}
    with pytest.raises(ValidationError) as error:
        permit_review_record(
            user=clerk,
            permit=permit,
            reviewed_on=TODAY + datetime.timedelta(days=1),
            reviewed_by=officer,
            result=ReviewResult.PASSED,
        )
    assert "reviewed_on" in error.value.message_dict
    assert not PermitReview.objects.exists()


def test_pages_list_record_and_show_it_on_the_unit_file(client_as, clerk, officer, manager):
    permit = permit_from(clerk, TODAY - datetime.timedelta(days=760), "逾期宾馆")
    listing = client_as(manager).get(reverse("licensing:review_list"))
    assert listing.status_code == 200 and "逾期宾馆" in listing.content.decode()
    assert "逾期未复核（校验） 1 件" in listing.content.decode()
    export = client_as(manager).get(reverse("licensing:review_list"), {"export": "xlsx"})
    assert export.status_code == 200
    url = reverse("licensing:permit_review", args=[permit.pk])
    assert client_as(manager).get(url).status_code == 403  # managers read, do not record
    client = client_as(officer)
    response = client.post(
        url,
        {
            "reviewed_on": TODAY.isoformat(),
            "reviewed_by": officer.pk,
            "result": ReviewResult.RECTIFY,
            "note": "布草间未分区",
        },
    )
    assert response.status_code == 302
    review = PermitReview.objects.get(permit=permit)
    assert review.result == ReviewResult.RECTIFY and review.recorded_by == officer
    page = client.get(permit.establishment.get_absolute_url())
    assert "许可证复核（校验）" in page.content.decode() and "限期整改" in page.content.decode()


def test_the_api_records_and_lists_reviews(client_as, clerk, officer):
    permit = permit_from(clerk, TODAY - datetime.timedelta(days=760))
    client = client_as(clerk)
    response = client.post(
        "/api/v1/permit-reviews/",
        {
            "permit": permit.pk,
            "reviewed_on": TODAY.isoformat(),
            "reviewed_by": officer.pk,
            "result": "failed",
        },
        content_type="application/json",
    )
    assert response.status_code == 400 and "note" in response.json()
    response = client.post(
        "/api/v1/permit-reviews/",
        {
            "permit": permit.pk,
            "reviewed_on": TODAY.isoformat(),
            "reviewed_by": officer.pk,
            "result": "passed",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    listed = client.get("/api/v1/permit-reviews/", {"permit": permit.pk}).json()
    assert [row["result"] for row in listed["results"]] == ["passed"]


class TestReviewDueList(ListPageTests):
    url_name = "licensing:review_list"
    view_class = ReviewDueListView
    export_headers = ("许可证号", "持证单位", "乡镇（街道）", "许可类型", "应复核（校验）日期")

    def make_object(self, **kwargs):
        clerk = UserFactory(role="clerk")
        permit = permit_from(clerk, TODAY - datetime.timedelta(days=760), name=f"宾馆{_n()}")
        permit.name = permit.number
        return permit
