"""API of health certificates and training sessions."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from licensing.models import HealthCertificate, TrainingAttendance, TrainingSession
from tests.api_writes import service_writes
from tests.factories import EstablishmentFactory, PractitionerFactory
from tests.generic import APIEndpointTests
from tests.licensing.health_factories import certificate, training

D = datetime.date


class TestHealthCertificateAPI(APIEndpointTests):
    basename = "health-certificate"
    model = HealthCertificate
    writer = "clerk"
    invalid_payloads = [
        ({"result": "基本合格"}, "result"),
        ({"exam_date": "2025-02-30"}, "exam_date"),
        ({"practitioner": 999999}, "practitioner"),
        ({"institution": ""}, "institution"),
        ({"expires_on": "2024-01-01"}, "expires_on"),
    ]

    def make_object(self):
        return certificate()

    def create_payload(self):
        self._p = getattr(self, "_p", None) or PractitionerFactory()
        return {
            "practitioner": self._p.pk,
            "exam_date": "2025-03-01",
            "institution": "县疾控中心",
            "result": "passed",
        }

    def make_filter_data(self):
        unit = EstablishmentFactory()
        self.p = PractitionerFactory(establishment=unit)
        certificate(self.p, exam_date=D(2025, 3, 1))  # valid 2025-03-01 .. 2026-03-01
        certificate(self.p, exam_date=D(2024, 1, 1), result="failed")
        certificate(exam_date=D(2024, 1, 10))
        self.unit = unit

    @property
    def filter_cases(self):
        return [
            ({}, 3),
            ({"practitioner": self.p.pk}, 2),
            ({"establishment": self.unit.pk}, 2),
            ({"valid_on": "2025-03-01"}, 1),
            ({"valid_on": "2026-03-02"}, 0),
            ({"valid_on": "2024-06-01"}, 1),
        ]

    def test_filters(self, client_as, manager):
        self.make_filter_data()
        client = client_as(manager)
        for params, expected in self.filter_cases:
            response = client.get(self.list_url(), params)
            assert response.status_code == 200, params
            assert len(self.results(response)) == expected, params

    def test_created_certificate_gets_default_expiry_and_masked_id(self, client_as, clerk):
        payload = self.create_payload()
        response = client_as(clerk).post(self.list_url(), payload, content_type="application/json")
        data = response.json()
        assert data["expires_on"] == "2026-03-01" and data["source"] == "api"
        assert "*" in data["id_number"] and data["id_number"] != self._p.id_number


class TestTrainingAPI(APIEndpointTests):
    basename = "training"
    model = TrainingSession
    writer = "clerk"
    invalid_payloads = [({"date": "someday"}, "date"), ({"topic": ""}, "topic")]

    def make_object(self):
        return training()

    def create_payload(self):
        return {
            "date": "2025-07-04",
            "place": "县会议中心",
            "topic": "卫生知识培训",
            "organiser": "县卫生监督所",
        }


@pytest.mark.django_db
def test_attendance_action(client_as, clerk, inspector):
    session = training(date=timezone.localdate())
    a, b = PractitionerFactory(), PractitionerFactory()
    url = reverse("training-attendance", args=[session.pk])
    payload = {"practitioners": [a.pk, b.pk]}
    assert (
        client_as(inspector).post(url, payload, content_type="application/json").status_code == 403
    )
    client = client_as(clerk)
    bad = client.post(url, {"practitioners": [a.pk, 987654]}, content_type="application/json")
    assert bad.status_code == 400
    assert "987654" in str(bad.json()["practitioners"])
    assert not TrainingAttendance.objects.exists()
    ok = client.post(url, payload, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["added"] == 2 and ok.json()["attendee_count"] == 2
    again = client.post(url, {"practitioners": [a.pk]}, content_type="application/json")
    assert again.json()["added"] == 0
    late = PractitionerFactory(hired_on=timezone.localdate() + datetime.timedelta(days=0))
    session_before = training(date=timezone.localdate() - datetime.timedelta(days=30))
    refused = client.post(
        reverse("training-attendance", args=[session_before.pk]),
        {"practitioners": [a.pk, late.pk]},
        content_type="application/json",
    )
    assert refused.status_code == 400 and late.name in str(refused.json())
    assert not session_before.attendances.exists()


@pytest.mark.django_db
def test_every_write_goes_through_the_one_input_base(client_as, clerk):
    session = training(date=timezone.localdate())
    client = client_as(clerk)
    writes = [
        reverse("health-certificate-list"),
        reverse("training-list"),
        reverse("training-attendance", args=[session.pk]),
    ]
    with service_writes() as calls:
        for url in writes:
            assert client.post(url, {}, content_type="application/json").status_code == 400
    assert calls == ["certificate_record", "training_create", "training_add_attendance"]
