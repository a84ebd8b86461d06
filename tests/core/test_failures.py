"""Failures that are not the user's: a clear page, and nothing half-written."""

import psycopg2
import pytest
from django.db import InterfaceError, OperationalError, connection, transaction
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from licensing import services as licensing_services
from licensing.models import Permit
from premises.models import Establishment, EstablishmentStatusChange
from tests.conftest import make_persona
from tests.premises.test_pages import form_data


def _broken(*args, **kwargs):
    raise OperationalError("server closed the connection unexpectedly")


@pytest.mark.django_db
def test_a_pdf_that_fails_to_render_gives_a_clear_page(client_as, manager, monkeypatch, caplog):
    import weasyprint

    def fails(self, *args, **kwargs):
        raise ValueError("layout failed")

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", fails)
    response = client_as(manager).get(
        reverse("reports:summary_pdf"), {"year": "2024"}, HTTP_REFERER="http://testserver/reports/"
    )
    assert response.status_code == 503
    page = response.content.decode()
    assert "文书生成失败" in page and "请稍后重试" in page
    assert 'href="http://testserver/reports/"' in page  # back where the user came from
    assert "Traceback" not in page and "layout failed" not in page
    assert "documents/" in caplog.text  # the cause is in the log for the administrator


@pytest.mark.django_db
def test_the_database_failing_mid_action_writes_nothing(client_as, clerk, township, monkeypatch):
    """The unit is saved, then the database fails before its opening is recorded: the
    page says so and neither is kept."""
    monkeypatch.setattr(EstablishmentStatusChange, "full_clean", _broken)
    response = client_as(clerk).post(reverse("premises:establishment_add"), form_data(township))
    assert response.status_code == 503
    assert "数据库暂时无法连接，本次操作没有保存任何内容" in response.content.decode()
    assert not Establishment.objects.exists()
    assert not EstablishmentStatusChange.objects.exists()


@pytest.mark.django_db
def test_the_api_answers_a_database_failure_in_json(monkeypatch):
    client = APIClient()
    client.force_authenticate(make_persona("manager"))
    monkeypatch.setattr("reports.api.views.summary", _broken)
    response = client.get("/api/v1/reports/annual/", {"year": "2024"})
    assert response.status_code == 503
    assert "数据库暂时无法连接" in response.json()["detail"]


@pytest.mark.django_db
def test_any_other_failure_shows_the_plain_error_page(manager, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("reports.api.views.summary", boom)
    monkeypatch.setattr("reports.views.summary.summary", boom)
    client = Client(raise_request_exception=False)
    client.force_login(manager)
    response = client.get(reverse("reports:summary"), {"year": "2024"})
    assert response.status_code == 500
    page = response.content.decode()
    assert "系统出错" in page and "a bug" not in page


@pytest.mark.skipif(connection.vendor != "postgresql", reason="kills a PostgreSQL backend")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_connection_killed_while_a_permit_is_issued_leaves_no_trace(monkeypatch):
    """The server really goes away (its backend is terminated) after the permit's number
    was taken and the old version retired: PostgreSQL rolls all of it back."""
    from tests.licensing.test_numbering_concurrency import approved_application

    clerk = make_persona("clerk")
    application = approved_application(clerk)
    settings = connection.settings_dict
    taken = licensing_services.permits.number_take

    def take_then_die(**kwargs):
        number = taken(**kwargs)
        pid = connection.connection.get_backend_pid()
        killer = psycopg2.connect(
            dbname=settings["NAME"], user=settings["USER"], host=settings["HOST"],
            port=settings["PORT"] or 5432, password=settings["PASSWORD"] or None,
        )  # fmt: skip
        killer.autocommit = True
        with killer.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        killer.close()
        return number

    monkeypatch.setattr(licensing_services.permits, "number_take", take_then_die)
    with pytest.raises((OperationalError, InterfaceError)):
        with transaction.atomic():
            licensing_services.permit_issue(application=application, user=clerk)
    connection.close()
    monkeypatch.setattr(licensing_services.permits, "number_take", taken)

    assert not Permit.objects.exists()
    application.refresh_from_db()
    assert application.status == "approved"
    again = licensing_services.permit_issue(application=application, user=clerk)
    assert again.sequence == 1  # the number taken before the failure was not spent
