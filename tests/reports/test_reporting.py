"""Reporting upward: what is due and late for each card kind, in working days with the
holiday table, recording a report, and the pages.

The clock is fixed at Wednesday 12 March 2025 (reports.models.cards.today) with Monday
10 March a holiday: an event on Tuesday 4 March is due on 12 March (5 working days:
5, 6, 7, 11, 12 March), one on Monday 3 March was due on 11 March and is late."""

import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.calendar import WorkingDays, add_working_days
from core.models import CalendarDay
from core.roster import roster
from inspections.choices import InspectionKind
from inspections.services import draw_make
from licensing import services as licensing
from penalties.choices import CaseOutcome, CaseStatus
from penalties.models import PenaltyCase
from reports import services
from reports.models import CardKind, InfoCardReport, cards
from tests.factories import EstablishmentFactory, TownshipFactory
from tests.inspections.factories import record
from tests.licensing.factories import issued_permit
from tests.penalties.factories import case_at
from tests.reports import builders as b

pytestmark = pytest.mark.django_db

ON = datetime.date(2025, 3, 12)  # a Wednesday
HOLIDAY = datetime.date(2025, 3, 10)  # the Monday before
DUE_DAY = datetime.date(2025, 3, 4)  # deadline 12 March: due today
LATE_DAY = datetime.date(2025, 3, 3)  # deadline 11 March: late


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    CalendarDay.objects.create(date=HOLIDAY, is_workday=False, name="测试假日")
    monkeypatch.setattr(cards, "today", lambda: ON)


def at(day, hour=10, minute=0):
    tz = timezone.get_current_timezone()
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)


def visit(unit, day, **more):
    return record(establishment=unit, inspected_at=at(day, **more.pop("time", {})), **more)


def permit(unit, day, user):
    """A permit issued here on ``day`` (a registered one, 补录, owes no unit card:
    tests/reports/test_card_export.py)."""
    return issued_permit(clerk=user, establishment=unit, received_on=day)


def ids(kind, state):
    return set(cards.in_state(kind, state, on=ON).values_list("pk", flat=True))


def unpenalised_case(*, closed_on):
    """A case closed without a penalty decision (不予行政处罚): one 信息卡 at closure."""
    case = case_at(CaseStatus.INVESTIGATING)
    PenaltyCase.objects.filter(pk=case.pk).update(
        status=CaseStatus.CLOSED, outcome=CaseOutcome.NO_PENALTY, closed_on=closed_on
    )
    case.refresh_from_db()
    return case


def decided_case(*, decided_on, served_on=None, closed_on=None):
    case = case_at(CaseStatus.CLOSED if closed_on else CaseStatus.DECIDED)
    PenaltyCase.objects.filter(pk=case.pk).update(
        decided_on=decided_on, served_on=served_on, closed_on=closed_on
    )
    return case


# ---------------------------------------------------------------- working days


def test_cutoff_and_deadlines_agree_with_the_calendar_of_the_kernel():
    # Saturday 8 February 2025 was worked (春节调休): the calendar ships it.
    assert CalendarDay.objects.get(date=datetime.date(2025, 2, 8)).is_workday
    days = WorkingDays()
    for offset in range(-40, 5):
        start = ON + datetime.timedelta(days=offset)
        for n in (5, 20):
            assert days.add(start, n) == add_working_days(start, n), (start, n)
    for n in (5, 20):
        cutoff = days.cutoff(n, ON)
        assert (
            add_working_days(cutoff, n) < ON <= add_working_days(cutoff + datetime.timedelta(1), n)
        )
    assert days.cutoff(5, ON) == LATE_DAY


def test_the_holiday_moves_the_deadline(clerk):
    unit = EstablishmentFactory()
    visit(unit, DUE_DAY)
    assert ids(CardKind.INSPECTION, cards.DUE) != set()
    CalendarDay.objects.filter(date=HOLIDAY).delete()  # without it, 4 March was due on 11th
    assert ids(CardKind.INSPECTION, cards.DUE) == set()
    assert len(ids(CardKind.INSPECTION, cards.LATE)) == 1


# ---------------------------------------------------------------- each kind


