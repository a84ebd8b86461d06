"""The reports API: the summary of any dates and of a year, as summary() computes it;
rates as fractions and null without a denominator; errors keyed by parameter; the role
check; a fixed number of queries; the OpenAPI schema carries the definitions."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from reports import figures
from reports.scope import Period, Scope
from tests.reports.builders import D, domain, people, units, visits
from tests.reports.test_drilldown import county, scope_2024

pytestmark = pytest.mark.django_db
SUMMARY = reverse("report-summary")
ANNUAL = reverse("report-annual")
REQUIRED = (
    "units inspected_units coverage_rate visits frequency licensed_before licence_due "
    "licences_issued licensing_rate practitioners examined exam_rate trained training_rate "
    "by_category pass_rate monitoring_pass_rate cases"
).split()
ROW_KEYS = (
    "class kind units inspected_units visits licence_due licences_issued practitioners "
    "examined trained"
).split()


@pytest.fixture
def api(persona):
    def login(role="manager"):
        client = APIClient()
        client.force_authenticate(persona(role))
        return client

    return login


def test_summary_of_dates_is_summary_of_the_scope(api):
    county()
    response = api("inspector").get(
        SUMMARY, {"start": "2024-01-01", "end": "2024-12-31", "domain": "public_places"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body == json.loads(json.dumps(figures.summary(scope_2024())))
    for key in REQUIRED:
        assert key in body, key
    for row in body["by_category"]:
        assert set(ROW_KEYS) <= set(row)
    assert (body["units"], body["inspected_units"], body["visits"]) == (7, 4, 6)
    assert body["coverage_rate"] == 0.5714 and body["licensing_rate"] == 0.2
    assert body["frequency"] == 1.5 and body["monitoring_pass_rate"] == 0.5
    assert body["cases"] == 3  # the simple-procedure case of county() too


def test_annual_is_the_calendar_year(api):
    town = county()
    response = api("clerk").get(
        ANNUAL, {"year": "2024", "domain": "public_places", "township": town["east"].code}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["scope"]["start"] == "2024-01-01" and body["scope"]["end"] == "2024-12-31"
    scope = Scope(Period.year(2024), domain("public_places"), town["east"])
    assert body == json.loads(json.dumps(figures.summary(scope)))
    assert (body["units"], body["visits"]) == (3, 2)


def test_all_domains_when_no_domain_is_given(api):
    county()
    body = api().get(ANNUAL, {"year": "2024"}).json()
    assert body["scope"]["domain"] is None
    assert body["units"] == 8  # the water-supply unit too


def test_rates_are_null_without_a_denominator(api):
    body = api().get(ANNUAL, {"year": "2030", "domain": "schools"}).json()
    for key in (
        "coverage_rate",
        "frequency",
        "pass_rate",
        "licensing_rate",
        "exam_rate",
        "training_rate",
        "monitoring_pass_rate",
    ):
        assert body[key] is None, key
    assert body["units"] == 0 and body["by_category"] == []


def test_the_year_before_and_the_change(api):
    shops = units(2)
    visits(shops, D(2024, 3, 1))
    visits(shops[:1], D(2024, 4, 1))
    visits(shops[:1], D(2023, 3, 1))
    visits(shops[:1], D(2023, 4, 1))
    body = api().get(ANNUAL, {"year": "2024", "domain": "public_places"}).json()
    assert body["year_before"]["visits"] == 2 and body["year_before"]["coverage_rate"] == 0.5
    assert body["change"]["visits"] == 0.5
    assert body["change"]["cases"] is None  # nothing the year before


@pytest.mark.parametrize(
    ("url", "params", "errors"),
    [
        (SUMMARY, {}, {"start", "end"}),
        (SUMMARY, {"start": "2024-01-01"}, {"end"}),
        (SUMMARY, {"start": "2024-13-01", "end": "2024-12-31"}, {"start"}),
        (SUMMARY, {"start": "2024-12-31", "end": "2024-01-01"}, {"end"}),
        (SUMMARY, {"start": "2024-01-01", "end": "2024-12-31", "domain": "x"}, {"domain"}),
        (SUMMARY, {"start": "2024-01-01", "end": "2024-12-31", "township": "0"}, {"township"}),
        (ANNUAL, {}, {"year"}),
        (ANNUAL, {"year": "twenty"}, {"year"}),
        (ANNUAL, {"year": "2024", "domain": "nowhere"}, {"domain"}),
    ],
)
def test_bad_parameters_are_400_keyed_by_parameter(url, params, errors, api):
    response = api().get(url, params)
    assert response.status_code == 400
    body = response.json()
    assert set(body) == errors
    assert all(isinstance(m, str) and m for messages in body.values() for m in messages)


def test_error_messages_are_chinese(api):
    body = api().get(SUMMARY, {"start": "2024-12-31", "end": "2024-01-01"}).json()
    assert body == {"end": ["结束日期不能早于开始日期。"]}
    assert api().get(ANNUAL, {}).json() == {"year": ["请填写此参数。"]}


def test_who_may_read(api, db):
    anonymous = APIClient().get(ANNUAL, {"year": "2024"})
    assert anonymous.status_code == 401
    assert api("outsider").get(ANNUAL, {"year": "2024"}).status_code == 403
    for role in ("inspector", "clerk", "manager", "administrator"):
        assert api(role).get(ANNUAL, {"year": "2024"}).status_code == 200, role


def _build(n):
    shops = units(n)
    visits(shops, D(2024, 3, 1))
    visits(shops, D(2023, 3, 1))
    for shop in shops[:2]:
        people(shop, 2)


def test_queries_do_not_grow_with_the_data(api):
    """Counted twice: right after records were written (the kept counts of the townships
    written are redone) and again (nothing to redo); neither grows with the data."""
    client = api()
    params = {"start": "2024-01-01", "end": "2024-12-31", "domain": "public_places"}

    def queries():
        with CaptureQueriesContext(connection) as redo:
            assert client.get(SUMMARY, params).status_code == 200
        with CaptureQueriesContext(connection) as kept:
            body = client.get(SUMMARY, params).json()
        return len(redo), len(kept), body

    _build(3)
    client.get(SUMMARY, params)  # the user's permissions are cached from now on
    _build(1)
    small_redo, small_kept, _ = queries()
    _build(12)
    large_redo, large_kept, body = queries()
    assert body["units"] == 16
    assert (large_redo, large_kept) == (small_redo, small_kept)
    assert small_kept < small_redo


def test_schema_documents_parameters_and_definitions(client_as, manager):
    response = client_as(manager).get(reverse("api_schema"), {"format": "json"})
    assert response.status_code == 200
    schema = json.loads(response.content)
    summary = schema["paths"]["/api/v1/reports/summary/"]["get"]
    names = {p["name"]: p for p in summary["parameters"]}
    assert {"start", "end", "domain", "township"} <= set(names)
    assert names["start"]["required"] and names["end"]["required"]
    annual = schema["paths"]["/api/v1/reports/annual/"]["get"]
    assert {"year", "domain"} <= {p["name"] for p in annual["parameters"]}
    description = summary["responses"]["200"]["description"]
    for definition in (f.definition for f in figures.FIGURES.values()):
        assert definition in description
    fields = schema["components"]["schemas"]["ReportSummary"]["properties"]
    assert figures.FIGURES["coverage_rate"].definition in fields["coverage_rate"]["description"]
    assert fields["coverage_rate"]["nullable"] is True
    row = schema["components"]["schemas"]["ReportCategoryRow"]["properties"]
    assert set(ROW_KEYS) <= set(row)
