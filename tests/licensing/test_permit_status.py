"""A permit's status as the dates make it (issue #16, "Dates, versions and status that are
true"): 有效 / 未生效 / 已过期 / 已换发 / 已注销 / 已撤销, the same on the list, its filter and
export, the permit's page (and the actions it offers), the API, the admin, the expiring
and unlicensed lists; the SQL annotation (PermitQuerySet.with_state) and the Python one
(Permit.state_on) agree."""

import datetime
import io
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.dates import add_years
from licensing.choices import PermitState, PermitStatus
from licensing.models import Permit
from tests.factories import EstablishmentFactory, TownshipFactory, UserFactory
from tests.generic import count_queries
from tests.licensing.factories import public_place

D = datetime.date
DAY = datetime.timedelta(days=1)
pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)


def today():
    return timezone.localdate()


def make_permit(
    unit=None,
    *,
    valid_from,
    expires_on=None,
    status=PermitStatus.VALID,
    previous=None,
    cancelled_on=None,
):
    """A permit as the window's services leave it (written directly: the test is of what
    is shown, whatever made the record)."""
    return Permit.objects.create(
        permit_type=public_place(),
        establishment=unit or EstablishmentFactory(),
        number=f"测卫公证字〔2026〕第{next(_numbers):04d}号",
        business_scope="理发",
        issued_on=min(valid_from, today()),
        valid_from=valid_from,
        expires_on=expires_on or add_years(valid_from, 4),
        status=status,
        previous=previous,
        cancelled_on=cancelled_on,
        cancel_reason="停止经营" if cancelled_on else "",
        recorded_by=UserFactory(),
    )


def renew(old, *, valid_from, expires_on=None):
    """A new version of ``old`` (renewal or change): the old one is marked replaced from
    the new one's start."""
    Permit.objects.filter(pk=old.pk).update(status=PermitStatus.SUPERSEDED, replaced_on=valid_from)
    old.refresh_from_db()
    return make_permit(
        old.establishment, valid_from=valid_from, expires_on=expires_on, previous=old
    )


def expired_permit(unit=None):
    """The current version of a unit's permit, ended ten days ago (never renewed)."""
    end = today() - 10 * DAY
    return make_permit(unit, valid_from=add_years(end, -4), expires_on=end)


def page(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def listed(response, key="state"):
    """{permit: the cell of column ``key``} of a list page."""
    return {obj: dict((c.key, v) for c, v in cells)[key] for obj, cells in response.context["rows"]}


def exported(response, header="状态"):
    """{first cell: the cell under ``header``} of an .xlsx export."""
    assert response.status_code == 200
    rows = list(
        load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True)
    )
    column = rows[0].index(header)
    return {row[0]: row[column] for row in rows[1:]}


# ---------------------------------------------------------------- an expired permit


def test_an_expired_permit_shows_expired_on_list_detail_api_and_export(client_as, clerk):
    """Found: expired permits showed 有效 with 延续/变更 buttons."""
    permit = expired_permit()
    in_force = make_permit(valid_from=today() - 100 * DAY)
    client = client_as(clerk)

    shown = listed(client.get(reverse("licensing:permit_list")))
    assert shown[permit] == "已过期" and shown[in_force] == "有效"

    body = page(client.get(permit.get_absolute_url()))
    assert '<span class="badge permit-expired">已过期</span>' in body
    assert "有效</span>" not in body
    assert "kind=change" not in body and ">变更<" not in body
    assert "kind=cancellation" not in body
    # 延续 is still offered: late, as a new application (its permit starts when this ended).
    assert f"permit_type={permit.permit_type_id}" in body and "&amp;kind=new" in body
    assert f"previous_permit={permit.pk}&amp;kind=renewal" not in body

    data = client.get(reverse("permit-detail", args=[permit.pk])).json()
    assert (data["state"], data["state_label"], data["status"]) == ("expired", "已过期", "valid")
    assert data["valid_from"] == permit.valid_from.isoformat()

    rows = exported(client.get(reverse("licensing:permit_list"), {"export": "xlsx"}))
    assert rows[permit.number] == "已过期" and rows[in_force.number] == "有效"


