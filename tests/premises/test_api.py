import datetime

import pytest
from django.urls import reverse

from core.tokens import token_issue
from premises.models import Category, Domain, Establishment, Practitioner, Township
from tests.api_writes import service_writes
from tests.factories import (
    EstablishmentFactory,
    PractitionerFactory,
    TownshipFactory,
    kind,
    valid_id_number,
)
from tests.generic import APIEndpointTests


class TestDomainAPI(APIEndpointTests):
    basename = "domain"
    paginated = False

    def make_object(self):
        return Domain.objects.create(
            code=f"d{Domain.objects.count()}", name=f"专业{Domain.objects.count()}"
        )

    def test_stable_codes(self, client_as, inspector):
        codes = {d["code"] for d in client_as(inspector).get(self.list_url()).json()}
        assert codes == {
            "public_places",
            "drinking_water",
            "schools",
            "medical",
            "radiation",
            "occupational",
            "family_planning",
            "health_promotion",
        }


class TestCategoryAPI(APIEndpointTests):
    basename = "category"
    paginated = False

    def make_object(self):
        parent = Category.objects.get(code="pp.bathing")
        n = Category.objects.count()
        return Category.objects.create(
            domain=parent.domain, parent=parent, code=f"pp.bathing.x{n}", name=f"新类{n}"
        )

    def test_fields_and_permit_flags(self, client_as, inspector):
        rows = {c["code"]: c for c in client_as(inspector).get(self.list_url()).json()}
        barber = rows["pp.bathing.barber"]
        assert set(barber) >= {"id", "code", "name", "parent", "domain"}
        assert barber["parent"] == rows["pp.bathing"]["id"] and barber["domain"] == "public_places"
        assert rows["pp.sports.park"]["needs_permit"] is False
        assert rows["pp.transport.vehicle"]["needs_permit"] is False
        assert rows["pp.sports.stadium"]["needs_permit"] is False
        assert rows["pp.lodging.hotel"]["needs_permit"] is True
        # derived from the permit types that list the kind (the one table of it)
        assert rows["pp.lodging.hotel"]["permit_types"] == ["public_place"]
        assert rows["dw.supply.central"]["permit_types"] == ["water_central"]
        assert rows["dw.supply.school_well"]["permit_types"] == []
        # The seven classes of 公共场所卫生管理条例 art. 2.
        classes = [
            c for c in rows.values() if c["domain"] == "public_places" and c["parent"] is None
        ]
        assert len(classes) == 7

    def test_filter_by_the_permit_types_a_kind_needs(self, client_as, inspector):
        client = client_as(inspector)
        needing = {c["code"] for c in client.get(self.list_url(), {"needs_permit": "true"}).json()}
        free = {c["code"] for c in client.get(self.list_url(), {"needs_permit": "false"}).json()}
        assert {"pp.lodging.teahouse", "dw.supply.vending", "rd.diagnosis.xray"} <= needing
        assert {"pp.sports.park", "dw.supply.school_well", "pp.bathing"} <= free
        assert not needing & free
        water = client.get(self.list_url(), {"permit_type": "water_secondary"}).json()
        assert [c["code"] for c in water] == ["dw.supply.secondary"]


class TestTownshipAPI(APIEndpointTests):
    basename = "township"
    paginated = False

    def make_object(self):
        return TownshipFactory()


class TestEstablishmentAPI(APIEndpointTests):
    basename = "establishment"
    model = Establishment
    writer = "clerk"
    invalid_payloads = [
        ({"credit_code": "91350100M000100Y44"}, "credit_code"),
        ({"credit_code": ""}, "credit_code"),
        ({"name": ""}, "name"),
        ({"township": 999999}, "township"),
        ({"category": None}, "category"),
        ({"opened_on": "2024-13-01"}, "opened_on"),
        ({"opened_on": "2099-01-01"}, "opened_on"),
        ({"phone": "abc"}, "phone"),
    ]

    def make_object(self):
        return EstablishmentFactory()

    def create_payload(self):
        township = Township.objects.first() or TownshipFactory()
        return {
            "name": "城关悦来宾馆",
            "credit_code": "91350100m000100y43",
            "legal_representative": "王五",
            "address": "解放路1号",
            "township": township.pk,
            "category": kind("pp.lodging.hotel").pk,
            "opened_on": "2021-04-01",
        }

    def make_filter_data(self):
        hotel = kind("pp.lodging.hotel")
        self.town_a = TownshipFactory(name="甲镇")
        EstablishmentFactory(township=self.town_a, category=hotel, name="甲镇宾馆")
        EstablishmentFactory(township=self.town_a, name="甲镇理发店")
        EstablishmentFactory(category=kind("md.institution.clinic"), name="乙镇诊所")

    @property
    def filter_cases(self):
        domain = Domain.objects.get(code="public_places").pk
        return [
            ({"q": "甲镇"}, 2),
            ({"category": kind("pp.lodging.hotel").pk}, 1),
            (
                {"category": Category.objects.get(code="pp.lodging").pk},
                1,
            ),  # a class matches its kinds
            ({"domain": domain}, 2),
            ({"status": "operating", "q": "镇"}, 3),
            ({"status": "closed"}, 0),
        ]

    def test_created_unit_and_its_opening(self, client_as, clerk):
        response = client_as(clerk).post(
            self.list_url(), self.create_payload(), content_type="application/json"
        )
        data = response.json()
        assert data["credit_code"] == "91350100M000100Y43"
        assert data["status"] == "operating" and data["domain"] == "public_places"
        unit = Establishment.objects.get(pk=data["id"])
        assert unit.status_changes.get().date == datetime.date(2021, 4, 1)
        assert unit.history.get().history_user == clerk

    def test_duplicate_open_credit_code_is_refused(self, client_as, clerk):
        client = client_as(clerk)
        assert (
            client.post(
                self.list_url(), self.create_payload(), content_type="application/json"
            ).status_code
            == 201
        )
        response = client.post(
            self.list_url(), self.create_payload(), content_type="application/json"
        )
        assert response.status_code == 400 and "credit_code" in response.json()

    def test_close_records_the_date(self, client_as, clerk, inspector):
        unit = EstablishmentFactory()
        url = reverse("establishment-status", args=[unit.pk])
        payload = {"kind": "closed", "date": "2024-05-06", "reason": "注销"}
        assert (
            client_as(inspector).post(url, payload, content_type="application/json").status_code
            == 403
        )
        response = client_as(clerk).post(url, payload, content_type="application/json")
        assert response.status_code == 200
        assert (
            response.json()["status"] == "closed" and response.json()["closed_on"] == "2024-05-06"
        )
        again = client_as(clerk).post(url, payload, content_type="application/json")
        assert again.status_code == 400 and "kind" in again.json()

    def test_update_cannot_touch_status(self, client_as, clerk):
        unit = EstablishmentFactory()
        url = reverse("establishment-detail", args=[unit.pk])
        response = client_as(clerk).patch(
            url, {"status": "closed", "name": "改名后"}, content_type="application/json"
        )
        assert response.status_code == 200
        unit.refresh_from_db()
        assert unit.name == "改名后" and unit.status == "operating"

    def test_token_authentication(self, client, clerk):
        _, token = token_issue(user=clerk)
        EstablishmentFactory()
        response = client.get(self.list_url(), HTTP_AUTHORIZATION=f"Token {token}")
        assert response.status_code == 200 and response.json()["count"] == 1


