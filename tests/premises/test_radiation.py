"""The radiation-health register (premises/models/radiation.py): devices, radiation workers
with their 放射工作人员证, dose readings flagged over the limits held as data, occupational
examinations, construction projects and their assessments — as the radiation inspector and
the clerk use them: idempotent registration, bad input refused on its field, the 放射卫生
section of the unit's file, lists with exports whose query count does not grow, the API."""

import datetime
import io
from decimal import Decimal
from itertools import count

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from premises.models import (
    DoseLimit,
    DoseReading,
    RadiationDevice,
    RadiationExam,
    RadiationProject,
    RadiationWorker,
)
from premises.services import radiation as services
from premises.services import supervision_add
from premises.views.radiation import (
    RadiationDeviceListView,
    RadiationProjectListView,
    RadiationWorkerListView,
)
from tests.factories import (
    EstablishmentFactory,
    PractitionerFactory,
    UserFactory,
    kind,
    valid_id_number,
)
from tests.generic import APIEndpointTests, ListPageTests, count_queries

pytestmark = pytest.mark.django_db

D = datetime.date
_n = count(1)


@pytest.fixture
def hospital():
    """A hospital (medical) doing X-ray: a radiation unit through a further domain."""
    unit = EstablishmentFactory(category=kind("md.institution.hospital"), name="县人民医院")
    supervision_add(
        user=UserFactory(),
        establishment=unit,
        category=kind("rd.diagnosis.xray"),
        started_on=D(2020, 1, 1),
    )
    return unit


def device(unit=None, **kw):
    unit = unit or EstablishmentFactory(category=kind("rd.diagnosis.xray"))
    fields = {"device_type": "dr", "practice_category": "xray", "serial_number": f"SN{next(_n)}"}
    return services.radiation_device_register(
        user=UserFactory(), establishment=unit, **{**fields, **kw}
    )


def worker(unit=None, **kw):
    unit = unit or EstablishmentFactory(category=kind("rd.diagnosis.xray"))
    fields = {
        "name": f"放射技师{next(_n)}",
        "id_number": valid_id_number(),
        "practice_category": "xray",
        "started_on": D(2019, 1, 1),
    }
    return services.radiation_worker_register(
        user=UserFactory(), establishment=unit, **{**fields, **kw}
    )


def reading(w, start, end, dose, **kw):
    return services.dose_reading_record(
        user=UserFactory(), worker=w, period_start=start, period_end=end, dose_msv=dose, **kw
    )


def project(unit=None, **kw):
    unit = unit or EstablishmentFactory(category=kind("rd.diagnosis.xray"))
    fields = {"name": f"CT机房{next(_n)}", "kind": "new", "practice_category": "xray"}
    return services.radiation_project_register(
        user=UserFactory(), establishment=unit, **{**fields, **kw}
    )


def refused_on(field, call):
    with pytest.raises(ValidationError) as refused:
        call()
    assert field in refused.value.message_dict, refused.value.message_dict
    return refused.value.message_dict[field][0]


# ---------------------------------------------------------------- devices


def test_a_device_registered_twice_is_one_and_another_under_its_serial_is_refused(hospital):
    first = device(hospital, serial_number="CT-001", device_type="ct", model_name="uCT 510")
    again = device(hospital, serial_number="CT-001", device_type="ct", model_name="uCT 510")
    assert again.pk == first.pk
    message = refused_on(
        "serial_number", lambda: device(hospital, serial_number="CT-001", device_type="dr")
    )
    assert "CT-001" in message
    assert RadiationDevice.objects.count() == 1


def test_retiring_a_device_needs_a_reason_and_a_date_after_its_installation(hospital):
    d = device(hospital, installed_on=D(2022, 5, 1))
    refused_on(
        "retire_reason",
        lambda: services.radiation_device_retire(
            user=UserFactory(), device=d, retired_on=D(2024, 1, 1), retire_reason=""
        ),
    )
    refused_on(
        "retired_on",
        lambda: services.radiation_device_retire(
            user=UserFactory(), device=d, retired_on=D(2021, 1, 1), retire_reason="报废"
        ),
    )
    services.radiation_device_retire(
        user=UserFactory(), device=d, retired_on=D(2024, 1, 1), retire_reason="报废"
    )
    assert list(RadiationDevice.objects.in_use_on(D(2024, 6, 1))) == []
    assert list(RadiationDevice.objects.in_use_on(D(2023, 6, 1))) == [d]


