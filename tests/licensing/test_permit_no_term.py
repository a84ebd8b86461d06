"""The 放射诊疗许可证 has no term of its own (issue #18): it is verified together with the
医疗机构执业许可证 (《放射诊疗管理规定》第十七条) and is in force until cancelled, revoked or
replaced. PermitType.term_years is blank for it (长期有效，按校验管理) and its permits have no
end (Permit.expires_on NULL): never expired, never expiring, never due for 延续; 变更 and
注销 still work. A type with a term (the public-place permit) keeps its 4 years."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.dates import add_years
from licensing import services
from licensing.choices import PermitState
from licensing.documents import permit_document
from licensing.documents.verification import permit_payload
from licensing.models import Permit, PermitType
from licensing.views.permits import permit_actions
from tests.factories import EstablishmentFactory, kind
from tests.licensing.factories import approved, issued_permit, public_place
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db
D = datetime.date
ISSUED = D(2024, 3, 1)
TEN_YEARS_ON = D(2034, 3, 1)


def radiation():
    return PermitType.objects.get(code="radiation")


def xray_unit():
    return EstablishmentFactory(category=kind("rd.diagnosis.xray"), opened_on=D(2020, 1, 1))


def issue_radiation(clerk, *, unit=None, day=ISSUED):
    application = services.application_receive(
        user=clerk,
        establishment=unit or xray_unit(),
        permit_type=radiation(),
        kind="new",
        received_on=day,
        business_scope="X射线影像诊断",
    )
    return services.permit_issue(
        application=approved(application, clerk=clerk), user=clerk, issued_on=day
    )


def state_both_ways(permit, day):
    """The permit's state on ``day`` by SQL (with_state) and by Python (state_on)."""
    sql = Permit.objects.with_state(day).get(pk=permit.pk).state
    return sql, Permit.objects.get(pk=permit.pk).state_on(day)


# ---------------------------------------------------------------- the type and its permits


def test_the_radiation_type_has_no_term_and_is_verified():
    ptype = radiation()
    assert ptype.term_years is None and ptype.verification_years
    assert ptype.term_end(ISSUED) is None
    assert public_place().term_years == 4


def test_a_type_without_a_term_must_be_verified():
    ptype = radiation()
    ptype.verification_years = None
    with pytest.raises(ValidationError) as exc:
        ptype.full_clean()
    assert "校验周期" in exc.value.message_dict["verification_years"][0]
    # the database refuses it too
    with pytest.raises(ValidationError):
        ptype.validate_constraints()


def test_the_admin_refuses_a_type_without_term_or_verification(client_as, administrator):
    ptype = radiation()
    data = {
        "code": ptype.code,
        "name": ptype.name,
        "term_years": "",
        "validity_end": ptype.validity_end,
        "decision_working_days": ptype.decision_working_days,
        "renewal_notice_days": ptype.renewal_notice_days,
        "post_check_days": ptype.post_check_days,
        "review_years": "",
        "verification_years": "",
        "review_on_site": "on",
        "number_series": ptype.number_series_id,
        "categories": [c.pk for c in ptype.categories.all()],
        "is_active": "on",
    }
    url = reverse("admin:licensing_permittype_change", args=[ptype.pk])
    response = client_as(administrator).post(url, data)
    assert response.status_code == 200
    assert "请填写校验周期" in response.content.decode()
    ptype.refresh_from_db()
    assert ptype.verification_years


def test_a_radiation_permit_issued_through_the_window_has_no_end(clerk):
    permit = issue_radiation(clerk)
    assert permit.valid_from == ISSUED and permit.expires_on is None
    assert Permit.objects.held_on(TEN_YEARS_ON).filter(pk=permit.pk).exists()
    assert state_both_ways(permit, TEN_YEARS_ON) == (PermitState.VALID, PermitState.VALID)
    # until it is cancelled
    services.permit_cancel(permit=permit, user=clerk, date=D(2025, 6, 1), reason="停止放射诊疗")
    assert not Permit.objects.held_on(TEN_YEARS_ON).filter(pk=permit.pk).exists()
    assert Permit.objects.held_on(D(2025, 5, 31)).filter(pk=permit.pk).exists()
    assert state_both_ways(permit, TEN_YEARS_ON) == (PermitState.CANCELLED,) * 2


