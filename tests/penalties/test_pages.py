"""Penalty-case pages: the list, the deadlines list and filing a case."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from penalties import services
from penalties.choices import CaseOutcome, CaseSource, CaseStatus, PartyKind
from penalties.models import PenaltyCase
from penalties.views.cases import CaseDueListView, CaseListView
from tests.factories import EstablishmentFactory
from tests.generic import ListPageTests
from tests.inspections.factories import record, when
from tests.penalties.access import OFFICERS
from tests.penalties.factories import (
    case_at,
    closing_approved,
    days_ago,
    file_case,
    officers,
    violation,
)
from tests.roles import ALL

pytestmark = pytest.mark.django_db

VALID_ID = "11010519491231002X"


def page(response):
    return response.content.decode()


def listed(response):
    return [obj.number for obj, _ in response.context["rows"]]


def overdue_case(**overrides):
    """Filed 100 days ago and still open: the 90-day limit for the decision has passed."""
    return file_case(occurred_on=days_ago(110), filed_on=days_ago(100), **overrides)


# ---------------------------------------------------------------- lists (generic checks)


class TestCaseList(ListPageTests):
    url_name = "penalties:case_list"
    view_class = CaseListView
    export_headers = ("案号", "当事人", "违法行为", "来源", "办理环节", "立案日期", "当前期限")
    export_headers += ("期限届满日", "超期", "罚款（元）", "已缴（元）")

    def make_object(self, **kwargs):
        return file_case(**kwargs)


class TestDueList(ListPageTests):
    url_name = "penalties:case_due"
    view_class = CaseDueListView
    export_headers = ("案号", "当事人", "期限事项", "期限届满日", "剩余", "超期")

    def make_object(self, **kwargs):
        return overdue_case(**kwargs)


@pytest.mark.parametrize("role", sorted(ALL))
@pytest.mark.parametrize("url_name", ["penalties:case_list", "penalties:case_due"])
def test_lists_open_for_every_role_with_the_cases(client_as, persona, role, url_name):
    late = overdue_case()
    response = client_as(persona(role)).get(reverse(url_name))
    assert response.status_code == 200
    assert late.number in page(response) and late.party_name in page(response)
    assert "已超期 10 日" in page(response)
    can_file = reverse("penalties:case_add") in page(response)
    assert can_file == (url_name == "penalties:case_list" and role in OFFICERS)


def test_lists_refuse_users_without_a_role(client_as, outsider):
    for url_name in ("penalties:case_list", "penalties:case_due"):
        assert client_as(outsider).get(reverse(url_name)).status_code == 403


def test_list_shows_money_and_the_current_limit(client_as, manager):
    served = case_at(CaseStatus.SERVED, amount=3000)
    response = client_as(manager).get(reverse("penalties:case_list"))
    cells = dict(
        (column.key, value)
        for obj, row in response.context["rows"]
        for column, value in row
        if obj.pk == served.pk
    )
    assert cells["status"] == "送达"
    assert cells["fine_total"] == 3000 and cells["paid_total"] == 0
    assert cells["next_due_code"] == "缴纳罚款期限"
    assert cells["next_due"] == served.payment_due


def test_list_shows_how_closed_cases_ended(client_as, manager):
    closed = case_at(CaseStatus.CLOSED)
    to_end = file_case()
    closing_approved(to_end, on=days_ago(1))
    ended = services.case_terminate(
        case=to_end,
        user=manager,
        done_on=days_ago(1),
        outcome=CaseOutcome.WITHDRAWN,
        reason="立案错误",
    )
    still_open = file_case()
    response = client_as(manager).get(reverse("penalties:case_list"))
    cells = {obj.pk: dict((c.key, v) for c, v in row) for obj, row in response.context["rows"]}
    assert cells[closed.pk]["outcome"] == "给予行政处罚"
    assert cells[ended.pk]["outcome"] == "撤销立案"
    assert cells[still_open.pk]["outcome"] == ""
    assert "结案类型" in response.content.decode()


def test_filters_narrow_the_list(client_as, manager, clerk):
    unit = EstablishmentFactory(name="清风足浴店")
    mine = file_case(establishment=unit)
    other = file_case(source=CaseSource.REFERRAL)
    decided = case_at(CaseStatus.DECIDED)
    closed = case_at(CaseStatus.CLOSED)
    person = file_case(
        party_kind=PartyKind.PERSON,
        party_name="王某某",
        party_code=VALID_ID,
        party_address="城关镇幸福路 3 号",
        violation=violation("illegal-practice"),
    )
    client = client_as(manager)
    cases = {
        "q=清风": [mine],
        f"q={unit.credit_code}": [mine],  # a credit code is shown in full to all anyway
        "source=referral": [other],
        "status=decided": [decided],
        "outcome=penalised": [closed],
        "outcome=withdrawn": [],
        "party_kind=person": [person],
        f"violation={violation('illegal-practice').pk}": [person],
    }
    for query, expected in cases.items():
        response = client.get(reverse("penalties:case_list") + "?" + query)
        assert sorted(listed(response)) == sorted(c.number for c in expected), query


def test_search_by_a_full_id_number_only_for_those_who_may_see_it(client_as, manager, clerk):
    """A match would confirm a person's full ID number to someone shown it masked."""
    person = file_case(
        party_kind=PartyKind.PERSON,
        party_name="王某某",
        party_code=VALID_ID,
        party_address="城关镇幸福路 3 号",
        violation=violation("illegal-practice"),
    )
    # Sent privately (a POST, never in a URL: tests/penalties/test_id_number_search.py).
    query = {"q": VALID_ID}
    assert not manager.has_perm("premises.view_full_id_number")
    sent = client_as(manager).post(reverse("penalties:case_list"), query)
    assert listed(client_as(manager).get(sent["Location"])) == []
    api = client_as(manager).post(reverse("case-search"), query, content_type="application/json")
    assert api.status_code == 400 and "q" in api.json()
    sent = client_as(clerk).post(reverse("penalties:case_list"), query)
    assert listed(client_as(clerk).get(sent["Location"])) == [person.number]
    api = client_as(clerk).post(reverse("case-search"), query, content_type="application/json")
    assert api.json()["count"] == 1


