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


# ---------------------------------------------------------------- kinds and categories
# Which categories each subject kind may take (premises.choices.SUBJECT_CATEGORIES).

CODELESS = {"credit_code": "", "legal_representative": ""}


@pytest.mark.parametrize(
    ("subject_kind", "category", "fields", "message"),
    [
        (SubjectKind.FAMILY, "pp.lodging.hotel", {"credit_code": ""}, "家庭只能登记为"),
        (SubjectKind.PERSON, "pp.lodging.hotel", CODELESS, "自然人只能登记为非法行医类别"),
        (SubjectKind.PERSON, "hp.setting.family", CODELESS, "自然人只能登记为非法行医类别"),
        (SubjectKind.COMMUNITY, "hp.setting.village", CODELESS, "社区只能登记为"),
        (SubjectKind.VILLAGE, "md.illegal.unlicensed", CODELESS, "行政村只能登记为"),
        (SubjectKind.UNIT, "hp.setting.family", {}, "单位不能登记为健康促进场所"),
        (SubjectKind.INDIVIDUAL, "md.illegal.unlicensed", {}, "个体工商户不能登记为"),
    ],
)
def test_a_subject_kind_takes_its_categories_only(
    clerk, township, subject_kind, category, fields, message
):
    with pytest.raises(ValidationError) as exc:
        register(
            clerk,
            township,
            subject_kind=subject_kind,
            name="刘建华家庭",
            category=kind(category),
            **fields,
        )
    assert message in errors_of(exc)["category"][0]
    assert not Establishment.objects.exists()


def test_an_update_to_a_category_the_kind_may_not_take_is_refused(clerk, township):
    family = register(
        clerk,
        township,
        subject_kind=SubjectKind.FAMILY,
        name="李家",
        legal_representative="李四",
        category=kind("hp.setting.family"),
    )
    with pytest.raises(ValidationError) as exc:
        services.establishment_update(
            establishment=family, user=clerk, category=kind("pp.lodging.hotel")
        )
    assert "家庭只能登记为" in errors_of(exc)["category"][0]


@pytest.mark.django_db
def test_the_rule_lets_registered_units_take_every_unit_category():
    from premises.choices import category_fits_subject, subject_kinds_of_category
    from premises.models import Category

    for code in Category.objects.kinds().values_list("code", flat=True):
        kinds = subject_kinds_of_category(code)
        assert kinds, code  # every kind can be registered by some subject
        reserved = code.startswith(("hp.setting.", "md.illegal."))
        assert category_fits_subject(SubjectKind.UNIT, code) is not reserved
    assert subject_kinds_of_category("hp.setting.family") == [SubjectKind.FAMILY]
    assert subject_kinds_of_category("md.illegal.unlicensed") == [SubjectKind.PERSON]
    assert subject_kinds_of_category("pp.lodging.hotel") == [
        SubjectKind.UNIT,
        SubjectKind.INDIVIDUAL,
    ]


def test_the_api_refuses_a_family_filed_as_a_hotel(client_as, clerk, township):
    payload = {
        "subject_kind": "family",
        "name": "刘建华家庭",
        "legal_representative": "刘建华",
        "address": "黄茅镇新街8号",
        "township": township.pk,
        "category": kind("pp.lodging.hotel").pk,
        "opened_on": "2024-03-01",
    }
    response = client_as(clerk).post(
        "/api/v1/establishments/", payload, content_type="application/json"
    )
    assert response.status_code == 400
    assert "家庭只能登记为" in str(response.json()["category"])
    assert not Establishment.objects.exists()


def test_an_import_refuses_a_person_filed_as_a_hotel(client_as, clerk, township):
    from django.urls import reverse

    from tests.import_flow import upload_and_import
    from tests.premises.test_imports import xlsx

    headers = ["对象类型", "单位名称", "地址", "乡镇（街道）", "单位类别", "开业日期"]
    rows = [["自然人（无证行医）", "赵六", "西街5号", "康乐街道", "宾馆", D(2022, 1, 1)]]
    response = upload_and_import(
        client_as(clerk),
        reverse("premises:establishment_import"),
        xlsx(headers, rows),
        confirmed=True,
    )
    assert response.status_code == 400
    errors = {(e.row, e.column): e.message for e in response.context["errors"]}
    assert "自然人只能登记为非法行医类别" in errors.get((2, "单位类别"), ""), errors
    assert not Establishment.objects.exists()


