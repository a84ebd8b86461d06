"""The complaints endpoint through the generic API tests (list, detail, create, refusals
named by field, implausible values, filters, query counts), its steps, and the list page
through the generic list tests."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from inspections.models import Complaint
from inspections.services import complaints as services
from inspections.views.complaints import ComplaintListView
from premises.models import Domain
from tests.conftest import make_persona
from tests.factories import EstablishmentFactory
from tests.generic import APIEndpointTests, ListPageTests


def register(**fields):
    values = {
        "user": make_persona("clerk"),
        "received_at": timezone.now() - datetime.timedelta(hours=1),
        "source": "phone",
        "establishment": EstablishmentFactory(),
        "content": "浴室未消毒。",
        "complainant_phone": "13812345678",
    }
    values.update(fields)
    return services.complaint_register(**values)


class TestComplaintAPI(APIEndpointTests):
    basename = "complaint"
    model = Complaint
    writer = "clerk"
    reader_without_write = "inspector"
    invalid_payloads = [
        ({"source": "pigeon"}, "source"),
        ({"content": ""}, "content"),
        ({"received_at": "2099-01-01T10:00:00+08:00"}, "received_at"),
        ({"establishment": None, "place_name": ""}, "place_name"),
        ({"establishment": 999999}, "establishment"),
        ({"anonymous": True}, "anonymous"),  # anonymous, yet a name is given
    ]
    filter_cases = [
        ({"source": "letter"}, 1),
        ({"status": "registered"}, 2),
        ({"due": "overdue"}, 1),
        ({"q": "锅炉房"}, 1),
    ]

    def make_object(self):
        return register()

    def create_payload(self):
        return {
            "received_at": timezone.localtime().replace(microsecond=0).isoformat(),
            "source": "hotline_12345",
            "source_reference": "GD20261204001",
            "establishment": EstablishmentFactory().pk,
            "domain": Domain.objects.get(code="public_places").pk,
            "content": "游泳池水浑浊。",
            "complainant_name": "王小明",
            "complainant_phone": "13812345678",
        }

    def make_filter_data(self):
        register(source="letter", content="锅炉房排烟。")
        register(received_at=timezone.now() - datetime.timedelta(days=40))


@pytest.mark.django_db
def test_the_steps_through_the_api(client_as, clerk, manager, inspector):
    complaint = register()
    url = lambda step: reverse(f"complaint-{step}", args=[complaint.pk])  # noqa: E731
    today = str(timezone.localdate())
    client = client_as(inspector)
    # Not yet assigned to them: refused; a step's bad input is named by field.
    assert (
        client.post(
            url("accept"), {"accepted_on": today}, content_type="application/json"
        ).status_code
        == 403
    )
    answer = client_as(manager).post(
        url("assign"), {"assigned_to": clerk.pk}, content_type="application/json"
    )
    assert answer.status_code == 400 and "assigned_to" in answer.json()  # not an officer
    assert (
        client_as(manager)
        .post(url("assign"), {"assigned_to": inspector.pk}, content_type="application/json")
        .status_code
        == 200
    )
    client = client_as(inspector)
    answer = client.post(
        url("accept"), {"accepted_on": "2001-01-01"}, content_type="application/json"
    )
    assert answer.status_code == 400 and "accepted_on" in answer.json()
    answer = client.post(url("accept"), {"accepted_on": today}, content_type="application/json")
    assert answer.json()["status"] == "accepted" and answer.json()["close_due"]
    reply = {"replied_on": today, "method": "phone", "content": "已查处。"}
    assert client.post(url("reply"), reply, content_type="application/json").status_code == 200
    close = {"closed_on": today, "outcome": "substantiated"}  # needs an inspection or case
    answer = client.post(url("close"), close, content_type="application/json")
    assert answer.status_code == 400 and "关联" in answer.json()["outcome"][0]
    close = {"closed_on": today, "outcome": "not_substantiated"}
    answer = client.post(url("close"), close, content_type="application/json")
    assert answer.status_code == 200 and answer.json()["status"] == "closed"
    answer = client.post(url("reply"), reply, content_type="application/json")
    assert answer.status_code == 400 and "non_field_errors" in answer.json()
    detail = client.get(reverse("complaint-detail", args=[complaint.pk])).json()
    assert detail["complainant"] == {
        "name": "",
        "phone": "138****5678",
        "address": "",
        "masked": True,
    }


class TestComplaintList(ListPageTests):
    url_name = "inspections:complaint_list"
    view_class = ComplaintListView
    export_headers = ("登记编号", "被投诉对象", "状态", "当前期限", "承办人", "来源")

    def make_object(self, **kwargs):
        return register(**kwargs)
