"""Searching penalty cases by a party's full ID number: never in a URL, always logged.

The list page's search form is sent by POST; a search holding an ID number is kept in the
session and the list is opened with an opaque ``?search=<token>`` that pagination, sorting
and the .xlsx export carry instead of the number. The API searches by ``POST
/api/v1/cases/search/`` with a JSON body. A GET with the number in ``q`` is refused and
logs nothing; every search by number by a user who may see full numbers is logged in
``PersonalDataAccess`` (core.personal_data)."""

import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from core.lists import ObjectListView
from core.models import PersonalDataAccess
from core.personal_data import REFUSED_IN_URL, REFUSED_SEARCH, SEARCH_EXPIRED
from penalties.choices import CaseStatus, PartyKind
from penalties.views.cases import CaseListView
from tests.factories import EstablishmentFactory, valid_id_number
from tests.generic import count_queries
from tests.penalties.factories import case_at, file_case, violation

pytestmark = pytest.mark.django_db

NUMBER = "11010519491231002X"
MASKED = "1101**********002X"
LIST = "penalties:case_list"
URL_ATTRIBUTE = re.compile(r"""(?:href|action|src)\s*=\s*["']([^"']*)["']""", re.I)


def person_case(number=NUMBER, name="王某某", **more):
    return file_case(
        party_kind=PartyKind.PERSON,
        party_name=name,
        party_code=number,
        party_address="城关镇幸福路 3 号",
        violation=violation("illegal-practice"),
        **more,
    )


def closed_person_case():
    return case_at(
        CaseStatus.CLOSED,
        party_kind=PartyKind.PERSON,
        party_name="王某某",
        party_code=NUMBER,
        party_address="城关镇幸福路 3 号",
    )


def text(response) -> str:
    return response.content.decode()


def listed(response):
    return [obj.number for obj, _ in response.context["rows"]]


def urls_in(response) -> list[str]:
    """Every URL the page links to, posts to or loads."""
    return URL_ATTRIBUTE.findall(text(response))


def assert_number_in_no_url(response):
    assert NUMBER not in response.get("Location", "")
    for url in urls_in(response):
        assert NUMBER not in url.upper() and "1101051949" not in url, url


def search(client, q, url_name=LIST, **filters):
    """The list page's search form, sent as a browser sends it (every field, most empty)."""
    form = {"q": q, "status": "", "open": "", "year": "", **filters}
    return client.post(reverse(url_name), form)


def xlsx_numbers(response) -> list:
    rows = list(
        load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True)
    )
    return [row[rows[0].index("案号")] for row in rows[1:]]


# ---------------------------------------------------------------- the list page


def test_the_search_form_of_the_case_list_is_sent_by_post(client_as, clerk):
    page = text(client_as(clerk).get(reverse(LIST)))
    form = re.search(
        r'<form method="post" action="/penalties/cases/" class="filter-form" autocomplete="off">',
        page,
    )  # a number typed is sent in no URL, and kept in no browser's form history
    assert form and "csrfmiddlewaretoken" in page


def test_a_search_by_number_finds_the_case_and_is_logged(client_as, clerk):
    case = person_case()
    other = person_case(valid_id_number(), name="赵某某")
    client = client_as(clerk)

    response = search(client, NUMBER.lower(), sort="-number")

    assert response.status_code == 302
    location = response["Location"]
    assert NUMBER not in location.upper() and "search=" in location and "sort=-number" in location
    access = PersonalDataAccess.objects.get()
    assert access.user == clerk and access.username == clerk.username
    assert (access.content_type.model, access.object_id) == ("penaltycase", case.pk)
    assert access.record == str(case) and access.field == "party_code"
    assert (access.channel, access.get_channel_display()) == ("search", "按号码查找（页面）")
    assert access.view_name == LIST and access.ip_address == "127.0.0.1"
    assert NUMBER not in access.path

    page = client.get(location)
    assert page.status_code == 200
    assert listed(page) == [case.number] and other.number not in listed(page)
    assert_number_in_no_url(page)
    assert "no-store" in page["Cache-Control"]  # the search box shows the number typed
    assert PersonalDataAccess.objects.count() == 1  # opening the result logs it no more


