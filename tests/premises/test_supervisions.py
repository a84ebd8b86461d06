"""A unit supervised under further domains (premises.Supervision): registered once per
domain, never as its main domain, ended with a reason, removed only while nothing was done
under it; inspections made under a domain the unit is supervised under; permits a further
kind needs; the unit's page and its pages for each step."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from inspections.models import Inspection
from licensing.models import PermitType
from licensing.services import permit_register
from premises import services
from premises.models import Domain, Supervision
from tests.factories import EstablishmentFactory, UserFactory, kind
from tests.inspections.factories import record, when

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def hospital():
    return EstablishmentFactory(category=kind("md.institution.hospital"), name="县人民医院")


START = D(2024, 1, 1)


def add(unit, code, started_on=START, **kw):
    return services.supervision_add(
        user=UserFactory(), establishment=unit, category=kind(code), started_on=started_on, **kw
    )


def test_a_hospital_is_also_a_radiation_unit_and_a_public_place(hospital):
    add(hospital, "rd.diagnosis.xray")
    add(hospital, "pp.transport.waiting_room")

    kinds = hospital.kinds_on()
    assert [k.name for k in kinds] == ["医院", "候诊室", "X射线影像诊断"]  # by domain
    assert hospital.kind_in(Domain.objects.get(code="radiation")).code == "rd.diagnosis.xray"
    assert hospital.kind_in(Domain.objects.get(code="schools")) is None


def test_registering_the_same_domain_twice_records_one(hospital):
    first = add(hospital, "rd.diagnosis.xray")
    again = add(hospital, "rd.diagnosis.xray")  # a double submit
    assert again.pk == first.pk
    with pytest.raises(ValidationError) as refused:
        add(hospital, "rd.diagnosis.nuclear")  # one kind per domain
    assert "已登记" in refused.value.message_dict["category"][0]
    assert Supervision.objects.count() == 1


def test_the_main_domain_is_not_registered_again(hospital):
    with pytest.raises(ValidationError) as refused:
        add(hospital, "md.institution.clinic")
    assert "主专业" in refused.value.message_dict["category"][0]
    assert not Supervision.objects.exists()


def test_a_main_kind_cannot_move_into_a_further_domain(hospital):
    add(hospital, "rd.diagnosis.xray")
    hospital.category = kind("rd.diagnosis.nuclear")
    with pytest.raises(ValidationError) as refused:
        services.establishment_update(
            establishment=hospital, user=UserFactory(), category=kind("rd.diagnosis.nuclear")
        )
    assert "其他监督专业" in refused.value.message_dict["category"][0]


def test_ending_needs_a_reason_and_keeps_the_dates(hospital):
    row = add(hospital, "rd.diagnosis.xray", started_on=D(2022, 3, 1))
    with pytest.raises(ValidationError) as refused:
        services.supervision_end(
            user=UserFactory(), supervision=row, ended_on=D(2024, 6, 30), reason=""
        )
    assert "end_reason" in refused.value.message_dict
    services.supervision_end(
        user=UserFactory(), supervision=row, ended_on=D(2024, 6, 30), reason="停止X射线诊断"
    )
    row.refresh_from_db()
    assert (row.started_on, row.ended_on) == (D(2022, 3, 1), D(2024, 6, 30))
    assert hospital.kind_in(row.domain, D(2024, 6, 1)) is not None
    assert hospital.kind_in(row.domain, D(2024, 7, 1)) is None


def test_a_domain_ended_can_be_taken_up_again_after_its_end(hospital):
    row = add(hospital, "rd.diagnosis.xray", started_on=D(2020, 1, 1))
    services.supervision_end(
        user=UserFactory(), supervision=row, ended_on=D(2022, 12, 31), reason="停止X射线诊断"
    )
    with pytest.raises(ValidationError) as refused:
        add(hospital, "rd.diagnosis.xray", started_on=D(2022, 6, 1))
    assert "2022-12-31" in refused.value.message_dict["started_on"][0]
    again = add(hospital, "rd.diagnosis.xray", started_on=D(2024, 3, 1))
    radiation = again.domain
    assert hospital.kind_in(radiation, D(2021, 5, 1)) is not None
    assert hospital.kind_in(radiation, D(2023, 5, 1)) is None
    assert hospital.kind_in(radiation, D(2024, 5, 1)) is not None


def test_removing_is_refused_once_an_inspection_was_made_under_it(hospital):
    row = add(hospital, "rd.diagnosis.xray", started_on=D(2020, 1, 1))
    record(establishment=hospital, domain=row.domain)
    with pytest.raises(ValidationError) as refused:
        services.supervision_remove(user=UserFactory(), supervision=row, reason="登记错误")
    assert "终止监管" in refused.value.messages[0]
    assert Supervision.objects.filter(pk=row.pk).exists()

    mistake = add(hospital, "pp.transport.waiting_room")
    services.supervision_remove(user=UserFactory(), supervision=mistake, reason="登记错误")
    assert not Supervision.objects.filter(pk=mistake.pk).exists()


def test_an_inspection_is_made_under_a_domain_the_unit_has_on_the_day(hospital):
    radiation = Domain.objects.get(code="radiation")
    add(hospital, "rd.diagnosis.xray", started_on=D(2020, 1, 1))

    made = record(establishment=hospital, domain=radiation)
    assert made.category.code == "rd.diagnosis.xray"
    plain = record(establishment=hospital)
    assert plain.category.code == "md.institution.hospital"

    with pytest.raises(ValidationError) as refused:
        record(establishment=hospital, domain=Domain.objects.get(code="schools"))
    assert "未纳入“学校卫生”监管" in refused.value.message_dict["domain"][0]
    assert Inspection.objects.count() == 2


def test_an_inspection_before_the_domain_started_is_refused_also_on_correction(hospital):
    from inspections.services.corrections import inspection_amend

    radiation = Domain.objects.get(code="radiation")
    started = timezone.localdate() - datetime.timedelta(days=5)
    add(hospital, "rd.diagnosis.xray", started_on=started)
    with pytest.raises(ValidationError) as refused:
        record(establishment=hospital, domain=radiation, inspected_at=when(days_ago=10))
    assert f"{started:%Y-%m-%d} 起" in refused.value.message_dict["domain"][0]
    made = record(establishment=hospital, domain=radiation, inspected_at=when(days_ago=2))
    with pytest.raises(ValidationError) as refused:
        inspection_amend(
            inspection=made,
            user=made.recorded_by,
            reason="时间录错",
            inspected_at=when(days_ago=10),
        )
    assert "不在其中" in refused.value.message_dict["inspected_at"][0]


def test_the_generic_form_refuses_a_domain_the_unit_is_not_under(client_as, inspector):
    clinic = EstablishmentFactory(category=kind("md.institution.clinic"), name="某诊所")
    team = [inspector, UserFactory(role="inspector")]
    response = client_as(inspector).post(
        "/inspections/add/",
        {
            "establishment": clinic.pk,
            "domain": Domain.objects.get(code="radiation").pk,
            "inspected_at": timezone.localtime(when()).strftime("%Y-%m-%dT%H:%M"),
            "inspectors": [u.pk for u in team],
            "kind": "routine",
            "person_present": "院长",
            "result": "compliant",
        },
    )
    assert response.status_code == 400
    assert "未纳入“放射卫生”监管" in response.content.decode()
    assert not Inspection.objects.exists()


def test_a_hospital_holds_a_radiation_permit(hospital):
    radiation = PermitType.objects.get(code="radiation")
    with pytest.raises(ValidationError) as refused:
        permit_register(
            user=UserFactory(role="clerk"),
            establishment=hospital,
            permit_type=radiation,
            issued_on=D(2024, 5, 1),
            expires_on=None,
            business_scope="X射线影像诊断",
        )
    assert "permit_type" in refused.value.message_dict

    add(hospital, "rd.diagnosis.xray", started_on=D(2020, 1, 1))
    made = permit_register(
        user=UserFactory(role="clerk"),
        establishment=hospital,
        permit_type=radiation,
        issued_on=D(2024, 5, 1),
        expires_on=None,  # no term: kept by 校验 with the practice licence
        business_scope="X射线影像诊断",
    )
    assert made.establishment == hospital


# ---------------------------------------------------------------- pages


def test_the_clerk_registers_a_further_domain_from_the_unit_page(hospital, client_as, clerk):
    client = client_as(clerk)
    page = client.get(hospital.get_absolute_url()).content.decode()
    assert "登记其他监督专业" in page

    form = client.get(f"/premises/establishments/{hospital.pk}/supervisions/add/").content.decode()
    assert "医疗卫生 › 医疗机构 › 诊所" not in form  # its main domain is not offered
    assert "放射卫生 › 放射诊疗机构 › X射线影像诊断" in form

    response = client.post(
        f"/premises/establishments/{hospital.pk}/supervisions/add/",
        {"category": kind("rd.diagnosis.xray").pk, "started_on": "2024-01-01"},
    )
    assert response.status_code == 302
    page = client.get(hospital.get_absolute_url()).content.decode()
    assert "其他监督专业" in page and "X射线影像诊断" in page
    assert "医疗卫生（主专业）、放射卫生" in page


def test_a_future_start_is_refused_on_its_field(hospital, client_as, clerk):
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    response = client_as(clerk).post(
        f"/premises/establishments/{hospital.pk}/supervisions/add/",
        {"category": kind("rd.diagnosis.xray").pk, "started_on": str(tomorrow)},
    )
    assert response.status_code == 400
    assert "纳入监管日期不能晚于今天" in response.content.decode()
    assert not Supervision.objects.exists()


def test_the_inspector_may_not_register_one(hospital, client_as, inspector):
    response = client_as(inspector).get(f"/premises/establishments/{hospital.pk}/supervisions/add/")
    assert response.status_code == 403


def test_the_inspection_form_offers_the_unit_s_domains(hospital, client_as, inspector):
    add(hospital, "rd.diagnosis.xray", started_on=D(2020, 1, 1))
    page = client_as(inspector).get(f"/inspections/add/?establishment={hospital.pk}")
    text = page.content.decode()
    assert "放射卫生（X射线影像诊断）" in text and "医疗卫生（医院）" in text
    assert when() is not None


# ---------------------------------------------------------------- API


def test_the_api_adds_a_further_domain_and_shows_it_on_the_unit(hospital, client_as, clerk):
    client = client_as(clerk)
    url = f"/api/v1/establishments/{hospital.pk}/supervisions/"
    payload = {"category": "rd.diagnosis.xray", "started_on": "2024-01-01"}
    response = client.post(url, payload, content_type="application/json")
    assert response.status_code == 200
    further = response.json()["further_domains"]
    assert [(f["domain"], f["category"]) for f in further] == [("radiation", "rd.diagnosis.xray")]
    again = client.post(url, payload, content_type="application/json")  # a retry
    assert again.status_code == 200 and Supervision.objects.count() == 1

    main = client.post(
        url,
        {"category": "md.institution.clinic", "started_on": "2024-01-01"},
        content_type="application/json",
    )
    assert main.status_code == 400
    assert "主专业" in main.json()["category"][0]
    radiation = Domain.objects.get(code="radiation").pk
    listed = client.get("/api/v1/establishments/", {"domain": radiation}).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [u["name"] for u in rows] == ["县人民医院"]


def test_the_unit_list_names_every_domain_and_filters_by_a_further_one(hospital, client_as, clerk):
    add(hospital, "rd.diagnosis.xray")
    EstablishmentFactory(name="另一家理发店")
    client = client_as(clerk)
    radiation = Domain.objects.get(code="radiation")
    page = client.get("/premises/establishments/", {"domain": radiation.pk}).content.decode()
    assert "县人民医院" in page and "另一家理发店" not in page
    assert "医疗卫生、放射卫生" in page


def test_a_start_before_the_unit_opened_is_refused(hospital):
    with pytest.raises(ValidationError) as refused:
        add(hospital, "rd.diagnosis.xray", started_on=D(2019, 6, 1))  # opened 2020-01-01
    assert "开业日期（2020-01-01）" in refused.value.message_dict["started_on"][0]


def test_a_domain_registered_in_another_tab_is_refused_with_its_own_message(
    hospital, client_as, clerk
):
    client = client_as(clerk)
    url = f"/premises/establishments/{hospital.pk}/supervisions/add/"
    client.get(url)  # tab B opens the form
    add(hospital, "rd.diagnosis.xray")  # tab A saves first
    response = client.post(
        url, {"category": kind("rd.diagnosis.nuclear").pk, "started_on": "2024-02-01"}
    )
    assert response.status_code == 400
    assert "本单位已登记“放射卫生”专业（X射线影像诊断" in response.content.decode()