def test_a_device_installed_in_the_future_is_refused(hospital):
    refused_on("installed_on", lambda: device(hospital, installed_on=D(2099, 1, 1)))


# ---------------------------------------------------------------- workers


def test_a_worker_is_linked_to_the_units_practitioner_of_the_same_id_number(hospital):
    person = PractitionerFactory(establishment=hospital, name="李医生")
    w = worker(hospital, name="李医生", id_number=person.id_number.lower())
    assert w.practitioner == person
    assert w.id_number == person.id_number  # normalised as the practitioner's
    again = worker(hospital, name="李医生", id_number=person.id_number)
    assert again.pk == w.pk and RadiationWorker.objects.count() == 1
    refused_on("id_number", lambda: worker(hospital, name="别人", id_number=person.id_number))


def test_a_bad_id_number_and_a_certificate_out_of_order_are_refused_on_their_fields(hospital):
    refused_on("id_number", lambda: worker(hospital, id_number="360922199005170000"))
    refused_on(
        "certificate_valid_until",
        lambda: worker(
            hospital,
            certificate_number="赣放证001",
            certificate_issued_on=D(2023, 1, 1),
            certificate_valid_until=D(2022, 1, 1),
        ),
    )
    refused_on("certificate_number", lambda: worker(hospital, certificate_issued_on=D(2023, 1, 1)))
    assert not RadiationWorker.objects.exists()


def test_certified_on_a_day_is_the_certificate_in_force(hospital):
    w = worker(
        hospital,
        certificate_number="赣放证002",
        certificate_issued_on=D(2022, 1, 1),
        certificate_valid_until=D(2025, 12, 31),
    )
    assert w.certificate_valid_on(D(2024, 6, 1))
    assert not w.certificate_valid_on(D(2026, 1, 1))
    assert list(RadiationWorker.objects.certified_on(D(2024, 6, 1))) == [w]
    assert not RadiationWorker.objects.certified_on(D(2021, 6, 1)).exists()


# ---------------------------------------------------------------- doses


def test_a_year_over_50_msv_is_flagged_and_the_limit_is_data(hospital):
    w = worker(hospital)
    q1 = reading(w, D(2024, 1, 1), D(2024, 3, 31), "30")
    q2 = reading(w, D(2024, 4, 1), D(2024, 6, 30), "25")
    assert not q1.over_limit
    assert q2.over_limit and "50" in q2.over_limit_reason and "2024" in q2.over_limit_reason
    # the administrator lowers the single-year limit (data): the next reading is judged by it
    DoseLimit.objects.filter(code="effective-1y").update(limit_msv=Decimal("5"))
    other = worker(hospital)
    assert reading(other, D(2024, 1, 1), D(2024, 3, 31), "6").over_limit


def test_five_years_averaging_over_20_msv_are_flagged():
    w = worker()
    flags = [
        reading(w, D(year, 1, 1), D(year, 12, 31), "24").over_limit for year in range(2020, 2025)
    ]
    # 24 a year is under 50 in each year; the fifth year brings the average to 24 > 20
    # (four years alone average 24 as well, but the limit is of five consecutive years)
    assert flags == [False, False, False, False, True]


def test_a_reading_recorded_twice_is_one_and_another_dose_for_the_period_is_refused():
    w = worker()
    first = reading(w, D(2024, 1, 1), D(2024, 3, 31), "0.12")
    assert reading(w, D(2024, 1, 1), D(2024, 3, 31), Decimal("0.120")).pk == first.pk
    refused_on("period_start", lambda: reading(w, D(2024, 1, 1), D(2024, 3, 31), "0.5"))
    refused_on("period_end", lambda: reading(w, D(2024, 5, 1), D(2024, 4, 1), "0.1"))
    refused_on("dose_msv", lambda: reading(w, D(2024, 7, 1), D(2024, 9, 30), "-1"))
    refused_on("dose_msv", lambda: reading(w, D(2024, 7, 1), D(2024, 9, 30), None))
    lost = reading(w, D(2024, 7, 1), D(2024, 9, 30), None, result="lost")
    assert lost.dose_msv is None and DoseReading.objects.count() == 2


