"""core.personal_data's search by a full ID number: what counts as one, the session's
tokens, and the log rows a search writes (tests/penalties/test_id_number_search.py drives
the pages and the API)."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory

from core.models import PersonalDataAccess
from core.personal_data import (
    holds_id_number,
    id_number_of,
    id_numbers_in,
    keep_search,
    kept_search,
    note_logged,
    record_search,
)
from penalties.filters import PenaltyCaseFilterSet
from penalties.models import PenaltyCase
from tests.factories import UserFactory

NUMBER = "11010519491231002X"


@pytest.mark.parametrize(
    "text",
    [
        NUMBER,
        NUMBER.lower(),
        f" {NUMBER} ",
        "110105 19491231 002X",
        f"王某某{NUMBER}",
        f"王某某 {NUMBER} 城关镇",
        "110105194912310021",  # a wrong check digit is still a person's number
        # Typed by an input method in full-width mode, or with hyphens (the inspector's walk:
        # these went into the URL as a plain ?q=).
        "１１０１０５１９４９１２３１００２Ｘ",
        "11010519491231002Ｘ",
        "１１０１０５１９４９１２３１００２X",
        "110105-19491231-002X",
        "110105－19491231－002X",
        f"身份证{NUMBER}",
    ],
)
def test_a_full_number_is_seen_however_written(text):
    assert holds_id_number(text)
    assert id_numbers_in(text) in ([NUMBER], ["110105194912310021"])


@pytest.mark.parametrize(
    "text",
    [
        "",
        "王某某",
        "卫罚〔2026〕3号",
        "91110108MA01234567",  # a credit code
        "121101080400123456",  # all digits, no birth date where a number has one
        "11010519491231002",  # 17 characters
        "1101051949123100211",  # 19 digits
        "110105194913310021",  # month 13
        "110105180012310021",  # born before 1900
        "A11010519491231002X",  # part of a longer code
    ],
)
def test_other_text_is_not_taken_for_a_number(text):
    assert not holds_id_number(text)


def test_a_search_by_number_matches_the_whole_number_as_stored():
    assert id_number_of(" 110105 19491231 002x ") == NUMBER
    assert id_number_of("１１０１０５－１９４９１２３１－００２Ｘ") == NUMBER
    assert id_number_of(f"王某某 {NUMBER}") == NUMBER  # the one number the text holds
    assert id_number_of(f"{NUMBER} 110105194912310021") == ""  # two: neither
    assert id_number_of("1101051949123100") == ""


def request_for(user, path="/penalties/cases/"):
    request = RequestFactory().post(path)
    request.user = user
    request.session = SessionStore()
    request.resolver_match = None
    return request


@pytest.mark.django_db
def test_tokens_are_opaque_kept_per_list_and_the_oldest_expire():
    request = request_for(UserFactory())
    first = keep_search(request, scope="penalties:case_list", text=NUMBER)
    assert NUMBER not in first and len(first) >= 16
    assert kept_search(request, first, scope="penalties:case_list")["q"] == NUMBER
    assert kept_search(request, first, scope="penalties:case_due") is None
    assert kept_search(request, "unknown", scope="penalties:case_list") is None
    note_logged(request, first, [3, 1])
    note_logged(request, first, [1, 2])
    assert kept_search(request, first, scope="penalties:case_list")["logged"] == [1, 2, 3]
    later = [keep_search(request, scope="penalties:case_list", text=NUMBER) for _ in range(20)]
    assert kept_search(request, first, scope="penalties:case_list") is None
    assert all(kept_search(request, t, scope="penalties:case_list") for t in later)


@pytest.mark.django_db
def test_a_search_is_logged_once_per_record_or_once_for_itself(clerk):
    from tests.penalties.factories import file_case

    one, two = file_case(), file_case()
    request = request_for(clerk)
    rows = record_search(
        request,
        [one, two],
        model=PenaltyCase,
        number=NUMBER,
        field="party_code",
        channel="search",
    )
    assert [r.object_id for r in rows] == [one.pk, two.pk]
    assert [r.record for r in rows] == [str(one), str(two)]
    (row,) = record_search(
        request, [], model=PenaltyCase, number=NUMBER, field="party_code", channel="api_search"
    )
    row = PersonalDataAccess.objects.get(pk=row.pk)
    assert row.object_id is None and row.content_type.model == "penaltycase"
    assert row.record == "按身份证号码 1101**********002X 查找，未找到记录"
    assert row.username == clerk.username and row.path == "/penalties/cases/"
    assert PersonalDataAccess.objects.count() == 3


@pytest.mark.django_db
def test_the_filterset_refuses_a_number_unless_sent_privately(clerk, manager):
    def errors(user, *, private):
        filterset = PenaltyCaseFilterSet(
            {"q": NUMBER}, PenaltyCase.objects.all(), request=request_for(user), private=private
        )
        return filterset.errors.get("q", [])

    assert "网址" in errors(clerk, private=False)[0]
    assert errors(clerk, private=True) == []
    assert "权限" in errors(manager, private=True)[0]
    plain = PenaltyCaseFilterSet({"q": "王某某"}, PenaltyCase.objects.all(), private=False)
    assert plain.is_valid() and plain.searched_id_number() == ""
