"""Bad input from a careless hand or a hostile client (issue #13): a clear 400 naming the
field, never a 500, and never a record no office could have (core.input_rules). The
generic endpoint tests (tests/generic.py) try every writable endpoint's fields; these are
the findings the issue names, through the pages and the API."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from core.input_rules import date_window, validate_text_length
from licensing.models import Application, Consultation, HealthCertificate
from premises.models import Establishment
from tests.factories import EstablishmentFactory, PractitionerFactory, TownshipFactory, kind
from tests.inspections.factories import inspectors, record
from tests.penalties.factories import case_at

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(user)
    return client


def unit(**changes) -> dict:
    """A unit as the page and the API take it, with ``changes``."""
    return {
        "name": "城关悦来宾馆",
        "credit_code": "91350100M000100Y43",
        "legal_representative": "王五",
        "address": "解放路1号",
        "township": TownshipFactory().pk,
        "category": kind("pp.lodging.hotel").pk,
        "opened_on": "2021-04-01",
        **changes,
    }


# ---------------------------------------------------------------- the 500s found


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("start=0001-01-01&end=0001-12-31", "start"),
        ("start=9999-12-31&end=9999-12-31", "start"),
        ("start=2024-01-01&end=9999-12-31", "end"),
    ],
)
def test_summary_of_an_impossible_period_is_a_400_naming_the_date(manager, query, field):
    response = api(manager).get(f"/api/v1/reports/summary/?{query}")
    assert response.status_code == 400, response.content[:200]
    assert "不在合理范围内" in response.json()[field][0]


def test_summary_page_of_an_impossible_period_says_so(client, manager):
    client.force_login(manager)
    response = client.get(
        reverse("reports:summary"), {"period": "custom", "start": "0001-01-01", "end": "0001-12-31"}
    )
    assert response.status_code in (200, 400)
    assert "不在合理范围内" in response.content.decode()


def test_an_inspection_dated_year_one_is_a_400_naming_the_date(inspector):
    payload = {
        "establishment": EstablishmentFactory().pk,
        "date": "0001-01-01T00:00:00",
        "inspectors": [u.pk for u in inspectors(2)],
        "kind": "routine",
        "findings": "持证经营。",
    }
    response = api(inspector).post("/api/v1/inspections/", payload, format="json")
    assert response.status_code == 400 and "date" in response.json()


def test_json_nested_five_thousand_levels_is_a_400(clerk):
    body = "[" * 5000 + "]" * 5000
    response = api(clerk).post("/api/v1/establishments/", body, content_type="application/json")
    assert response.status_code == 400
    assert "嵌套" in response.json()["detail"]
    deep = '{"name": ' + '{"a": ' * 40 + "1" + "}" * 40 + "}"
    response = api(clerk).post("/api/v1/establishments/", deep, content_type="application/json")
    assert response.status_code == 400


def test_an_id_beyond_any_database_is_a_400_naming_the_field(clerk):
    from licensing.health.services import training_create

    session = training_create(
        user=clerk,
        date=datetime.date(2024, 5, 1),
        place="会议室",
        topic="卫生知识",
        organiser="县卫生监督所",
    )
    response = api(clerk).post(
        reverse("training-attendance", args=[session.pk]),
        {"practitioners": [2**70]},
        format="json",
    )
    assert response.status_code == 400 and "practitioners" in response.json()


# ---------------------------------------------------------------- implausible dates


def test_the_window_runs_from_1949_to_ten_years_ahead(settings):
    first, last = date_window(datetime.date(2026, 12, 3))
    assert (first, last) == (datetime.date(1949, 1, 1), datetime.date(2036, 12, 3))
    settings.RECORD_DATE_YEARS_AHEAD = 5
    assert date_window(datetime.date(2028, 2, 29))[1] == datetime.date(2033, 2, 28)


def test_a_unit_opened_in_year_one_is_refused_on_the_page(client, clerk):
    client.force_login(clerk)
    response = client.post(reverse("premises:establishment_add"), unit(opened_on="0001-01-01"))
    assert response.status_code == 400
    assert "不在合理范围内" in response.context["form"].errors["opened_on"][0]
    assert not Establishment.objects.exists()


def test_a_consultation_in_year_one_starts_no_series(client, clerk):
    client.force_login(clerk)
    response = client.post(
        reverse("licensing:consultation_add"),
        {"consulted_on": "0001-05-01", "topic": "延续手续", "visitor": "王女士"},
    )
    assert response.status_code == 400
    assert not Consultation.objects.exists()


def test_an_application_received_in_year_one_takes_no_receipt_number(clerk):
    from licensing.services import application_receive
    from tests.licensing.factories import public_place

    with pytest.raises(ValidationError) as exc:
        application_receive(
            user=clerk,
            establishment=EstablishmentFactory(),
            permit_type=public_place(),
            kind="new",
            received_on=datetime.date(1, 3, 1),
            business_scope="理发",
        )
    assert "received_on" in exc.value.message_dict
    assert not Application.objects.exists()


def test_a_certificate_dated_year_one_is_refused(clerk):
    payload = {
        "practitioner": PractitionerFactory().pk,
        "number": "JK-1",
        "institution": "县疾控中心",
        "exam_date": "0001-01-01",
        "result": "passed",
    }
    response = api(clerk).post("/api/v1/health-certificates/", payload, format="json")
    assert response.status_code == 400, response.content[:300]
    assert "exam_date" in response.json()
    assert not HealthCertificate.objects.exists()


def test_an_opinion_deadline_in_9999_is_refused(inspector):
    inspection = record()
    payload = {
        "items": [{"problem": "从业人员无健康证明", "requirement": "立即办理"}],
        "deadline": "9999-12-31",
    }
    client = api(inspection.inspectors.first())
    response = client.post(
        reverse("inspection-opinion", args=[inspection.pk]), payload, format="json"
    )
    assert response.status_code == 400 and "deadline" in response.json()


def test_a_case_extension_to_9999_is_refused(manager):
    case = case_at("investigating")
    manager.user_permissions.add(*_permissions("approve_extension"))
    response = api(manager).post(
        reverse("case-extend", args=[case.pk]),
        {"approved_on": str(case.filed_on), "new_due": "9999-12-31", "reason": "案情复杂"},
        format="json",
    )
    assert response.status_code == 400 and "new_due" in response.json()
    assert not case.extensions.exists()


def _permissions(codename):
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(codename=codename)


def test_a_record_saved_directly_is_refused_by_the_model(clerk):
    """Whatever saves it (a service, the admin, a command): the model has the last word."""
    unit = EstablishmentFactory()
    unit.opened_on = datetime.date(1, 1, 1)
    with pytest.raises(ValidationError) as exc:
        unit.save()
    assert "opened_on" in exc.value.message_dict
    unit.refresh_from_db()
    assert unit.opened_on.year > 1


# ---------------------------------------------------------------- text


def test_a_unit_name_with_a_control_character_is_refused_on_the_page(client, clerk):
    client.force_login(clerk)
    response = client.post(reverse("premises:establishment_add"), unit(name="城关\x0b悦来宾馆"))
    assert response.status_code == 400
    assert "控制字符" in response.context["form"].errors["name"][0]
    assert not Establishment.objects.exists()


def test_a_unit_name_with_a_bell_is_refused_by_the_api(clerk):
    response = api(clerk).post("/api/v1/establishments/", unit(name="悦来\x07宾馆"), format="json")
    assert response.status_code == 400
    assert "U+0007" in response.json()["name"][0]


@pytest.mark.parametrize("hidden", ["\u200b", "\u202e", "\ufeff", "\u2060"])
def test_a_name_with_an_invisible_character_is_refused(clerk, hidden):
    """Walk finding: a party name with a zero-width space looked like another and was kept."""
    response = api(clerk).post(
        "/api/v1/establishments/", unit(name=f"悦来{hidden}宾馆"), format="json"
    )
    assert response.status_code == 400
    assert f"U+{ord(hidden):04X}" in response.json()["name"][0]
    assert not Establishment.objects.exists()


def test_five_megabytes_of_notes_are_refused(inspector):
    case = case_at("filed")
    response = api(case.created_by).post(
        reverse("case-investigate", args=[case.pk]),
        {"done_on": str(case.filed_on), "note": "记" * (5 * 1024 * 1024 // 3)},
        format="json",
    )
    assert response.status_code == 400 and "note" in response.json()


def test_line_breaks_and_tabs_stay_allowed_in_free_text(inspector):
    inspection = record(findings="一、持证经营；\r\n二、\t环境整洁。")
    assert "\t" in inspection.findings


def test_a_line_break_typed_counts_as_one_character(settings):
    """Browsers send a typed line break as CR LF: a text of the limit with line breaks is
    not refused, and the count shown is the one the user typed."""
    settings.TEXT_MAX_CHARS = 10
    validate_text_length("一二三\r\n四五六\r\n七八")  # 10 typed characters, 12 sent
    with pytest.raises(ValidationError) as refused:
        validate_text_length("一二三\r\n四五六\r\n七八九")
    assert "当前 11 个" in refused.value.messages[0]
