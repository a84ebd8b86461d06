"""Seed 000's office-wide figures, built from raw records of 2024 (issue #18): 939 medical
units inspected (100%); 66 schools inspected (100%), 3 of them penalised; 59 permit
applications, 150 consultations, 56 + 1 (告知承诺制) 公共场所卫生许可证 and 2 放射诊疗许可证;
6 radiation cases; the medical institutions' fines of 14,500 yuan (medical waste 7, beyond
the registered subjects 2, non-technical staff 3) apart from illegal practice's 21,500 yuan
and 3,875 yuan of illegal gains (7 unlicensed practitioners, persons, no unit). A hospital
doing X-ray counts as a medical and a radiation unit and once in all domains."""

import datetime

import pytest

from licensing.choices import ApplicationPath
from premises.choices import SubjectKind
from premises.models import Establishment, Supervision
from reports import figures, sets
from reports.scope import Period, Scope
from tests.reports.builders import (
    CLOSED,
    D,
    application,
    case,
    consultation,
    domain,
    kind,
    permit,
    units,
    visit,
    visits,
)

pytestmark = pytest.mark.django_db

# The county's medical units by kind: 939 in all (seed 000: 共监督检查939户).
MEDICAL = [
    ("md.institution.hospital", 3),  # 县医疗集团, 中医院, 妇幼保健院
    ("md.public_health.cdc", 1),
    ("md.institution.township", 12),
    ("md.institution.community", 4),
    ("md.institution.clinic", 18),
    ("md.institution.village", 895),
    ("md.institution.tcm", 4),
    ("md.institution.aesthetic", 2),
]
SCHOOLS = [("sc.school.primary_secondary", 40), ("sc.school.kindergarten", 24),
           ("sc.school.vocational", 2)]  # fmt: skip
# Medical institutions' cases (violation, cases, fine of each): 14,500 yuan in all.
MEDICAL_CASES = [("mw-46", 7, 1000), ("med-beyond-scope", 2, 1500),
                 ("med-non-technical-staff", 3, 1500)]  # fmt: skip
# 查处取缔无证行医7家: fines 21,500, illegal gains 3,875 (persons, not units).
ILLEGAL_PRACTICE = [(5000, 1200), (4000, 800), (3500, 675), (3000, 500), (2500, 400),
                    (2000, 300), (1500, 0)]  # fmt: skip


def build_office():
    """The office's 2024 as raw records; returns the units of each domain."""
    medical = []
    for code, count in MEDICAL:
        medical += units(count, code, opened=D(2012, 1, 1))
    visits(medical, D(2024, 4, 10))
    # Six medical units do X-ray: each is also a radiation unit, inspected as such.
    xray = medical[:3] + medical[4:7]  # the three hospitals and three township centres
    for unit in xray:
        Supervision.objects.create(
            establishment=unit, category=kind("rd.diagnosis.xray"), started_on=D(2015, 1, 1)
        )
        made = visit(unit, D(2024, 6, 3))
        type(made).objects.filter(pk=made.pk).update(category=kind("rd.diagnosis.xray"))
        case(unit, D(2024, 6, 20), violation="rad-41-4", decided_on=D(2024, 8, 1), fine=2000)
    cases = iter(medical[7:])
    for violation, count, fine in MEDICAL_CASES:
        for _ in range(count):
            case(next(cases), D(2024, 5, 6), violation=violation, decided_on=D(2024, 7, 1),
                 fine=fine)  # fmt: skip
    # 对县医疗集团给予了行政警告处罚 (vaccination): a warning, no fine.
    case(medical[0], D(2024, 9, 2), violation="id-medical-institution", decided_on=D(2024, 9, 20))
    # The seventh registered as a subject (自然人): a person, still no unit.
    person = units(1, "md.illegal.unlicensed")[0]
    Establishment.objects.filter(pk=person.pk).update(
        subject_kind=SubjectKind.PERSON, credit_code="", legal_representative=""
    )
    for i, (fine, gains) in enumerate(ILLEGAL_PRACTICE):
        case(person if i == 6 else None, D(2024, 3, 1), violation="illegal-practice",
             decided_on=D(2024, 4, 1), fine=fine, gains=gains,
             items="非法药品一箱" if i < 2 else "")  # fmt: skip

    schools = []
    for code, count in SCHOOLS:
        schools += units(count, code, opened=D(2010, 9, 1))
    visits(schools, D(2024, 10, 15))
    for school in schools[:3]:  # 学校环境卫生不达标准的3所学校
        case(school, D(2024, 10, 20), violation="school-environment", decided_on=D(2024, 11, 5))

    # The permit window: 56 公共场所卫生许可证 on the ordinary path and one on 告知承诺制,
    # two 放射诊疗许可证; each from an application received in 2024; 150 consultations.
    shops = units(57, "pp.lodging.hotel", opened=D(2024, 1, 2))
    for i, shop in enumerate(shops):
        path = ApplicationPath.COMMITMENT if i == 0 else ApplicationPath.STANDARD
        received = application(shop, D(2024, 2, 1), path=path)
        permit(shop, D(2024, 3, 1), type_code="public_place", application=received)
    for hospital in xray[:2]:
        received = application(hospital, D(2024, 2, 5), type_code="radiation")
        permit(hospital, D(2024, 4, 1), type_code="radiation", application=received)
    for n in range(150):
        consultation(D(2024, 1, 1) + datetime.timedelta(days=2 * n))
    return medical, xray, schools, shops


