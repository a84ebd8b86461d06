"""The penalty API's endpoints: generic checks for cases and violations (including the
query-count guard on lists), filing, filters, reference data, ID masking, token sign-in and
the schema. The steps of a case through the API: tests/penalties/test_api_steps.py."""

import pytest
from django.urls import reverse

from core.tokens import token_issue
from penalties.models import PenaltyCase, Violation
from premises.models import Domain
from tests.factories import EstablishmentFactory
from tests.generic import APIEndpointTests
from tests.penalties.factories import case_at, days_ago, file_case, officers, violation


def post(client, url, payload=None):
    return client.post(url, payload or {}, content_type="application/json")


class TestCaseAPI(APIEndpointTests):
    basename = "case"
    model = PenaltyCase
    writer = "inspector"
    reader_without_write = "clerk"
    invalid_payloads = [
        ({"officers": []}, "officers"),
        ({"officers": [999999]}, "officers"),
        ({"violation": 999999}, "violation"),
        ({"source": "rumour"}, "source"),
        ({"source": "inspection"}, "inspection"),
        ({"establishment": None}, "party_kind"),
        ({"party_kind": "unit", "establishment": None}, "establishment"),
        ({"facts": "  "}, "facts"),
        ({"occurred_on": "2099-01-01"}, "occurred_on"),
        ({"occurred_on": "2024-02-30"}, "occurred_on"),
        ({"occurred_on": "2019-01-01"}, "occurred_on"),  # past the 2-year limitation
        ({"filed_on": "2099-01-01"}, "filed_on"),
    ]

    def make_object(self):
        return file_case()

    def create_payload(self):
        return {
            "source": "complaint",
            "establishment": EstablishmentFactory().pk,
            "violation": violation().pk,
            "occurred_on": str(days_ago(10)),
            "filed_on": str(days_ago(5)),
            "facts": "未取得公共场所卫生许可证擅自营业。",
            "officers": [u.pk for u in officers()],
        }

    def make_filter_data(self):
        self.filed = file_case()
        self.closed = case_at("closed")
        self.overdue = file_case(  # decision due 90 days after filing: 10 days ago
            violation=violation("pp-no-testing"),
            occurred_on=days_ago(110),
            filed_on=days_ago(100),
        )

    @property
    def filter_cases(self):
        if not hasattr(self, "closed"):
            return [({}, 0)]  # only read after make_filter_data()
        return [
            ({}, 3),
            ({"status": "filed"}, 2),
            ({"status": "closed"}, 1),
            ({"open": "yes"}, 2),
            ({"due": "overdue"}, 1),
            ({"violation": violation("pp-no-testing").pk}, 1),
            ({"violation": violation("pp-no-permit").pk, "status": "filed"}, 1),
            ({"q": self.closed.number}, 1),
            ({"q": self.overdue.party_name}, 1),
        ]

    def test_filters_name_the_cases(self, client_as, manager):
        self.make_filter_data()
        client = client_as(manager)
        rows = client.get(self.list_url(), {"due": "overdue"}).json()["results"]
        assert [r["number"] for r in rows] == [self.overdue.number]
        assert rows[0]["overdue"] is True and rows[0]["next_due_code"] == "decision"
        rows = client.get(self.list_url(), {"status": "closed"}).json()["results"]
        assert [r["id"] for r in rows] == [self.closed.pk]
        assert rows[0]["fine_total"] == rows[0]["paid_total"] == "3000.00"
        bad = client.get(self.list_url(), {"status": "lost"})
        assert bad.status_code == 400 and "status" in bad.json()

    def test_filing_copies_the_unit_and_numbers_the_case(self, client_as, inspector):
        payload = self.create_payload()
        response = post(client_as(inspector), self.list_url(), payload)
        assert response.status_code == 201, response.json()
        case = response.json()
        unit = EstablishmentFactory._meta.model.objects.get(pk=payload["establishment"])
        assert case["party_kind"] == "unit" and case["party_name"] == unit.name
        assert case["status"] == "filed" and case["status_label"] == "立案"
        assert case["number"].startswith("万卫公立〔")
        assert sorted(case["officers"]) == sorted(payload["officers"])
        assert [s["step"] for s in case["steps"]] == ["filed"]
        assert case["money"]["fine"] == "0.00" and case["hearing"] is None

    def test_unregistered_party_with_a_bad_id_number_is_refused(self, client_as, persona):
        client = client_as(persona("inspector"))
        payload = {
            **self.create_payload(),
            "establishment": None,
            "party_kind": "person",
            "party_name": "王某",
            "party_address": "某镇某村 3 组",
            "party_code": "110105194912310021",
            "violation": violation("illegal-practice").pk,
        }
        response = post(client, self.list_url(), payload)
        assert response.status_code == 400 and "party_code" in response.json()
        assert PenaltyCase.objects.count() == 0

        response = post(client, self.list_url(), {**payload, "party_code": "11010519491231002x"})
        assert response.status_code == 201, response.json()
        case_id = response.json()["id"]
        assert response.json()["establishment"] is None
        # Masked in lists and in detail; in full only on request by users who may see it.
        row = client.get(self.list_url()).json()["results"][0]
        assert row["party_code"] == "1101**********002X"
        detail_url = reverse("case-detail", args=[case_id])
        assert client.get(detail_url).json()["party_code"] == "1101**********002X"
        clerk = client_as(persona("clerk"))
        assert clerk.get(detail_url).json()["party_code"] == "1101**********002X"
        full = clerk.get(detail_url, {"reveal": "1"}).json()
        assert full["party_code"] == "11010519491231002X"

    def test_cases_are_not_put_patched_or_deleted(self, client_as, manager):
        case = file_case()
        client = client_as(manager)
        url = reverse("case-detail", args=[case.pk])
        assert client.put(url, {}, content_type="application/json").status_code == 405
        assert client.patch(url, {}, content_type="application/json").status_code == 405
        assert client.delete(url).status_code == 403  # nobody holds delete_penaltycase
        assert PenaltyCase.objects.filter(pk=case.pk, status="filed").exists()

    def test_token_authentication(self, client, clerk):
        _, token = token_issue(user=clerk)
        file_case()
        response = client.get(self.list_url(), HTTP_AUTHORIZATION=f"Token {token}")
        assert response.status_code == 200 and response.json()["count"] == 1
        refused = client.get(self.list_url(), HTTP_AUTHORIZATION="Token not-a-token")
        assert refused.status_code == 401


