"""Filing a case (立案): numbering, officers, the party, dates and the limitation period."""

import datetime

import pytest
from django.utils import timezone

from core.models import DocumentCounter
from penalties import services
from penalties.choices import CaseSource, CaseStatus, PartyKind
from penalties.models import CaseStep, PenaltyCase
from tests.factories import (
    EstablishmentFactory,
    UserFactory,
    valid_credit_code,
    valid_id_number,
)
from tests.inspections.factories import record
from tests.penalties.factories import days_ago, decider, file_case, officers, refused, violation

pytestmark = pytest.mark.django_db


def _same_day_last_year(day: datetime.date) -> datetime.date:
    return day.replace(year=day.year - 1, day=min(day.day, 28))


def test_numbers_run_per_year_without_gaps():
    this_year = timezone.localdate()
    last_year = _same_day_last_year(this_year)
    first = file_case(filed_on=this_year, occurred_on=this_year)
    old = file_case(filed_on=last_year, occurred_on=last_year)
    second = file_case(filed_on=this_year, occurred_on=this_year)
    assert (first.year, first.sequence) == (this_year.year, 1)
    assert (old.year, old.sequence) == (last_year.year, 1)
    assert second.sequence == 2
    assert first.number == f"万卫公立〔{this_year.year}〕001号"
    assert old.number == f"万卫公立〔{last_year.year}〕001号"
    assert second.number == f"万卫公立〔{this_year.year}〕002号"


def test_a_refused_filing_does_not_use_a_number():
    first = file_case()
    with refused("officers"):
        file_case(team=officers(1))
    with refused("facts"):
        file_case(facts="  ")
    assert PenaltyCase.objects.count() == 1
    assert file_case().sequence == first.sequence + 1


def test_filing_records_the_case_its_officers_and_the_filing_step():
    team = officers()
    case = file_case(team=team)
    assert case.status == CaseStatus.FILED
    assert set(case.officers.all()) == set(team)
    assert case.created_by == team[0]
    assert case.decision_due == case.filed_on + datetime.timedelta(days=90)
    assert (case.next_due, case.next_due_code) == (case.decision_due, "decision")
    step = CaseStep.objects.get(case=case)
    assert (step.step, step.done_on, step.officer) == ("filed", case.filed_on, team[0])
    assert step.document == f"立案审批表 {case.number}"
    # reported by the officer, filed by the 负责人's approval
    assert {(h.history_user, h.history_change_reason) for h in case.history.all()} == {
        (team[0], f"立案 {case.number}"),
        (decider(), "批准立案（manager）"),
    }


def test_two_officers_at_least_on_the_inspector_roster():
    team = officers(2)
    with refused("officers", "两名以上"):
        file_case(team=[team[0]])
    with refused("officers", "两名以上"):
        file_case(team=[team[0], team[0]])  # the same person twice is one officer
    clerk = UserFactory(role="clerk", first_name="窗口员")
    with refused("officers", "窗口员", "不在执法人员名录"):
        file_case(team=[team[0], clerk])
    gone = UserFactory(role="inspector", first_name="已离职", is_active=False)
    with refused("officers", "已离职"):
        file_case(team=[team[0], gone])
    assert not PenaltyCase.objects.exists()


def test_from_an_inspection_the_party_is_the_inspected_unit():
    unit = EstablishmentFactory(
        name="悦来理发店", legal_representative="王五", address="人民路1号", phone="0795-1234567"
    )
    inspection = record(establishment=unit)
    other = EstablishmentFactory()
    dates = {"filed_on": timezone.localdate(),
             "occurred_on": timezone.localdate(inspection.inspected_at)}  # fmt: skip
    with refused("establishment", "来源检查的被检查单位是“悦来理发店”"):  # never replaced silently
        file_case(source=CaseSource.INSPECTION, inspection=inspection, establishment=other, **dates)
    case = file_case(source=CaseSource.INSPECTION, inspection=inspection, **dates)
    assert case.establishment == unit and case.inspection == inspection
    assert case.party_kind == PartyKind.UNIT
    assert (case.party_name, case.party_code) == ("悦来理发店", unit.credit_code)
    assert (case.party_legal_representative, case.party_address, case.party_phone) == (
        "王五",
        "人民路1号",
        "0795-1234567",
    )
    # The particulars are those at filing: renaming the unit later does not change the case.
    unit.name = "悦来美发店"
    unit.save()
    case.refresh_from_db()
    assert case.party_name == "悦来理发店"