def test_the_status_filter_is_the_status_shown(client_as, clerk):
    permit = expired_permit()
    in_force = make_permit(valid_from=today() - 100 * DAY)
    client = client_as(clerk)
    url = reverse("licensing:permit_list")
    assert list(listed(client.get(url, {"state": "expired"}))) == [permit]
    assert list(listed(client.get(url, {"state": "valid"}))) == [in_force]
    form = client.get(url).context["filterset"].form
    assert dict(form.fields["state"].choices)["expired"] == "已过期"
    # The window's 有效许可证 tile opens the list filtered the same way.
    assert f'href="{url}?state=valid"' in page(client.get(reverse("licensing:permit_home")))
    api = reverse("permit-list")
    assert [p["id"] for p in client.get(api, {"state": "expired"}).json()["results"]] == [permit.pk]
    # What was done to the record stays a filter of the API: both are the current version.
    by_status = client.get(api, {"status": "valid"}).json()["results"]
    assert {p["id"] for p in by_status} == {permit.pk, in_force.pk}


def test_admin_lists_the_status_today(client_as, persona):
    permit = expired_permit()
    client = client_as(persona("administrator"))
    url = reverse("admin:licensing_permit_changelist")
    body = page(client.get(url))
    assert "已过期" in body and "状态（今日）" in body
    assert permit.number in page(client.get(url, {"state": "expired"}))
    assert permit.number not in page(client.get(url, {"state": "valid"}))


# ---------------------------------------------------------------- versions


def test_a_renewal_issued_early_leaves_the_old_one_in_force_until_its_end(client_as, clerk):
    end = today() + 20 * DAY
    old = make_permit(valid_from=add_years(end, -4), expires_on=end)
    new = renew(old, valid_from=end + DAY)
    client = client_as(clerk)
    shown = listed(client.get(reverse("licensing:permit_list")))
    assert (shown[old], shown[new]) == ("有效", "未生效")
    body = page(client.get(old.get_absolute_url()))
    assert '<span class="badge permit-valid">有效</span>' in body
    assert ">未生效<" in body and new.number in body  # the versions, each with its status
    # Renewed: off the expiring list, no further renewal offered from the old version.
    assert old not in listed(client.get(reverse("licensing:permit_expiring")))
    assert "kind=renewal" not in body and "kind=change" not in body
    assert client.get(reverse("permit-detail", args=[old.pk])).json()["state"] == "valid"


def test_a_replaced_version_shows_superseded_once_its_successor_is_in_force(client_as, clerk):
    renewed_old = make_permit(valid_from=today() - 4 * 365 * DAY, expires_on=today() - 3 * DAY)
    renewed_new = renew(renewed_old, valid_from=today() - 2 * DAY)
    changed_old = make_permit(valid_from=today() - 400 * DAY)
    changed_new = renew(
        changed_old, valid_from=today() - 5 * DAY, expires_on=changed_old.expires_on
    )
    client = client_as(clerk)
    shown = listed(client.get(reverse("licensing:permit_list")))
    assert (shown[renewed_old], shown[renewed_new]) == ("已换发", "有效")
    assert (shown[changed_old], shown[changed_new]) == ("已换发", "有效")
    body = page(client.get(changed_new.get_absolute_url()))
    # Both versions on the page, newest first, each with its validity and status.
    versions = body.split('data-testid="permit-versions"')[1]
    assert versions.index(changed_new.number) < versions.index(changed_old.number)
    assert f"{changed_new.valid_from:%Y-%m-%d} 至 {changed_new.expires_on:%Y-%m-%d}" in body
    assert ">已换发<" in body
    assert "kind=change" in body  # the current version in force
    assert "kind=change" not in page(client.get(changed_old.get_absolute_url()))


def test_only_one_permit_of_a_unit_and_type_shows_valid(client_as, clerk):
    """Found: a shop showed two 有效 permits at once."""
    unit = EstablishmentFactory()
    first = make_permit(unit, valid_from=today() - 300 * DAY)
    second = renew(first, valid_from=today() - 10 * DAY)
    shown = listed(client_as(clerk).get(reverse("licensing:permit_list")))
    assert [shown[first], shown[second]] == ["已换发", "有效"]


# ---------------------------------------------------------------- actions on the permit page