def test_unit_is_due_from_its_first_permit_or_first_inspection_whichever_first(clerk):
    licensed = EstablishmentFactory(name="先发证")
    first = permit(licensed, DUE_DAY, clerk)
    visited_first = EstablishmentFactory(name="先检查")
    permit(visited_first, DUE_DAY, clerk)
    visit(visited_first, LATE_DAY)
    EstablishmentFactory(name="尚无发证和检查")  # nothing to report yet
    assert ids(CardKind.UNIT, cards.DUE) == {licensed.pk}
    assert ids(CardKind.UNIT, cards.LATE) == {visited_first.pk}
    later = datetime.date(2025, 3, 11)
    licensing.permit_cancel(permit=first, user=clerk, date=later, reason="迁址")
    permit(licensed, later, clerk)  # a second permit does not move the first licensing
    assert cards.event_of(CardKind.UNIT, licensed) == DUE_DAY


def test_inspection_counts_its_local_day_even_late_in_the_evening():
    unit = EstablishmentFactory()
    due = visit(unit, DUE_DAY, time={"hour": 23, "minute": 30})
    late = visit(unit, LATE_DAY, time={"hour": 23, "minute": 30})
    assert ids(CardKind.INSPECTION, cards.DUE) == {due.pk}
    assert ids(CardKind.INSPECTION, cards.LATE) == {late.pk}


def test_case_decision_counts_from_service_else_decision():
    served = decided_case(decided_on=LATE_DAY, served_on=DUE_DAY)
    unserved = decided_case(decided_on=LATE_DAY)
    filed_only = case_at(CaseStatus.NOTIFIED)
    assert ids(CardKind.CASE_DECISION, cards.DUE) == {served.pk}
    assert ids(CardKind.CASE_DECISION, cards.LATE) == {unserved.pk}
    assert filed_only.pk not in ids(CardKind.CASE_DECISION, cards.LATE)


def test_case_closure_only_for_cases_closed_with_a_decision():
    late = decided_case(decided_on=LATE_DAY, served_on=LATE_DAY, closed_on=LATE_DAY)
    due = decided_case(decided_on=LATE_DAY, served_on=LATE_DAY, closed_on=DUE_DAY)
    undecided = case_at(CaseStatus.INVESTIGATING)
    PenaltyCase.objects.filter(pk=undecided.pk).update(closed_on=LATE_DAY)
    assert ids(CardKind.CASE_CLOSURE, cards.DUE) == {due.pk}
    assert ids(CardKind.CASE_CLOSURE, cards.LATE) == {late.pk}


def inspect_assignment(assignment, day):
    return record(
        establishment=assignment.establishment,
        inspected_at=at(day),
        kind=InspectionKind.RANDOM,
        draw_assignment=assignment,
        team=[assignment.inspector_a, assignment.inspector_b],
    )


def make_draw(manager, size=2):
    if not roster().count() >= 2:
        record(establishment=EstablishmentFactory())  # puts two inspectors on the roster
    township = TownshipFactory()
    for _ in range(size):
        EstablishmentFactory(township=township)
    return draw_make(user=manager, name="双随机抽查", count=size, townships=[township])


def test_draw_publication_due_only_once_every_assignment_is_inspected(manager):
    draw = make_draw(manager)
    first, second = draw.assignments.all()
    inspect_assignment(first, datetime.date(2025, 2, 3))
    assert draw.pk not in ids(CardKind.DRAW_PUBLICATION, cards.LATE)
    assert draw.pk not in ids(CardKind.DRAW_PUBLICATION, cards.DUE)
    # 20 working days after 12 February, 10 March a holiday: 13 March.
    inspect_assignment(second, datetime.date(2025, 2, 12))
    assert cards.event_of(CardKind.DRAW_PUBLICATION, draw) == datetime.date(2025, 2, 12)
    assert WorkingDays().add(datetime.date(2025, 2, 12), 20) == datetime.date(2025, 3, 13)
    assert ids(CardKind.DRAW_PUBLICATION, cards.DUE) == {draw.pk}
    # An event on 10 February would have been due on 11 March: late.
    assert WorkingDays().cutoff(20, ON) == datetime.date(2025, 2, 10)


# ---------------------------------------------------------------- recording


def test_a_reported_card_leaves_the_due_list(clerk):
    unit = EstablishmentFactory()
    inspection = visit(unit, DUE_DAY)
    report = services.card_report(
        kind=CardKind.INSPECTION, record=inspection, user=clerk, reported_on=ON, reference=" JC-1 "
    )
    assert report.reference == "JC-1" and report.reported_by == clerk
    assert ids(CardKind.INSPECTION, cards.DUE) == set()
    reported = cards.in_state(CardKind.INSPECTION, cards.REPORTED).get()
    assert (reported.pk, reported.card_reported_on, reported.card_reference) == (
        inspection.pk,
        ON,
        "JC-1",
    )


