"""The supervision opinion form on a tablet: rows prefilled from the problems ticked and the
checklist's deductions (one row each, with a requirement text), and any number of rows
(the "添加一行" button re-sends the page for more rows without scripts)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import DocumentSeries
from inspections.models import ChecklistItem, ChecklistTemplate, ProblemType, SupervisionOpinion
from tests.inspections.factories import record


@pytest.fixture(autouse=True)
def opinion_series(db):
    DocumentSeries.objects.get_or_create(
        code="opinion",
        defaults={"name": "卫生监督意见书", "pattern": "卫监意〔{year}〕{number:04d}号"},
    )


def scored_inspection(establishment):
    """Two problems ticked (one with a default requirement text, one without), a sheet of
    four items: one full, one deducted with a note, one key item deducted, one not
    applicable."""
    template = ChecklistTemplate.objects.create(
        code="rows", name="测试评分表", pass_mark=Decimal("60")
    )
    items = [
        ChecklistItem.objects.create(
            template=template,
            section=section,
            content=content,
            max_points=Decimal(points),
            order=order,
            is_key=key,
        )
        for order, (section, content, points, key) in enumerate(
            [
                ("证照管理", "持有效卫生许可证。", "20", False),
                ("卫生管理", "建立卫生管理档案。", "30", False),
                ("水质处理", "循环净化消毒设备正常运行。", "40", True),
                ("设施设备", "设布草间。", "10", False),
            ]
        )
    ]
    known = ProblemType.objects.create(
        code="t-known", name="无消毒间", requirement="十日内设置专用消毒间。", order=1
    )
    bare = ProblemType.objects.create(code="t-bare", name="地面积水", order=2)
    return record(
        establishment=establishment,
        problems=[known, bare],
        checklist=template,
        scores={
            items[0].pk: ("20", ""),
            items[1].pk: ("25", "档案缺消毒记录。"),
            items[2].pk: ("30", ""),
            items[3].pk: (None, "无布草"),
        },
    )


def test_the_form_starts_with_one_row_per_problem_and_deduction(
    client_as, inspector, establishment
):
    inspection = scored_inspection(establishment)
    response = client_as(inspector).get(reverse("inspections:opinion_issue", args=[inspection.pk]))
    assert response.status_code == 200
    rows = [
        (f["problem"].value(), f["requirement"].value())
        for f in response.context["formset"].forms
        if f["problem"].value()
    ]
    assert rows == [
        ("无消毒间。", "十日内设置专用消毒间。"),
        ("地面积水。", "立即整改“地面积水”的问题。"),
        ("卫生管理不符合要求，扣5分：档案缺消毒记录。", "按要求整改：建立卫生管理档案。"),
        ("水质处理（关键项）不符合要求，扣10分。", "按要求整改：循环净化消毒设备正常运行。"),
    ]
    page = response.content.decode()
    assert "添加一行" in page and 'data-empty-row="items"' in page
    assert "items-__prefix__-problem" in page  # the row the script copies


def rows_data(count, deadline):
    data = {
        "deadline": deadline.isoformat(),
        "items-TOTAL_FORMS": str(count),
        "items-INITIAL_FORMS": "0",
    }
    for i in range(count):
        data[f"items-{i}-problem"] = f"问题{i + 1}"
        data[f"items-{i}-requirement"] = f"要求{i + 1}"
    return data


def test_more_rows_without_scripts_then_five_rows_saved(client_as, inspector, establishment):
    inspection = record(establishment=establishment)
    client = client_as(inspector)
    url = reverse("inspections:opinion_issue", args=[inspection.pk])
    deadline = timezone.localdate() + datetime.timedelta(days=10)
    more = client.post(url, {**rows_data(2, deadline), "_more_rows": "1"})
    assert more.status_code == 200 and not SupervisionOpinion.objects.exists()
    formset = more.context["formset"]
    assert len(formset.forms) == 5
    assert formset.forms[1]["problem"].value() == "问题2"  # what was typed stays
    assert more.context["form"]["deadline"].value() == deadline.isoformat()
    saved = client.post(url, rows_data(5, deadline))
    assert saved.status_code == 302, saved.content.decode()
    opinion = SupervisionOpinion.objects.get(inspection=inspection)
    assert list(opinion.items.values_list("problem", "requirement")) == [
        (f"问题{i}", f"要求{i}") for i in range(1, 6)
    ]


# ---------------------------------------------------------------- due this week


def issued(establishment, *, deadline_in, days_ago=20):
    from inspections import services

    inspection = record(establishment=establishment)
    issued_at = timezone.now() - datetime.timedelta(days=days_ago)
    return services.opinion_issue(
        inspection=inspection,
        items=[("无消毒间", "设置消毒间")],
        deadline=timezone.localdate() + datetime.timedelta(days=deadline_in),
        user=inspection.recorded_by,
        issued_at=issued_at,
    )


def test_follow_ups_due_this_week_beside_the_overdue(client_as, manager, establishment):
    """The follow-up list showed only the overdue: an opinion due in 3 days was nowhere."""
    late = issued(establishment, deadline_in=-2)
    today = issued(establishment, deadline_in=0)
    soon = issued(establishment, deadline_in=3)
    week = issued(establishment, deadline_in=7)
    issued(establishment, deadline_in=8)  # next week
    assert set(SupervisionOpinion.objects.due_within(7)) == {today, soon, week}
    assert set(SupervisionOpinion.objects.overdue()) == {late}
    client = client_as(manager)
    url = reverse("inspections:opinion_overdue")
    overdue = client.get(url)
    assert [o.pk for o, _ in overdue.context["rows"]] == [late.pk]
    page = client.get(url, {"when": "week"})
    assert [o.pk for o, _ in page.context["rows"]] == [today.pk, soon.pk, week.pk]
    text = page.content.decode()
    assert "已逾期（1）" in text and "本周到期（3）" in text
    # The filter form keeps the choice: filtering the week's list stays on it.
    assert '<option value="week" selected>本周到期</option>' in text
    filtered = client.get(url, {"when": "week", "q": soon.number})
    assert [o.pk for o, _ in filtered.context["rows"]] == [soon.pk]
    listed = client.get(reverse("inspections:opinion_list"), {"due_soon": "true"})
    assert {o.pk for o, _ in listed.context["rows"]} == {today.pk, soon.pk, week.pk}


def test_inspector_home_shows_due_this_week_beside_overdue(client_as, establishment):
    late = issued(establishment, deadline_in=-2)
    soon = issued(establishment, deadline_in=3)
    inspector = late.inspection.inspectors.first()
    soon.inspection.inspectors.add(inspector)
    response = client_as(inspector).get(reverse("home"))
    assert [o.pk for o in response.context["due"]] == [late.pk, soon.pk]
    assert response.context["due_overdue"] == 1 and response.context["due_soon"] == 1
    page = response.content.decode()
    assert "已逾期 1" in page and "本周到期 1" in page and "（本周到期）" in page


def test_inspector_home_reads_the_follow_ups_once_and_counts_beyond_the_list(
    client_as, establishment, monkeypatch
):
    """The follow-ups' query (a nested loop over the inspector's inspections) ran twice, for
    the list and for its counts: now once, and the counts still take every opinion due, not
    only the rows shown."""
    monkeypatch.setattr("inspections.views.home.SHOWN", 2)
    opinions = [issued(establishment, deadline_in=d) for d in (-3, -1, 2)]
    inspector = opinions[0].inspection.inspectors.first()
    for opinion in opinions[1:]:
        opinion.inspection.inspectors.add(inspector)
    with CaptureQueriesContext(connection) as queries:
        response = client_as(inspector).get(reverse("home"))
    assert [o.pk for o in response.context["due"]] == [opinions[0].pk, opinions[1].pk]
    assert response.context["due_count"] == 3
    assert response.context["due_overdue"] == 2 and response.context["due_soon"] == 1
    reads = [q["sql"] for q in queries if 'FROM "inspections_supervisionopinion"' in q["sql"]]
    assert len(reads) == 1, reads


def test_the_correction_form_takes_more_rows_too(client_as, establishment):
    opinion = issued(establishment, deadline_in=10, days_ago=1)
    data = {**rows_data(2, opinion.deadline), "reason": "补充问题", "_more_rows": "1"}
    response = client_as(opinion.issued_by).post(
        reverse("inspections:opinion_amend", args=[opinion.pk]), data
    )
    assert response.status_code == 200
    assert len(response.context["formset"].forms) == 5
    assert '<details class="amend" open>' in response.content.decode()
    assert not opinion.amendments.exists()
