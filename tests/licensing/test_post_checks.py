"""告知承诺制: the post-issue checks coming due and overdue, recording a check once, and
revocation (撤销) of a permit found to rest on an untrue promise, with its document."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from core.submissions import FIELD as SUBMISSION_FIELD
from core.submissions import REPLAYED_MESSAGE
from licensing import services
from licensing.choices import (
    ApplicationStatus,
    LicensingDocumentKind,
    PermitState,
    PermitStatus,
)
from licensing.models import Application, LicensingDocument, Permit
from licensing.services.documents import document_series
from licensing.services.post_checks import permit_revoke, post_check_record
from licensing.views.post_checks import PostCheckListView
from tests.factories import EstablishmentFactory, UserFactory
from tests.generic import ListPageTests
from tests.inspections.factories import record as inspection_record
from tests.inspections.factories import when
from tests.licensing.factories import issued_permit, public_place

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def today():
    return timezone.localdate()


def commitment(clerk, *, days_ago, unit=None, name=None):
    """A permit issued on the applicant's promise ``days_ago`` days ago; the check falls
    due 30 days after (the type's post_check_days). Granted by the 负责人 unless the
    clerk's window grants it on the spot."""
    day = today() - days_ago * DAY
    unit = unit or EstablishmentFactory(**({"name": name} if name else {}))
    application = services.application_receive(
        user=clerk,
        establishment=unit,
        permit_type=public_place(),
        kind="new",
        path="commitment",
        received_on=day,
        business_scope="理发",
    )
    if application.status != ApplicationStatus.ISSUED:
        services.application_decide(
            application=application,
            user=UserFactory(role="manager"),
            approve=True,
            decided_on=day,
        )
        services.permit_issue(application=application, user=clerk, issued_on=day)
    application.refresh_from_db()
    return application


def permit_of(application):
    return Permit.objects.get(application=application)


def page(response):
    return response.content.decode()


# ---------------------------------------------------------------- the list


class TestPostCheckList(ListPageTests):
    url_name = "licensing:post_check_list"
    view_class = PostCheckListView
    export_headers = ("单位", "许可证号", "发证日期", "核查期限", "剩余/逾期")

    def make_object(self, **kwargs):
        return commitment(UserFactory(), days_ago=3)

    def test_page_lists_rows_with_fixed_query_count(self, client_as, inspector):
        # The generic test looks for str(row) on the page; a check's row shows its unit.
        from tests.generic import count_queries

        client = client_as(inspector)
        first = self.make_object()
        few, response = count_queries(lambda: client.get(reverse(self.url_name)))
        assert first.establishment.name in page(response)
        for _ in range(8):
            self.make_object()
        many, _ = count_queries(lambda: client.get(reverse(self.url_name)))
        assert few == many


def test_overdue_first_then_due_soon_then_later(client_as, clerk):
    later = commitment(clerk, days_ago=2, name="后到期理发店")  # due in 28 days
    overdue = commitment(clerk, days_ago=40, name="逾期理发店")  # 10 days overdue
    soon = commitment(clerk, days_ago=27, name="快到期理发店")  # due in 3 days
    done = commitment(clerk, days_ago=35, name="已核查理发店")
    post_check_record(application=done, user=clerk, result="passed", done_on=today(), note="属实")
    standard = issued_permit(clerk=clerk, received_on=today() - 40 * DAY)

    response = client_as(clerk).get(reverse("licensing:post_check_list"))
    assert response.status_code == 200
    rows = [obj for obj, _ in response.context["rows"]]
    assert rows == [overdue, soon, later]
    assert standard.application not in rows
    cells = {obj.pk: dict((c.key, v) for c, v in cells) for obj, cells in response.context["rows"]}
    assert cells[overdue.pk]["days_left"] == "逾期 10 日"
    assert cells[soon.pk]["days_left"] == "剩 3 日"
    assert cells[overdue.pk]["permit_number"] == permit_of(overdue).number
    text = page(response)
    assert "逾期未核查 1 件" in text and "7 日内到期 1 件" in text
    assert text.index("逾期理发店") < text.index("快到期理发店") < text.index("后到期理发店")
    assert "已核查理发店" not in text


def test_the_lists_filter_picks_overdue_or_due_soon(client_as, manager, clerk):
    overdue = commitment(clerk, days_ago=40)
    soon = commitment(clerk, days_ago=27)
    commitment(clerk, days_ago=2)
    client = client_as(manager)
    url = reverse("licensing:post_check_list")
    shown = client.get(url, {"when": "overdue"}).context["rows"]
    assert [obj for obj, _ in shown] == [overdue]
    shown = client.get(url, {"when": "soon"}).context["rows"]
    assert [obj for obj, _ in shown] == [soon]


def test_window_tabs_lead_to_the_checks(client_as, manager):
    response = client_as(manager).get(reverse("licensing:permit_list"))
    assert reverse("licensing:post_check_list") in page(response)
    assert "承诺制核查" in page(response)


# ---------------------------------------------------------------- recording a check


def test_a_check_is_recorded_once(clerk):
    application = commitment(clerk, days_ago=10)
    post_check_record(
        application=application, user=clerk, result="passed", done_on=today(), note=""
    )
    with pytest.raises(ValidationError) as refused:
        post_check_record(
            application=application, user=clerk, result="failed", done_on=today(), note="x"
        )
    assert "不能重复登记" in str(refused.value)
    application.refresh_from_db()
    assert application.post_check_result == "passed"
    assert not Application.objects.post_checks_open().filter(pk=application.pk).exists()


def test_double_submit_of_the_check_form_records_once(client_as, clerk):
    application = commitment(clerk, days_ago=10)
    client = client_as(clerk)
    url = reverse("licensing:post_check_record", args=[application.pk])
    form = client.get(url).context
    data = {
        "result": "passed",
        "done_on": today().isoformat(),
        "note": "现场与承诺一致",
        "_record_version": form["record_version"],
        SUBMISSION_FIELD: "key-1234567890",
    }
    first = client.post(url, data)
    assert first.status_code == 302
    second = client.post(url, data, follow=True)
    assert REPLAYED_MESSAGE in page(second)
    history = Application.history.filter(id=application.pk, history_change_reason__contains="核查")
    assert history.count() == 1
    # Another tab, opened before the check was recorded, with its own key: refused.
    data[SUBMISSION_FIELD] = "key-other-tab-12345"
    third = client.post(url, data)
    assert third.status_code in (400, 409)
    assert history.count() == 1


def test_a_failed_check_states_what_was_untrue(clerk):
    application = commitment(clerk, days_ago=10)
    with pytest.raises(ValidationError) as refused:
        post_check_record(
            application=application, user=clerk, result="failed", done_on=today(), note=" "
        )
    assert "note" in refused.value.error_dict
    application.refresh_from_db()
    assert application.post_check_done_on is None


def test_check_dates_between_issue_and_today(clerk):
    application = commitment(clerk, days_ago=10)
    for day, message in ((today() + DAY, "晚于今天"), (today() - 11 * DAY, "早于发证日期")):
        with pytest.raises(ValidationError) as refused:
            post_check_record(
                application=application, user=clerk, result="passed", done_on=day, note=""
            )
        assert message in str(refused.value.error_dict["done_on"])


def test_the_checks_inspection_is_of_the_unit_and_not_voided(clerk):
    from inspections.services.corrections import inspection_void

    application = commitment(clerk, days_ago=10)
    elsewhere = inspection_record()
    with pytest.raises(ValidationError) as refused:
        post_check_record(
            application=application,
            user=clerk,
            result="passed",
            done_on=today(),
            inspection=elsewhere,
        )
    assert "单位不一致" in str(refused.value.error_dict["inspection"])
    voided = inspection_record(establishment=application.establishment)
    voided = inspection_void(inspection=voided, user=UserFactory(role="manager"), reason="录错")
    with pytest.raises(ValidationError) as refused:
        post_check_record(
            application=application,
            user=clerk,
            result="passed",
            done_on=today(),
            inspection=voided,
        )
    assert "已作废" in str(refused.value.error_dict["inspection"])
    on_site = inspection_record(establishment=application.establishment)
    application = post_check_record(
        application=application, user=clerk, result="passed", done_on=today(), inspection=on_site
    )
    assert application.post_check_inspection == on_site


def test_only_commitment_path_permits_are_checked(clerk):
    permit = issued_permit(clerk=clerk, received_on=today() - 5 * DAY)
    with pytest.raises(ValidationError) as refused:
        post_check_record(
            application=permit.application, user=clerk, result="passed", done_on=today()
        )
    assert "不是按告知承诺制发证" in str(refused.value)


# ---------------------------------------------------------------- revocation


def test_failed_check_then_revocation_by_the_manager(client_as, clerk, manager):
    application = commitment(clerk, days_ago=20, name="承诺不实美发店")
    permit = permit_of(application)
    before = LicensingDocument.objects.filter(kind=LicensingDocumentKind.REVOCATION).count()

    client = client_as(clerk)
    check_url = reverse("licensing:post_check_record", args=[application.pk])
    version = client.get(check_url).context["record_version"]
    response = client.post(
        check_url,
        {
            "result": "failed",
            "done_on": today().isoformat(),
            "note": "现场无消毒设施，与承诺不符",
            "_record_version": version,
        },
        follow=True,
    )
    assert "承诺不实" in page(response)
    assert "待负责人决定撤销" in page(response)  # the clerk is not offered the revocation
    revoke_url = reverse("licensing:permit_revoke", args=[permit.pk])
    assert revoke_url not in page(response)
    # The list tells everyone the permit awaits its revocation.
    listed = client.get(reverse("licensing:post_check_list"))
    assert "承诺不实美发店" in page(listed) and "待负责人决定撤销" in page(listed)

    client = client_as(manager)
    check_page = client.get(check_url)
    assert revoke_url in page(check_page)  # offered from the check
    form = client.get(revoke_url)
    assert form.status_code == 200
    assert "承诺不实" in form.context["form"].initial["reason"]
    response = client.post(
        revoke_url,
        {
            "revoked_on": today().isoformat(),
            "reason": "经核查，申请人承诺不实（现场无消毒设施）",
            "_record_version": form.context["record_version"],
        },
        follow=True,
    )
    assert response.status_code == 200
    permit.refresh_from_db()
    assert permit.status == PermitStatus.REVOKED
    assert permit.state == PermitState.REVOKED and permit.state_label == "已撤销"
    assert permit.cancelled_on == today()
    assert permit.history.first().history_change_reason == "撤销"
    document = LicensingDocument.objects.get(kind=LicensingDocumentKind.REVOCATION, permit=permit)
    assert document.application == application
    assert document.sequence == before + 1 and document.year == today().year
    series = document_series(LicensingDocumentKind.REVOCATION)
    assert document.number.startswith("卫许撤") and str(today().year) in document.number
    assert series == "licensing-revocation"
    assert f"撤销行政许可决定书 {document.number}" in page(response)
    # The check's page shows the revocation and offers it no more.
    check_page = client.get(check_url)
    assert document.number in page(check_page) and revoke_url not in page(check_page)
    pdf_url = reverse("licensing:document_pdf", args=[document.pk])
    assert pdf_url in page(check_page)
    assert "登记" in page(check_page)  # who recorded the check
    pdf = client.get(pdf_url)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert Permit.objects.in_state(PermitState.REVOKED).filter(pk=permit.pk).exists()


def test_revocation_documents_are_numbered_in_their_series(manager, clerk):
    first = permit_revoke(
        permit=issued_permit(clerk=clerk, received_on=today() - 5 * DAY),
        user=manager,
        revoked_on=today(),
        reason="以欺骗手段取得",
    )
    second = permit_revoke(
        permit=permit_of(commitment(clerk, days_ago=5)),
        user=manager,
        revoked_on=today(),
        reason="承诺不实",
    )
    numbers = [
        p.documents.get(kind=LicensingDocumentKind.REVOCATION).sequence for p in (first, second)
    ]
    assert numbers[1] == numbers[0] + 1


def test_a_clerk_cannot_revoke(client_as, clerk):
    permit = permit_of(commitment(clerk, days_ago=20))
    url = reverse("licensing:permit_revoke", args=[permit.pk])
    client = client_as(clerk)
    assert client.get(url).status_code == 403
    response = client.post(url, {"revoked_on": today().isoformat(), "reason": "承诺不实"})
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        permit_revoke(permit=permit, user=clerk, revoked_on=today(), reason="承诺不实")
    permit.refresh_from_db()
    assert permit.status == PermitStatus.VALID
    assert not LicensingDocument.objects.filter(kind=LicensingDocumentKind.REVOCATION).exists()


def test_revocation_once_with_a_reason_and_a_true_date(manager, clerk):
    permit = permit_of(commitment(clerk, days_ago=20))
    with pytest.raises(ValidationError) as refused:
        permit_revoke(permit=permit, user=manager, revoked_on=today(), reason="  ")
    assert "reason" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        permit_revoke(permit=permit, user=manager, revoked_on=today() + DAY, reason="不实")
    assert "revoked_on" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        permit_revoke(permit=permit, user=manager, revoked_on=today() - 21 * DAY, reason="不实")
    assert "早于发证日期" in str(refused.value)
    permit_revoke(permit=permit, user=manager, revoked_on=today(), reason="承诺不实")
    with pytest.raises(ValidationError) as refused:
        permit_revoke(permit=permit, user=manager, revoked_on=today(), reason="承诺不实")
    assert "已于" in str(refused.value) and "撤销" in str(refused.value)
    assert permit.documents.filter(kind=LicensingDocumentKind.REVOCATION).count() == 1


def test_revoke_page_of_a_permit_no_longer_current_goes_back_with_why(client_as, manager, clerk):
    permit = permit_of(commitment(clerk, days_ago=20))
    permit_revoke(permit=permit, user=manager, revoked_on=today(), reason="承诺不实")
    response = client_as(manager).get(
        reverse("licensing:permit_revoke", args=[permit.pk]), follow=True
    )
    assert "不能再次撤销" in page(response)
    assert response.redirect_chain[-1][0] == permit.get_absolute_url()


def test_an_inspector_records_a_check_on_site(client_as, inspector, clerk):
    application = commitment(clerk, days_ago=12)
    visit = inspection_record(establishment=application.establishment)
    inspection_record(establishment=application.establishment, inspected_at=when(days_ago=20))
    client = client_as(inspector)
    url = reverse("licensing:post_check_record", args=[application.pk])
    form = client.get(url).context["form"]
    # Only this unit's visits since the permit was issued are offered.
    assert list(form.fields["inspection"].queryset) == [visit]
    response = client.post(
        url,
        {
            "result": "passed",
            "done_on": today().isoformat(),
            "inspection": visit.pk,
            "_record_version": client.get(url).context["record_version"],
        },
        follow=True,
    )
    assert "已登记核查：核查属实" in page(response)
    application.refresh_from_db()
    assert application.post_check_inspection == visit
    assert application.history.first().history_user == inspector


def test_check_page_of_a_standard_permit_says_no_check_is_due(client_as, clerk):
    permit = issued_permit(clerk=clerk, received_on=today() - 5 * DAY)
    response = client_as(clerk).get(
        reverse("licensing:post_check_record", args=[permit.application_id])
    )
    assert response.status_code == 200
    assert "无需发证后核查" in page(response)
    assert "登记核查结果" not in page(response)
