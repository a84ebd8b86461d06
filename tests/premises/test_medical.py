"""The medical register (premises/models/medical.py, medical_infection.py) as the medical
inspector and the clerk use it: the 执业许可证 particulars (one current record, a change
superseding it with its reason, 校验 due by beds), medical staff checked against the licensed
诊疗科目 (misfits, no certificate, 科目 without staff), infection-control particulars and the
units with problems; the 医疗卫生 section of the unit's file, lists with exports, the API."""

import datetime
from itertools import count

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from premises.models import ClinicalSubject, InfectionControl, MedicalLicence, PracticeScope
from premises.services import medical as services
from premises.services import practitioner_create
from premises.views.medical import (
    InfectionControlListView,
    MedicalLicenceListView,
    MedicalStaffListView,
)
from tests.factories import EstablishmentFactory, UserFactory, kind, post_named, valid_id_number
from tests.generic import APIEndpointTests, ListPageTests

pytestmark = pytest.mark.django_db

D = datetime.date
_n = count(1)


def subjects(*codes):
    return [ClinicalSubject.objects.get(code=c) for c in codes]


def scope(code):
    return PracticeScope.objects.get(code=code)


def clinic(**kw):
    return EstablishmentFactory(category=kind("md.institution.clinic"), **kw)


def licence(unit=None, codes=("03",), **kw):
    unit = unit or clinic()
    fields = {
        "registration_number": f"PDY{next(_n):05d}",
        "beds": 0,
        "valid_from": D(2022, 1, 1),
        "valid_until": D(2031, 1, 1),
        "principal": "张院长",
    }
    return services.medical_licence_register(
        user=UserFactory(), establishment=unit, subjects=subjects(*codes), **{**fields, **kw}
    )


def staff(unit, practice_type="clinical", scope_code="clinical-internal", cert="auto", **kw):
    person = practitioner_create(
        user=UserFactory(),
        establishment=unit,
        name=kw.pop("name", f"医师{next(_n)}"),
        sex="F",
        post=post_named("医师"),
        id_number=valid_id_number(),
        hired_on=D(2020, 1, 1),
    )
    return services.medical_staff_register(
        user=UserFactory(),
        practitioner=person,
        practice_type=practice_type,
        scope=scope(scope_code) if scope_code else None,
        certificate_number=f"1104{next(_n):08d}" if cert == "auto" else cert,
        started_on=D(2020, 1, 1),
        **kw,
    )


def control(unit=None, **kw):
    unit = unit or clinic()
    fields = {
        "checked_on": D(2025, 3, 1),
        "triage": "yes",
        "fever_clinic": "not_required",
        "disinfection_records": True,
        "disinfection_monitoring": True,
        "waste_storage": "yes",
        "waste_disposer": "县医疗废物处置中心",
        "waste_contract_until": D(2030, 12, 31),
        "waste_handover_kept": True,
        "waste_manifest_kept": True,
    }
    return services.infection_control_record(
        user=UserFactory(), establishment=unit, **{**fields, **kw}
    )


# ---------------------------------------------------------------- catalogues


def test_the_catalogues_ship_with_their_source():
    imaging = ClinicalSubject.objects.get(code="32")
    assert imaging.name == "医学影像科"
    assert ClinicalSubject.objects.get(code="32.01").parent == imaging
    assert "卫医发〔1994〕第27号" in imaging.source and "UNVERIFIED" in imaging.source
    assert {s.code for s in scope("dental-dental").subjects.all()} >= {"12"}
    assert scope("nurse").fits_any


# ---------------------------------------------------------------- the licence


def test_a_licence_with_its_verification_due_by_beds():
    small = licence(beds=20, valid_from=D(2024, 5, 1))
    assert small.verification_due_on == D(2025, 5, 1)  # under 100 beds: every year
    large = licence(beds=300, valid_from=D(2024, 5, 1), verified_on=D(2024, 6, 1))
    assert large.verification_due_on == D(2027, 6, 1)  # 100 and more: every 3 years
    assert small.state_on(D(2025, 6, 1)) == "校验逾期"
    assert small.state_on(D(2025, 4, 20)) == "校验将到期"
    assert small.state_on(D(2025, 1, 1)) == ""


def test_sent_again_the_licence_is_the_one_there_is():
    unit = clinic()
    first = licence(unit, registration_number="PDY77777")
    again = licence(unit, registration_number="PDY77777")
    assert again == first and MedicalLicence.objects.filter(establishment=unit).count() == 1


def test_a_change_supersedes_the_current_record_with_its_reason():
    unit = clinic()
    old = licence(unit, registration_number="PDY1", codes=("03",))
    with pytest.raises(ValidationError) as refused:
        licence(unit, registration_number="PDY1", codes=("03", "04"))
    assert "change_reason" in refused.value.message_dict
    new = licence(
        unit, registration_number="PDY1", codes=("03", "04"), change_reason="增加外科诊疗科目"
    )
    old.refresh_from_db()
    assert not old.is_current and new.is_current and new.supersedes == old
    assert old.subjects.count() == 1  # the old record is kept as it was
    assert MedicalLicence.objects.current().get(establishment=unit) == new