def refused(field, fragment, **call):
    with pytest.raises(ValidationError) as exc:
        services.card_report(**call)
    assert field in exc.value.message_dict, exc.value.message_dict
    assert fragment in " ".join(exc.value.message_dict[field])


def test_refusals_name_the_field_and_write_nothing(clerk):
    inspection = visit(EstablishmentFactory(), DUE_DAY)
    base = {"kind": CardKind.INSPECTION, "record": inspection, "user": clerk}
    refused("reported_on", "不能早于", reported_on=LATE_DAY, **base)
    refused("reported_on", "不能晚于今天", reported_on=ON + datetime.timedelta(1), **base)
    refused("reported_on", "请填写", reported_on=None, **base)
    refused("reference", "200", reported_on=ON, **{**base, "reference": "x" * 201})
    refused("kind", "只能登记", reported_on=ON, **{**base, "kind": CardKind.UNIT})
    nothing = EstablishmentFactory()
    refused("record", "无需报告", kind=CardKind.UNIT, record=nothing, user=clerk, reported_on=ON)
    assert not InfoCardReport.objects.exists()
    services.card_report(reported_on=DUE_DAY, reference="A-1", **base)
    refused("record", "不能重复登记", reported_on=ON, **base)
    assert InfoCardReport.objects.count() == 1


def test_both_case_cards_are_recorded_apart(clerk):
    case = decided_case(decided_on=LATE_DAY, served_on=LATE_DAY, closed_on=DUE_DAY)
    services.card_report(kind=CardKind.CASE_DECISION, record=case, user=clerk, reported_on=ON)
    assert ids(CardKind.CASE_CLOSURE, cards.DUE) == {case.pk}
    services.card_report(kind=CardKind.CASE_CLOSURE, record=case, user=clerk, reported_on=ON)
    assert ids(CardKind.CASE_CLOSURE, cards.DUE) == set()


# ---------------------------------------------------------------- pages


def page(client, user, url, **params):
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def list_url(kind):
    return reverse("reports:reporting_list", kwargs={"kind": kind})


def test_overview_counts_and_list_shows_deadline_and_days(client, clerk):
    unit = EstablishmentFactory(name="悦来理发店")
    visit(unit, DUE_DAY)
    visit(unit, LATE_DAY)
    overview = {r["kind"]: r for r in cards.overview(on=ON)}
    assert (overview["inspection"]["due"], overview["inspection"]["late"]) == (1, 1)
    assert (overview["unit"]["due"], overview["unit"]["late"]) == (0, 1)
    text = page(client, clerk, reverse("reports:reporting"))
    assert "监督检查信息卡" in text and "监督检查后 5 个工作日内报告" in text
    text = page(client, clerk, list_url("inspection"), state="late")
    assert "悦来理发店" in text and "2025-03-03" in text and "2025-03-11" in text
    assert "逾期 1 天" in text
    text = page(client, clerk, list_url("inspection"))
    assert "2025-03-04" in text and "2025-03-12" in text and "今日到期" in text
    assert "登记报告" in text


def test_an_inspector_sees_the_list_but_cannot_record(client, inspector):
    inspection = visit(EstablishmentFactory(), DUE_DAY)
    assert "登记报告</a>" not in page(client, inspector, list_url("inspection"))
    url = reverse(
        "reports:reporting_record", kwargs={"kind": "inspection", "object_id": inspection.pk}
    )
    assert client.post(url, {"reported_on": "2025-03-12"}).status_code == 403


def test_recording_on_its_page_and_a_bad_date_named(client, clerk):
    inspection = visit(EstablishmentFactory(), DUE_DAY)
    url = reverse(
        "reports:reporting_record", kwargs={"kind": "inspection", "object_id": inspection.pk}
    )
    client.force_login(clerk)
    response = client.post(url, {"reported_on": "2025-03-01", "reference": ""})
    assert response.status_code == 400
    assert "报告（公示）日期：报告（公示）日期不能早于" in response.content.decode()
    assert not InfoCardReport.objects.exists()
    response = client.post(url, {"reported_on": "2025-03-05", "reference": "JC-9"})
    assert response.status_code == 302
    text = page(client, clerk, list_url("inspection"), state="reported")
    assert "JC-9" in text and "按期" in text
    response = client.post(url, {"reported_on": "2025-03-06"})
    assert response.status_code == 400 and "不能重复登记" in response.content.decode()