def test_the_demo_subjects_keep_the_rule(clerk, township):
    from premises.management.demo_subjects import load_subjects

    assert load_subjects(clerk) == 4
    for subject in Establishment.objects.all():
        assert subject.category_error() is None, subject


# ---------------------------------------------------------------- duplicates


def family(clerk, township, **overrides):
    fields = dict(
        subject_kind=SubjectKind.FAMILY,
        name="刘建华家庭",
        legal_representative="刘建华",
        address="新街8号",
        category=kind("hp.setting.family"),
    )
    fields.update(overrides)
    return register(clerk, township, **fields)


def test_a_second_family_of_the_same_name_in_the_township_is_refused(clerk, township):
    family(clerk, township)
    with pytest.raises(ValidationError) as exc:
        family(clerk, township, legal_representative="刘建华", address="新街9号")
    message = errors_of(exc)["name"][0]
    assert "康乐街道已登记名为“刘建华家庭”的家庭（户主：刘建华）" in message
    assert Establishment.objects.count() == 1


def test_families_of_the_same_name_in_other_townships_or_closed_are_no_duplicates(clerk, township):
    from tests.factories import TownshipFactory

    first = family(clerk, township)
    family(clerk, TownshipFactory(code="360922002", name="黄茅镇"))
    services.establishment_change_status(
        establishment=first, kind="closed", date=D(2024, 1, 1), user=clerk
    )
    family(clerk, township)  # registered anew after the first was closed
    assert Establishment.objects.count() == 3


def test_a_family_saved_again_is_no_duplicate_of_itself(clerk, township):
    saved = family(clerk, township)
    services.establishment_update(establishment=saved, user=clerk, phone="0795-1234567")


def test_a_person_of_the_same_name_and_address_is_refused_unless_id_numbers_differ(clerk, township):
    person = dict(
        subject_kind=SubjectKind.PERSON,
        name="赵六",
        address="西街5号",
        category=kind("md.illegal.unlicensed"),
        **CODELESS,
    )
    register(clerk, township, **person)
    with pytest.raises(ValidationError) as exc:
        register(clerk, township, **person)
    assert "已登记住址为“西街5号”的自然人“赵六”" in errors_of(exc)["name"][0]
    register(clerk, township, **{**person, "address": "东街1号"})
    first = register(clerk, township, **{**person, "name": "钱七", "id_number": valid_id_number()})
    # two persons of one name at one address, told apart by their ID numbers
    register(clerk, township, **{**person, "name": "钱七", "id_number": valid_id_number()})
    assert first.pk


# ---------------------------------------------------------------- the form and the page


def test_the_form_offers_each_category_to_the_kinds_that_may_take_it(client_as, clerk):
    from django.urls import reverse

    page = client_as(clerk).get(reverse("premises:establishment_add")).content.decode()
    family_option = f'value="{kind("hp.setting.family").pk}" data-kind="family"'
    person_option = f'value="{kind("md.illegal.unlicensed").pk}" data-kind="person"'
    hotel_option = f'value="{kind("pp.lodging.hotel").pk}" data-kind="unit individual"'
    assert family_option in page and person_option in page and hotel_option in page


def test_the_head_of_household_is_marked_required_for_a_family(client_as, clerk, township):
    from django.urls import reverse

    from tests.premises.test_subjects_pages import form_data

    page = client_as(clerk).get(reverse("premises:establishment_add")).content.decode()
    assert 'data-kind-required="unit individual family"' in page
    data = form_data(
        township,
        subject_kind=SubjectKind.FAMILY,
        name="李家",
        category=kind("hp.setting.family").pk,
    )
    response = client_as(clerk).post(reverse("premises:establishment_add"), data)
    html = response.content.decode()
    head = html[: html.index('for="id_legal_representative"')]
    assert head[head.rindex("<div") :].startswith(
        '<div class="field field-text has-error required"'
    )
    credit = html[: html.index('for="id_credit_code"')]
    assert " required" not in credit[credit.rindex("<div") :]  # not for a family


def test_the_unit_page_names_a_persons_date_as_the_form_does(client_as, clerk, township):
    person = register(
        clerk,
        township,
        subject_kind=SubjectKind.PERSON,
        name="赵六",
        category=kind("md.illegal.unlicensed"),
        **CODELESS,
    )
    page = client_as(clerk).get(person.get_absolute_url()).content.decode()
    assert "<dt>发现（行医起始）日期</dt>" in page
    assert "<dt>开业日期</dt>" not in page
