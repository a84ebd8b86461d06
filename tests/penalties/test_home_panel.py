"""The home page reminds officers and managers of cases near or past a time limit."""

import pytest
from django.urls import reverse

from penalties.choices import CaseStatus
from tests.penalties.factories import case_at, file_case, officers

pytestmark = pytest.mark.django_db


def home(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_an_officer_sees_his_own_case_past_its_limit_not_a_colleagues(client, manager):
    team = officers()
    late = case_at(CaseStatus.DECIDED, team=team, earlier=30)  # service limit long past
    other = case_at(CaseStatus.DECIDED, earlier=30)
    page = home(client, team[0])
    assert "办案期限提醒" in page
    assert late.number in page and "已超期" in page
    assert other.number not in page

    page = home(client, manager)  # a manager sees every case
    assert late.number in page and other.number in page


def test_no_reminder_when_every_case_is_far_from_its_limit(client):
    team = officers()
    file_case(team=team)  # decision due in 30 days, beyond the 15 warning days
    assert "办案期限提醒" not in home(client, team[0])


def test_a_clerk_gets_no_reminder(client, clerk):
    case_at(CaseStatus.DECIDED, earlier=30)
    assert "办案期限提醒" not in home(client, clerk)


def test_home_query_count_does_not_grow_with_due_cases(
    client, manager, django_assert_max_num_queries
):
    case_at(CaseStatus.DECIDED, earlier=30)
    client.force_login(manager)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(reverse("home"))
    for _ in range(3):
        case_at(CaseStatus.DECIDED, earlier=30)
    with django_assert_max_num_queries(len(one)):
        client.get(reverse("home"))