def test_an_exam_recorded_twice_is_one():
    w = worker()
    args = {"kind": "periodic", "examined_on": D(2024, 5, 6), "conclusion": "fit"}
    first = services.radiation_exam_record(user=UserFactory(), worker=w, **args)
    again = services.radiation_exam_record(user=UserFactory(), worker=w, **args)
    assert first.pk == again.pk and RadiationExam.objects.count() == 1
    refused_on(
        "examined_on",
        lambda: services.radiation_exam_record(
            user=UserFactory(), worker=w, **{**args, "conclusion": "temporary"}
        ),
    )


# ---------------------------------------------------------------- projects


def test_a_project_moves_through_its_assessments_in_order(hospital):
    p = project(hospital, name="DSA机房", kind="rebuild", practice_category="interventional")
    assert p.stage == "未评价"
    assert (
        project(hospital, name="DSA机房", kind="rebuild", practice_category="interventional").pk
        == p.pk
    )
    update = services.radiation_project_update
    refused_on(
        "pre_approved_on",
        lambda: update(user=UserFactory(), project=p, pre_approved_on=D(2024, 2, 1)),
    )
    refused_on(
        "pre_approved_on",
        lambda: update(
            user=UserFactory(),
            project=p,
            pre_assessed_on=D(2024, 3, 1),
            pre_approved_on=D(2024, 2, 1),
        ),
    )
    p = update(
        user=UserFactory(), project=p, pre_assessed_on=D(2024, 1, 10), pre_approved_on=D(2024, 2, 1)
    )
    refused_on(
        "accepted_on", lambda: update(user=UserFactory(), project=p, accepted_on=D(2024, 9, 1))
    )
    p = update(
        user=UserFactory(), project=p, control_assessed_on=D(2024, 8, 1), accepted_on=D(2024, 9, 1)
    )
    assert p.stage == "已验收"


# ---------------------------------------------------------------- pages