def test_pagination_sorting_and_export_carry_the_token_not_the_number(
    client_as, clerk, monkeypatch
):
    monkeypatch.setattr(CaseListView, "paginate_by", 1)
    first, second = person_case(), person_case()
    client = client_as(clerk)
    location = search(client, NUMBER)["Location"]
    assert PersonalDataAccess.objects.count() == 2  # both cases the search matched
    token = re.search(r"search=([\w-]+)", location).group(1)

    page = client.get(location)
    assert_number_in_no_url(page)
    links = urls_in(page)
    for wanted in ("page=2", "sort=party_name", "export=xlsx"):
        link = next(u for u in links if wanted in u)
        assert f"search={token}" in link, link
    second_page = client.get(location + "&page=2")
    assert sorted(listed(page) + listed(second_page)) == sorted([first.number, second.number])
    assert_number_in_no_url(second_page)
    by_name = client.get(location + "&sort=-party_name")
    assert len(listed(by_name)) == 1 and by_name.context["page"].paginator.count == 2
    assert PersonalDataAccess.objects.count() == 2

    export = client.get(location + "&export=xlsx")
    assert export.status_code == 200 and "no-store" in export["Cache-Control"]
    assert sorted(xlsx_numbers(export)) == sorted([first.number, second.number])
    exported = PersonalDataAccess.objects.filter(channel="export")
    assert sorted(exported.values_list("object_id", flat=True)) == sorted([first.pk, second.pk])
    assert all("export=xlsx" in row.path and NUMBER not in row.path for row in exported)


def test_other_filters_stay_in_the_url_and_narrow_the_search(client_as, clerk):
    open_case = person_case()
    closed = closed_person_case()
    client = client_as(clerk)
    response = search(client, NUMBER, status="closed")
    assert "status=closed" in response["Location"]
    assert listed(client.get(response["Location"])) == [closed.number]
    # Logged: what the search matched, under its filters.
    assert list(PersonalDataAccess.objects.values_list("object_id", flat=True)) == [closed.pk]
    assert open_case.pk not in PersonalDataAccess.objects.values_list("object_id", flat=True)


def test_a_search_that_matches_nothing_is_logged_once_with_the_number_masked(client_as, clerk):
    person_case(valid_id_number())
    client = client_as(clerk)
    location = search(client, NUMBER)["Location"]
    access = PersonalDataAccess.objects.get()
    assert access.object_id is None and access.content_type.model == "penaltycase"
    assert MASKED in access.record and "未找到" in access.record and NUMBER not in access.record
    assert listed(client.get(location)) == []
    assert PersonalDataAccess.objects.count() == 1


def test_a_case_matching_after_the_search_is_logged_when_shown(client_as, clerk):
    first = person_case()
    client = client_as(clerk)
    location = search(client, NUMBER)["Location"]
    later = person_case()
    assert sorted(listed(client.get(location))) == sorted([first.number, later.number])
    logged = PersonalDataAccess.objects.order_by("pk").values_list("object_id", flat=True)
    assert list(logged) == [first.pk, later.pk]
    client.get(location)
    assert PersonalDataAccess.objects.count() == 2


@pytest.mark.parametrize(
    "typed", ["１１０１０５１９４９１２３１００２Ｘ", "110105-19491231-002X", f"身份证{NUMBER}"]
)
def test_a_number_typed_full_width_or_with_hyphens_is_found_privately(client_as, clerk, typed):
    case = person_case()
    client = client_as(clerk)
    response = search(client, typed)
    assert response.status_code == 302 and "search=" in response["Location"]
    assert "1101051949" not in response["Location"] and "１" not in response["Location"]
    page = client.get(response["Location"])
    assert listed(page) == [case.number]
    assert PersonalDataAccess.objects.filter(object_id=case.pk).exists()


