"""Saved summaries as a manager uses them: create one (figures snapshotted, narrative
drafted), edit the draft, publish it, and see that later corrections to the records do not
change it while "重新计算" shows exactly what would."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reports import services
from reports.figures import summary
from reports.models import SummaryReport, SummaryStatus
from tests.generic import count_queries
from tests.inspections.factories import record, when
from tests.locking import version_of
from tests.reports.documents_factories import county_scope, places_filled, public_places

pytestmark = pytest.mark.django_db


@pytest.fixture
def county():
    return public_places()


@pytest.fixture
def draft(county, manager):
    return services.summary_create(user=manager, scope=county_scope(), title="公共场所工作总结")


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_creating_from_the_form_snapshots_the_figures_and_drafts_the_narrative(
    county, client_as, manager
):
    scope = county_scope()
    client = client_as(manager)
    page = client.get(
        reverse("reports:summary_report_add"),
        {"start": scope.period.start.isoformat(), "end": scope.period.end.isoformat()},
    )
    assert page.status_code == 200
    assert page.context["form"].initial["start"] == scope.period.start

    response = client.post(
        reverse("reports:summary_report_add"),
        {
            "title": "",
            "start": scope.period.start.isoformat(),
            "end": scope.period.end.isoformat(),
            "domain": scope.domain.pk,
            "township": "",
        },
    )
    report = SummaryReport.objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    assert report.status == SummaryStatus.DRAFT and report.created_by == manager
    assert report.title == f"{scope.period.label}公共场所卫生监督工作总结"
    assert (report.figures["units"], report.figures["visits"], report.figures["cases"]) == (6, 4, 1)
    assert report.figures["by_category"] == summary(scope)["by_category"]
    assert "共监督户数6户" in report.narrative and "监督检查4户次" in report.narrative
    assert report.history.get().history_user == manager

    detail = client.get(report.get_absolute_url())
    text = detail.content.decode()
    assert '共监督户数<a class="figure-link"' in text  # the number links to its records
    assert "表1 分类统计" in text and "<svg" in text


def test_a_period_ending_before_it_starts_is_refused_on_its_field(client_as, manager):
    response = client_as(manager).post(
        reverse("reports:summary_report_add"),
        {"start": "2024-12-31", "end": "2024-01-01", "domain": "", "township": ""},
    )
    assert response.status_code == 400
    assert "结束日期不能早于开始日期。" in response.context["form"].errors["end"]
    assert not SummaryReport.objects.exists()


def test_the_add_page_takes_its_scope_from_the_query_string(client_as, manager):
    response = client_as(manager).get(
        reverse("reports:summary_report_add"), {"year": "2024", "domain": "public_places"}
    )
    initial = response.context["form"].initial
    assert initial["start"] == datetime.date(2024, 1, 1)
    assert initial["end"] == datetime.date(2024, 12, 31)
    assert initial["domain"].code == "public_places"


def test_a_published_summary_keeps_its_figures_and_recompute_shows_the_difference(
    county, draft, client_as, manager
):
    client = client_as(manager)
    places_filled(draft, manager)
    response = client.post(reverse("reports:summary_report_publish", args=[draft.pk]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_published and draft.published_at is not None
    snapshot = dict(draft.figures)

    # A visit recorded afterwards for a unit never inspected before (the bathhouse).
    record(establishment=county["bath"], inspected_at=when(days_ago=5))
    draft.refresh_from_db()
    assert draft.figures == snapshot
    assert (draft.figures["visits"], draft.figures["inspected_units"]) == (4, 3)

    page = client.get(reverse("reports:summary_report_recompute", args=[draft.pk]))
    assert page.status_code == 200
    figures = {f["key"]: f for f in page.context["diff"]["figures"]}
    assert (figures["visits"]["snapshot"], figures["visits"]["now"]) == (4, 5)
    assert figures["visits"]["difference"] == 1
    assert figures["coverage_rate"]["snapshot_text"] == "50.00%"
    assert figures["coverage_rate"]["now_text"] == "66.67%"
    assert figures["coverage_rate"]["difference_text"] == "+16.67 个百分点"
    assert not figures["units"]["changed"]
    cells = {(c["kind"], c["field"]): c for c in page.context["cells"]}
    assert cells[("公共浴室", "visits")]["snapshot"] == 0
    assert cells[("公共浴室", "visits")]["now"] == 1
    assert cells[("公共浴室", "inspected_units")]["difference"] == 1
    assert all(c["changed"] for c in page.context["cells"])
    assert "更新为最新数据" not in page.content.decode()  # published: nothing to replace

    # Neither the page nor a POST changes a published summary.
    client.post(reverse("reports:summary_report_recompute", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.figures == snapshot
    detail = client.get(draft.get_absolute_url())
    table1 = next(t for t in detail.context["tables"] if t["key"] == "table1")
    bath = next(r for r in table1["rows"] if r["cells"][1]["text"] == "公共浴室")
    assert bath["cells"][5]["text"] == "0"  # 监督户次 as snapshotted


def test_editing_is_refused_once_published(draft, client_as, manager):
    services.summary_publish(summary=places_filled(draft, manager), user=manager)
    client = client_as(manager)
    url = reverse("reports:summary_report_edit", args=[draft.pk])

    page = client.get(url, follow=True)
    assert services.PUBLISHED_READ_ONLY in messages_of(page)
    # Published in another tab while this one was typed in: refused, the text kept to copy.
    response = client.post(url, {"title": "改过的标题", "narrative": "改过的正文"})
    assert response.status_code == 409
    text = response.content.decode()
    assert services.PUBLISHED_READ_ONLY in text and "没有保存，可复制后使用" in text
    assert "改过的正文" in text
    draft.refresh_from_db()
    assert draft.title == "公共场所工作总结" and "改过的正文" not in draft.narrative

    with pytest.raises(ValidationError):
        services.summary_update(summary=draft, user=manager, title="x", narrative="y")
    with pytest.raises(ValidationError):
        services.summary_publish(summary=draft, user=manager)
    assert url not in client.get(draft.get_absolute_url()).content.decode()  # no edit button


def test_a_draft_is_edited_and_its_history_says_who(draft, client_as, manager):
    client = client_as(manager)
    response = client.post(
        reverse("reports:summary_report_edit", args=[draft.pk]),
        {
            "title": "2024年公共场所卫生监督工作总结",
            "narrative": "第一段。\n\n第二段。",
            **version_of(draft),
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.narrative == "第一段。\n\n第二段。"
    latest = draft.history.first()
    assert (latest.history_user, latest.history_change_reason) == (manager, "修改标题和正文")
    page = client.get(draft.get_absolute_url())
    assert page.context["paragraphs"] == ["第一段。", "第二段。"]
    assert "修改标题和正文" in page.content.decode()

    blank = client.post(
        reverse("reports:summary_report_edit", args=[draft.pk]),
        {"title": " ", "narrative": "", **version_of(draft)},
    )
    assert blank.status_code == 400 and blank.context["form"].errors["title"]


def test_a_draft_is_brought_up_to_date_keeping_its_edited_narrative(
    county, draft, client_as, manager
):
    services.summary_update(summary=draft, user=manager, title=draft.title, narrative="手写正文")
    record(establishment=county["bath"], inspected_at=when(days_ago=5))
    client = client_as(manager)
    page = client.get(reverse("reports:summary_report_recompute", args=[draft.pk]))
    assert "更新为最新数据" in page.content.decode()

    client.post(reverse("reports:summary_report_recompute", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.figures["visits"] == 5 and draft.narrative == "手写正文"
    assert draft.history.first().history_change_reason == "更新为最新数据"

    client.post(reverse("reports:summary_report_recompute", args=[draft.pk]), {"redraft": "1"})
    draft.refresh_from_db()
    assert "监督检查5户次" in draft.narrative


def test_only_writers_bring_a_draft_up_to_date(draft, client_as, inspector):
    response = client_as(inspector).post(
        reverse("reports:summary_report_recompute", args=[draft.pk])
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("domain_code", "supervision"),
    [
        ("public_places", "公共场所卫生监督"),
        ("schools", "学校卫生监督"),
        ("occupational", "职业卫生监督"),
        ("family_planning", "计划生育与母婴保健监督"),
    ],
)
def test_a_domain_named_with_卫生_is_not_written_卫生卫生(manager, domain_code, supervision):
    """The default title and the narrative's opening name each domain's supervision with
    "卫生" once: 学校卫生监督, not 学校卫生卫生监督."""
    from reports.presentation.narrative.sections import opening_paragraph

    scope = county_scope(domain_code)
    report = services.summary_create(user=manager, scope=scope)
    assert report.title == f"{scope.period.label}{supervision}工作总结"
    opening = opening_paragraph(
        {"scope": {"period": "2024年", "domain": scope.domain.pk, "domain_name": scope.domain.name}}
    )
    assert f"全面加强{supervision}工作" in opening and "卫生卫生" not in opening


def test_an_empty_narrative_is_not_published(draft, manager):
    services.summary_update(summary=draft, user=manager, title=draft.title, narrative="")
    with pytest.raises(ValidationError) as error:
        services.summary_publish(summary=draft, user=manager)
    assert "narrative" in error.value.message_dict
    draft.refresh_from_db()
    assert draft.status == SummaryStatus.DRAFT


def test_the_list_shows_summaries_in_a_fixed_number_of_queries(county, client_as, manager):
    client = client_as(manager)

    def published(title):  # one draft a scope: each published before the next is made
        report = services.summary_create(user=manager, scope=county_scope(), title=title)
        services.summary_publish(summary=places_filled(report, manager), user=manager)

    published("第一份")
    url = reverse("reports:summary_report_list")
    few, _ = count_queries(lambda: client.get(url))
    for n in range(3):
        published(f"另一份{n}")
    many, response = count_queries(lambda: client.get(url))
    assert many == few
    text = response.content.decode()
    assert "第一份" in text and "另一份2" in text and "新建工作总结" in text
