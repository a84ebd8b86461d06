"""Enter in the opinion form's deadline field issues the opinion (and in the amend form
saves the amendment): the form's default button is its own submit, not 添加一行, which
comes first in the page and used to take Enter as "add a row"."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from core.models import DocumentSeries
from inspections.choices import InspectionResult
from inspections.models import SupervisionOpinion
from tests.browser.helpers import log_in, shot
from tests.factories import UserFactory
from tests.inspections.factories import inspectors, record

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "enter-pass-2024"


def test_enter_in_the_deadline_issues_and_amends(live_server, tablet: Page):
    page = tablet
    DocumentSeries.objects.get_or_create(
        code="opinion",
        defaults={"name": "卫生监督意见书", "pattern": "卫监意〔{year}〕{number:04d}号"},
    )
    officer = UserFactory(username="enter_wang", password=PASSWORD, role="inspector")
    team = [officer, inspectors()[1]]
    visit = record(team=team, result=InspectionResult.OPINION)
    log_in(page, live_server.url, "enter_wang", PASSWORD)
    page.goto(live_server.url + reverse("inspections:opinion_issue", args=[visit.pk]))
    problem = page.locator(".item-row:visible textarea[name$='-problem']")
    rows = problem.count()
    problem.first.fill("更衣室地面积水")
    page.locator(".item-row:visible textarea[name$='-requirement']").first.fill("及时清扫")
    deadline = page.get_by_label("整改期限")
    day = timezone.localdate() + datetime.timedelta(days=10)
    deadline.fill(day.isoformat())
    deadline.press("Enter")
    expect(page.get_by_text("已下达卫生监督意见书")).to_be_visible()
    assert problem.count() <= rows  # no row was added
    opinion = SupervisionOpinion.objects.get()
    assert opinion.deadline == day
    shot(page, "opinion-issued-by-enter")

    # The amend form on the opinion's page: Enter in its deadline saves the amendment.
    page.goto(live_server.url + opinion.get_absolute_url())
    page.locator("details.amend summary").click()
    page.get_by_label("更正原因").fill("期限顺延")
    later = day + datetime.timedelta(days=5)
    amend_deadline = page.locator("details.amend").get_by_label("整改期限")
    amend_deadline.fill(later.isoformat())
    amend_deadline.press("Enter")
    expect(page.locator(".messages")).to_contain_text("更正")
    opinion.refresh_from_db()
    assert opinion.deadline == later
