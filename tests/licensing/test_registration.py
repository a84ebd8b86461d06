"""Registering (补录) permits issued before Weijian: only permits that could exist, and
never at the cost of the office's own series of numbers (issue #13)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.models import DocumentCounter
from licensing import services
from licensing.models import Permit
from premises.services import establishment_change_status
from tests.factories import EstablishmentFactory
from tests.licensing.factories import decider, issued_permit, public_place, reviewed

D = datetime.date
pytestmark = pytest.mark.django_db


ISSUED = D(2024, 3, 1)


def register(unit=None, *, user, number="", issued_on=ISSUED, expires_on=None):
    if expires_on is None:
        expires_on = issued_on.replace(year=issued_on.year + 4) - datetime.timedelta(days=1)
    return services.permit_register(
        user=user,
        establishment=unit or EstablishmentFactory(),
        permit_type=public_place(),
        number=number,
        issued_on=issued_on,
        expires_on=expires_on,
        business_scope="理发",
    )


def refusal(user, **kwargs) -> dict:
    with pytest.raises(ValidationError) as exc:
        register(user=user, **kwargs)
    return exc.value.message_dict


# ------------------------------------------------------------ the office's own series


def test_registered_number_ahead_of_the_series_is_passed_over_not_blocking(clerk):
    """The window issued 0001 in 2024; a pre-Weijian permit 0002 is registered: the next
    issue is 0003 (it used to fail with 许可证号已经存在, for the rest of the year)."""
    first = issued_permit(clerk=clerk, received_on=D(2024, 3, 1))
    assert first.number == "卫公证字〔2024〕第0001号"
    old = register(user=clerk, number="卫公证字〔2024〕第0002号", issued_on=D(2024, 1, 5))
    assert (old.year, old.sequence) == (2024, 2)
    second = issued_permit(clerk=clerk, received_on=D(2024, 3, 4))
    third = issued_permit(clerk=clerk, received_on=D(2024, 3, 5))
    assert [second.number, third.number] == ["卫公证字〔2024〕第0003号", "卫公证字〔2024〕第0004号"]
    # Every number up to the counter is held by exactly one permit: no gap, no duplicate.
    counter = DocumentCounter.objects.get(series__code="permit-public_place", year=2024)
    held = sorted(Permit.objects.filter(year=2024).values_list("sequence", flat=True))
    assert held == list(range(1, counter.last_number + 1))


def test_the_same_number_written_without_leading_zeros_is_the_same_number(clerk):
    register(user=clerk, number="卫公证字〔2024〕第1号", issued_on=D(2024, 1, 5))
    issued = issued_permit(clerk=clerk, received_on=D(2024, 3, 1))
    assert issued.number == "卫公证字〔2024〕第0002号"
    errors = refusal(clerk, number="卫公证字〔2024〕第0001号", issued_on=D(2024, 1, 6))
    assert "已登记" in errors["number"][0]
    errors = refusal(clerk, number="卫公证字〔2024〕第2号", issued_on=D(2024, 1, 6))
    assert "卫公证字〔2024〕第0002号" in errors["number"][0]  # says which permit holds it


def test_a_number_of_the_series_must_carry_the_year_of_issue(clerk):
    errors = refusal(clerk, number="卫公证字〔2023〕第0007号", issued_on=D(2024, 1, 5))
    assert "年度（2023）" in errors["number"][0]


def test_another_offices_number_is_kept_as_written_outside_the_series(clerk):
    permit = register(user=clerk, number="赣卫公证字〔2024〕第0001号")
    assert permit.year is None and permit.sequence is None
    assert issued_permit(clerk=clerk).number == "卫公证字〔2024〕第0001号"


# ------------------------------------------------------------ impossible permits


def test_a_second_valid_permit_of_the_type_is_refused(clerk):
    unit = EstablishmentFactory()
    today = timezone.localdate()
    register(
        unit,
        user=clerk,
        issued_on=today - datetime.timedelta(days=30),
        expires_on=today + datetime.timedelta(days=900),
    )
    errors = refusal(
        clerk,
        unit=unit,
        issued_on=today - datetime.timedelta(days=10),
        expires_on=today + datetime.timedelta(days=1000),
    )
    assert "已持有有效的公共场所卫生许可证" in errors["permit_type"][0]
    # An old permit that has expired is history, not a second valid one.
    register(unit, user=clerk, issued_on=D(2015, 5, 1), expires_on=D(2019, 4, 30))
    assert unit.permits.count() == 2


def test_a_permit_for_a_closed_unit_is_refused(clerk):
    unit = EstablishmentFactory(opened_on=D(2020, 1, 1))
    establishment_change_status(
        establishment=unit, user=clerk, kind="closed", date=D(2025, 1, 1), reason="注销"
    )
    errors = refusal(clerk, unit=unit)
    assert errors["establishment"] == ["该单位已关闭，不能补录许可证。"]


def test_validity_beyond_the_types_term_is_refused(clerk):
    errors = refusal(clerk, issued_on=D(2024, 3, 1), expires_on=D(9999, 12, 31))
    assert "有效期至最晚为 2028-03-01" in errors["expires_on"][0]
    assert Permit.objects.count() == 0


def test_a_permit_issued_in_year_one_is_refused_on_its_field(client_as, clerk):
    unit = EstablishmentFactory()
    response = client_as(clerk).post(
        reverse("permit-list"),
        {
            "establishment": unit.pk,
            "permit_type": public_place().pk,
            "number": "旧证-1",
            "issued_on": "0001-01-01",
            "expires_on": "0004-12-31",
            "business_scope": "理发",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "issued_on" in response.json()
    assert Permit.objects.count() == 0


def test_the_registration_page_shows_each_refusal_on_its_field(client_as, clerk):
    unit = EstablishmentFactory()
    client = client_as(clerk)

    def register_on_page(expires_on):
        return client.post(
            reverse("licensing:permit_register"),
            {
                "establishment": unit.pk,
                "permit_type": public_place().pk,
                "number": "旧证-2",
                "business_scope": "理发",
                "issued_on": "2024-03-01",
                "expires_on": expires_on,
            },
        )

    response = register_on_page("2030-12-31")
    assert response.status_code == 400
    assert "有效期至最晚为 2028-03-01" in response.context["form"].errors["expires_on"][0]
    response = register_on_page("9999-12-31")
    assert response.status_code == 400
    assert "不在合理范围内" in response.context["form"].errors["expires_on"][0]
    assert Permit.objects.count() == 0


def test_the_import_checks_any_number_of_rows_in_the_same_queries(clerk):
    """Each row's registration rules read what prepare() loaded: no query per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.imports import ImportFailed
    from licensing.imports import PermitImporter
    from tests.licensing.test_pages import xlsx

    def queries_for(count):
        rows = [
            # 有效期 beyond the four-year term: every row refused, nothing written.
            [EstablishmentFactory().credit_code, "public_place", f"旧证-{count}-{i}", "理发",
             D(2023, 1, 5), D(2029, 1, 4)]
            for i in range(count)
        ]  # fmt: skip
        upload = xlsx(rows)
        with CaptureQueriesContext(connection) as ctx, pytest.raises(ImportFailed) as exc:
            PermitImporter(user=clerk).run(upload)
        assert len(exc.value.errors) == count
        return len(ctx.captured_queries)

    assert queries_for(2) == queries_for(12)


