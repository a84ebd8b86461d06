"""The office-wide figures where the manager reads them: the summary page (各专业监督情况,
officers, training, draws, the campaigns' samples and problems, the cases by statistics
group, the year before), the API, and the saved summary's page, PDF tables and Word file
(各专业监督情况 right after table 1)."""

import io

import pytest
from django.urls import reverse
from docx import Document

from inspections.choices import InspectionKind, Verdict
from inspections.models import Inspection
from reports import services
from reports.presentation.document import document_tables
from reports.scope import Period, Scope
from tests.reports.builders import (
    D,
    campaign,
    case,
    domain,
    draw,
    people,
    problems,
    sample,
    training,
    unit,
    units,
    visit,
    visits,
)

pytestmark = pytest.mark.django_db
URL = reverse("reports:summary")
ALL_2024 = {"period": "year", "year": "2024"}


def office():
    shops = units(3)
    visits(shops, D(2024, 3, 1))
    visit(shops[0], D(2023, 3, 1))
    schools = units(2, "sc.school.primary_secondary")
    visits(schools, D(2024, 10, 15))
    hospital = unit("md.institution.hospital")
    visit(hospital, D(2024, 4, 1))
    training(D(2024, 7, 4), people(shops[0], 3), topic="从业人员卫生知识培训")
    made, assigned = draw(shops[1:], D(2024, 2, 1), name="2024年第一次双随机抽查")
    done = visit(shops[1], D(2024, 2, 20), kind=InspectionKind.RANDOM)
    Inspection.objects.filter(pk=done.pk).update(draw_assignment=assigned[0])
    drive = campaign("游泳场所专项整治", D(2024, 6, 1), D(2024, 8, 31), domains=[domain()])
    pool = unit("pp.sports.swimming")
    checked = visit(pool, D(2024, 7, 1), kind=InspectionKind.CAMPAIGN, campaign=drive)
    sample(checked, Verdict.FAIL)
    problems(checked, "t-no-disinfection")
    case(shops[2], D(2024, 5, 1), violation="mw-46", decided_on=D(2024, 6, 1), fine=1000)
    case(None, D(2024, 5, 6), violation="illegal-practice", decided_on=D(2024, 7, 1), fine=5000)
    case(shops[0], D(2023, 5, 1), decided_on=D(2023, 6, 1), fine=800)


def test_the_summary_page_shows_the_office_wide_figures(client_as, manager):
    office()
    page = client_as(manager).get(URL, ALL_2024).content.decode()
    assert "各专业监督情况" in page and 'data-testid="domains"' in page
    for name in ("公共场所", "学校卫生", "医疗卫生", "合计"):
        assert f'<th scope="row">{name}</th>' in page, name
    assert reverse("reports:drill", args=["units"]) + "?" in page
    assert "category=sc.school.primary_secondary" in page
    for key in ("officer_visits", "training_sessions_count", "training_attendance",
                "draws_count", "drawn_units", "drawn_units_inspected"):  # fmt: skip
        assert f'data-figure="{key}"' in page, key
    assert reverse("reports:drill", args=["officer_visits"]) in page
    assert "县会议中心" in page and "从业人员卫生知识培训" in page
    assert "2024年第一次双随机抽查" in page
    assert "问题t-no-disinfection 1" in page  # the campaign's problems
    assert "医疗机构依法执业" in page and "非法行医" in page and "5,000.00" in page
    # 同比 of the cases, the units penalised and the officers sent
    for key in ("cases", "decided_cases", "fines", "penalised_units", "officer_visits"):
        assert f'<tr data-figure="{key}">' in page, key


def test_a_domains_summary_has_no_domain_blocks(client_as, manager):
    office()
    page = client_as(manager).get(URL, {**ALL_2024, "domain": "public_places"}).content
    assert "各专业监督情况" not in page.decode()


def test_the_api_returns_the_office_wide_figures(client_as, manager):
    office()
    data = client_as(manager).get(reverse("report-annual"), {"year": 2024}).json()
    assert {d["domain"] for d in data["domains"]} >= {"public_places", "schools", "medical"}
    assert data["officer_visits"] == 2 * data["visits"]
    assert data["training_sessions"][0]["place"] == "县会议中心"
    assert data["draws"][0]["units"] == 2
    groups = {g["group"]: g for g in data["cases_by_group"]}
    assert groups["医疗机构依法执业"]["fines"] == 1000 and groups["非法行医"]["fines"] == 5000
    assert data["year_before"]["officer_visits"] == 2


def test_the_saved_summary_prints_the_domains_after_table_1(client_as, manager):
    office()
    report = services.summary_create(
        user=manager, scope=Scope(Period.year(2024)), title="2024年卫生监督工作总结"
    )
    keys = [t.key for t in document_tables(report.figures)]
    assert keys[keys.index("table1") + 1] == "domains"
    assert {"training", "draws", "cases_by_group"} <= set(keys)
    client = client_as(manager)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "各专业监督情况" in page and "行政处罚案件（按统计分组）" in page
    response = client.get(reverse("reports:summary_report_docx", args=[report.pk]))
    tables = Document(io.BytesIO(response.content)).tables
    headers = [[c.text for c in t.rows[0].cells] for t in tables]
    first = next(i for i, h in enumerate(headers) if "体检率" in h)
    assert headers[first + 1][0] == "监督专业"
    rows = [[c.text for c in r.cells] for r in tables[first + 1].rows]
    assert [r[0] for r in rows[1:]] == ["公共场所", "学校卫生", "医疗卫生", "合计"]
