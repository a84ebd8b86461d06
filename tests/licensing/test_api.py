"""The permit window's REST API: generic endpoint checks, then the steps of an application
and the registration and cancellation of permits."""

import datetime
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.models import DocumentSeries
from inspections.services.corrections import inspection_void
from licensing import services
from licensing.models import Application, Permit, PermitType
from licensing.models.permits import units_without_valid_permit
from tests.api_writes import service_writes
from tests.factories import EstablishmentFactory, TownshipFactory, UserFactory, kind
from tests.generic import APIEndpointTests
from tests.inspections.factories import inspectors, record
from tests.licensing.factories import (
    approved,
    decider,
    issued_permit,
    public_place,
    reviewed,
    site_check,
)

D = datetime.date
_numbers = itertools.count(1)


def post(client, url, payload=None):
    return client.post(url, payload or {}, content_type="application/json")


def step(name, application):
    """The URL of a step of an application (given as a row or its id)."""
    return reverse(f"application-{name}", args=[getattr(application, "pk", application)])


def radiation():
    return PermitType.objects.get(code="radiation")


def receive(unit=None, *, user=None, received_on=None, **kwargs):
    return services.application_receive(
        user=user or UserFactory(),
        establishment=unit or EstablishmentFactory(),
        permit_type=public_place(),
        kind="new",
        business_scope="理发",
        received_on=received_on,
        **kwargs,
    )


def register(
    unit=None,
    *,
    user=None,
    issued_on=datetime.date(2023, 4, 1),
    expires_on=datetime.date(2027, 4, 1),
):
    return services.permit_register(
        user=user or UserFactory(),
        establishment=unit or EstablishmentFactory(),
        permit_type=public_place(),
        number=f"万卫公证字〔2021〕第{next(_numbers):04d}号",
        issued_on=issued_on,
        expires_on=expires_on,
        business_scope="理发",
    )


# --- Generic endpoint tests --------------------------------------------------------------


class TestPermitTypeAPI(APIEndpointTests):
    basename = "permittype"
    paginated = False

    def make_object(self):
        n = PermitType.objects.count()
        series = DocumentSeries.objects.create(
            code=f"permit-test{n}", name=f"测试证{n}", pattern="测证〔{year}〕{number:04d}号"
        )
        permit_type = PermitType.objects.create(
            code=f"test{n}", name=f"测试许可证{n}", number_series=series
        )
        permit_type.categories.set([kind("pp.bathing.barber"), kind("pp.lodging.hotel")])
        return permit_type

    def test_the_shipped_types_and_their_rules(self, client_as, inspector):
        rows = {t["code"]: t for t in client_as(inspector).get(self.list_url()).json()}
        water = {"water_central", "water_secondary", "water_vending"}
        assert set(rows) == {"public_place", "radiation"} | water
        central = rows["water_central"]
        assert central["term_years"] == 4 and central["renewal_notice_days"] == 180
        assert central["categories"] == [kind("dw.supply.central").pk]
        public = rows["public_place"]
        assert public["term_years"] == 4 and public["decision_working_days"] == 20
        assert public["number_pattern"] == "卫公证字〔{year}〕第{number:04d}号"
        assert kind("pp.bathing.barber").pk in public["categories"]