def test_a_get_with_a_full_number_is_refused_and_logs_nothing(client_as, clerk):
    case = person_case()
    client = client_as(clerk)
    response = client.get(reverse(LIST), {"q": NUMBER, "status": "", "sort": "-number"})
    assert response.status_code == 200 and listed(response) == []
    assert case.number not in text(response)
    assert f"搜索：{REFUSED_IN_URL}" in text(response)
    assert_number_in_no_url(response)  # the page repeats it in no link
    assert "sort=-number" in next(u for u in urls_in(response) if "export=xlsx" in u)
    export = client.get(reverse(LIST), {"q": NUMBER, "export": "xlsx"})
    assert xlsx_numbers(export) == []
    # Written with spaces, in lower case or among other words: still a number.
    for q in (NUMBER.lower(), "110105 19491231 002X", f"王某某 {NUMBER}",
              "１１０１０５１９４９１２３１００２Ｘ", "110105-19491231-002X"):  # fmt: skip
        assert REFUSED_IN_URL in text(client.get(reverse(LIST), {"q": q})), q
    assert not PersonalDataAccess.objects.exists()


def test_without_the_permission_a_search_by_number_finds_nothing_and_logs_nothing(
    client_as, manager
):
    case = person_case()
    assert not manager.has_perm("premises.view_full_id_number")
    client = client_as(manager)
    response = search(client, NUMBER)
    assert response.status_code == 302 and NUMBER not in response["Location"]
    page = client.get(response["Location"])
    assert listed(page) == [] and case.number not in text(page)
    assert REFUSED_SEARCH in text(page)
    assert not any("export=xlsx" in u for u in urls_in(page))
    assert client.get(response["Location"] + "&export=xlsx").status_code == 403
    assert not PersonalDataAccess.objects.exists()


def test_other_searches_keep_working_by_get_and_post(client_as, clerk, manager):
    unit = EstablishmentFactory(name="清风足浴店")
    mine = file_case(establishment=unit)
    person = person_case()
    for user in (clerk, manager):
        client = client_as(user)
        for q, expected in (
            ("清风", [mine]),
            (unit.credit_code, [mine]),
            ("王某某", [person]),
            (mine.number, [mine]),
        ):
            assert listed(client.get(reverse(LIST), {"q": q})) == [c.number for c in expected]
            response = search(client, q)
            assert "search=" not in response["Location"]
            assert listed(client.get(response["Location"])) == [c.number for c in expected]
    assert not PersonalDataAccess.objects.exists()


def test_a_token_works_only_for_its_session_and_its_list(client_as, clerk, administrator):
    person_case()
    clerk_client = client_as(clerk)
    location = search(clerk_client, NUMBER)["Location"]
    # The same URL in another session (a shared link, a browser history): nothing.
    other = Client()
    other.force_login(administrator)
    page = other.get(location)
    assert listed(page) == [] and SEARCH_EXPIRED in text(page)
    # Another list, in the same session, does not open this list's search.
    token_query = location.split("?", 1)[1]
    due = clerk_client.get(reverse("penalties:case_due") + "?" + token_query)
    assert listed(due) == [] and SEARCH_EXPIRED in text(due)
    assert PersonalDataAccess.objects.count() == 1  # the one search


def test_the_due_list_searches_privately_too(client_as, clerk):
    response = search(client_as(clerk), NUMBER, url_name="penalties:case_due")
    assert response.status_code == 302 and NUMBER not in response["Location"]
    assert response["Location"].startswith(reverse("penalties:case_due") + "?search=")


def test_the_search_needs_the_list_permission(client, client_as, outsider):
    url = reverse(LIST)
    anonymous = client.post(url, {"q": NUMBER})
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    assert NUMBER not in anonymous["Location"]
    assert client_as(outsider).post(url, {"q": NUMBER}).status_code == 403
    assert not PersonalDataAccess.objects.exists()


def test_lists_without_a_private_search_refuse_a_post(client_as, clerk):
    assert not ObjectListView.private_search
    response = client_as(clerk).post(reverse("premises:practitioner_list"), {"q": "x"})
    assert response.status_code == 405


def test_the_search_result_page_costs_the_same_queries_whatever_its_rows(client_as, clerk):
    client = client_as(clerk)
    person_case()
    location = search(client, NUMBER)["Location"]
    client.get(location)
    few, response = count_queries(lambda: client.get(location))
    assert len(listed(response)) == 1
    for _ in range(4):
        person_case()
    location = search(client, NUMBER)["Location"]
    client.get(location)
    many, response = count_queries(lambda: client.get(location))
    assert len(listed(response)) == 5
    assert few == many, f"{few} queries for one row, {many} for five"


