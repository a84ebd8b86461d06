"""The working-day calendar ships the State Council's holidays and make-up working days
(调休): a fresh database counts 国庆 and 春节 without anyone typing them, a reload keeps
what the administrator changed, and the home page says when a year is missing."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

import core.calendar
from core.calendar import add_working_days, is_working_day, missing_calendar_years
from core.models import CalendarDay, CalendarSource
from core.services.calendar import CalendarDataMissing, calendar_load, official_years

D = datetime.date
pytestmark = pytest.mark.django_db


def load_quietly(*args):
    call_command("calendar_load", *args, stdout=open("/dev/null", "w"))


# ---------------------------------------------------------------- the shipped data


def test_the_national_day_week_is_not_counted():
    # Friday 27 September 2024 + 3 working days: Sunday 29 (调休) and Monday 30, then 1-7
    # October are off.
    # With an empty calendar this gave Wednesday 2 October.
    assert add_working_days(D(2024, 9, 27), 3) == D(2024, 10, 8)
    holiday = CalendarDay.objects.get(date=D(2024, 10, 1))
    assert (holiday.is_workday, holiday.name, holiday.source) == (False, "国庆节", "official")


def test_a_make_up_saturday_counts():
    saturday = D(2024, 10, 12)
    assert saturday.weekday() == 5 and is_working_day(saturday)
    assert add_working_days(D(2024, 10, 11), 1) == saturday
    assert CalendarDay.objects.get(date=saturday).name == "国庆节调休上班"


def test_the_spring_festival_of_2026_is_shipped():
    # 春节 2026: 15-23 February off, Saturday 14 and 28 February worked.
    assert not is_working_day(D(2026, 2, 16))
    assert is_working_day(D(2026, 2, 14)) and is_working_day(D(2026, 2, 28))
    assert add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 14)
    assert add_working_days(D(2026, 2, 14), 1) == D(2026, 2, 24)


def test_every_year_the_package_has_is_loaded():
    years = official_years()
    assert years[0] <= 2024 and years[-1] >= 2026
    loaded = {d.year for d in CalendarDay.objects.dates("date", "year")}
    assert set(years) <= loaded


# ---------------------------------------------------------------- loading again


def test_the_command_is_idempotent():
    before = list(CalendarDay.objects.values_list("date", "is_workday", "name", "source"))
    load_quietly()
    load_quietly("--year", "2024")
    assert list(CalendarDay.objects.values_list("date", "is_workday", "name", "source")) == before
    result = calendar_load()
    assert (result.created, result.updated, result.removed) == (0, 0, 0)


def test_a_local_edit_survives_a_reload(client_as, administrator):
    client = client_as(administrator)
    day = CalendarDay.objects.get(date=D(2024, 10, 7))
    url = reverse("admin:core_calendarday_change", args=[day.pk])
    response = client.post(url, {"date": "2024-10-07", "is_workday": "on", "name": "本地上班"})
    assert response.status_code == 302, response.content.decode()[:2000]
    day.refresh_from_db()
    assert (day.is_workday, day.source) == (True, CalendarSource.LOCAL)

    result = calendar_load(years=[2024])
    load_quietly()
    day.refresh_from_db()
    assert (day.is_workday, day.name, day.source) == (True, "本地上班", CalendarSource.LOCAL)
    assert result.kept_local == 1
    assert add_working_days(D(2024, 9, 27), 3) == D(2024, 10, 7)


def test_a_reload_repairs_official_days_and_drops_what_the_notice_does_not_list():
    CalendarDay.objects.filter(date=D(2024, 10, 2)).update(is_workday=True, name="错")
    CalendarDay.objects.create(date=D(2024, 6, 3), is_workday=False, source=CalendarSource.OFFICIAL)
    CalendarDay.objects.create(date=D(2024, 6, 4), is_workday=False, name="本地假日")
    result = calendar_load(years=[2024])
    assert (result.updated, result.removed) == (1, 1)
    assert CalendarDay.objects.get(date=D(2024, 10, 2)).name == "国庆节"
    assert not CalendarDay.objects.filter(date=D(2024, 6, 3)).exists()
    assert CalendarDay.objects.get(date=D(2024, 6, 4)).source == CalendarSource.LOCAL


def test_a_year_the_package_lacks_is_refused_and_writes_nothing():
    count = CalendarDay.objects.count()
    with pytest.raises(CalendarDataMissing, match="2099"):
        calendar_load(years=[2024, 2099])
    with pytest.raises(CommandError, match="管理后台"):
        load_quietly("--year", "2099")
    assert CalendarDay.objects.count() == count


# ---------------------------------------------------------------- the admin


def test_the_admin_lists_by_year_and_keeps_official_days(client_as, administrator):
    client = client_as(administrator)
    changelist = reverse("admin:core_calendarday_changelist")
    page = client.get(changelist, {"year": "2024", "q": "国庆"}).content.decode()
    assert "2024年10月1日" in page or "Oct. 1, 2024" in page or "2024-10-01" in page
    assert "国务院办公厅通知" in page
    official = CalendarDay.objects.get(date=D(2024, 10, 1))
    delete = reverse("admin:core_calendarday_delete", args=[official.pk])
    assert client.get(delete).status_code == 403
    local = CalendarDay.objects.create(date=D(2024, 6, 4), is_workday=False, name="本地假日")
    both = {"action": "delete_selected", "_selected_action": [official.pk, local.pk], "post": "yes"}
    assert client.post(changelist, both).status_code == 403
    assert CalendarDay.objects.filter(pk__in=[official.pk, local.pk]).count() == 2
    only_local = {"action": "delete_selected", "_selected_action": [local.pk], "post": "yes"}
    assert client.post(changelist, only_local).status_code == 302
    assert not CalendarDay.objects.filter(pk=local.pk).exists()


# ---------------------------------------------------------------- the home page warning


def test_next_year_is_wanted_from_november():
    assert missing_calendar_years(D(2026, 12, 3)) == [2027]
    assert missing_calendar_years(D(2026, 6, 1)) == []
    assert missing_calendar_years(D(2027, 3, 1)) == [2027]
    CalendarDay.objects.create(date=D(2027, 1, 1), is_workday=False, name="元旦")
    assert missing_calendar_years(D(2026, 12, 3)) == []


@pytest.fixture
def december(monkeypatch):
    monkeypatch.setattr(core.calendar, "today", lambda: D(2026, 12, 3))


def test_the_home_page_warns_the_manager_and_the_administrator(december, client_as, persona):
    page = client_as(persona("manager")).get("/").content.decode()
    assert 'data-testid="calendar-missing"' in page
    assert "工作日历缺少 2027 年的节假日" in page and "请系统管理员" in page
    page = client_as(persona("administrator")).get("/").content.decode()
    assert reverse("admin:core_calendarday_changelist") in page
    assert "calendar_load --year 2027" in page


def test_no_warning_once_next_year_is_there(december, client_as, manager):
    CalendarDay.objects.create(date=D(2027, 1, 1), is_workday=False, name="元旦")
    page = client_as(manager).get("/").content.decode()
    assert 'data-testid="calendar-missing"' not in page