class TestPractitionerAPI(APIEndpointTests):
    basename = "practitioner"
    model = Practitioner
    writer = "clerk"
    invalid_payloads = [
        ({"id_number": "110105194912310021"}, "id_number"),
        ({"sex": "X"}, "sex"),
        ({"hired_on": "2023-05-01", "left_on": "2023-01-01"}, "left_on"),
        ({"establishment": 999999}, "establishment"),
    ]

    def make_object(self):
        return PractitionerFactory()

    def create_payload(self):
        unit = Establishment.objects.first() or EstablishmentFactory()
        return {
            "establishment": unit.pk,
            "name": "李四",
            "sex": "F",
            "post": "美发师",
            "id_number": valid_id_number(),
            "hired_on": "2022-01-01",
        }

    def test_id_number_masked_in_lists_and_for_roles_without_permission(
        self, client_as, clerk, inspector
    ):
        p = PractitionerFactory(id_number="11010519491231002X")
        listed = client_as(clerk).get(self.list_url()).json()["results"][0]
        assert listed["id_number"] == "1101**********002X"
        detail_url = reverse("practitioner-detail", args=[p.pk])
        assert client_as(clerk).get(detail_url).json()["id_number"] == "1101**********002X"
        revealed = client_as(clerk).get(detail_url, {"reveal": "1"}).json()
        assert revealed["id_number"] == "11010519491231002X"
        assert client_as(inspector).get(detail_url).json()["id_number"] == "1101**********002X"
        assert (
            "11010519491231002X" not in client_as(inspector).get(self.list_url()).content.decode()
        )


@pytest.mark.django_db
def test_openapi_schema_lists_the_endpoints(client_as, manager):
    response = client_as(manager).get(reverse("api_schema"), {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/v1/establishments/",
        "/api/v1/practitioners/",
        "/api/v1/categories/",
        "/api/v1/domains/",
        "/api/v1/townships/",
        "/api/v1/establishments/{id}/status/",
    ):
        assert path in paths


@pytest.mark.django_db
def test_every_write_goes_through_the_one_input_base(client_as, clerk):
    client = client_as(clerk)
    json = "application/json"
    with service_writes() as calls:
        payload = TestEstablishmentAPI().create_payload()
        unit = client.post(reverse("establishment-list"), payload, content_type=json).json()
        unit_url = reverse("establishment-detail", args=[unit["id"]])
        assert client.patch(unit_url, {"name": "改名"}, content_type=json).status_code == 200
        assert client.put(unit_url, payload, content_type=json).status_code == 200
        person = {
            "establishment": unit["id"],
            "name": "李四",
            "sex": "F",
            "post": "美发师",
            "id_number": valid_id_number(),
            "hired_on": "2022-01-01",
        }
        created = client.post(reverse("practitioner-list"), person, content_type=json).json()
        person_url = reverse("practitioner-detail", args=[created["id"]])
        assert client.patch(person_url, {"post": "会计"}, content_type=json).status_code == 200
        status_url = reverse("establishment-status", args=[unit["id"]])
        closing = {"kind": "closed", "date": "2024-05-06", "reason": "注销"}
        assert client.post(status_url, closing, content_type=json).status_code == 200
    assert calls == [
        "establishment_create",
        "establishment_update",
        "establishment_update",
        "practitioner_create",
        "practitioner_update",
        "establishment_change_status",
    ]