class TestViolationAPI(APIEndpointTests):
    basename = "violation"
    paginated = False

    def make_object(self):
        n = Violation.objects.count()
        item = Violation.objects.create(
            code=f"test-{n}", name=f"测试违法行为{n}", legal_basis="某条", penalty_basis="某条"
        )
        item.levels.create(
            severity="ordinary", circumstances="一般", penalties=["warning", "fine"], fine_min=100
        )
        return item

    @property
    def filter_cases(self):
        shipped = Violation.objects.count()
        public_places = Domain.objects.get(code="public_places").pk
        return [
            ({}, shipped),
            ({"q": "擅自营业"}, Violation.objects.filter(name__contains="擅自营业").count()),
            ({"domain": public_places}, Violation.objects.filter(code__startswith="pp-").count()),
            ({"is_active": "false"}, 0),
        ]

    def test_the_discretion_table_of_a_violation(self, client_as, clerk):
        item = violation("pp-no-permit")
        data = client_as(clerk).get(reverse("violation-detail", args=[item.pk])).json()
        assert data["code"] == "pp-no-permit" and "第三十五条" in data["penalty_basis"]
        levels = {level["severity"]: level for level in data["levels"]}
        assert list(levels) == ["minor", "ordinary", "serious"]
        ordinary = levels["ordinary"]
        assert (ordinary["fine_min"], ordinary["fine_max"]) == ("2000.00", "5000.00")
        assert ordinary["fine_range"] == "2,000–5,000 元"
        assert ordinary["penalties"] == [
            {"kind": "warning", "label": "警告"},
            {"kind": "fine", "label": "罚款"},
        ]
        assert ordinary["requires_legal_review"] is False
        assert levels["serious"]["requires_legal_review"] is True
        assert levels["serious"]["fine_max"] == "30000.00"


@pytest.mark.django_db
def test_time_limits_are_listed_with_their_counting(client_as, clerk, persona):
    client = client_as(clerk)
    rows = {row["code"]: row for row in client.get(reverse("timelimit-list")).json()}
    assert len(rows) == 9
    assert rows["public_service"]["days"] == 30 and rows["public_service"]["working_days"] is False
    assert rows["notice_service"]["days"] == 7 and rows["notice_service"]["working_days"] is True
    assert rows["decision"]["days"] == 90 and rows["decision"]["working_days"] is False
    assert rows["service"]["days"] == 7 and rows["service"]["working_days"] is True
    assert rows["payment"]["label"] == "缴纳罚款期限"
    detail = client.get(reverse("timelimit-detail", args=[rows["statement"]["id"]]))
    assert detail.json()["working_days"] is True
    admin = client_as(persona("administrator"))
    assert post(admin, reverse("timelimit-list"), {"code": "x"}).status_code == 405


@pytest.mark.django_db
def test_openapi_schema_documents_each_step(client_as, manager):
    response = client_as(manager).get(reverse("api_schema"), {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]
    steps = [
        "investigate",
        "evidence",
        "extend",
        "notify",
        "statement",
        "waive",
        "hearing-request",
        "hearing-schedule",
        "hearing-hold",
        "legal-review",
        "decide",
        "serve",
        "payments",
        "execute",
        "close",
        "terminate",
        "amend",
        "review",
    ]
    for step in steps:
        assert "post" in paths[f"/api/v1/cases/{{id}}/{step}/"], step
    assert "get" in paths["/api/v1/cases/{id}/payments/"]
    assert "/api/v1/violations/{id}/" in paths and "/api/v1/time-limits/" in paths
    assert not {"put", "patch", "delete"} & set(paths["/api/v1/cases/{id}/"])
    components = schema["components"]["schemas"]
    notify = components["NotifyInput"]["properties"]
    for field in ("fine_amount", "gains_amount", "items_confiscated", "departure_reason"):
        assert field in notify
    decide = components["DecideInput"]["properties"]
    assert "legal_reviewer" not in decide and "done_on" in decide
    assert set(components["LegalReviewInput"]["required"]) == {"reviewed_on", "approved", "opinion"}
    assert components["WaiveInput"]["required"] == ["waived_on"]
    assert components["CaseStatusEnum"]["enum"][0] == "filed"
    evidence = paths["/api/v1/cases/{id}/evidence/"]["post"]["requestBody"]["content"]
    assert list(evidence) == ["multipart/form-data"]
