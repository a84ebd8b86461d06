"""The unit's page is its one file (一户一档, issue #16): particulars and their history,
permits with their status, open applications, inspections, opinions, samples, cases,
practitioners with their certificates and training, information cards, as sections and as
one timeline; its actions only for those allowed; a query count that does not grow with
the unit's records."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inspections import services as inspection_services
from inspections.models import StandardLimit
from inspections.services.corrections import inspection_void
from licensing import services as licensing_services
from licensing.health import services as health_services
from penalties.models import PenaltyCase
from reports import services as report_services
from reports.models import CardKind
from tests.factories import PractitionerFactory, UserFactory
from tests.inspections.factories import inspectors, pool_unit, record
from tests.licensing.factories import issued_permit, public_place
from tests.licensing.health_factories import certificate, recorder, training
from tests.penalties.factories import file_case

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def page_of(client, unit):
    response = client.get(reverse("premises:establishment_detail", args=[unit.pk]))
    assert response.status_code == 200
    return response.content.decode()


def section(page, key):
    """The HTML of one section of the page (by its data-section)."""
    match = re.search(rf'<section[^>]*data-section="{key}"[^>]*>(.*?)</section>', page, re.S)
    assert match, f"no section {key}"
    return match.group(1)


def issue_opinion(inspection, *, deadline):
    return inspection_services.opinion_issue(
        inspection=inspection,
        items=[("未设消毒间", "设置专用消毒间")],
        deadline=deadline,
        user=inspection.recorded_by,
        issued_at=inspection.inspected_at,
    )


def take_sample(inspection, value):
    limit = StandardLimit.objects.get(sample_type="游泳池水", parameter="pH")
    return inspection_services.sample_record(
        inspection=inspection,
        sample_type="游泳池水",
        taken_at=inspection.inspected_at,
        results=[(limit, value, None)],
        user=inspection.recorded_by,
    )


def when(days_ago):
    moment = timezone.now() - datetime.timedelta(days=days_ago)
    return moment.replace(hour=10, minute=0, second=0, microsecond=0)


def add_activity(unit, clerk, *, n=1, team=None):
    """``n`` of each kind of record about ``unit``: inspections with an opinion and a
    sample, cases, practitioners with a certificate and a training, cards reported."""
    team = team or inspectors()
    session = training()
    for i in range(n):
        visit = record(establishment=unit, team=team, inspected_at=when(40 + i), result="opinion")
        issue_opinion(visit, deadline=TODAY() - datetime.timedelta(days=5 + i))
        take_sample(visit, "7.4" if i % 2 else "9.1")
        report_services.card_report(
            kind=CardKind.INSPECTION,
            record=visit,
            user=clerk,
            reported_on=TODAY(),
            reference=f"JC{i}",
        )
        file_case(team=team, establishment=unit)
        person = PractitionerFactory(establishment=unit)
        certificate(person)
        health_services.training_add_attendance(
            session=session, practitioners=[person], user=recorder()
        )


@pytest.fixture
def unit(clerk):
    unit = pool_unit()
    issued_permit(clerk=clerk, establishment=unit)
    return unit


def test_clerk_sees_every_section_the_timeline_and_the_window_action(client_as, clerk, unit):
    permit = unit.permits.get()
    change = licensing_services.application_receive(
        user=clerk,
        establishment=unit,
        permit_type=public_place(),
        kind="change",
        previous_permit=permit,
        new_legal_representative="王五",
    )
    team = inspectors()
    visit = record(establishment=unit, team=team, inspected_at=when(3), result="opinion")
    opinion = issue_opinion(visit, deadline=TODAY() - datetime.timedelta(days=1))
    take_sample(visit, "9.1")
    voided = record(establishment=unit, team=team, inspected_at=when(2), person_present="作废人")
    inspection_void(inspection=voided, user=team[0], reason="录错单位")
    case = file_case(team=team, establishment=unit)
    worker = PractitionerFactory(establishment=unit, name="无证人", serves_customers=True)

    page = page_of(client_as(clerk), unit)

    permits = section(page, "permits")
    assert permit.number in permits and "有效" in permits
    applications = section(page, "applications")
    assert change.receipt_number in applications and "已受理" in applications
    inspections = section(page, "inspections")
    assert visit.get_absolute_url() in inspections
    assert voided.get_absolute_url() not in page  # voided records are left out
    opinions = section(page, "opinions")
    assert opinion.number in opinions and "逾期" in opinions
    assert "不合格" in section(page, "samples")
    assert case.number in section(page, "cases")
    health = section(page, "health")
    assert "无证人" in health and "缺证" in health
    assert worker.id_number not in page  # masked, as in every list
    assert "1 人无有效健康证明" in page
    assert "信息卡" in section(page, "cards")

    timeline = section(page, "timeline")
    titles = re.findall(r"<b>(?:<a [^>]*>)?([^<]+)", timeline)
    for title in ("受理申请", "发证", "监督检查", "下达卫生监督意见书", "采样检测", "立案", "建档"):
        assert title in titles, title
    days = re.findall(r'<time datetime="([\d-]+)"', timeline)
    assert days == sorted(days, reverse=True), "newest first"

    add = reverse("licensing:application_add") + f"?establishment={unit.pk}"
    actions = page.split('data-testid="unit-actions"')[1].split("</div>")[0]
    assert add in actions and "受理申请" in actions
    # The application form opens on the unit.
    form = client_as(clerk).get(add).content.decode()
    assert unit.name in form


def test_inspector_has_no_window_action_but_inspection_and_case(client_as, inspector, unit):
    page = page_of(client_as(inspector), unit)
    actions = page.split('data-testid="unit-actions"')[1].split("</div>")[0]
    assert "受理申请" not in actions
    assert reverse("licensing:application_add") not in page
    assert reverse("inspections:inspection_add") + f"?establishment={unit.pk}" in actions
    assert reverse("penalties:case_add") + f"?establishment={unit.pk}" in actions
    assert unit.permits.get().number in section(page, "permits")  # reads the permits


def test_manager_reads_the_file_and_may_open_a_case_only(client_as, manager, unit):
    manager.refresh_from_db()  # the permit's decider is the manager persona too
    page = page_of(client_as(manager), unit)
    actions = page.split('data-testid="unit-actions"')[1].split("</div>")[0]
    assert "受理申请" not in actions and "登记检查" not in actions
    assert "立案" in actions  # the manager holds penalties.add_penaltycase
    assert unit.permits.get().number in section(page, "permits")


def test_sections_need_their_own_permission(client, unit):
    from django.contrib.auth.models import Permission

    user = UserFactory(role=None)
    user.user_permissions.add(Permission.objects.get(codename="view_establishment"))
    client.force_login(user)
    page = page_of(client, unit)
    assert 'data-section="particulars"' in page
    for key in ("permits", "applications", "inspections", "cases", "health", "cards"):
        assert f'data-section="{key}"' not in page
    assert unit.permits.get().number not in page


def test_closed_unit_offers_no_new_application(client_as, clerk, unit):
    unit.status = "closed"
    unit.save(update_fields=["status"])
    page = page_of(client_as(clerk), unit)
    assert reverse("licensing:application_add") not in page


def test_query_count_does_not_grow_with_the_records(
    client_as, clerk, unit, django_assert_max_num_queries
):
    team = inspectors()
    add_activity(unit, clerk, n=1, team=team)
    client = client_as(clerk)
    page_of(client, unit)  # warm the caches (content types, permissions)
    with CaptureQueriesContext(connection) as few:
        page_of(client, unit)
    add_activity(unit, clerk, n=6, team=team)
    assert PenaltyCase.objects.filter(establishment=unit).count() == 7
    with django_assert_max_num_queries(len(few)):
        page = page_of(client, unit)
    assert page.count('href="/inspections/') >= 7


def test_particulars_history_and_status_changes_on_the_timeline(client_as, clerk, unit):
    from premises import services as registry

    registry.establishment_update(
        establishment=unit, user=clerk, legal_representative="王五", reason="变更许可"
    )
    registry.establishment_change_status(
        establishment=unit, kind="suspended", date=TODAY(), user=clerk, reason="装修"
    )
    timeline = section(page_of(client_as(clerk), unit), "timeline")
    assert "修改单位信息</b> 法定代表人（负责人）（变更许可）" in timeline
    assert "停业</b> 装修" in timeline
    assert timeline.count("停业") == 1  # the status field's edit is not shown twice
