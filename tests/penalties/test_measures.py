"""取缔 (of unlicensed practice) and an order to stop recorded as the measures they are, not
as penalties: on their own page, by the API, shown on the case page and stated on the
decision apart from the penalties; a double submit records one; a closed case takes none."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from penalties.choices import CaseStatus
from penalties.documents.ordinary import decision_context
from penalties.models import CaseMeasure
from tests.penalties.factories import case_at, days_ago, file_case

pytestmark = pytest.mark.django_db

BASIS = "《医疗机构管理条例》第四十三条"


def test_a_ban_through_the_page_shows_on_the_case_and_the_decision(client_as):
    case = file_case()
    client = client_as(case.officers.first())
    url = reverse("penalties:measure_add", args=[case.pk])
    assert client.get(url).status_code == 200
    data = {"kind": "ban", "taken_on": days_ago(55).isoformat(), "note": "诊所已关闭"}
    missing = client.post(url, data)  # 取缔 without its legal basis
    assert missing.status_code == 400
    assert "取缔的法律依据" in " ".join(missing.context["form"].errors["basis"])
    assert not CaseMeasure.objects.exists()
    data["basis"] = BASIS
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # sent twice: recorded once
    measure = CaseMeasure.objects.get()
    assert (measure.kind, measure.basis, measure.recorded_by) == (
        "ban",
        BASIS,
        case.officers.first(),
    )
    page = client.get(case.get_absolute_url()).content.decode()
    assert 'data-testid="measures"' in page and "取缔" in page and "诊所已关闭" in page
    decided = case_at(CaseStatus.DECIDED, case=case)
    html = render_to_string("documents/penalty_decision.html", decision_context(decided, decided))
    assert "予以取缔" in html and BASIS in html


def test_dates_and_a_closed_case_are_refused(client_as):
    case = file_case()
    client = client_as(case.officers.first())
    url = reverse("penalties:measure_add", args=[case.pk])
    day_before = (case.filed_on - datetime.timedelta(days=1)).isoformat()
    before_filing = client.post(url, {"kind": "ban", "taken_on": day_before, "basis": BASIS})
    assert before_filing.status_code == 400
    assert "不能早于立案日期" in " ".join(before_filing.context["form"].errors["taken_on"])
    # An order to stop may come before the filing (on the spot); not in the future.
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    future = client.post(url, {"kind": "stop", "taken_on": tomorrow})
    assert future.status_code == 400 and future.context["form"].errors["taken_on"]
    assert not CaseMeasure.objects.exists()
    closed = case_at(CaseStatus.CLOSED)
    page = client_as(closed.officers.first()).get(
        reverse("penalties:measure_add", args=[closed.pk])
    )
    assert page.status_code == 302


def test_the_api_records_it_and_answers_with_the_case(client_as):
    case = file_case()
    client = client_as(case.officers.first())
    url = reverse("case-measure", args=[case.pk])
    refused = client.post(
        url, {"kind": "ban", "taken_on": str(days_ago(55))}, content_type="application/json"
    )
    assert refused.status_code == 400 and "basis" in refused.json()
    done = client.post(
        url,
        {"kind": "ban", "taken_on": str(days_ago(55)), "basis": BASIS},
        content_type="application/json",
    )
    assert done.status_code == 201, done.content
    assert [m["kind_label"] for m in done.json()["measures"]] == ["取缔"]