def test_a_person_found_at_the_inspected_unit_stays_the_party():
    """Walk finding: filing from an inspection replaced the unregistered person the officer
    chose (非法行医 found at the inspected clinic) with the inspected unit, silently."""
    clinic = EstablishmentFactory(name="康乐诊所")
    inspection = record(establishment=clinic)
    case = _person(
        source=CaseSource.INSPECTION,
        inspection=inspection,
        filed_on=timezone.localdate(),
        occurred_on=timezone.localdate(inspection.inspected_at),
    )
    assert (case.party_kind, case.party_name, case.establishment) == (
        PartyKind.PERSON,
        "李某",
        None,
    )
    assert case.inspection == inspection


def test_inspection_source_needs_the_inspection_and_not_the_other_way_round():
    with refused("inspection", "须选择该次检查"):
        file_case(source=CaseSource.INSPECTION)
    inspection = record()
    with refused("inspection", "只有来源为监督检查"):
        file_case(source=CaseSource.COMPLAINT, inspection=inspection)
    with refused("filed_on", "不能早于来源检查"):
        file_case(
            source=CaseSource.INSPECTION,
            inspection=inspection,
            filed_on=days_ago(5),
            occurred_on=days_ago(6),
        )
    assert not PenaltyCase.objects.exists()


def _person(**overrides):
    fields = {
        "party_kind": PartyKind.PERSON,
        "violation": violation("illegal-practice"),
        "party_name": "李某",
        "party_address": "城关镇东街3号",
        "party_code": valid_id_number(),
    }
    fields.update(overrides)
    return file_case(**fields)


def test_an_unregistered_person_is_entered_with_name_address_and_id_number():
    code = valid_id_number()
    case = _person(party_code=code.lower(), party_phone=" 13800000000 ")
    assert case.party_kind == PartyKind.PERSON and case.establishment is None
    assert (case.party_name, case.party_code, case.party_phone) == (
        "李某",
        code.upper(),
        "13800000000",
    )
    assert case.party_code_masked == code[:4] + "*" * 10 + code[-4:]


def test_an_unregistered_person_needs_name_address_and_a_valid_id_number():
    with refused("party_name", "请填写当事人姓名"):
        _person(party_name=" ")
    with refused("party_address", "请填写当事人住址"):
        _person(party_address="")
    good = valid_id_number()
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    with refused("party_code", "身份证号码校验位错误"):
        _person(party_code=bad)
    with refused("party_code", "身份证号码"):
        _person(party_code=valid_credit_code())  # a credit code is no ID number
    with refused("establishment", "不关联被监督单位"):
        _person(establishment=EstablishmentFactory())
    assert not PenaltyCase.objects.exists()


def test_an_unregistered_organisation_has_its_credit_code_checked():
    good = valid_credit_code()
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    with refused("party_code", "统一社会信用代码校验位错误"):
        _person(party_kind=PartyKind.ORGANISATION, party_name="某诊所", party_code=bad)
    case = _person(party_kind=PartyKind.ORGANISATION, party_name="某诊所", party_code=good)
    assert (case.party_kind, case.party_code) == (PartyKind.ORGANISATION, good)


def test_a_party_kind_must_be_chosen():
    with refused("party_kind", "请选择当事人类型"):
        file_case(party_kind=None)
    with refused("establishment", "请选择被监督单位"):
        file_case(party_kind=PartyKind.UNIT)


