"""Subjects without a credit code (issue #18): a community, a village, a family and an
unregistered person are registered as what they are, each with its identifying fields."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from premises import services
from premises.choices import EstablishmentStatus, Sex, SubjectKind
from premises.models import Establishment
from tests.factories import EstablishmentFactory, kind, valid_credit_code, valid_id_number

D = datetime.date


def register(clerk, township, **overrides):
    fields = {
        "subject_kind": SubjectKind.UNIT,
        "name": "悦来宾馆",
        "credit_code": valid_credit_code(),
        "legal_representative": "王五",
        "address": "解放路1号",
        "township": township,
        "category": kind("pp.lodging.hotel"),
    }
    fields.update(overrides)
    opened_on = fields.pop("opened_on", D(2020, 1, 1))
    return services.establishment_create(user=clerk, opened_on=opened_on, **fields)


def errors_of(exc_info) -> dict:
    return exc_info.value.message_dict


def test_existing_units_are_registered_units(establishment):
    assert establishment.subject_kind == SubjectKind.UNIT
    assert establishment.is_registered


def test_a_unit_without_credit_code_is_refused_on_the_field(clerk, township):
    with pytest.raises(ValidationError) as exc:
        register(clerk, township, credit_code="")
    assert "统一社会信用代码" in errors_of(exc)["credit_code"][0]
    assert not Establishment.objects.exists()


def test_an_individual_business_needs_its_credit_code(clerk, township):
    with pytest.raises(ValidationError) as exc:
        register(clerk, township, subject_kind=SubjectKind.INDIVIDUAL, credit_code="")
    assert "credit_code" in errors_of(exc)


def test_a_village_is_registered_without_credit_code(clerk, township):
    village = register(
        clerk,
        township,
        subject_kind=SubjectKind.VILLAGE,
        name="桥头村",
        credit_code="",
        legal_representative="",
        village_code="360922101201",
        category=kind("hp.setting.village"),
    )
    assert village.credit_code == ""
    assert village.village_code == "360922101201"
    assert not village.is_registered


def test_two_communities_without_codes_do_not_clash(clerk, township):
    for name in ("城东社区", "城西社区"):
        register(
            clerk,
            township,
            subject_kind=SubjectKind.COMMUNITY,
            name=name,
            credit_code="",
            legal_representative="",
            category=kind("hp.setting.community"),
        )
    assert Establishment.objects.filter(credit_code="").count() == 2


def test_a_wrong_village_code_is_refused_on_its_field(clerk, township):
    with pytest.raises(ValidationError) as exc:
        register(
            clerk,
            township,
            subject_kind=SubjectKind.VILLAGE,
            name="桥头村",
            credit_code="",
            village_code="3609",
            category=kind("hp.setting.village"),
        )
    assert "12位" in errors_of(exc)["village_code"][0]


def test_a_family_needs_its_head_of_household(clerk, township):
    with pytest.raises(ValidationError) as exc:
        register(
            clerk,
            township,
            subject_kind=SubjectKind.FAMILY,
            name="李家",
            credit_code="",
            legal_representative="",
            category=kind("hp.setting.family"),
        )
    assert errors_of(exc)["legal_representative"] == ["家庭须填写户主姓名。"]
    family = register(
        clerk,
        township,
        subject_kind=SubjectKind.FAMILY,
        name="李家",
        credit_code="",
        legal_representative="李四",
        category=kind("hp.setting.family"),
    )
    assert family.legal_representative == "李四"


def test_a_family_keeps_no_credit_code_left_in_the_form(clerk, township):
    family = register(
        clerk,
        township,
        subject_kind=SubjectKind.FAMILY,
        name="李家",
        legal_representative="李四",
        category=kind("hp.setting.family"),
    )
    assert family.credit_code == ""


def test_a_person_with_id_number_is_registered_and_masked(clerk, township):
    number = valid_id_number()
    person = register(
        clerk,
        township,
        subject_kind=SubjectKind.PERSON,
        name="赵六",
        credit_code="",
        legal_representative="",
        id_number=number.lower(),
        sex=Sex.MALE,
        category=kind("md.illegal.unlicensed"),
    )
    assert person.id_number == number
    assert person.id_number_masked == number[:4] + "*" * 10 + number[-4:]
    assert person.identifier == person.id_number_masked


def test_a_person_without_id_number_needs_name_and_address(clerk, township):
    person = register(
        clerk,
        township,
        subject_kind=SubjectKind.PERSON,
        name="无名游医",
        credit_code="",
        legal_representative="",
        category=kind("md.illegal.unlicensed"),
    )
    assert person.id_number == ""
    with pytest.raises(ValidationError) as exc:
        register(
            clerk,
            township,
            subject_kind=SubjectKind.PERSON,
            name="某人",
            credit_code="",
            address="",
            category=kind("md.illegal.unlicensed"),
        )
    assert "address" in errors_of(exc)


def test_a_person_registered_twice_is_refused_on_the_id_number(clerk, township):
    number = valid_id_number()
    person = dict(
        subject_kind=SubjectKind.PERSON,
        credit_code="",
        legal_representative="",
        id_number=number,
        category=kind("md.illegal.unlicensed"),
    )
    register(clerk, township, name="赵六", **person)
    with pytest.raises(ValidationError) as exc:
        register(clerk, township, name="赵 六", **person)
    assert "已登记为自然人“赵六”" in errors_of(exc)["id_number"][0]
    assert Establishment.objects.filter(id_number=number).count() == 1


def test_the_database_refuses_a_second_person_with_the_same_number(township):
    number = valid_id_number()
    fields = dict(
        subject_kind=SubjectKind.PERSON,
        credit_code="",
        legal_representative="",
        id_number=number,
        category=kind("md.illegal.unlicensed"),
    )
    EstablishmentFactory(township=township, **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        EstablishmentFactory(township=township, **fields)


def test_the_database_refuses_a_unit_without_credit_code(township):
    with pytest.raises(IntegrityError), transaction.atomic():
        EstablishmentFactory(township=township, credit_code="")


def test_a_closed_unit_code_may_be_reused_but_empty_codes_never_clash(township):
    code = valid_credit_code()
    EstablishmentFactory(township=township, credit_code=code, status=EstablishmentStatus.CLOSED)
    EstablishmentFactory(township=township, credit_code=code)
    EstablishmentFactory(
        township=township,
        subject_kind=SubjectKind.FAMILY,
        credit_code="",
        category=kind("hp.setting.family"),
    )
    EstablishmentFactory(
        township=township,
        subject_kind=SubjectKind.FAMILY,
        credit_code="",
        category=kind("hp.setting.family"),
    )
    assert Establishment.objects.count() == 4


def test_units_are_the_registered_kinds_only(township):
    unit = EstablishmentFactory(township=township)
    EstablishmentFactory(
        township=township,
        subject_kind=SubjectKind.VILLAGE,
        credit_code="",
        category=kind("hp.setting.village"),
    )
    EstablishmentFactory(
        township=township,
        subject_kind=SubjectKind.PERSON,
        credit_code="",
        category=kind("md.illegal.unlicensed"),
    )
    assert list(Establishment.objects.units()) == [unit]
