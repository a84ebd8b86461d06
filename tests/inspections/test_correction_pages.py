"""The void page of an inspection that an opinion or a case keeps (it can only be amended)
says so and offers no 确认作废 button: it used to show the form under the refusal, so a
tired user typed a reason and was refused again."""

import datetime

import pytest
from django.urls import reverse

from inspections.choices import InspectionResult
from inspections.services import opinion_issue
from tests.inspections.factories import inspectors, record

pytestmark = pytest.mark.django_db


def test_the_void_page_of_a_kept_visit_offers_amending_only(client_as):
    team = inspectors()
    visit = record(team=team, result=InspectionResult.OPINION)
    opinion_issue(
        inspection=visit, items=[("地面脏", "清洁")],
        deadline=datetime.date.today() + datetime.timedelta(days=10), user=team[0],
    )  # fmt: skip
    page = client_as(team[0]).get(reverse("inspections:inspection_void", args=[visit.pk]))
    html = page.content.decode()
    assert "不能作废" in html
    assert "确认作废" not in html and 'data-testid="correction-form"' not in html
    assert reverse("inspections:inspection_amend", args=[visit.pk]) in html

    free = record(team=team)
    page = client_as(team[0]).get(reverse("inspections:inspection_void", args=[free.pk]))
    assert "确认作废" in page.content.decode()