def actions_of(client, permit):
    body = page(client.get(permit.get_absolute_url()))
    return {
        label
        for label, marker in (
            ("延续", f"previous_permit={permit.pk}&amp;kind=renewal"),
            ("延续（按新办受理）", "&amp;kind=new"),
            ("变更", f"previous_permit={permit.pk}&amp;kind=change"),
            ("申请注销", f"previous_permit={permit.pk}&amp;kind=cancellation"),
            ("注销", 'action="' + reverse("licensing:permit_cancel", args=[permit.pk])),
        )
        if marker in body
    }


def test_actions_follow_the_status_and_the_renewal_window(client_as, clerk, persona):
    client = client_as(clerk)
    notice = public_place().renewal_notice_days
    in_time = make_permit(valid_from=today() - 100 * DAY)
    assert actions_of(client, in_time) == {"延续", "变更", "申请注销", "注销"}
    # Found: expiring in 20 days, the 30-day window passed: neither renewal nor new was
    # possible. Now a late renewal is a new application.
    late_end = today() + (notice - 10) * DAY
    late = make_permit(valid_from=add_years(late_end, -4), expires_on=late_end)
    assert actions_of(client, late) == {"延续（按新办受理）", "变更", "申请注销", "注销"}
    assert "已过延续申请期限" in page(client.get(late.get_absolute_url()))
    last_day = make_permit(valid_from=today() - 1000 * DAY, expires_on=today() + notice * DAY)
    assert "延续" in actions_of(client, last_day)
    # Expired: renewal as a new application; the office may still cancel it (art. 70).
    assert actions_of(client, expired_permit()) == {"延续（按新办受理）", "注销"}
    cancelled = make_permit(
        valid_from=today() - 100 * DAY, status=PermitStatus.CANCELLED, cancelled_on=today()
    )
    assert actions_of(client, cancelled) == set()
    assert actions_of(client_as(persona("inspector")), in_time) == set()


# ---------------------------------------------------------------- SQL and Python agree

START, END = D(2026, 3, 1), D(2030, 3, 1)

# (case, how the permit is made, {day: status on that day})
CASES = [
    (
        "in its term",
        {},
        {
            START - DAY: PermitState.PENDING,
            START: PermitState.VALID,
            END: PermitState.VALID,
            END + DAY: PermitState.EXPIRED,
        },
    ),
    (
        "cancelled in its term",
        {"status": PermitStatus.CANCELLED, "cancelled_on": D(2027, 5, 10)},
        {
            START - DAY: PermitState.PENDING,
            D(2027, 5, 9): PermitState.VALID,
            D(2027, 5, 10): PermitState.CANCELLED,
            END + DAY: PermitState.CANCELLED,
        },
    ),
    (
        "cancelled before its term began",
        {"status": PermitStatus.CANCELLED, "cancelled_on": START - 10 * DAY},
        {
            START - 20 * DAY: PermitState.PENDING,
            START - 10 * DAY: PermitState.CANCELLED,
            START + DAY: PermitState.CANCELLED,
        },
    ),
    (
        "revoked",
        {"status": PermitStatus.REVOKED, "cancelled_on": D(2027, 6, 1)},
        {
            D(2027, 5, 31): PermitState.VALID,
            D(2027, 6, 1): PermitState.REVOKED,
            END + DAY: PermitState.REVOKED,
        },
    ),
    (
        "changed: the next version starts in the term",
        {"next_from": D(2028, 1, 1)},
        {
            START: PermitState.VALID,
            D(2027, 12, 31): PermitState.VALID,
            D(2028, 1, 1): PermitState.SUPERSEDED,
            END + DAY: PermitState.SUPERSEDED,
        },
    ),
    (
        "renewed: the next version starts the day after the end",
        {"next_from": END + DAY},
        {
            D(2028, 1, 1): PermitState.VALID,
            END: PermitState.VALID,
            END + DAY: PermitState.SUPERSEDED,
        },
    ),
    (
        "renewed late: the next version starts after a gap",
        {"next_from": END + 60 * DAY},
        {
            END: PermitState.VALID,
            END + DAY: PermitState.EXPIRED,
            END + 60 * DAY: PermitState.EXPIRED,
            END + 400 * DAY: PermitState.EXPIRED,
        },
    ),
]