def test_bad_licence_input_is_refused_on_its_field():
    unit = clinic()
    for change, field in (
        ({"valid_until": D(2021, 1, 1)}, "valid_until"),
        ({"valid_from": D(2099, 1, 1), "valid_until": D(2100, 1, 1)}, "valid_from"),
        ({"registration_number": "  "}, "registration_number"),
        ({"beds": 50000}, "beds"),
    ):
        with pytest.raises(ValidationError) as refused:
            licence(unit, **change)
        assert field in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        licence(unit, codes=())
    assert "subjects" in refused.value.message_dict
    assert not MedicalLicence.objects.filter(establishment=unit).exists()


def test_only_a_medical_unit_holds_medical_records():
    barber = EstablishmentFactory(category=kind("pp.bathing.barber"))
    with pytest.raises(ValidationError) as refused:
        licence(barber)
    assert "不是医疗卫生监管单位" in str(refused.value)


# ---------------------------------------------------------------- the staff check


def test_the_staff_check_finds_misfits_the_uncertified_and_subjects_without_staff():
    unit = clinic()
    licence(unit, codes=("03", "12", "32.01"))
    internist = staff(unit, scope_code="clinical-internal")
    dentist_elsewhere = staff(unit, practice_type="clinical", scope_code="clinical-obstetrics")
    nurse = staff(unit, practice_type="nurse", scope_code="nurse")
    helper = staff(unit, practice_type="none", scope_code=None, cert="", name="无证人员")
    check = services.staff_check(unit)
    found = {m.pk: m.found for m in check.staff}
    assert found[internist.pk] == [] and found[nurse.pk] == []
    assert found[dentist_elsewhere.pk] == ["执业范围与本单位诊疗科目不符"]
    assert found[helper.pk] == ["无执业证书（非卫生技术人员）"]
    # 口腔科 and 医学影像科 (X线诊断专业) have no qualified staff; 内科 has
    assert [s.code for s in check.uncovered] == ["12", "32.01"]
    # the list's filter finds the same people in the database
    from premises.filters.medical import MedicalStaffFilterSet

    flagged = MedicalStaffFilterSet({"problem": "yes"}, queryset=unit.medical_staff.all()).qs
    assert {m.pk for m in flagged} == {dentist_elsewhere.pk, helper.pk}


def test_a_scope_of_another_type_and_a_certificate_for_no_qualification_are_refused():
    unit = clinic()
    with pytest.raises(ValidationError) as refused:
        staff(unit, practice_type="nurse", scope_code="clinical-internal")
    assert "scope" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        staff(unit, practice_type="none", scope_code=None, cert="123")
    assert "certificate_number" in refused.value.message_dict


# ---------------------------------------------------------------- infection control


def test_infection_control_problems_and_the_list_of_units_with_problems(client_as, inspector):
    good = control(clinic(name="无问题诊所"))
    expired = control(
        clinic(name="合同过期诊所"), waste_contract_until=D(2024, 12, 31), triage="no"
    )
    assert good.problems() == []
    assert "未设预检分诊点" in expired.problems()
    assert "医疗废物处置合同已过期（2024-12-31）" in expired.problems()
    response = client_as(inspector).get(
        reverse("premises:infection_control_list"), {"latest": "yes", "problem": "waste_contract"}
    )
    listed = [obj.pk for obj, _ in response.context["rows"]]
    assert listed == [expired.pk]
    assert "合同过期诊所" in response.content.decode()


def test_infection_control_is_one_record_a_day_and_bad_input_is_named():
    unit = clinic()
    first = control(unit)
    assert control(unit) == first  # a double submit
    with pytest.raises(ValidationError) as refused:
        control(unit, triage="no")
    assert "checked_on" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        control(
            unit,
            checked_on=D(2025, 4, 1),
            vaccination_site=True,
            vaccinators=2,
            vaccinators_trained=3,
            vaccination_designation="赣卫接种〔2024〕1号",
        )
    assert "vaccinators_trained" in refused.value.message_dict
    assert InfectionControl.objects.filter(establishment=unit).count() == 1


# ---------------------------------------------------------------- pages


def test_the_unit_file_shows_the_licence_staff_and_problems(client_as, inspector):
    unit = clinic(name="康乐诊所")
    licence(unit, codes=("03", "04"), beds=10, valid_from=D(2020, 1, 1), verified_on=D(2021, 1, 1))
    staff(unit, practice_type="none", scope_code=None, cert="", name="无证甲")
    control(unit, waste_contract_until=D(2024, 1, 1))
    response = client_as(inspector).get(unit.get_absolute_url())
    page = response.content.decode()
    assert 'id="medical"' in page
    assert "校验逾期" in page
    assert "无执业证书（非卫生技术人员）" in page
    assert "无相应执业人员的诊疗科目：内科、外科" in page
    assert "医疗废物处置合同已过期" in page
    # the inspector records staff and infection control, not the licence
    assert reverse("premises:infection_control_add", args=[unit.pk]) in page
    assert reverse("premises:medical_licence_add", args=[unit.pk]) not in page