class TestApplicationAPI(APIEndpointTests):
    basename = "application"
    model = Application
    writer = "clerk"
    reader_without_write = "inspector"
    invalid_payloads = [
        ({"establishment": 999999}, "establishment"),
        ({"permit_type": None}, "permit_type"),
        ({"kind": "transfer"}, "kind"),
        ({"path": "express"}, "path"),
        ({"business_scope": ""}, "business_scope"),
        ({"received_on": "2099-01-01"}, "received_on"),
        ({"received_on": "2024-02-30"}, "received_on"),
        ({"kind": "renewal"}, "previous_permit"),
        ({"kind": "new", "path": "commitment", "previous_permit": 999999}, "previous_permit"),
    ]

    def make_object(self):
        return receive()

    def create_payload(self):
        return {
            "establishment": EstablishmentFactory().pk,
            "permit_type": public_place().pk,
            "kind": "new",
            "business_scope": "理发、美容",
            "received_on": "2024-03-01",
        }

    def make_filter_data(self):
        self.unit = EstablishmentFactory(name="甲镇理发店")
        receive(self.unit, received_on=D(2024, 1, 2))  # pending long past its time limit
        refused = reviewed(receive(received_on=timezone.localdate()), clerk=UserFactory())
        services.application_decide(
            application=refused, user=decider(), approve=False, reason="无消毒间"
        )
        commitment = receive(path="commitment")  # the 负责人 decides, then it is issued
        services.application_decide(application=commitment, user=decider(), approve=True)
        services.permit_issue(application=commitment, user=UserFactory())

    @property
    def filter_cases(self):
        unit = getattr(self, "unit", None)  # read once before make_filter_data
        return [
            ({"status": "received"}, 1),
            ({"status": "refused"}, 1),
            ({"status": "issued"}, 1),
            ({"kind": "new"}, 3),
            ({"kind": "renewal"}, 0),
            ({"permit_type": public_place().pk}, 3),
            ({"permit_type": radiation().pk}, 0),
            ({"overdue": "true"}, 1),
            ({"overdue": "false"}, 2),
            ({"establishment": unit.pk if unit else 0}, 1),
            ({"q": "甲镇"}, 1),
        ]

    def test_inspector_cannot_receive_and_clerk_can(self, client_as, inspector, clerk):
        payload = self.create_payload()
        assert post(client_as(inspector), self.list_url(), payload).status_code == 403
        response = post(client_as(clerk), self.list_url(), payload)
        assert response.status_code == 201
        data = response.json()
        assert data["receipt_number"] == "许受〔2024〕0001号"
        assert data["status"] == "received" and data["due_on"] == "2024-03-29"
        assert data["overdue"] is True and data["permit"] is None
        assert Application.objects.get(pk=data["id"]).history.get().history_user == clerk


class TestPermitAPI(APIEndpointTests):
    basename = "permit"
    model = Permit
    writer = "clerk"
    reader_without_write = "inspector"
    invalid_payloads = [
        ({"number": None}, "number"),
        ({"establishment": 999999}, "establishment"),
        ({"permit_type": 999999}, "permit_type"),
        ({"issued_on": "2099-01-01"}, "issued_on"),
        ({"issued_on": "yesterday"}, "issued_on"),
        ({"expires_on": "2023-04-01"}, "expires_on"),
        ({"expires_on": None}, "expires_on"),
    ]

    def make_object(self):
        return issued_permit(clerk=UserFactory())

    def create_payload(self):
        return {
            "establishment": EstablishmentFactory().pk,
            "permit_type": public_place().pk,
            "number": f"万卫公证字〔2023〕第{next(_numbers):04d}号",
            "issued_on": "2023-04-01",
            "expires_on": "2027-04-01",
        }

    def make_filter_data(self):
        today = timezone.localdate()
        self.unit = EstablishmentFactory(name="甲镇理发店")
        issued_permit(clerk=UserFactory(), establishment=self.unit)  # until 2028-03-01
        register(
            issued_on=today - datetime.timedelta(days=365),
            expires_on=today + datetime.timedelta(days=20),
        )
        cancelled = register()
        services.permit_cancel(
            permit=cancelled, user=UserFactory(), date=D(2024, 5, 6), reason="停止经营"
        )

    @property
    def filter_cases(self):
        unit = getattr(self, "unit", None)
        return [
            ({"origin": "registered"}, 2),
            ({"origin": "issued"}, 1),
            ({"status": "valid"}, 2),
            ({"status": "cancelled"}, 1),
            ({"expiring_within": 30}, 1),
            ({"expiring_within": 10}, 0),
            ({"expiring": "30"}, 1),
            ({"establishment": unit.pk if unit else 0}, 1),
            ({"permit_type": public_place().pk}, 3),
            ({"permit_type": radiation().pk}, 0),
            ({"q": "甲镇"}, 1),
        ]

    def test_bad_expiring_within_is_refused(self, client_as, manager):
        response = client_as(manager).get(self.list_url(), {"expiring_within": "-3"})
        assert response.status_code == 400 and "expiring_within" in response.json()


