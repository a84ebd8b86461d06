"""Subjects without a credit code on the pages, in imports, draws and unit counts."""

import datetime

import pytest
from django.urls import reverse

from core.models import PersonalDataAccess
from inspections.services.draws import draw_candidates
from premises.choices import Sex, SubjectKind
from premises.models import Domain, Establishment
from reports import figures
from reports.scope import Period, Scope
from tests.factories import EstablishmentFactory, kind, valid_credit_code, valid_id_number
from tests.import_flow import upload_and_import
from tests.premises.test_imports import xlsx
from tests.reports.builders import visit

pytestmark = pytest.mark.django_db


def subject(township, subject_kind, category, **fields):
    return EstablishmentFactory(
        township=township,
        subject_kind=subject_kind,
        credit_code="",
        category=kind(category),
        **fields,
    )


def form_data(township, **fields):
    data = {
        "subject_kind": SubjectKind.UNIT,
        "name": "悦来宾馆",
        "credit_code": "",
        "id_number": "",
        "sex": "",
        "village_code": "",
        "legal_representative": "",
        "address": "解放路1号",
        "township": township.pk,
        "category": kind("pp.lodging.hotel").pk,
        "phone": "",
        "opened_on": "2024-03-01",
        "notes": "",
    }
    data.update(fields)
    return data


def test_clerk_registers_a_person_on_the_form(client_as, clerk, township):
    number = valid_id_number()
    data = form_data(
        township,
        subject_kind=SubjectKind.PERSON,
        name="赵六",
        id_number=number,
        sex=Sex.MALE,
        category=kind("md.illegal.unlicensed").pk,
        credit_code=valid_credit_code(),  # left behind from another kind: not kept
        legal_representative="某某",
    )
    response = client_as(clerk).post(reverse("premises:establishment_add"), data)
    assert response.status_code == 302
    person = Establishment.objects.get(name="赵六")
    assert person.subject_kind == SubjectKind.PERSON
    assert person.credit_code == "" and person.id_number == number
    page = client_as(clerk).get(person.get_absolute_url()).content.decode()
    assert "自然人（无证行医）" in page
    assert number not in page  # masked, in the history too
    assert number[:4] + "*" * 10 + number[-4:] in page


def test_a_unit_without_its_code_is_shown_the_message_on_the_field(client_as, clerk, township):
    response = client_as(clerk).post(
        reverse("premises:establishment_add"), form_data(township, legal_representative="王五")
    )
    assert response.status_code == 400
    assert response.context["form"].errors["credit_code"] == [
        "单位和个体工商户须填写统一社会信用代码（18位）。"
    ]
    assert not Establishment.objects.exists()


def test_a_second_person_with_the_same_number_is_refused_on_the_form(client_as, clerk, township):
    number = valid_id_number()
    subject(township, SubjectKind.PERSON, "md.illegal.unlicensed", name="赵六", id_number=number)
    data = form_data(
        township,
        subject_kind=SubjectKind.PERSON,
        name="赵六",
        id_number=number,
        category=kind("md.illegal.unlicensed").pk,
    )
    response = client_as(clerk).post(reverse("premises:establishment_add"), data)
    assert response.status_code == 400
    assert "已登记为自然人“赵六”" in response.context["form"].errors["id_number"][0]
    assert Establishment.objects.filter(id_number=number).count() == 1


def test_the_form_labels_a_family_head_as_such(client_as, clerk, township):
    data = form_data(
        township,
        subject_kind=SubjectKind.FAMILY,
        name="李家",
        category=kind("hp.setting.family").pk,
    )
    response = client_as(clerk).post(reverse("premises:establishment_add"), data)
    form = response.context["form"]
    assert form.fields["legal_representative"].label == "户主姓名"
    assert form.errors["legal_representative"] == ["家庭须填写户主姓名。"]


def test_the_full_id_number_is_shown_on_request_and_logged(client_as, clerk, inspector, township):
    number = valid_id_number()
    person = subject(
        township, SubjectKind.PERSON, "md.illegal.unlicensed", name="赵六", id_number=number
    )
    url = reverse("premises:establishment_reveal", args=[person.pk])
    assert client_as(inspector).post(url).status_code == 403
    response = client_as(clerk).post(url)
    assert number in response.content.decode()
    assert PersonalDataAccess.objects.filter(object_id=person.pk, field="id_number").count() == 1


def test_an_import_takes_subjects_without_a_code_and_refuses_a_unit_without_one(
    client_as, clerk, township
):
    headers = ["对象类型", "单位名称", "统一社会信用代码", "法定代表人", "地址"]
    headers += ["乡镇（街道）", "单位类别", "开业日期", "身份证号码", "村（社区）区划代码"]
    opened = datetime.date(2022, 1, 1)
    rows = [
        ["行政村", "桥头村", "", "", "桥头", "康乐街道", "hp.setting.village", opened, "",
         "360922001201"],
        ["家庭", "李家", "", "李四", "东街3号", "康乐街道", "家庭", opened, "", ""],
        ["自然人（无证行医）", "赵六", "", "", "西街5号", "康乐街道", "无证行医", opened,
         valid_id_number(), ""],
    ]  # fmt: skip
    url = reverse("premises:establishment_import")
    # A column of persons' and families' names looks like people's names: the clerk
    # confirms it (已核对) as for any such column.
    response = upload_and_import(client_as(clerk), url, xlsx(headers, rows), confirmed=True)
    assert "导入成功：共写入 3 条" in response.content.decode()
    assert set(Establishment.objects.values_list("subject_kind", flat=True)) == {
        "village",
        "family",
        "person",
    }
    bad = [["单位", "悦来宾馆", "", "王五", "解放路", "康乐街道", "宾馆", opened, "", ""]]
    response = upload_and_import(client_as(clerk), url, xlsx(headers, bad))
    assert response.status_code == 400
    errors = {(e.row, e.column): e.message for e in response.context["errors"]}
    assert "须填写统一社会信用代码" in errors[(2, "统一社会信用代码")]
    assert Establishment.objects.count() == 3


def test_draws_take_families_only_when_their_domain_is_drawn(township):
    unit = EstablishmentFactory(township=township)
    family = subject(township, SubjectKind.FAMILY, "hp.setting.family")
    subject(township, SubjectKind.PERSON, "md.illegal.unlicensed")
    assert set(draw_candidates()) == {unit}
    promotion = Domain.objects.get(code="health_promotion")
    assert set(draw_candidates(domains=[promotion])) == {family}
    medical = Domain.objects.get(code="medical")
    assert set(draw_candidates(domains=[medical])) == set()  # a person is never drawn


def test_families_and_villages_are_no_units_in_coverage(township):
    """监督户数 and 监督覆盖率 count registered units only: inspecting a family (健康家庭)
    or a village leaves the coverage of the units as it was."""
    unit = EstablishmentFactory(township=township, category=kind("md.institution.clinic"))
    EstablishmentFactory(township=township, category=kind("md.institution.clinic"))
    person = subject(township, SubjectKind.PERSON, "md.illegal.unlicensed")
    visit(unit, datetime.date(2024, 4, 1))
    visit(person, datetime.date(2024, 4, 2))
    data = figures.summary(Scope(Period.year(2024), Domain.objects.get(code="medical"), None))
    assert data["units"] == 2
    assert data["inspected_units"] == 1
    family = subject(township, SubjectKind.FAMILY, "hp.setting.family")
    visit(family, datetime.date(2024, 4, 3))
    everything = figures.summary(Scope(Period.year(2024), None, None))
    assert everything["units"] == 2 and everything["inspected_units"] == 1