def test_the_window_neither_decides_nor_issues_ahead_of_today(clerk):
    """A decision dated 2035 printed as such; a permit issued in December dated January took
    number 0001 of next year's series before that year began."""
    today = timezone.localdate()
    ahead = datetime.date(today.year + 1, 1, 5)  # next year's series, not begun yet
    application = services.application_receive(
        user=clerk,
        establishment=EstablishmentFactory(),
        permit_type=public_place(),
        kind="new",
        received_on=today,
        business_scope="理发",
    )
    application = reviewed(application, clerk=clerk, day=today)
    with pytest.raises(ValidationError) as exc:
        services.application_decide(
            application=application, user=decider(), approve=True, decided_on=ahead
        )
    assert exc.value.message_dict["decided_on"] == ["决定日期不能晚于今天。"]
    services.application_decide(
        application=application, user=decider(), approve=True, decided_on=today
    )
    with pytest.raises(ValidationError) as exc:
        services.permit_issue(application=application, user=clerk, issued_on=ahead)
    assert exc.value.message_dict["issued_on"] == ["发证日期不能晚于今天。"]
    next_year = DocumentCounter.objects.filter(series__code="permit-public_place", year=ahead.year)
    assert not next_year.filter(last_number__gt=0).exists()  # no number of next year taken
    permit = services.permit_issue(application=application, user=clerk, issued_on=today)
    assert permit.issued_on == today and permit.year == today.year


def test_a_step_sent_from_a_page_opened_before_says_why_it_is_refused(client_as, clerk):
    """Back after 发证 and 发证 again, or 审核 in a second tab: the refusal is on the page,
    not a blank 400 (the clerk's walk)."""
    permit = issued_permit(clerk=clerk, received_on=timezone.localdate())
    client = client_as(clerk)
    response = client.post(
        reverse("licensing:application_issue", args=[permit.application_id]),
        {"issued_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert f"该申请已发证（{permit.number}），不能再次发证。" in body
    response = client.post(
        reverse("licensing:application_review", args=[permit.application_id]), {"note": "同意"}
    )
    assert response.status_code == 400 and "不能审核" in response.content.decode()