def test_limitation_two_years_by_default_five_with_harm_to_life_or_health():
    """行政处罚法第三十六条: five years only where the case records harmful consequences to
    life or health (not for a kind of violation as such: 非法行医 too is two years without)."""
    today = timezone.localdate()
    three_years = today - datetime.timedelta(days=3 * 365 + 1)
    with refused("occurred_on", "超过 2 年的追责时效"):
        file_case(occurred_on=three_years, filed_on=today)
    with refused("occurred_on", "超过 2 年的追责时效", "五年"):
        _person(occurred_on=three_years, filed_on=today)
    harm = {"harms_life_health": True, "harm_reason": "患者注射后感染"}
    case = _person(occurred_on=three_years, filed_on=today, **harm)
    assert case.pk and case.harms_life_health
    six_years = today - datetime.timedelta(days=6 * 365 + 2)
    with refused("occurred_on", "超过 5 年的追责时效"):
        _person(occurred_on=six_years, filed_on=today, **harm)
    filed = datetime.date(today.year - 1, 6, 15)
    with refused("occurred_on", "超过 2 年的追责时效"):
        file_case(occurred_on=datetime.date(today.year - 3, 6, 14), filed_on=filed)
    assert file_case(occurred_on=datetime.date(today.year - 3, 6, 15), filed_on=filed).pk
    assert PenaltyCase.objects.count() == 2


def test_dates_in_the_future_and_facts_after_filing_are_refused():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with refused("filed_on", "立案日期不能晚于今天"):
        file_case(filed_on=tomorrow)
    with refused("occurred_on", "违法行为发生日期不能晚于今天"):
        file_case(occurred_on=tomorrow, filed_on=timezone.localdate())
    with refused("occurred_on", "不能晚于立案日期"):
        file_case(occurred_on=days_ago(5), filed_on=days_ago(10))
    with refused("occurred_on", "请填写违法行为发生日期"):
        file_case(occurred_on=None)
    assert not PenaltyCase.objects.exists()
    assert (
        not DocumentCounter.objects.filter(series__code="penalty-case")
        .exclude(last_number=0)
        .exists()
    )


def test_an_inactive_violation_is_refused():
    stale = violation("pp-no-testing")
    stale.is_active = False
    stale.save()
    with refused("violation", "已停用"):
        file_case(violation=stale)
    with refused("violation", "请选择违法行为"):
        file_case(violation=None)
    assert not PenaltyCase.objects.exists()


def test_a_source_must_be_chosen():
    with refused("source", "请选择案件来源"):
        file_case(source="rumour")


def test_case_update_before_the_decision_changes_what_may_change():
    case = file_case()
    team = officers(3)
    updated = services.case_update(
        case=case,
        user=team[0],
        facts=" 擅自营业三个月。 ",
        party_phone="13900000000",
        officers=team,
    )
    assert updated.facts == "擅自营业三个月。" and updated.party_phone == "13900000000"
    assert set(updated.officers.all()) == set(team)
    assert updated.history.first().history_change_reason == "修改案件信息"
    with refused("facts", "请填写案情摘要"):
        services.case_update(case=case, user=team[0], facts="")
    with refused("officers", "两名以上"):
        services.case_update(case=case, user=team[0], officers=team[:1])
    with pytest.raises(TypeError):
        services.case_update(case=case, user=team[0], number="改号")
    case.refresh_from_db()
    assert case.facts == "擅自营业三个月。" and case.officers.count() == 3


def test_one_id_number_is_one_person():
    """A citizen already a party under an ID number cannot be filed under another name by
    a slip of the keyboard: refused on the name, the earlier case named, the number masked;
    the same name again is accepted; an organisation's renamed credit code is not held."""
    number = valid_id_number(7)
    person = {"party_kind": PartyKind.PERSON, "party_code": number, "party_address": "城关镇1号"}
    first = file_case(party_name="李四", **person)
    with refused("party_name", first.number, "“李四”", "“李思”", "请核对") as exc:
        file_case(party_name="李思", **person)
    assert number not in str(exc.value)
    assert PenaltyCase.objects.count() == 1
    assert file_case(party_name="李四", **person).party_code == number