class TestUnitWithoutPermitAPI(APIEndpointTests):
    basename = "unit-without-permit"

    def make_object(self):
        return EstablishmentFactory()

    def make_filter_data(self):
        self.town = TownshipFactory(name="甲镇")
        EstablishmentFactory(township=self.town, name="甲镇理发店")
        EstablishmentFactory(township=self.town, category=kind("pp.lodging.hotel"))
        EstablishmentFactory(township=self.town, category=kind("pp.sports.park"))  # no permit
        issued_permit(clerk=UserFactory(), establishment=EstablishmentFactory(township=self.town))

    @property
    def filter_cases(self):
        town = getattr(self, "town", None)
        return [
            ({"township": town.pk if town else 0}, 2),
            ({"q": "甲镇理发"}, 1),
            ({"category": kind("pp.lodging.hotel").pk}, 1),
        ]

    def test_list_and_detail(self, client_as, inspector):
        """A list only: the unit itself is at /api/v1/establishments/{id}/."""
        unit = self.make_object()
        response = client_as(inspector).get(self.list_url())
        assert response.status_code == 200
        row = next(r for r in self.results(response) if r["id"] == unit.pk)
        assert row == {
            "id": unit.pk,
            "name": unit.name,
            "credit_code": unit.credit_code,
            "category": unit.category_id,
            "category_name": unit.category.name,
            "township": unit.township_id,
            "township_name": unit.township.name,
            # never licensed: no latest permit to name
            "last_permit_number": None,
            "last_permit_state": None,
            "last_permit_expires_on": None,
        }


# --- An application from receipt to permit -----------------------------------------------


