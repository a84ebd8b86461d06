"""The printed 卫生监督意见书 names the party's phone (../shared/DOCUMENTS.md §2.1: 被监督人
and 负责人, address, phone), when the unit has one on file."""

import datetime

import pytest
from django.urls import reverse

from inspections.choices import InspectionResult
from inspections.services import opinion_issue
from tests.factories import EstablishmentFactory
from tests.inspections.factories import inspectors, record
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db


def test_the_opinion_prints_the_party_phone(client_as):
    team = inspectors()
    unit = EstablishmentFactory(name="电话理发店", phone="0795-8559425")
    visit = record(establishment=unit, team=team, result=InspectionResult.OPINION)
    opinion = opinion_issue(
        inspection=visit, items=[("地面脏", "清洁")],
        deadline=datetime.date.today() + datetime.timedelta(days=10), user=team[0],
    )  # fmt: skip
    response = client_as(team[0]).get(reverse("inspections:opinion_pdf", args=[opinion.pk]))
    text = pdf_text(response.content)
    assert "联系电话" in text and "0795-8559425" in text
