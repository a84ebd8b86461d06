"""Time limits are data every step counts with: changed in the admin, never deleted; a row
gone missing all the same falls back to the legal default, with a warning in the log."""

import importlib
import logging

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from core.calendar import add_working_days
from penalties import services
from penalties.choices import CaseStatus, TimeLimitCode
from penalties.models import PenaltyCase, TimeLimit
from penalties.models.reference import LEGAL_DEFAULTS
from tests.penalties.factories import (
    HEARING_PARTY,
    case_at,
    days_ago,
    file_case,
    fine,
    serve_notice,
)

pytestmark = pytest.mark.django_db


def test_the_legal_defaults_are_the_shipped_rows():
    shipped = [
        *importlib.import_module("penalties.migrations.0002_reference_data").TIME_LIMITS,
        # 告知书送达期限 and 公告送达期间 came with the service records.
        *importlib.import_module("penalties.migrations.0013_case_service_data").TIME_LIMITS,
    ]
    assert {code: tuple(rest) for code, *rest in shipped} == LEGAL_DEFAULTS
    assert set(LEGAL_DEFAULTS) == set(TimeLimitCode.values)


def test_a_missing_row_falls_back_to_the_legal_default_with_a_warning(caplog):
    TimeLimit.objects.filter(code__in=["decision", "statement", "hearing_request"]).delete()
    # The decision deadline comes from the procedure rules now, not from a time-limit row;
    # a citizen party, so that the 3,000-yuan fine gives the right to a hearing.
    case = file_case(**HEARING_PARTY)
    assert case.decision_due == days_ago(60) + (days_ago(0) - days_ago(90))
    with caplog.at_level(logging.WARNING, logger="penalties.models.reference"):
        case = services.case_notify(
            case=case_at(CaseStatus.INVESTIGATING, case=case),
            user=case.created_by,
            done_on=days_ago(50),
            severity="ordinary",
            penalties=fine(3000),
        )
        serve_notice(case, on=days_ago(50))
    assert any("'statement' is missing" in r.getMessage() for r in caplog.records)
    case.refresh_from_db()
    assert case.statement_due == add_working_days(days_ago(50), 3)
    assert case.hearing_request_due == add_working_days(days_ago(50), 5)


def test_the_deadline_list_still_warns_without_the_row():
    case = file_case(occurred_on=days_ago(90), filed_on=days_ago(80))  # due in 10 days
    TimeLimit.objects.filter(code="decision").delete()
    assert list(PenaltyCase.objects.due_soon()) == [case]  # the default warns 15 days ahead


def test_time_limits_cannot_be_deleted_in_the_admin(client_as, administrator):
    limit = TimeLimit.objects.get(code="payment")
    client = client_as(administrator)
    url = reverse("admin:penalties_timelimit_delete", args=[limit.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    changelist = client.get(reverse("admin:penalties_timelimit_changelist"))
    assert changelist.status_code == 200
    assert "delete_selected" not in changelist.content.decode()
    assert TimeLimit.objects.filter(pk=limit.pk).exists()
    assert client.get(reverse("admin:penalties_timelimit_change", args=[limit.pk])).status_code == (
        200
    )


def test_roles_after_the_migrations():
    administrator = Group.objects.get(name="administrator").permissions
    assert not administrator.filter(codename="delete_timelimit").exists()
    assert administrator.filter(codename="change_timelimit").exists()
    manager = Group.objects.get(name="manager").permissions
    assert manager.filter(codename="waive_late_charge").exists()
    inspector = Group.objects.get(name="inspector").permissions
    assert not inspector.filter(codename="waive_late_charge").exists()