def test_beside_it_the_public_place_permit_keeps_its_four_year_term(clerk):
    """A regression guard beside the radiation permit issued the same day."""
    radiation_permit = issue_radiation(clerk)
    permit = issued_permit(clerk=clerk, received_on=ISSUED)
    assert permit.expires_on == D(2028, 3, 1)
    assert state_both_ways(permit, D(2028, 3, 2)) == (PermitState.EXPIRED,) * 2
    assert not Permit.objects.held_on(TEN_YEARS_ON).filter(pk=permit.pk).exists()
    expiring = Permit.objects.expiring_within(30, today=D(2028, 2, 15))
    assert list(expiring.values_list("pk", flat=True)) == [permit.pk]
    assert radiation_permit.expires_on is None


def test_a_radiation_permit_is_never_expiring_nor_due_for_renewal(clerk):
    permit = issue_radiation(clerk)
    for day in (add_years(ISSUED, 4) - datetime.timedelta(days=10), TEN_YEARS_ON):
        assert not Permit.objects.expiring_within(90, today=day).filter(pk=permit.pk).exists()
        labels = [a["label"] for a in permit_actions(Permit.objects.get(pk=permit.pk), day)]
        assert not any("延续" in label for label in labels)
        assert "变更" in labels and "申请注销" in labels


def test_the_window_home_lists_no_radiation_permit_as_expiring(client_as, clerk):
    """Issued four years ago less ten days: a 4-year term would end within 30 days."""
    day = add_years(timezone.localdate(), -4) + datetime.timedelta(days=10)
    permit = issue_radiation(clerk, day=day)
    response = client_as(clerk).get(reverse("licensing:permit_home"))
    assert response.context["expiring"] == 0
    assert permit.number not in [p.number for p in response.context["expiring_permits"]]
    page = client_as(clerk).get(reverse("licensing:permit_expiring"))
    assert permit.number not in page.content.decode()


def test_a_renewal_of_a_radiation_permit_is_refused_on_its_field(clerk):
    permit = issue_radiation(clerk)
    with pytest.raises(ValidationError) as exc:
        services.application_receive(
            user=clerk,
            establishment=permit.establishment,
            permit_type=radiation(),
            kind="renewal",
            received_on=D(2026, 3, 1),
            business_scope=permit.business_scope,
            previous_permit=permit,
        )
    assert "无需延续" in exc.value.message_dict["kind"][0]


def test_a_change_of_a_radiation_permit_still_works_and_keeps_no_end(clerk):
    permit = issue_radiation(clerk)
    application = services.application_receive(
        user=clerk,
        establishment=permit.establishment,
        permit_type=radiation(),
        kind="change",
        received_on=D(2026, 3, 2),
        business_scope=permit.business_scope,
        previous_permit=permit,
        new_name="县人民医院（新名）",
    )
    changed = services.permit_issue(
        application=approved(application, clerk=clerk), user=clerk, issued_on=D(2026, 3, 2)
    )
    assert changed.valid_from == D(2026, 3, 2) and changed.expires_on is None
    assert state_both_ways(permit, TEN_YEARS_ON) == (PermitState.SUPERSEDED,) * 2
    assert state_both_ways(changed, TEN_YEARS_ON) == (PermitState.VALID,) * 2
    cancellation = services.application_receive(
        user=clerk,
        establishment=permit.establishment,
        permit_type=radiation(),
        kind="cancellation",
        received_on=D(2026, 4, 1),
        previous_permit=changed,
    )
    assert cancellation.pk


# ---------------------------------------------------------------- 补录


def register(clerk, *, permit_type, expires_on, unit=None):
    return services.permit_register(
        user=clerk,
        establishment=unit or xray_unit(),
        permit_type=permit_type,
        number="放诊许〔2021〕第0007号",
        issued_on=D(2021, 5, 10),
        expires_on=expires_on,
        business_scope="X射线影像诊断",
    )


def test_registering_a_radiation_permit_with_an_end_is_refused(clerk):
    with pytest.raises(ValidationError) as exc:
        register(clerk, permit_type=radiation(), expires_on=D(2025, 5, 9))
    assert "长期有效" in exc.value.message_dict["expires_on"][0]
    permit = register(clerk, permit_type=radiation(), expires_on=None)
    assert permit.expires_on is None and permit.state == PermitState.VALID


def test_registering_a_public_place_permit_without_an_end_is_refused(clerk):
    with pytest.raises(ValidationError) as exc:
        services.permit_register(
            user=clerk,
            establishment=EstablishmentFactory(),
            permit_type=public_place(),
            number="旧证-1",
            issued_on=D(2024, 3, 1),
            expires_on=None,
            business_scope="理发",
        )
    assert "请填写有效期至" in exc.value.message_dict["expires_on"][0]