def test_bulk_recording_is_all_or_nothing(client, clerk):
    unit = EstablishmentFactory()
    a, b = visit(unit, DUE_DAY), visit(unit, LATE_DAY)
    url = reverse("reports:reporting_record_many", kwargs={"kind": "inspection"})
    client.force_login(clerk)
    response = client.post(url, {"ids": [a.pk, b.pk], "reported_on": "2025-03-03"}, follow=True)
    assert "不能早于" in response.content.decode()  # fine for b, not for a: neither
    assert not InfoCardReport.objects.exists()
    response = client.post(url, {"ids": [a.pk, b.pk], "reported_on": "2025-03-12"})
    assert response.status_code == 302
    assert InfoCardReport.objects.filter(kind="inspection").count() == 2


def one_of_each(clerk, manager):
    """A record due, one late and one reported for every kind."""
    for day in (DUE_DAY, LATE_DAY):
        permit(EstablishmentFactory(), day, clerk)
        visit(EstablishmentFactory(), day)
        decided_case(decided_on=day, served_on=day, closed_on=day)
        unpenalised_case(closed_on=day)
    done = decided_case(decided_on=LATE_DAY, served_on=LATE_DAY, closed_on=LATE_DAY)
    services.card_report(
        kind=CardKind.CASE_SINGLE,
        record=unpenalised_case(closed_on=LATE_DAY),
        user=clerk,
        reported_on=ON,
    )
    inspection = visit(done.establishment, LATE_DAY)
    for kind, record_ in (
        (CardKind.UNIT, done.establishment),
        (CardKind.INSPECTION, inspection),
        (CardKind.CASE_DECISION, done),
        (CardKind.CASE_CLOSURE, done),
    ):
        services.card_report(kind=kind, record=record_, user=clerk, reported_on=ON)
    for day, reported in (
        (datetime.date(2025, 2, 12), False),
        (datetime.date(2025, 2, 3), False),
        (datetime.date(2025, 2, 3), True),
    ):
        draw = make_draw(manager, size=1)
        inspect_assignment(draw.assignments.get(), day)
        if reported:
            services.card_report(
                kind=CardKind.DRAW_PUBLICATION, record=draw, user=clerk, reported_on=ON
            )


def test_query_counts_do_not_grow_with_the_records(
    client, clerk, manager, django_assert_max_num_queries
):
    one_of_each(clerk, manager)
    client.force_login(clerk)
    urls = [reverse("reports:reporting")] + [
        f"{list_url(kind)}?state={state}" for kind in CardKind.values for state in cards.STATES
    ]
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert "没有符合条件的记录" not in response.content.decode(), url
        counts[url] = len(queries)
    for _ in range(3):
        one_of_each(clerk, manager)
    for url in urls:
        with django_assert_max_num_queries(counts[url], info=url):
            client.get(url)


def test_the_list_exports_what_it_shows(client, clerk):
    visit(EstablishmentFactory(name="悦来理发店"), LATE_DAY)
    client.force_login(clerk)
    response = client.get(list_url("inspection"), {"state": "late", "export": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(r for r in rows if "报告期限" in r)
    row = dict(zip(header, rows[rows.index(header) + 1], strict=True))
    assert row["被检查单位"] == "悦来理发店" and row["剩余/逾期"] == "逾期 1 天"
    assert str(row["报告期限"])[:10] == "2025-03-11"
    assert "登记报告" not in header


def test_events_before_reporting_since_are_not_listed_as_due_or_late(settings):
    """An office that starts recording its cards does not see its whole past as late."""
    from reports.models.cards import in_state

    old = b.visit(b.unit(), b.D(2025, 3, 3))
    new = b.visit(b.unit(), b.D(2025, 3, 11))
    late = list(in_state(CardKind.INSPECTION, "late", on=b.D(2025, 3, 20)))
    assert {old, new} <= set(late)
    settings.REPORTING_SINCE = "2025-03-10"
    late = list(in_state(CardKind.INSPECTION, "late", on=b.D(2025, 3, 20)))
    assert new in late and old not in late
