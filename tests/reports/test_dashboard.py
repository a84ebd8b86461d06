"""The manager's dashboard: this year so far against the same days of last year, coverage
by township, inspections per month, alerts, and its short version on the home page.

The clock is fixed at 30 June 2025 (reports.models.cards.today): "this year so far" is
1 January–30 June 2025, compared with 1 January–30 June 2024."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from licensing import services as licensing
from reports.models import cards
from reports.presentation import dashboard
from tests.factories import EstablishmentFactory, TownshipFactory
from tests.inspections.factories import record
from tests.licensing.factories import public_place

pytestmark = pytest.mark.django_db

ON = datetime.date(2025, 6, 30)


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    monkeypatch.setattr(cards, "today", lambda: ON)


def visit(unit, *ymd):
    moment = datetime.datetime(*ymd, 10, tzinfo=timezone.get_current_timezone())
    return record(establishment=unit, inspected_at=moment)


def permit(unit, day, user):
    return licensing.permit_register(
        user=user,
        establishment=unit,
        permit_type=public_place(),
        issued_on=day,
        expires_on=day + datetime.timedelta(days=1460),
        business_scope="理发",
    )


@pytest.fixture
def county(clerk):
    """Township A: two units, both inspected this year; township B: one unit, inspected
    only last July (after the compared days)."""
    a = TownshipFactory(code="360922101", name="甲镇")
    b = TownshipFactory(code="360922102", name="乙镇")
    a1, a2, b1 = (
        EstablishmentFactory(township=a),
        EstablishmentFactory(township=a),
        EstablishmentFactory(township=b),
    )
    visit(a1, 2025, 1, 15)
    visit(a1, 2025, 3, 10)
    visit(a2, 2025, 3, 20)
    visit(a1, 2024, 2, 5)
    visit(b1, 2024, 7, 8)
    permit(a1, datetime.date(2025, 2, 1), clerk)
    permit(b1, datetime.date(2024, 3, 1), clerk)
    return a, b


def cells(html, attr, value):
    row = re.search(rf'<tr {attr}="{value}">(.*?)</tr>', html, re.S).group(1)
    return [
        re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    ]


def test_this_year_against_the_same_days_of_last_year(county):
    rows = {r["key"]: r for r in dashboard.full()["rows"]}
    shown = {k: (r["now_shown"], r["before_shown"], r["change"]) for k, r in rows.items()}
    assert shown == {
        "units": ("3", "3", "0.00%"),
        "inspected_units": ("2", "1", "+100.00%"),
        # Points between the rates as written (66.67% − 33.33%).
        "coverage_rate": ("66.67%", "33.33%", "+33.34 个百分点"),
        "visits": ("3", "1", "+200.00%"),
        "permits_issued": ("1", "1", "0.00%"),
        "cases": ("0", "0", "—"),
        "fines": ("0.00", "0.00", "—"),
    }


def test_coverage_by_township_and_visits_per_month(county):
    data = dashboard.full()
    assert [
        (t["name"], t["units"], t["inspected_units"], t["coverage_shown"])
        for t in data["townships"]
    ] == [
        ("甲镇", 2, 2, "100.00%"),
        ("乙镇", 1, 0, "0.00%"),
    ]
    months = {label: (now, before) for label, now, before in data["months"]}
    assert months["1月"] == (1, 0) and months["2月"] == (0, 1) and months["3月"] == (2, 0)
    assert months["7月"] == (0, 1)  # last year counts its whole year
    assert sum(now for now, _ in months.values()) == 3  # = the visits of this year so far


def test_the_page_shows_figures_tables_and_inline_charts(client, manager, county):
    client.force_login(manager)
    response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    assert cells(html, "data-key", "coverage_rate") == [
        "监督覆盖率",
        "66.67%",
        "33.33%",
        "+33.34 个百分点",
    ]
    assert cells(html, "data-code", "360922102") == ["乙镇", "1", "0", "0.00%"]
    assert html.count("<svg") == 2 and "各乡镇（街道）监督覆盖率" in html
    # Charts are inline SVG: the only scripts are the site's own files, nothing fetched
    # from elsewhere and nothing inline.
    scripts = re.findall(r"<script[^>]*>", html)
    assert '<script src="/static/js/forms.js" defer>' in scripts
    assert all(re.fullmatch(r'<script src="/static/js/[\w/]+\.js" defer>', s) for s in scripts)
    assert 'src="http' not in html and "cdn" not in html.lower()
    for name in ("inspections:opinion_overdue", "penalties:case_due", "reports:reporting"):
        assert f'href="{reverse(name)}' in html
    assert f'href="{reverse("licensing:permit_expiring")}?expiring=30"' in html
    drill = reverse("reports:drill", kwargs={"key": "visits"})
    assert f'href="{drill}?start=2024-01-01&amp;end=2024-06-30"' in html
    response = client.get(drill, {"start": "2024-01-01", "end": "2024-06-30"})
    assert response.status_code == 200 and "共 1 条" in response.content.decode()


def test_expiring_permits_and_late_cards_are_counted(client, manager, clerk):
    unit = EstablishmentFactory()
    licensing.permit_register(
        user=clerk,
        establishment=unit,
        permit_type=public_place(),
        issued_on=datetime.date(2021, 7, 20),
        expires_on=datetime.date(2025, 7, 19),  # 19 days after the clock
        business_scope="理发",
    )
    alerts = dashboard.full()["alerts"]
    assert (alerts["expiring_permits"], alerts["overdue_opinions"], alerts["cases_due"]) == (
        1,
        0,
        0,
    )
    # A permit registered (补录) from 2021 owes no unit card, late or due (issue #19).
    assert dashboard.full()["reporting"]["late"] == 0


def test_page_query_count_does_not_grow_with_the_data(
    client, manager, clerk, county, django_assert_max_num_queries
):
    client.force_login(manager)
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("reports:dashboard"))
    for n in range(4):
        township = TownshipFactory()
        unit = EstablishmentFactory(township=township)
        visit(unit, 2025, 4 + n, 2)
        visit(unit, 2024, 5 + n, 3)
        permit(unit, datetime.date(2025, 5, 1 + n), clerk)
    with django_assert_max_num_queries(len(first)):
        response = client.get(reverse("reports:dashboard"))
    assert "甲镇" in response.content.decode()


# ---------------------------------------------------------------- home page


def home(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_home_panel_is_shown_to_a_manager(client, manager, county):
    html = home(client, manager)
    assert "工作概况（本年至今）" in html
    assert f'href="{reverse("reports:dashboard")}"' in html
    assert cells(html, "data-key", "visits") == ["监督检查户次", "3", "1", "+200.00%"]
    assert "每月监督检查户次" in html


def test_no_home_panel_for_a_clerk_or_an_inspector(client, clerk, inspector, county):
    assert "工作概况（本年至今）" not in home(client, clerk)
    assert "工作概况（本年至今）" not in home(client, inspector)


def test_home_query_count_does_not_grow_with_the_data(
    client, manager, county, django_assert_max_num_queries
):
    client.force_login(manager)
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("home"))
    for n in range(4):
        unit = EstablishmentFactory(township=TownshipFactory())
        visit(unit, 2025, 2 + n, 9)
    with django_assert_max_num_queries(len(first)):
        client.get(reverse("home"))


def test_figures_are_reused_for_a_few_minutes_then_counted_again(
    client, manager, county, settings, monkeypatch
):
    """Every manager opens the dashboard all day: its count of this year so far is kept
    for DASHBOARD_CACHE_SECONDS, and the page says when it was made."""
    from django.core.cache import cache

    cache.clear()
    settings.DASHBOARD_CACHE_SECONDS = 120
    client.force_login(manager)
    with CaptureQueriesContext(connection) as counted:
        first = client.get(reverse("reports:dashboard")).content.decode()
    counted = len(counted)  # now: a later request starts the query log again
    assert cells(first, "data-key", "visits")[1] == "3"
    assert "每 2 分钟内重新计算一次" in first
    assert cells(home(client, manager), "data-key", "visits")[1] == "3"  # the home panel
    a1 = EstablishmentFactory(township=TownshipFactory())
    visit(a1, 2025, 4, 1)
    with CaptureQueriesContext(connection) as reused:
        again = client.get(reverse("reports:dashboard")).content.decode()
    assert len(reused) < counted - 10  # the figures were not counted again
    assert cells(again, "data-key", "visits")[1] == "3"  # as computed two minutes ago at most
    assert cells(home(client, manager), "data-key", "visits")[1] == "3"  # kept the same way
    # Two minutes later both are counted again (the cache's clock moved on).
    import time as real_time

    later_clock = real_time.time() + 121
    monkeypatch.setattr("django.core.cache.backends.locmem.time.time", lambda: later_clock)
    monkeypatch.setattr("django.core.cache.backends.base.time.time", lambda: later_clock)
    later = client.get(reverse("reports:dashboard")).content.decode()
    assert cells(later, "data-key", "visits")[1] == "4"
    assert cells(home(client, manager), "data-key", "visits")[1] == "4"


DATABASE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "weijian_cache",
    }
}


def test_every_web_worker_reads_the_one_count(client, manager, county, settings):
    """The count was kept per process: behind four gunicorn workers it was made four times
    and a manager could see two different counts. In the shared cache (the database's
    table, made by the migrations) another worker reads the count the first one made."""
    from django.core.cache import CacheHandler, cache

    assert (
        "DatabaseCache" in __import__("supervision.settings").settings.CACHES["default"]["BACKEND"]
    )  # what offices run (the tests' own cache is per process)
    settings.CACHES = DATABASE_CACHE
    settings.DASHBOARD_CACHE_SECONDS = 120
    cache.clear()
    client.force_login(manager)
    assert (
        cells(client.get(reverse("reports:dashboard")).content.decode(), "data-key", "visits")[1]
        == "3"
    )
    other_worker = CacheHandler()["default"]  # a process of its own: its own connection
    kept = other_worker.get(f"reports:dashboard:full:{cards.today().isoformat()}")
    assert kept is not None and kept["rows"][3]["now"] == 3
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM weijian_cache")
        assert cursor.fetchone()[0] >= 1