def page_of(client, unit):
    response = client.get(reverse("premises:establishment_detail", args=[unit.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_units_file_has_a_radiation_section_with_masked_numbers(client_as, clerk, hospital):
    w = worker(hospital, id_number="11010519491231002X", name="王技师")
    reading(w, D(2024, 1, 1), D(2024, 3, 31), "60")
    device(hospital, device_type="ct", model_name="uCT 510")
    project(hospital, name="CT机房改建", kind="rebuild")
    page = page_of(client_as(clerk), hospital)
    assert 'id="radiation"' in page
    assert "王技师" in page and "1101**********002X" in page and "11010519491231002X" not in page
    assert "uCT 510" in page and "CT机房改建" in page
    assert "剂量超限" in page  # the timeline and the section's alert
    assert reverse("premises:radiation_device_add", args=[hospital.pk]) in page


def test_a_barber_has_no_radiation_section(client_as, inspector):
    barber = EstablishmentFactory()
    assert 'id="radiation"' not in page_of(client_as(inspector), barber)


def test_the_section_costs_the_same_queries_however_many_records(client_as, inspector, hospital):
    client = client_as(inspector)
    w = worker(hospital)
    reading(w, D(2024, 1, 1), D(2024, 3, 31), "0.1")
    device(hospital)
    few, _ = count_queries(lambda: page_of(client, hospital))
    for _ in range(4):
        more = worker(hospital)
        reading(more, D(2024, 1, 1), D(2024, 3, 31), "0.1")
        services.radiation_exam_record(
            user=UserFactory(), worker=more, kind="pre", examined_on=D(2024, 1, 2), conclusion="fit"
        )
        device(hospital)
        project(hospital)
    many, _ = count_queries(lambda: page_of(client, hospital))
    assert few == many, f"{few} queries with one record of each, {many} with five"


def test_the_inspector_registers_a_device_on_site_and_a_manager_may_not(
    client_as, inspector, manager, hospital
):
    url = reverse("premises:radiation_device_add", args=[hospital.pk])
    data = {
        "device_type": "dental",
        "practice_category": "xray",
        "model_name": "牙片机 X1",
        "serial_number": "D-9",
        "installed_on": "2023-04-01",
    }
    assert client_as(manager).post(url, data).status_code == 403
    client = client_as(inspector)
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/establishments/{hospital.pk}/#radiation")
    assert RadiationDevice.objects.get().recorded_by == inspector
    bad = client.post(url, {**data, "serial_number": "D-10", "installed_on": "2099-01-01"})
    assert bad.status_code == 400
    assert "installed_on" in bad.context["form"].errors
    assert RadiationDevice.objects.count() == 1


def test_a_dose_over_the_limit_is_told_when_it_is_entered(client_as, clerk, hospital):
    w = worker(hospital)
    reading(w, D(2024, 1, 1), D(2024, 6, 30), "45")
    client = client_as(clerk)
    response = client.post(
        reverse("premises:dose_reading_add", args=[w.pk]),
        {
            "period_start": "2024-07-01",
            "period_end": "2024-09-30",
            "dose_msv": "8",
            "result": "normal",
        },
        follow=True,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "超过" in page and "msg-warning" in page
    bad = client.post(
        reverse("premises:dose_reading_add", args=[w.pk]),
        {
            "period_start": "2024-10-01",
            "period_end": "2024-09-30",
            "dose_msv": "1",
            "result": "normal",
        },
    )
    assert bad.status_code == 400 and "period_end" in bad.context["form"].errors


def test_the_worker_page_masks_the_number_until_revealed_and_logs_it(client_as, clerk, inspector):
    w = worker(id_number="11010519491231002X")
    page = client_as(inspector).get(w.get_absolute_url()).content.decode()
    assert "1101**********002X" in page and "显示完整号码" not in page
    client = client_as(clerk)
    assert "显示完整号码" in client.get(w.get_absolute_url()).content.decode()
    revealed = client.post(reverse("premises:radiation_worker_reveal", args=[w.pk]))
    assert "11010519491231002X" in revealed.content.decode()
    from core.models import PersonalDataAccess

    assert PersonalDataAccess.objects.filter(object_id=w.pk, user=clerk).exists()
    assert (
        client_as(inspector)
        .post(reverse("premises:radiation_worker_reveal", args=[w.pk]))
        .status_code
        == 403
    )


# ---------------------------------------------------------------- lists


class TestRadiationDeviceList(ListPageTests):
    url_name = "premises:radiation_device_list"
    view_class = RadiationDeviceListView
    export_headers = ("单位", "设备类型", "放射诊疗类别", "出厂编号")

    def make_object(self, **kwargs):
        return device(**kwargs)

    def test_filters(self, client_as, inspector, hospital):
        device(hospital, device_type="ct")
        old = device(hospital, device_type="dr", installed_on=D(2015, 1, 1))
        services.radiation_device_retire(
            user=UserFactory(), device=old, retired_on=D(2020, 1, 1), retire_reason="报废"
        )
        client = client_as(inspector)

        def found(**params):
            response = client.get(reverse(self.url_name), params)
            return {obj.device_type for obj, _ in response.context["rows"]}

        assert found(in_use="yes") == {"ct"}
        assert found(in_use="no") == {"dr"}
        assert found(device_type="ct") == {"ct"}


class TestRadiationWorkerList(ListPageTests):
    url_name = "premises:radiation_worker_list"
    view_class = RadiationWorkerListView
    export_headers = ("姓名", "身份证号码", "单位", "放射工作人员证编号", "剂量超限")

    def make_object(self, **kwargs):
        w = worker(**kwargs)
        reading(w, D(2024, 1, 1), D(2024, 3, 31), "0.2")
        services.radiation_exam_record(
            user=UserFactory(), worker=w, kind="pre", examined_on=D(2019, 1, 1), conclusion="fit"
        )
        return w

    def test_over_limit_and_certificate_filters_and_a_masked_export(
        self, client_as, clerk, hospital
    ):
        over = worker(hospital, name="超限者", id_number="11010519491231002X")
        reading(over, D(2024, 1, 1), D(2024, 12, 31), "51")
        worker(
            hospital,
            name="持证者",
            certificate_number="赣放证9",
            certificate_issued_on=D(2023, 1, 1),
        )
        client = client_as(clerk)

        def names(**params):
            response = client.get(reverse(self.url_name), params)
            return {obj.name for obj, _ in response.context["rows"]}

        assert names(over_limit="yes") == {"超限者"}
        assert names(certified="yes") == {"持证者"}
        assert names(certified="no") == {"超限者"}
        export = client.get(reverse(self.url_name), {"export": "xlsx"})
        cells = [
            c
            for row in load_workbook(io.BytesIO(export.content))
            .worksheets[0]
            .iter_rows(values_only=True)
            for c in row
        ]
        assert "1101**********002X" in cells and "11010519491231002X" not in cells
        assert "是" in cells  # 剂量超限


class TestRadiationProjectList(ListPageTests):
    url_name = "premises:radiation_project_list"
    view_class = RadiationProjectListView
    export_headers = ("项目名称", "建设性质", "预评价报告日期", "控制效果评价日期", "进度")

    def make_object(self, **kwargs):
        return project(**kwargs)

    def test_assessment_filters(self, client_as, inspector, hospital):
        project(hospital, name="已评价", pre_assessed_on=D(2024, 1, 1))
        project(hospital, name="未评价")
        client = client_as(inspector)
        response = client.get(reverse(self.url_name), {"pre_assessed": "no"})
        assert [obj.name for obj, _ in response.context["rows"]] == ["未评价"]


# ---------------------------------------------------------------- API


class TestRadiationDeviceAPI(APIEndpointTests):
    basename = "radiationdevice"
    model = RadiationDevice
    writer = "inspector"
    reader_without_write = "manager"
    invalid_payloads = [
        ({"device_type": "laser"}, "device_type"),
        ({"installed_on": "2099-01-01"}, "installed_on"),
        ({"establishment": 999999}, "establishment"),
    ]

    def make_object(self):
        return device()

    def create_payload(self):
        unit = EstablishmentFactory(category=kind("rd.diagnosis.xray"))
        return {
            "establishment": unit.pk,
            "device_type": "ct",
            "practice_category": "xray",
            "model_name": "uCT 510",
            "serial_number": "API-1",
            "installed_on": "2023-01-01",
        }

    def test_sent_twice_is_one_device(self, client_as, inspector):
        payload = self.create_payload()
        client = client_as(inspector)
        first = client.post(self.list_url(), payload, content_type="application/json")
        again = client.post(self.list_url(), payload, content_type="application/json")
        assert first.json()["id"] == again.json()["id"]
        assert RadiationDevice.objects.count() == 1


class TestRadiationWorkerAPI(APIEndpointTests):
    basename = "radiationworker"
    model = RadiationWorker
    writer = "clerk"
    reader_without_write = "manager"
    invalid_payloads = [
        ({"id_number": "123"}, "id_number"),
        ({"started_on": "2099-01-01"}, "started_on"),
        ({"certificate_issued_on": "2023-01-01"}, "certificate_number"),
    ]

    def make_object(self):
        return worker()

    def create_payload(self):
        unit = EstablishmentFactory(category=kind("rd.diagnosis.xray"))
        return {
            "establishment": unit.pk,
            "name": "赵技师",
            "id_number": valid_id_number(),
            "practice_category": "xray",
            "started_on": "2020-03-01",
        }

    def test_numbers_are_masked(self, client_as, inspector):
        w = worker(id_number="11010519491231002X")
        data = client_as(inspector).get(reverse("radiationworker-detail", args=[w.pk])).json()
        assert data["id_number"] == "1101**********002X"


class TestDoseReadingAPI(APIEndpointTests):
    basename = "dosereading"
    model = DoseReading
    writer = "inspector"
    reader_without_write = "manager"
    invalid_payloads = [
        ({"period_end": "2023-12-31"}, "period_end"),
        ({"dose_msv": "-1"}, "dose_msv"),
    ]

    def make_object(self):
        return reading(worker(), D(2024, 1, 1), D(2024, 3, 31), "0.1")

    def create_payload(self):
        return {
            "worker": worker().pk,
            "period_start": "2024-01-01",
            "period_end": "2024-03-31",
            "dose_msv": "0.150",
            "result": "normal",
            "service": "省疾控中心",
        }

    def test_over_limit_is_answered(self, client_as, inspector):
        payload = {**self.create_payload(), "dose_msv": "55"}
        data = (
            client_as(inspector)
            .post(self.list_url(), payload, content_type="application/json")
            .json()
        )
        assert data["over_limit"] is True and "50" in data["over_limit_reason"]


class TestRadiationProjectAPI(APIEndpointTests):
    basename = "radiationproject"
    model = RadiationProject
    writer = "clerk"
    reader_without_write = "manager"
    invalid_payloads = [
        ({"kind": "demolish"}, "kind"),
        ({"pre_approved_on": "2024-02-01"}, "pre_approved_on"),
    ]

    def make_object(self):
        return project()

    def create_payload(self):
        unit = EstablishmentFactory(category=kind("rd.diagnosis.xray"))
        return {
            "establishment": unit.pk,
            "name": "DR机房",
            "kind": "new",
            "practice_category": "xray",
            "notes": "一楼",
        }