def test_receive_review_decide_issue(client_as, clerk):
    client = client_as(clerk)
    unit = EstablishmentFactory()
    response = post(
        client,
        reverse("application-list"),
        {
            "establishment": unit.pk,
            "permit_type": public_place().pk,
            "kind": "new",
            "business_scope": "理发",
            "received_on": "2024-03-01",
        },
    )
    assert response.status_code == 201, response.json()
    application = response.json()["id"]
    inspection = site_check(unit, D(2024, 3, 1))
    response = post(
        client,
        step("review", application),
        {"note": "现场符合要求", "inspection": inspection.pk, "reviewed_on": "2024-03-01"},
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "reviewed"
    assert response.json()["review_inspection"] == inspection.pk
    # The clerk may not decide; the 负责人 (manager) does.
    response = post(
        client, step("decide", application), {"approve": True, "decided_on": "2024-03-04"}
    )
    assert response.status_code == 403
    boss = client_as(decider())
    response = post(
        boss, step("decide", application), {"approve": True, "decided_on": "2024-03-04"}
    )
    assert response.status_code == 200 and response.json()["status"] == "approved"
    assert response.json()["decided_by"] == decider().pk
    client = client_as(clerk)
    response = post(client, step("issue", application), {"issued_on": "2024-03-05"})
    assert response.status_code == 201, response.json()
    permit = response.json()
    assert permit["number"] == "卫公证字〔2024〕第0001号"
    assert (permit["year"], permit["sequence"]) == (2024, 1)
    assert permit["issued_on"] == "2024-03-05" and permit["expires_on"] == "2028-03-05"
    assert permit["origin"] == "issued" and permit["status"] == "valid"
    assert permit["establishment"] == unit.pk and permit["application"] == application
    detail = client.get(reverse("application-detail", args=[application])).json()
    assert detail["status"] == "issued" and detail["permit"] == permit["id"]
    assert Permit.objects.get(pk=permit["id"]).history.get().history_user == clerk


def test_leap_day_permit_runs_to_the_leap_day_four_years_on(client_as, clerk):
    client = client_as(clerk)
    application = receive(received_on=D(2024, 2, 29), user=clerk)
    approved(application, clerk=clerk)
    response = post(client, step("issue", application), {"issued_on": "2024-02-29"})
    assert response.status_code == 201, response.json()
    assert response.json()["expires_on"] == "2028-02-29"


def test_commitment_path_issues_at_once_on_a_one_person_window(client_as, administrator):
    ptype = public_place()
    ptype.single_person_window = True
    ptype.save()
    response = post(
        client_as(administrator),
        reverse("application-list"),
        {
            "establishment": EstablishmentFactory().pk,
            "permit_type": public_place().pk,
            "kind": "new",
            "path": "commitment",
            "business_scope": "美容",
            "received_on": "2024-05-06",
        },
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "issued" and data["post_check_due"] == "2024-06-05"
    assert Permit.objects.get(pk=data["permit"]).issued_on == D(2024, 5, 6)


def test_refusal_without_reason_is_refused(client_as, clerk):
    client = client_as(decider())
    application = reviewed(receive(received_on=D(2024, 3, 1)), clerk=clerk)
    response = post(client, step("decide", application), {"approve": False})
    assert response.status_code == 400 and "refusal_reason" in response.json()
    application.refresh_from_db()
    assert application.status == "reviewed"
    response = post(
        client, step("decide", application), {"approve": False, "refusal_reason": "无消毒间"}
    )
    assert response.status_code == 200
    assert response.json()["status"] == "refused"
    assert response.json()["refusal_reason"] == "无消毒间"


def test_decision_needs_approve(client_as, clerk):
    response = post(client_as(decider()), step("decide", receive()), {"decided_on": "2024-03-01"})
    assert response.status_code == 400 and "approve" in response.json()


def test_issue_before_approval_is_refused(client_as, clerk):
    application = receive(received_on=D(2024, 3, 1))
    response = post(client_as(clerk), step("issue", application), {"issued_on": "2024-03-05"})
    assert response.status_code == 400 and "status" in response.json()
    assert not Permit.objects.exists()
    application.refresh_from_db()
    assert application.status == "received"


def test_issue_needs_its_date(client_as, clerk):
    application = receive(received_on=D(2024, 3, 1))
    approved(application, clerk=clerk)
    response = post(client_as(clerk), step("issue", application), {})
    assert response.status_code == 400 and "issued_on" in response.json()
    response = post(client_as(clerk), step("issue", application), {"issued_on": "2024-02-01"})
    assert response.status_code == 400 and "issued_on" in response.json()
    assert not Permit.objects.exists()


def test_review_with_another_units_inspection_is_refused(client_as, clerk):
    application = receive()
    response = post(
        client_as(clerk),
        step("review", application),
        {"note": "现场审查", "inspection": record().pk},
    )
    assert response.status_code == 400 and "inspection" in response.json()


@pytest.mark.parametrize("role", ["inspector", "manager"])
def test_steps_are_for_the_window(client_as, persona, role):
    """The clerk's steps (review, issue) are not the inspector's or the manager's; the
    decision is the manager's alone (tested in test_receive_review_decide_issue)."""
    application = receive()
    client = client_as(persona(role))
    assert post(client, step("review", application), {"note": "好"}).status_code == 403
    if role == "inspector":
        assert post(client, step("decide", application), {"approve": True}).status_code == 403
    assert post(client, step("issue", application), {"issued_on": "2024-03-05"}).status_code == 403
    application.refresh_from_db()
    assert application.status == "received"


# --- Registration and cancellation of permits --------------------------------------------


def test_registering_an_existing_permit_takes_the_unit_off_the_unlicensed_list(client_as, clerk):
    client = client_as(clerk)
    unit = EstablishmentFactory()
    unlicensed = reverse("unit-without-permit-list")
    assert unit.pk in [r["id"] for r in client.get(unlicensed).json()["results"]]
    response = post(
        client,
        reverse("permit-list"),
        {
            "establishment": unit.pk,
            "permit_type": public_place().pk,
            "number": "万卫公证字〔2023〕第0123号",
            "issued_on": "2023-06-01",
            "expires_on": "2027-05-31",
        },
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["origin"] == "registered" and data["status"] == "valid"
    assert data["number"] == "万卫公证字〔2023〕第0123号"
    assert data["year"] is None and data["sequence"] is None
    assert data["business_scope"] == unit.category.name
    assert unit.pk not in [r["id"] for r in client.get(unlicensed).json()["results"]]


def test_registered_permit_type_follows_from_the_units_category(client_as, clerk):
    payload = {
        "number": "万卫公证字〔2022〕第0124号",
        "issued_on": "2022-06-01",
        "expires_on": "2026-05-31",
        "business_scope": "住宿",
    }
    client = client_as(clerk)
    hotel = EstablishmentFactory(category=kind("pp.lodging.hotel"))
    response = post(client, reverse("permit-list"), {**payload, "establishment": hotel.pk})
    assert response.status_code == 201, response.json()
    assert response.json()["permit_type"] == public_place().pk
    assert response.json()["business_scope"] == "住宿"
    park = EstablishmentFactory(category=kind("pp.sports.park"))
    response = post(client, reverse("permit-list"), {**payload, "establishment": park.pk})
    assert response.status_code == 400 and "permit_type" in response.json()


def test_registering_with_only_unit_and_dates(client_as, clerk):
    """The minimum the window may know of an old permit: whose, and from when to when."""
    unit = EstablishmentFactory()
    payload = {"establishment": unit.pk, "issued_on": "2023-04-01", "expires_on": "2027-04-01"}
    response = post(client_as(clerk), reverse("permit-list"), payload)
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["origin"] == "registered" and data["number"].startswith("原证号未登记")
    assert not units_without_valid_permit(datetime.date(2026, 1, 1)).filter(pk=unit.pk).exists()


def test_registered_number_twice_is_refused(client_as, clerk):
    client = client_as(clerk)
    payload = {
        "establishment": EstablishmentFactory().pk,
        "permit_type": public_place().pk,
        "number": "万卫公证字〔2022〕第0125号",
        "issued_on": "2022-06-01",
        "expires_on": "2026-05-31",
    }
    assert post(client, reverse("permit-list"), payload).status_code == 201
    payload["establishment"] = EstablishmentFactory().pk
    response = post(client, reverse("permit-list"), payload)
    assert response.status_code == 400 and "已登记" in response.json()["number"][0]
    assert Permit.objects.count() == 1


def test_cancel_keeps_the_record(client_as, clerk, inspector):
    permit = register()
    url = reverse("permit-cancel", args=[permit.pk])
    payload = {"date": "2024-09-03", "reason": "停止经营"}
    assert post(client_as(inspector), url, payload).status_code == 403
    client = client_as(clerk)
    response = post(client, url, {"date": "2024-09-03", "reason": " "})
    assert response.status_code == 400 and "reason" in response.json()
    response = post(client, url, {"date": "2020-01-01", "reason": "停止经营"})
    assert response.status_code == 400 and "date" in response.json()
    response = post(client, url, payload)
    assert response.status_code == 200, response.json()
    data = response.json()
    assert (data["status"], data["cancelled_on"], data["cancel_reason"]) == (
        "cancelled",
        "2024-09-03",
        "停止经营",
    )
    again = post(client, url, payload)
    assert again.status_code == 400 and "status" in again.json()


def test_permits_are_never_edited_or_deleted(client_as, administrator):
    permit = register()
    client = client_as(administrator)
    url = reverse("permit-detail", args=[permit.pk])
    assert client.patch(url, {"number": "x"}, content_type="application/json").status_code == 405
    assert client.delete(url).status_code in (403, 405)  # nobody holds delete_permit
    assert Permit.objects.get(pk=permit.pk).number == permit.number


def test_renewed_permit_points_to_its_next_version(client_as, clerk):
    old = issued_permit(clerk=clerk, received_on=D(2022, 1, 10))
    renewal = services.application_receive(
        user=clerk,
        establishment=old.establishment,
        permit_type=public_place(),
        kind="renewal",
        previous_permit=old,
        received_on=D(2025, 11, 20),
    )
    approved(renewal, clerk=clerk, day=D(2025, 11, 25))
    client = client_as(clerk)
    new = post(client, step("issue", renewal), {"issued_on": "2025-11-25"}).json()
    # The renewal continues from the old expiry (2026-01-10), not from its issue day.
    assert new["previous"] == old.pk and new["expires_on"] == "2030-01-11"
    old_data = client.get(reverse("permit-detail", args=[old.pk])).json()
    assert old_data["status"] == "superseded" and old_data["next_version"] == new["id"]


def test_every_write_goes_through_the_one_input_base(client_as, clerk):
    """Each write of the permit window's API takes its input through core.api (here
    refused: an empty body)."""
    application = receive()
    permit = register()
    writes = [
        reverse("application-list"),
        step("review", application),
        step("decide", application),
        step("issue", application),
        reverse("permit-list"),
        reverse("permit-cancel", args=[permit.pk]),
    ]
    with service_writes() as calls:
        for url in writes:
            # The decision is the 负责人's: the manager sends it.
            sender = client_as(decider()) if "decide" in url else client_as(clerk)
            assert post(sender, url).status_code == 400, url
    assert calls == [
        "application_receive",
        "application_review",
        "application_decide",
        "permit_issue",
        "permit_register",
        "permit_cancel",
    ]


def test_a_cancellation_refused_names_the_fields_as_the_api_does(client_as, clerk):
    """The service's own names (permit, cancelled_on, cancel_reason) are renamed in one
    place, core.api, from the input's error_names."""
    permit = register()
    url = reverse("permit-cancel", args=[permit.pk])
    early = post(client_as(clerk), url, {"date": "2023-03-01", "reason": "停业"})
    assert early.status_code == 400 and list(early.json()) == ["date"]


def test_an_inspection_that_was_a_permit_review_cannot_be_voided(clerk):
    """The on-site review a permit decision rests on is a legal record: amend, never void."""
    team = inspectors()
    inspection = record(team=team)
    application = services.application_receive(
        user=clerk,
        establishment=inspection.establishment,
        permit_type=public_place(),
        kind="new",
        business_scope="理发",
        received_on=timezone.localdate(),
    )
    services.application_review(
        application=application, user=clerk, note="现场符合要求", inspection=inspection
    )
    with pytest.raises(ValidationError) as caught:
        inspection_void(inspection=inspection, user=team[0], reason="录错")
    assert application.receipt_number in caught.value.message_dict["reason"][0]
