"""A case against a person registered as a subject (自然人, 无证行医): the documents print
the party as a person; and no permit for a subject without a credit code."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from licensing import services as licensing
from licensing.choices import ApplicationKind
from licensing.models import PermitType
from penalties.choices import CaseStatus, PartyKind
from premises.choices import Sex, SubjectKind
from reports.scope import Period, Scope
from reports.sets import RecordSets
from tests.factories import EstablishmentFactory, kind, valid_id_number
from tests.pdf import pdf_text
from tests.penalties.factories import case_at, days_ago, file_case, violation

pytestmark = pytest.mark.django_db


def person(**fields):
    fields.setdefault("id_number", valid_id_number())
    return EstablishmentFactory(
        subject_kind=SubjectKind.PERSON,
        name="赵六",
        credit_code="",
        legal_representative="",
        sex=Sex.MALE,
        address="城关镇西街5号",
        category=kind("md.illegal.unlicensed"),
        **fields,
    )


def flat(content: bytes) -> str:
    return re.sub(r"\s+", "", pdf_text(content))


def test_a_case_against_a_registered_person_takes_the_person_as_party():
    subject = person()
    case = file_case(establishment=subject, violation=violation("illegal-practice"))
    assert case.party_kind == PartyKind.PERSON
    assert case.establishment == subject
    assert case.party_code == subject.id_number
    assert case.party_sex == Sex.MALE
    assert case.party_legal_representative == ""


def test_the_decision_prints_name_sex_id_number_and_address(client_as, clerk):
    subject = person()
    case = case_at(CaseStatus.DECIDED, establishment=subject)
    response = client_as(clerk).get(reverse("penalties:case_decision_pdf", args=[case.pk]))
    assert response.status_code == 200
    text = flat(response.content)
    assert "当事人（姓名）：赵六" in text
    assert "性别：男" in text
    assert "身份证号码：" in text and subject.id_number[-4:] in text
    assert "住址：城关镇西街5号" in text
    assert "统一社会信用代码" not in text and "法定代表人" not in text


def test_the_case_page_names_a_registered_person_as_registered(client_as, manager):
    registered = file_case(establishment=person(), violation=violation("illegal-practice"))
    page = client_as(manager).get(registered.get_absolute_url()).content.decode()
    assert "（登记的自然人）" in page and "（未登记个人）" not in page
    walk_in = file_case(
        party_kind=PartyKind.PERSON,
        establishment=None,
        party_name="钱七",
        party_code=valid_id_number(),
        party_address="城关镇东街1号",
        party_sex=Sex.FEMALE,
        violation=violation("illegal-practice"),
    )
    page = client_as(manager).get(walk_in.get_absolute_url()).content.decode()
    assert "（未登记个人）" in page


def test_a_family_is_no_party_of_a_case():
    family = EstablishmentFactory(
        subject_kind=SubjectKind.FAMILY,
        credit_code="",
        legal_representative="李四",
        category=kind("hp.setting.family"),
    )
    with pytest.raises(ValidationError) as exc:
        file_case(establishment=family)
    assert "户主个人" in exc.value.message_dict["establishment"][0]


def test_a_case_against_a_person_counts_in_illegal_practice():
    subject = person()
    case = file_case(
        establishment=subject,
        violation=violation("illegal-practice"),
        occurred_on=days_ago(70),
        filed_on=days_ago(60),
    )
    file_case()  # 未取得公共场所卫生许可证: no illegal practice
    year = case.filed_on.year
    sets = RecordSets(Scope(Period.year(year), None, None))
    assert list(sets.illegal_practice_cases()) == [case]


def test_no_permit_application_for_a_family_or_a_person(clerk):
    family = EstablishmentFactory(
        subject_kind=SubjectKind.FAMILY,
        credit_code="",
        legal_representative="李四",
        category=kind("hp.setting.family"),
    )
    permit_type = PermitType.objects.filter(is_active=True).first()
    for subject in (family, person()):
        with pytest.raises(ValidationError) as exc:
            licensing.application_receive(
                user=clerk,
                establishment=subject,
                permit_type=permit_type,
                kind=ApplicationKind.NEW,
                business_scope="住宿",
            )
        message = exc.value.message_dict["establishment"][0]
        assert "不能申请" in message and subject.get_subject_kind_display() in message


def test_the_application_page_shows_the_refusal_for_a_family(client_as, clerk):
    family = EstablishmentFactory(
        subject_kind=SubjectKind.FAMILY,
        credit_code="",
        legal_representative="李四",
        category=kind("hp.setting.family"),
    )
    page = client_as(clerk).get(family.get_absolute_url()).content.decode()
    assert "受理申请" not in page
