"""The rules several apps share, kept once in core: dates N years on, working days, people's
names, the roster and the two-officer rule, money fields."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext

from core.calendar import WorkingDays, add_working_days, is_working_day
from core.dates import add_years
from core.fields import MONEY
from core.models import CalendarDay
from core.people import display_name, display_names
from core.roster import on_roster, roster, team_check
from tests.factories import UserFactory

D = datetime.date


# ---------------------------------------------------------------- add_years


def test_add_years_keeps_the_date_and_turns_29_february_into_28():
    assert add_years(D(2024, 3, 1), 4) == D(2028, 3, 1)
    assert add_years(D(2024, 2, 29), 4) == D(2028, 2, 29)
    assert add_years(D(2024, 2, 29), 1) == D(2025, 2, 28)
    assert add_years(D(2024, 2, 29), -1) == D(2023, 2, 28)
    assert add_years(D(2023, 12, 31), 0) == D(2023, 12, 31)


# ---------------------------------------------------------------- working days


@pytest.mark.django_db
def test_one_walk_for_one_date_and_for_many():
    # The shipped calendar (core.services.calendar): 1-7 October 2024 off, Sunday 29
    # September and Saturday 12 October worked.
    assert CalendarDay.objects.filter(date__in=[D(2024, 10, 1), D(2024, 10, 12)]).count() == 2
    assert add_working_days(D(2024, 9, 27), 1) == D(2024, 9, 29)
    assert add_working_days(D(2024, 9, 27), 3) == D(2024, 10, 8)
    assert add_working_days(D(2024, 9, 27), 0) == D(2024, 9, 27)
    assert not is_working_day(D(2024, 10, 1)) and is_working_day(D(2024, 10, 12))
    calendar = WorkingDays()
    for offset in range(-20, 40):
        start = D(2024, 9, 27) + datetime.timedelta(days=offset)
        for n in (1, 5, 20):
            assert calendar.add(start, n) == add_working_days(start, n), (start, n)
            cutoff = calendar.cutoff(n, start)
            assert (
                add_working_days(cutoff, n)
                < start
                <= add_working_days(cutoff + datetime.timedelta(days=1), n)
            )


@pytest.mark.django_db
def test_the_holiday_table_is_read_once_per_walk_and_once_per_year_kept():
    with CaptureQueriesContext(connection) as walk:
        add_working_days(D(2024, 12, 20), 10)  # into next year
    assert len(walk) == 1
    calendar = WorkingDays()
    with CaptureQueriesContext(connection) as kept:
        for day in range(1, 29):
            calendar.add(D(2025, 2, day), 3)
    assert len(kept) == 1


# ---------------------------------------------------------------- names


def test_a_person_is_shown_by_name_and_by_login_only_without_one():
    from django.contrib.auth.models import User

    assert display_name(User(username="wang", first_name="王建国")) == "王建国"
    assert display_name(User(username="wang", first_name="建国", last_name="王")) == "建国 王"
    assert display_name(User(username="wang")) == "wang"
    assert display_name(None) == ""
    users = [User(username="a", first_name="甲"), User(username="b")]
    assert display_names(users) == "甲、b"
    page = Template("{% load people %}{{ u|display_name }}|{{ none|display_name }}")
    assert page.render(Context({"u": users[0], "none": None})) == "甲|"


# ---------------------------------------------------------------- roster and team


@pytest.mark.django_db
def test_the_roster_is_the_active_inspectors():
    one = UserFactory(role="inspector")
    two = UserFactory(role="inspector")
    UserFactory(role="inspector", is_active=False)
    UserFactory(role="clerk")
    assert list(roster()) == [one, two]
    assert on_roster(one) and not on_roster(None)


@pytest.mark.django_db
def test_the_team_is_two_officers_on_the_roster():
    one, two = UserFactory(role="inspector"), UserFactory(role="inspector", first_name="李四")
    gone = UserFactory(role="inspector", first_name="已离职", is_active=False)
    messages = {"field": "team", "too_few": "两人以上。", "outside": "{names} 不在名录中。"}
    assert team_check(iter([one, two]), **messages) == [one, two]
    with pytest.raises(ValidationError) as too_few:
        team_check([one, one], **messages)
    assert too_few.value.message_dict == {"team": ["两人以上。"]}
    with pytest.raises(ValidationError) as outside:
        team_check([one, gone], **messages)
    assert outside.value.message_dict == {"team": ["已离职 不在名录中。"]}


@pytest.mark.django_db
def test_the_case_list_offers_the_roster_as_officers():
    """It offered every account ever in the inspector group, those who left included."""
    from penalties.filters import PenaltyCaseFilterSet

    active = UserFactory(username="li_ming", first_name="李明", role="inspector")
    UserFactory(role="inspector", is_active=False)
    field = PenaltyCaseFilterSet().form.fields["officer"]
    assert list(field.queryset) == [active] == list(roster())
    assert [label for _, label in field.choices][1:] == ["李明"], "by name, not login name"


# ---------------------------------------------------------------- money


def test_money_is_declared_once():
    from penalties.api import inputs, records
    from penalties.models import CasePayment, DiscretionLevel

    assert MONEY == {"max_digits": 12, "decimal_places": 2}
    assert records.MONEY is MONEY and inputs.MONEY is MONEY
    for field in (
        CasePayment._meta.get_field("amount"),
        DiscretionLevel._meta.get_field("fine_max"),
    ):
        assert (field.max_digits, field.decimal_places) == (12, 2)