def test_export_gives_the_filtered_rows(client_as, manager):
    kept = case_at(CaseStatus.SERVED, amount=3000)
    left_out = file_case(source=CaseSource.REFERRAL)
    response = client_as(manager).get(
        reverse("penalties:case_list"), {"status": "served", "export": "xlsx"}
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(
        load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True)
    )
    header, body = rows[0], rows[1:]
    numbers = [row[header.index("案号")] for row in body]
    assert numbers == [kept.number] and left_out.number not in numbers
    assert body[0][header.index("罚款（元）")] == 3000
    assert body[0][header.index("办理环节")] == "送达"


def test_due_list_shows_overdue_and_near_cases_not_far_ones(client_as, inspector):
    late = overdue_case()
    near = file_case(occurred_on=days_ago(90), filed_on=days_ago(80))  # 10 days left, warn 15
    far = file_case(occurred_on=days_ago(3), filed_on=days_ago(1))
    closed = case_at(CaseStatus.CLOSED)
    response = client_as(inspector).get(reverse("penalties:case_due"))
    numbers = listed(response)
    assert late.number in numbers and near.number in numbers
    assert far.number not in numbers and closed.number not in numbers
    text = page(response)
    assert "已超期 10 日" in text and "剩 10 日" in text and "作出处罚决定期限" in text


# ---------------------------------------------------------------- filing


def filing_data(team, **changes):
    data = {
        "source": CaseSource.COMPLAINT,
        "party_kind": PartyKind.UNIT,
        "violation": violation().pk,
        "occurred_on": days_ago(5).isoformat(),
        "filed_on": days_ago(1).isoformat(),
        "facts": "未取得公共场所卫生许可证擅自营业。",
        "officers": [u.pk for u in team],
    }
    data.update(changes)
    return data


def test_filing_from_an_inspection_prefills_the_party_and_numbers_the_case(client_as, persona):
    team = officers()
    unit = EstablishmentFactory(name="悦来旅馆", legal_representative="赵六")
    inspection = record(establishment=unit, team=team, inspected_at=when(days_ago=3))
    client = client_as(team[0])
    url = reverse("penalties:case_add") + f"?inspection={inspection.pk}"
    form_page = client.get(url)
    assert form_page.status_code == 200
    assert "悦来旅馆" in page(form_page) and "赵六" in page(form_page)
    form = form_page.context["form"]
    assert form["source"].value() == CaseSource.INSPECTION and "party_name" not in form.fields
    assert set(form["officers"].value()) == {u.pk for u in team}

    data = filing_data(team, source=CaseSource.INSPECTION, inspection=inspection.pk)
    data["establishment"] = unit.pk
    response = client.post(url, data)
    case = PenaltyCase.objects.get()
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    assert case.inspection == inspection and case.establishment == unit
    assert case.party_kind == PartyKind.UNIT and case.party_name == "悦来旅馆"
    assert case.number.endswith(f"〔{datetime.date.today().year}〕001号")
    detail = client.get(response["Location"])
    assert f"已立案：{case.number}" in page(detail)


def test_filing_an_unregistered_person_with_a_wrong_id_writes_nothing(client_as):
    team = officers()
    client = client_as(team[0])
    data = filing_data(
        team,
        party_kind=PartyKind.PERSON,
        party_name="钱某",
        party_code="110105194912310021",  # wrong check digit
        party_address="城关镇幸福路 3 号",
        violation=violation("illegal-practice").pk,
        facts="未取得医师资格在出租屋内为他人输液。",
    )
    response = client.post(reverse("penalties:case_add"), data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "party_code" in errors and "校验" in " ".join(errors["party_code"])
    assert "身份证号码或统一社会信用代码" in page(response)
    assert PenaltyCase.objects.count() == 0

    response = client.post(reverse("penalties:case_add"), {**data, "party_code": VALID_ID})
    case = PenaltyCase.objects.get()
    assert response.status_code == 302
    assert case.number.endswith("〔" + str(case.year) + "〕001号"), (
        "the refused attempt took no number"
    )
    assert case.establishment is None and case.party_code == VALID_ID


def test_fewer_than_two_officers_is_refused_on_officers(client_as):
    team = officers()
    client = client_as(team[0])
    data = filing_data(team[:1], establishment=EstablishmentFactory().pk)
    response = client.post(reverse("penalties:case_add"), data)
    assert response.status_code == 400
    assert "两名以上执法人员" in " ".join(response.context["form"].errors["officers"])
    assert PenaltyCase.objects.count() == 0


def test_filing_form_defaults_to_today_and_the_user_on_the_roster(client_as, inspector, manager):
    form = client_as(inspector).get(reverse("penalties:case_add")).context["form"]
    assert form["filed_on"].value() == datetime.date.today()
    assert form["officers"].value() == [inspector.pk]
    form = client_as(manager).get(reverse("penalties:case_add")).context["form"]
    assert not form["officers"].value(), "a manager is not on the inspector roster"


def test_clerk_cannot_file(client_as, clerk):
    assert client_as(clerk).get(reverse("penalties:case_add")).status_code == 403