def test_the_registration_page_takes_a_radiation_permit_without_an_end(client_as, clerk):
    unit = xray_unit()
    payload = {
        "establishment": unit.pk,
        "permit_type": radiation().pk,
        "number": "放诊许〔2021〕第0008号",
        "business_scope": "X射线影像诊断",
        "issued_on": "2021-05-10",
    }
    client = client_as(clerk)
    response = client.post(reverse("licensing:permit_register"), {**payload, "expires_on": ""})
    assert response.status_code == 302
    assert Permit.objects.get(number=payload["number"]).expires_on is None


def test_the_api_registers_a_radiation_permit_without_an_end(client_as, clerk):
    unit = xray_unit()
    payload = {"establishment": unit.pk, "permit_type": radiation().pk, "issued_on": "2021-05-10"}
    client = client_as(clerk)
    response = client.post(reverse("permit-list"), payload, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert response.json()["expires_on"] is None
    refused = client.post(
        reverse("permit-list"),
        {**payload, "establishment": xray_unit().pk, "expires_on": "2025-05-09"},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "expires_on" in refused.json()


# ---------------------------------------------------------------- what is shown and printed


def test_the_permit_page_shows_the_verification_rule_and_next_verification(client_as, clerk):
    permit = issue_radiation(clerk)
    response = client_as(clerk).get(permit.get_absolute_url())
    page = response.content.decode()
    due = permit.verification_due_on()
    assert "长期有效，按《医疗机构执业许可证》校验周期校验" in page
    assert f"下次校验 {due.year}年{due.month}月{due.day}日" in page
    assert "至 None" not in page and "延续" not in page


def test_the_permit_list_and_its_export_say_no_end(client_as, clerk):
    permit = issue_radiation(clerk)
    client = client_as(clerk)
    page = client.get(reverse("licensing:permit_list")).content.decode()
    assert "长期（按校验）" in page and permit.number in page
    response = client.get(reverse("licensing:permit_list"), {"export": "xlsx"})
    rows = load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True)
    row = next(r for r in rows if permit.number in r)
    assert "长期（按校验）" in row


def test_the_printed_radiation_permit_has_no_end_date(clerk):
    permit = issue_radiation(clerk)
    permit = Permit.objects.with_state().select_related("permit_type").get(pk=permit.pk)
    text = "".join(pdf_text(permit_document(permit)[1]).split())
    assert "自2024年3月1日起长期有效，与《医疗机构执业许可证》同时校验" in text
    assert "至2028" not in text
    assert permit_payload(permit)["t"] is None


def test_the_import_takes_a_radiation_permit_without_an_end_and_refuses_one_with(clerk):
    from core.imports import ImportFailed
    from licensing.imports import PermitImporter
    from tests.licensing.test_pages import xlsx

    with_end, without = xray_unit(), xray_unit()
    rows = [[with_end.credit_code, "radiation", "放诊许〔2021〕第0011号", "X射线影像诊断",
             D(2021, 5, 10), D(2025, 5, 9)]]  # fmt: skip
    with pytest.raises(ImportFailed) as exc:
        PermitImporter(user=clerk).run(xlsx(rows))
    assert [e.column for e in exc.value.errors] == ["有效期至"]
    assert "长期有效" in exc.value.errors[0].message
    rows = [[without.credit_code, "radiation", "放诊许〔2021〕第0012号", "X射线影像诊断",
             D(2021, 5, 10), None]]  # fmt: skip
    assert PermitImporter(user=clerk).run(xlsx(rows)) == 1
    assert Permit.objects.get(establishment=without).expires_on is None


def test_a_change_of_a_radiation_permit_left_with_an_old_end_drops_the_end(clerk):
    """Migration 0016 leaves a registered radiation permit's end when it is not the one
    the old 4-year term computed; its 变更 issues a permit without an end (the permit
    would otherwise be refused for having one)."""
    permit = issue_radiation(clerk)
    Permit.objects.filter(pk=permit.pk).update(expires_on=D(2027, 1, 1))
    application = services.application_receive(
        user=clerk,
        establishment=permit.establishment,
        permit_type=radiation(),
        kind="change",
        received_on=D(2026, 3, 2),
        business_scope="X射线影像诊断、介入放射学",
        previous_permit=Permit.objects.get(pk=permit.pk),
    )
    changed = services.permit_issue(
        application=approved(application, clerk=clerk), user=clerk, issued_on=D(2026, 3, 2)
    )
    assert changed.expires_on is None