def build_noise(medical):
    """Records that must not count in 2024."""
    gone = units(
        1, "md.institution.clinic", opened=D(2012, 1, 1), changes=[(CLOSED, D(2023, 9, 1))]
    )
    visit(gone[0], D(2023, 5, 5))
    case(medical[-1], D(2023, 11, 1), violation="mw-46", decided_on=D(2023, 12, 1), fine=900)
    consultation(D(2023, 12, 31))
    late = units(1, "pp.lodging.inn", opened=D(2024, 6, 1))[0]
    application(late, D(2025, 1, 3))


def summary(dom=None):
    return figures.summary(Scope(Period.year(2024), domain=domain(dom) if dom else None))


def drilled(data, dom, *keys):
    scope = Scope(Period.year(2024), domain=domain(dom) if dom else None)
    for key in keys:
        assert sets.DRILLDOWN[key][1](sets.RecordSets(scope)).count() == data[key], (dom, key)


def violations(data):
    return {row["code"]: row for row in data["cases_by_violation"]}


def test_seed_000_office_wide_2024():
    medical, xray, schools, shops = build_office()
    build_noise(medical)

    # 医疗卫生: 共监督检查939户，监督覆盖率为100%.
    med = summary("medical")
    assert (med["units"], med["inspected_units"], med["coverage_rate"]) == (939, 939, 1.0)
    assert med["visits"] == 939  # the X-ray visits count under radiation
    # The medical institutions' fines, 14,500 yuan, apart from illegal practice's.
    by_violation = violations(med)
    institution = [row for code, row in by_violation.items() if code != "illegal-practice"]
    assert len([r for r in institution if r["fines"]]) == 3
    assert sum(r["fines"] for r in institution) == 14500
    assert sum(r["decided_cases"] for r in institution) == 7 + 2 + 3 + 1
    illegal = by_violation["illegal-practice"]
    assert (illegal["decided_cases"], illegal["fines"], illegal["confiscated_gains"]) == (
        7,
        21500,
        3875,
    )
    assert med["fines"] == 14500 + 21500 and med["confiscated_gains"] == 3875
    # The same by the catalogue's statistics groups (统计分组, migration penalties 0026): the
    # summary writes 医疗机构依法执业 and 非法行医 apart, as seed 000 does.
    groups = {row["group"]: row for row in med["cases_by_group"]}
    institutions = groups["医疗机构依法执业"]
    assert (institutions["decided_cases"], institutions["fines"]) == (7 + 2 + 3, 14500)
    assert institutions["units"] == 12
    assert groups["传染病防治"]["fines"] == 0  # 县医疗集团's warning
    practice = groups["非法行医"]
    assert (practice["cases"], practice["fines"], practice["confiscated_gains"]) == (7, 21500, 3875)
    assert practice["units"] == 0  # persons, no unit
    assert sum(row["fines"] for row in med["cases_by_group"]) == med["fines"]
    assert med["confiscated_items"] == 2
    assert med["penalised_units"] == 13  # 12 institutions fined, 县医疗集团 warned; no persons
    drilled(med, "medical", "units", "inspected_units", "visits", "cases", "decided_cases",
            "penalised_units")  # fmt: skip

    # 放射卫生: the six X-ray units, each inspected, 6 cases (对6起严重违法行为给予了行政处罚).
    rad = summary("radiation")
    assert (rad["units"], rad["inspected_units"], rad["visits"]) == (6, 6, 6)
    assert (rad["cases"], rad["decided_cases"], rad["penalised_units"]) == (6, 6, 6)
    drilled(rad, "radiation", "units", "visits", "cases", "penalised_units")

    # 学校卫生: 共监督检查66家单位，监督覆盖率为100%，3所学校行政处罚.
    school = summary("schools")
    assert (school["units"], school["inspected_units"], school["coverage_rate"]) == (66, 66, 1.0)
    assert (school["cases"], school["penalised_units"], school["fines"]) == (3, 3, 0)
    assert {u.pk for u in sets.DRILLDOWN["penalised_units"][1](
        sets.RecordSets(Scope(Period.year(2024), domain=domain("schools"))))} == {
        s.pk for s in schools[:3]}  # fmt: skip

    # The office: 受理各类卫生许可申请材料59件，提供咨询服务150人次，发放公共场所卫生许可证56个，
    # 放射诊疗许可证2个，承诺制发放公共场所卫生许可证1个.
    office = summary()
    assert (office["applications"], office["commitment_applications"]) == (59, 1)
    assert office["consultations"] == 150
    assert office["permits_issued"] == 59
    by_type = {row["permit_type"]: row for row in office["permits_by_type"]}
    public = by_type["公共场所卫生许可证"]
    assert (public["permits"] - public["commitment"], public["commitment"]) == (56, 1)
    assert (by_type["放射诊疗许可证"]["permits"], by_type["放射诊疗许可证"]["commitment"]) == (2, 0)
    # A hospital doing X-ray is one unit of the office: counted once.
    assert office["units"] == 939 + 66 + 57 + 1  # and the inn opened in June
    assert office["inspected_units"] == 939 + 66
    assert office["visits"] == 939 + 6 + 66
    assert office["cases"] == 6 + 12 + 1 + 7 + 3
    assert office["penalised_units"] == 6 + 13 + 3 - 1  # 县医疗集团: radiation and warning
    drilled(office, None, "units", "inspected_units", "visits", "applications",
            "consultations", "permits_issued", "cases", "penalised_units")  # fmt: skip