def test_the_clerk_registers_a_licence_change_on_the_page(client_as, clerk):
    unit = clinic()
    old = licence(unit, registration_number="PDY9")
    client = client_as(clerk)
    url = reverse("premises:medical_licence_add", args=[unit.pk])
    form = client.get(url)
    assert "变更原因" in form.content.decode()
    data = {
        "registration_number": "PDY9",
        "subjects": [s.pk for s in subjects("03", "07")],
        "beds": "0",
        "valid_from": "2022-01-01",
        "valid_until": "2031-01-01",
        "principal": "张院长",
        "change_reason": "",
    }
    refused = client.post(url, data)
    assert refused.status_code == 400 and "change_reason" in refused.context["form"].errors
    assert MedicalLicence.objects.filter(establishment=unit).count() == 1
    saved = client.post(url, {**data, "change_reason": "增加儿科"})
    assert saved.status_code == 302
    old.refresh_from_db()
    assert not old.is_current
    assert MedicalLicence.objects.current().get(establishment=unit).change_reason == "增加儿科"


def test_the_inspector_may_not_enter_a_licence(client_as, inspector):
    unit = clinic()
    response = client_as(inspector).get(reverse("premises:medical_licence_add", args=[unit.pk]))
    assert response.status_code == 403


class TestMedicalLicenceList(ListPageTests):
    url_name = "premises:medical_licence_list"
    view_class = MedicalLicenceListView
    export_headers = ("登记号", "单位", "诊疗科目", "下次校验", "无相应执业人员的科目")

    def make_object(self, **kwargs):
        unit = clinic()
        made = licence(unit, codes=("03", "04"))
        staff(unit)
        return made

    def test_state_filter_and_superseded_records(self, client_as, manager):
        overdue = licence(valid_from=D(2020, 1, 1))
        licence(valid_from=D(2025, 11, 1), verification_due_on=D(2030, 1, 1))
        client = client_as(manager)
        rows = client.get(reverse(self.url_name), {"state": "overdue"}).context["rows"]
        assert [obj.pk for obj, _ in rows] == [overdue.pk]


class TestMedicalStaffList(ListPageTests):
    url_name = "premises:medical_staff_list"
    view_class = MedicalStaffListView
    export_headers = ("姓名", "单位", "执业类别", "执业范围", "执业证书编号", "资质问题")

    def make_object(self, **kwargs):
        unit = clinic()
        licence(unit, codes=("03",))
        return staff(unit)


class TestInfectionControlList(ListPageTests):
    url_name = "premises:infection_control_list"
    view_class = InfectionControlListView
    export_headers = ("单位", "检查日期", "医废处置单位", "处置合同至", "发现的问题")

    def make_object(self, **kwargs):
        return control()


class TestMedicalLicenceAPI(APIEndpointTests):
    basename = "medicallicence"
    model = MedicalLicence
    writer = "clerk"
    invalid_payloads = [
        ({"valid_until": "2000-01-01"}, "valid_until"),
        ({"subjects": []}, "subjects"),
    ]

    def make_object(self):
        return licence()

    def create_payload(self):
        return {
            "establishment": clinic().pk,
            "registration_number": "PDY-API-1",
            "subjects": [s.pk for s in subjects("03")],
            "beds": 10,
            "valid_from": "2023-01-01",
            "valid_until": "2031-01-01",
            "principal": "李主任",
        }


class TestInfectionControlAPI(APIEndpointTests):
    basename = "infectioncontrol"
    model = InfectionControl
    writer = "inspector"
    reader_without_write = "manager"
    invalid_payloads = [({"checked_on": "2099-01-01"}, "checked_on")]

    def make_object(self):
        return control()

    def create_payload(self):
        return {
            "establishment": clinic().pk,
            "checked_on": "2025-05-01",
            "triage": "no",
            "waste_storage": "yes",
        }


def test_the_demo_gives_medical_units_their_records():
    """seed_demo's medical register: every medical unit has a licence and staff, one person
    without a certificate, one waste contract expired, one clinic without triage."""
    from premises.filters.medical import infection_problem_condition, staff_misfit_condition
    from premises.management.demo_medical import medical_demo
    from premises.models import MedicalStaff

    hospital = EstablishmentFactory(category=kind("md.institution.hospital"))
    clinics = [clinic() for _ in range(3)]
    medical_demo(
        7,
        UserFactory(),
        county_code="360922",
        person=lambda r: (f"新医师{r.randint(1, 999)}", valid_id_number()),
    )
    for unit in [hospital, *clinics]:
        assert unit.medical_licences.filter(is_current=True).exists()
        assert unit.medical_staff.exists()
    assert MedicalStaff.objects.filter(staff_misfit_condition()).count() == 1
    today = datetime.date.today()
    expired = InfectionControl.objects.filter(infection_problem_condition("waste_contract", today))
    assert expired.count() == 1
    assert InfectionControl.objects.filter(triage="no").count() == 1