@pytest.mark.parametrize("case, made, expected", CASES, ids=[c[0] for c in CASES])
def test_sql_and_python_status_agree(case, made, expected):
    made = dict(made)
    next_from = made.pop("next_from", None)
    permit = make_permit(valid_from=START, expires_on=END, **made)
    if next_from:
        renew(permit, valid_from=next_from)
        permit.refresh_from_db()
    for day, state in expected.items():
        in_sql = Permit.objects.with_state(day).get(pk=permit.pk).state
        in_python = Permit.objects.get(pk=permit.pk).state_on(day)
        held = Permit.objects.held_on(day).filter(pk=permit.pk).exists()
        assert (in_sql, in_python, held) == (state, state, state == PermitState.VALID), (
            case,
            day,
        )


# ---------------------------------------------------------------- the expiring list


def test_the_expiring_landing_page_and_its_filter_show_the_same_permits(client_as, clerk):
    """Found: the 30-day landing page showed its permits under a filter saying 全部."""
    town = TownshipFactory()
    soon = make_permit(
        EstablishmentFactory(township=town),
        valid_from=today() - 1000 * DAY,
        expires_on=today() + 10 * DAY,
    )
    later = make_permit(valid_from=today() - 1000 * DAY, expires_on=today() + 45 * DAY)
    expired_permit()
    client = client_as(clerk)
    url = reverse("licensing:permit_expiring")
    landing = client.get(url)
    form = landing.context["filterset"].form
    assert form["expiring"].value() == "30"
    assert '<option value="30" selected>' in page(landing)
    assert "全部" not in str(form["expiring"])
    chosen = client.get(url, {"expiring": "30"})
    assert list(listed(landing, "number")) == list(listed(chosen, "number")) == [soon]
    assert list(listed(client.get(url, {"expiring": "60"}), "number")) == [soon, later]
    # Another filter alone keeps the period the form shows.
    by_town = client.get(url, {"township": town.pk})
    assert by_town.context["filterset"].form["expiring"].value() == "30"
    assert list(listed(by_town, "number")) == [soon]
    rows = exported(client.get(url, {"export": "xlsx"}), "有效期至")
    assert list(rows) == [soon.number]


# ---------------------------------------------------------------- the unlicensed list


def test_the_unlicensed_list_says_what_became_of_the_units_permit(client_as, clerk):
    lapsed = expired_permit()
    never = EstablishmentFactory()
    licensed = make_permit(valid_from=today() - 10 * DAY).establishment
    response = client_as(clerk).get(reverse("licensing:unlicensed_list"))
    shown = {unit: dict((c.key, v) for c, v in cells) for unit, cells in response.context["rows"]}
    assert licensed not in shown
    assert shown[lapsed.establishment]["last_permit_state"] == "已过期"
    assert shown[lapsed.establishment]["last_permit_number"] == lapsed.number
    assert shown[never]["last_permit_state"] == "未办证"
    api = client_as(clerk).get(reverse("unit-without-permit-list")).json()["results"]
    by_unit = {row["id"]: row for row in api}
    assert licensed.pk not in by_unit
    assert (
        by_unit[lapsed.establishment_id]["last_permit_state"],
        by_unit[never.pk]["last_permit_state"],
    ) == ("expired", None)


# ---------------------------------------------------------------- query counts


def chain(versions):
    """A unit's permit renewed ``versions - 1`` times, the last in force."""
    start = today() - 4 * 365 * DAY * versions + 100 * DAY
    permit = make_permit(valid_from=start, expires_on=start + 4 * 365 * DAY - DAY)
    for _ in range(versions - 1):
        following = permit.expires_on + DAY
        permit = renew(permit, valid_from=following, expires_on=following + 4 * 365 * DAY - DAY)
    return permit


def test_query_counts_do_not_grow_with_rows_or_versions(client_as, clerk):
    client = client_as(clerk)
    pages = {
        "list": lambda: client.get(reverse("licensing:permit_list")),
        "api": lambda: client.get(reverse("permit-list")),
        "unlicensed": lambda: client.get(reverse("licensing:unlicensed_list")),
        "api_unlicensed": lambda: client.get(reverse("unit-without-permit-list")),
    }
    short = chain(2)
    expired_permit()
    few = {name: count_queries(get)[0] for name, get in pages.items()}
    few_detail = count_queries(lambda: client.get(short.get_absolute_url()))[0]
    long = chain(4)
    for _ in range(3):
        expired_permit()
    many = {name: count_queries(get)[0] for name, get in pages.items()}
    many_detail = count_queries(lambda: client.get(long.get_absolute_url()))[0]
    assert few == many
    assert few_detail == many_detail
