"""The occupational-health register (职业卫生): an employer's yearly profile and hazards,
health surveillance by stage, occupational-disease cases and construction projects —
impossible values refused on their field, creates idempotent, records only for units under
the occupational domain, the 职业卫生 section of the unit's file, the pages by role, the lists
(query count independent of rows, export) and the API."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from premises import services
from premises.models import (
    ConstructionProject,
    HazardFactor,
    HealthSurveillance,
    OccupationalDiseaseCase,
    OccupationalProfile,
)
from premises.views.occupational import (
    ConstructionProjectListView,
    HealthSurveillanceListView,
    OccupationalCaseListView,
    OccupationalProfileListView,
)
from tests.factories import EstablishmentFactory, UserFactory, kind
from tests.generic import APIEndpointTests, ListPageTests

pytestmark = pytest.mark.django_db

D = datetime.date


def employer(**kwargs):
    kwargs.setdefault("category", kind("oc.employer.hazard"))
    kwargs.setdefault("opened_on", D(2020, 1, 1))
    return EstablishmentFactory(**kwargs)


def named(row):
    """A listed row (its pk is the list's) shown by its unit's name, for the list tests."""
    row.name = row.establishment.name
    return row


def factor(name):
    return HazardFactor.objects.get(name=name)


def profile(unit=None, year=2024, **values):
    values = {"workers_total": 100, "exposed_total": 30, **values}
    return services.occupational_profile_record(
        user=UserFactory(), establishment=unit or employer(), year=year, **values
    )


def surveillance(unit=None, year=2024, stage="on_duty", **values):
    values = {"due": 30, "examined": 28, **values}
    return services.health_surveillance_record(
        user=UserFactory(), establishment=unit or employer(), year=year, stage=stage, **values
    )


def case(unit=None, **values):
    values = {
        "worker_name": "李四",
        "disease_class": "pneumoconiosis",
        "disease": "矽肺壹期",
        "diagnosed_on": D(2024, 5, 6),
        **values,
    }
    return services.occupational_case_record(
        user=UserFactory(), establishment=unit or employer(), **values
    )


def project(unit=None, **values):
    values = {"name": "年产十万吨石英砂项目", "approved_on": D(2024, 3, 1), **values}
    return services.construction_project_record(
        user=UserFactory(), establishment=unit or employer(), **values
    )


def refused(call, field):
    with pytest.raises(ValidationError) as error:
        call()
    assert field in error.value.message_dict, error.value.message_dict
    return error.value.message_dict[field][0]


# ---------------------------------------------------------------- reference data


def test_the_hazard_catalogue_ships_with_its_classes_and_the_plans_focus():
    assert HazardFactor.objects.filter(hazard_class="dust").count() == 53
    assert HazardFactor.objects.filter(hazard_class="physical").count() == 15
    assert factor("石棉粉尘").focus == "asbestos"
    assert factor("煤尘").focus == "dust" and factor("苯").focus == "solvent"
    assert factor("甲苯").focus == "solvent" and factor("噪声").focus == ""
    assert "国卫疾控发〔2015〕92号" in factor("噪声").source


# ---------------------------------------------------------------- the yearly profile


def test_more_exposed_than_workers_is_refused_on_its_field():
    message = refused(lambda: profile(workers_total=10, exposed_total=11), "exposed_total")
    assert "不能多于职工总数" in message
    assert not OccupationalProfile.objects.exists()


def test_a_profile_sent_twice_is_recorded_once_and_a_different_one_refused():
    unit = employer()
    first = profile(unit)
    assert profile(unit).pk == first.pk  # a double submit
    assert "已登记" in refused(lambda: profile(unit, workers_total=120), "year")
    assert OccupationalProfile.objects.count() == 1
    assert profile(unit, year=2025).pk != first.pk


def test_records_are_kept_only_for_units_under_the_occupational_domain():
    barber = EstablishmentFactory()
    assert "职业卫生" in refused(lambda: profile(barber), "establishment")
    assert "职业卫生" in refused(lambda: surveillance(barber), "establishment")
    # a factory of another main kind, supervised under 职业卫生 as a further domain
    services.supervision_add(
        user=UserFactory(),
        establishment=barber,
        category=kind("oc.employer.hazard"),
        started_on=D(2024, 1, 1),
    )
    assert profile(barber).establishment == barber


def test_declaration_and_files_must_agree_with_their_dates_and_counts():
    assert "申报日期" in refused(lambda: profile(declared=True), "declared_on")
    assert "档案份数" in refused(lambda: profile(records_kept=True), "records_count")
    saved = profile(declared=True, declared_on=D(2024, 2, 1), records_kept=True, records_count=30)
    assert saved.declared and saved.records_count == 30


def test_hazards_and_the_workers_exposed_to_each():
    p = profile(exposed_total=30)
    user = UserFactory()
    dust = services.hazard_exposure_set(user=user, profile=p, factor=factor("煤尘"), exposed=20)
    again = services.hazard_exposure_set(user=user, profile=p, factor=factor("煤尘"), exposed=20)
    assert again.pk == dust.pk
    services.hazard_exposure_set(user=user, profile=p, factor=factor("噪声"), exposed=30)
    assert "不能多于本年度接害人数" in refused(
        lambda: services.hazard_exposure_set(user=user, profile=p, factor=factor("苯"), exposed=31),
        "exposed",
    )
    # the profile's 接害人数 cannot drop below a hazard's count
    message = refused(
        lambda: services.occupational_profile_update(user=user, profile=p, exposed_total=25),
        "exposed_total",
    )
    assert "30" in message
    assert sorted(p.exposures.values_list("factor__name", "exposed")) == [
        ("噪声", 30),
        ("煤尘", 20),
    ]


# ---------------------------------------------------------------- surveillance, cases, projects


def test_more_examined_than_due_is_refused_on_its_field():
    assert "不能多于应检人数" in refused(lambda: surveillance(due=10, examined=11), "examined")
    assert "实检人数" in refused(lambda: surveillance(due=10, examined=5, suspected=6), "suspected")
    assert not HealthSurveillance.objects.exists()


def test_one_record_per_stage_and_year():
    unit = employer()
    first = surveillance(unit, stage="pre", due=8, examined=8)
    assert surveillance(unit, stage="pre", due=8, examined=8).pk == first.pk
    assert "上岗前" in refused(lambda: surveillance(unit, stage="pre", due=9, examined=9), "stage")
    surveillance(unit, stage="on_duty")
    assert HealthSurveillance.objects.filter(establishment=unit).count() == 2


def test_a_case_is_recorded_once_and_reported_with_a_date():
    unit = employer()
    first = case(unit)
    assert case(unit).pk == first.pk
    assert "报告日期" in refused(
        lambda: case(unit, worker_name="王五", reported=True), "reported_on"
    )
    assert "早于诊断日期" in refused(
        lambda: case(unit, worker_name="王五", reported=True, reported_on=D(2024, 5, 1)),
        "reported_on",
    )
    assert OccupationalDiseaseCase.objects.count() == 1


def test_project_stages_need_their_dates_in_order():
    assert "请填写日期" in refused(
        lambda: project(pre_assessment_status="passed"), "pre_assessment_on"
    )
    assert "早于立项日期" in refused(
        lambda: project(pre_assessment_status="passed", pre_assessment_on=D(2024, 2, 1)),
        "pre_assessment_on",
    )
    assert "预评价" in refused(
        lambda: project(
            pre_assessment_status="passed",
            pre_assessment_on=D(2024, 4, 1),
            design_status="passed",
            design_on=D(2024, 3, 15),
        ),
        "design_on",
    )
    unit = employer()
    done = project(unit, pre_assessment_status="passed", pre_assessment_on=D(2024, 4, 1))
    again = project(unit, pre_assessment_status="passed", pre_assessment_on=D(2024, 4, 1))
    assert again.pk == done.pk
    assert ConstructionProject.objects.count() == 1


# ---------------------------------------------------------------- the unit's file and pages


def test_the_unit_file_shows_the_occupational_section_to_every_role(client_as, inspector, manager):
    unit = employer(name="县石英砂厂")
    p = profile(unit, workers_total=80, exposed_total=25)
    services.hazard_exposure_set(
        user=UserFactory(), profile=p, factor=factor("矽尘（游离SiO2含量≥10%）"), exposed=25
    )
    case(unit)
    page = client_as(inspector).get(unit.get_absolute_url()).content.decode()
    assert 'id="occupational"' in page and "矽尘" in page and "矽肺壹期" in page
    assert reverse("premises:occupational_profile_add", args=[unit.pk]) in page
    page = client_as(manager).get(unit.get_absolute_url()).content.decode()
    assert 'id="occupational"' in page
    assert reverse("premises:occupational_profile_add", args=[unit.pk]) not in page


def test_a_unit_outside_the_domain_has_no_section(client_as, inspector, establishment):
    page = client_as(inspector).get(establishment.get_absolute_url()).content.decode()
    assert 'id="occupational"' not in page


def test_the_page_refuses_a_count_on_its_field_and_saves_nothing(client_as, inspector):
    unit = employer()
    url = reverse("premises:occupational_profile_add", args=[unit.pk])
    client = client_as(inspector)
    data = {"year": 2024, "workers_total": 10, "exposed_total": 12, "records_count": 0}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "接害人数" in str(response.context["form"].errors["exposed_total"])
    assert not OccupationalProfile.objects.exists()
    response = client.post(url, {**data, "exposed_total": 8})
    saved = OccupationalProfile.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("premises:hazard_exposure_add", args=[saved.pk])


def test_surveillance_page_refuses_more_examined_than_due(client_as, clerk):
    unit = employer()
    response = client_as(clerk).post(
        reverse("premises:health_surveillance_add", args=[unit.pk]),
        {
            "year": 2024,
            "stage": "on_duty",
            "due": 5,
            "examined": 6,
            "rechecked": 0,
            "suspected": 0,
            "contraindicated": 0,
        },
    )
    assert response.status_code == 400
    assert "examined" in response.context["form"].errors
    assert not HealthSurveillance.objects.exists()


def test_the_add_page_sends_a_unit_outside_the_domain_back(client_as, inspector, establishment):
    response = client_as(inspector).get(
        reverse("premises:occupational_profile_add", args=[establishment.pk])
    )
    assert response.status_code == 302 and response["Location"] == establishment.get_absolute_url()


def test_managers_read_but_do_not_record(client_as, manager):
    unit = employer()
    client = client_as(manager)
    assert (
        client.get(reverse("premises:occupational_profile_add", args=[unit.pk])).status_code == 403
    )
    assert client.get(reverse("premises:occupational_profile_list")).status_code == 200


# ---------------------------------------------------------------- lists


class TestProfileList(ListPageTests):
    url_name = "premises:occupational_profile_list"
    view_class = OccupationalProfileListView
    export_headers = ("用人单位", "年度", "职工总数", "接害人数", "职业病危害因素（接触人数）")

    def make_object(self, **kwargs):
        p = profile(**kwargs)
        services.hazard_exposure_set(
            user=UserFactory(), profile=p, factor=factor("噪声"), exposed=p.exposed_total
        )
        return named(p)

    def test_filters_by_focus_hazard_and_year(self, client_as, inspector):
        solvent, dust = profile(), profile()
        user = UserFactory()
        services.hazard_exposure_set(user=user, profile=solvent, factor=factor("甲苯"), exposed=3)
        services.hazard_exposure_set(user=user, profile=dust, factor=factor("煤尘"), exposed=3)
        profile(year=2023)
        client = client_as(inspector)
        rows = client.get(reverse(self.url_name), {"focus": "solvent"}).context["rows"]
        assert [obj.pk for obj, _ in rows] == [solvent.pk]
        rows = client.get(reverse(self.url_name), {"year": 2023}).context["rows"]
        assert [obj.year for obj, _ in rows] == [2023]


class TestSurveillanceList(ListPageTests):
    url_name = "premises:health_surveillance_list"
    view_class = HealthSurveillanceListView
    export_headers = ("用人单位", "体检类别", "应检人数", "实检人数", "体检率")

    def make_object(self, **kwargs):
        return named(surveillance(**kwargs))

    def test_incomplete_filter(self, client_as, inspector):
        short, full = surveillance(due=10, examined=7), surveillance(due=10, examined=10)
        rows = client_as(inspector).get(reverse(self.url_name), {"incomplete": "true"})
        assert [obj.pk for obj, _ in rows.context["rows"]] == [short.pk]
        assert full.pk


class TestCaseList(ListPageTests):
    url_name = "premises:occupational_case_list"
    view_class = OccupationalCaseListView
    export_headers = ("用人单位", "劳动者姓名", "职业病名称", "诊断日期", "已报告")

    def make_object(self, **kwargs):
        return named(case(**kwargs))


class TestProjectList(ListPageTests):
    url_name = "premises:construction_project_list"
    view_class = ConstructionProjectListView
    export_headers = ("项目名称", "建设单位", "所属行业", "立项日期", "预评价", "竣工验收")

    def make_object(self, **kwargs):
        return project(**kwargs)

    def test_stage_status_filter(self, client_as, inspector):
        accepted = project(
            name="甲",
            pre_assessment_status="passed",
            pre_assessment_on=D(2024, 4, 1),
            acceptance_status="passed",
            acceptance_on=D(2024, 9, 1),
        )
        project(name="乙")
        rows = client_as(inspector).get(
            reverse(self.url_name), {"stage": "acceptance", "stage_status": "passed"}
        )
        assert [obj.pk for obj, _ in rows.context["rows"]] == [accepted.pk]


# ---------------------------------------------------------------- API


class _RegisterAPI(APIEndpointTests):
    writer = "inspector"  # the occupational inspector keeps the register on site
    reader_without_write = "manager"


class TestProfileAPI(_RegisterAPI):
    basename = "occupationalprofile"
    model = OccupationalProfile
    invalid_payloads = [
        ({"exposed_total": 200}, "exposed_total"),
        ({"workers_total": -1}, "workers_total"),
        ({"declared": True}, "declared_on"),
    ]

    def make_object(self):
        return profile()

    def create_payload(self):
        return {
            "establishment": employer().pk,
            "year": 2024,
            "workers_total": 100,
            "exposed_total": 20,
            "notes": "粉尘作业",
        }

    def test_hazards_through_the_api(self, client_as, inspector):
        p = profile(exposed_total=10)
        client = client_as(inspector)
        url = reverse("occupationalprofile-hazards", args=[p.pk])
        response = client.post(
            url, {"factor": factor("煤尘").pk, "exposed": 11}, content_type="application/json"
        )
        assert response.status_code == 400 and "exposed" in response.json()
        response = client.post(
            url, {"factor": factor("煤尘").pk, "exposed": 9}, content_type="application/json"
        )
        assert response.status_code == 200
        assert response.json()["exposures"][0]["factor_name"] == "煤尘"


class TestSurveillanceAPI(_RegisterAPI):
    basename = "healthsurveillance"
    model = HealthSurveillance
    invalid_payloads = [({"examined": 31}, "examined"), ({"stage": "later"}, "stage")]

    def make_object(self):
        return surveillance()

    def create_payload(self):
        return {
            "establishment": employer().pk,
            "year": 2024,
            "stage": "on_duty",
            "due": 30,
            "examined": 30,
            "institution": "县疾控中心",
        }


class TestCaseAPI(_RegisterAPI):
    basename = "occupationaldiseasecase"
    model = OccupationalDiseaseCase
    invalid_payloads = [({"reported": True}, "reported_on")]

    def make_object(self):
        return case(worker_name=f"工人{OccupationalDiseaseCase.objects.count()}")

    def create_payload(self):
        return {
            "establishment": employer().pk,
            "worker_name": "张三",
            "disease_class": "physical",
            "disease": "职业性噪声聋",
            "diagnosed_on": "2024-06-01",
        }


class TestProjectAPI(_RegisterAPI):
    basename = "constructionproject"
    model = ConstructionProject
    invalid_payloads = [({"acceptance_status": "passed"}, "acceptance_on")]

    def make_object(self):
        return project(name=f"项目{ConstructionProject.objects.count()}")

    def create_payload(self):
        return {
            "establishment": employer().pk,
            "name": "新建铸造车间",
            "industry": "金属制品业",
            "approved_on": "2024-03-01",
        }


class TestHazardFactorAPI(APIEndpointTests):
    basename = "hazardfactor"
    paginated = False

    def make_object(self):
        return HazardFactor.objects.create(
            code=f"X{HazardFactor.objects.count()}", hazard_class="other", name="新因素"
        )


def test_the_section_costs_the_same_queries_for_more_records(client_as, inspector):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    unit = employer()
    user = UserFactory()

    def add_year(year):
        p = profile(unit, year=year)
        for name in ("煤尘", "噪声"):
            services.hazard_exposure_set(user=user, profile=p, factor=factor(name), exposed=10)
        surveillance(unit, year=year)
        case(unit, worker_name=f"工人{year}")
        project(unit, name=f"项目{year}")

    add_year(2022)
    client = client_as(inspector)
    client.get(unit.get_absolute_url())  # warm the caches (content types, permissions)
    with CaptureQueriesContext(connection) as few:
        client.get(unit.get_absolute_url())
    for year in (2023, 2024, 2025):
        add_year(year)
    with CaptureQueriesContext(connection) as many:
        page = client.get(unit.get_absolute_url()).content.decode()
    assert len(many) == len(few)
    assert page.count("修改</a>") >= 4 * 4