def test_the_log_reads_plainly_in_the_admin(client_as, clerk, administrator):
    case = person_case()
    client = client_as(clerk)
    search(client, NUMBER)
    search(client, valid_id_number())  # matches nothing
    admin = client_as(administrator)
    listing = text(admin.get(reverse("admin:core_personaldataaccess_changelist")))
    assert "按号码查找（页面）" in listing and str(case) in listing
    assert "查找，未找到记录" in listing and NUMBER not in listing
    empty = PersonalDataAccess.objects.get(object_id=None)
    change = admin.get(reverse("admin:core_personaldataaccess_change", args=[empty.pk]))
    assert change.status_code == 200


# ---------------------------------------------------------------- the API


SEARCH_API = "/api/v1/cases/search/"


def api_search(client, body, query=""):
    return client.post(SEARCH_API + query, body, content_type="application/json")


def test_the_api_search_route():
    assert reverse("case-search") == SEARCH_API


def test_the_api_searches_by_number_in_a_post_body_and_logs_it(client_as, clerk):
    case = person_case()
    person_case(valid_id_number(), name="赵某某")
    response = api_search(client_as(clerk), {"q": NUMBER})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["count"] == 1 and [r["id"] for r in data["results"]] == [case.pk]
    assert data["results"][0]["party_code"] == MASKED  # found, still masked
    assert "no-store" in response["Cache-Control"]
    access = PersonalDataAccess.objects.get()
    assert (access.object_id, access.field, access.channel) == (case.pk, "party_code", "api_search")
    assert access.view_name == "case-search" and access.path == SEARCH_API


def test_the_api_search_takes_the_list_filters_paging_and_ordering(client_as, clerk):
    cases = [person_case(), person_case()]
    closed = closed_person_case()
    client = client_as(clerk)
    body = {"q": NUMBER, "status": "closed"}
    assert [r["id"] for r in api_search(client, body).json()["results"]] == [closed.pk]
    data = api_search(client, {"q": NUMBER, "open": "yes", "ordering": "number"}, "?page_size=1")
    data = data.json()
    assert data["count"] == 2 and data["results"][0]["id"] == min(c.pk for c in cases)
    assert NUMBER not in (data["next"] or "") and "page=2" in data["next"]
    assert api_search(client, {"q": NUMBER, "status": "bogus"}).json().keys() == {"status"}
    assert api_search(client, [NUMBER]).status_code == 400


def test_the_api_search_by_number_without_the_permission_is_refused_unlogged(client_as, manager):
    person_case()
    response = api_search(client_as(manager), {"q": NUMBER})
    assert response.status_code == 400 and REFUSED_SEARCH in response.json()["q"][0]
    assert not PersonalDataAccess.objects.exists()


def test_the_api_search_needs_only_the_view_permission(client, client_as, clerk, outsider):
    unit = EstablishmentFactory(name="清风足浴店")
    mine = file_case(establishment=unit)
    assert not clerk.has_perm("penalties.change_penaltycase")  # reads cases only
    response = api_search(client_as(clerk), {"q": "清风"})
    assert response.status_code == 200 and response.json()["count"] == 1
    assert response.json()["results"][0]["id"] == mine.pk
    client.logout()
    assert api_search(client, {"q": "清风"}).status_code == 401
    assert api_search(client_as(outsider), {"q": "清风"}).status_code == 403
    assert not PersonalDataAccess.objects.exists()


@pytest.mark.parametrize("role", ["clerk", "manager"])
def test_a_get_of_the_api_with_a_full_number_is_refused(client_as, persona, role):
    person_case()
    client = client_as(persona(role))
    response = client.get(reverse("case-list"), {"q": NUMBER})
    assert response.status_code == 400
    errors = response.json()
    assert list(errors) == ["q"] and SEARCH_API in errors["q"][0]
    # Nor may the search route take it in its URL.
    assert api_search(client, {}, f"?q={NUMBER}").status_code == 400
    assert client.get(reverse("case-list"), {"q": "王某某"}).json()["count"] == 1
    assert not PersonalDataAccess.objects.exists()
