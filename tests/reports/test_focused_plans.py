"""Focused inspection plans (重点监督检查计划, seed 004): what the manager checks — the
progress equals the units inspected, the units not yet checked are listed, a late plan
shows as late on the home page, a table sent is kept as sent and never changed (sending
again is a new record with a reason), the export's totals are the page's figures, and the
home page's queries do not grow with the plans."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from reports.counting.plan_progress import plan_progress
from reports.models import PlanSubmission, PlanTable, TargetMeasure
from reports.services import plan_save, plan_submission_record
from tests.factories import EstablishmentFactory, TownshipFactory, kind
from tests.generic import count_queries
from tests.inspections.factories import record

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
START = datetime.date(TODAY.year, 1, 1)


def at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def make_plan(
    user, *, due=None, tables=(PlanTable.GENERAL,), remind_days=14, name="公共场所重点监督检查"
):
    barber = kind("pp.bathing.barber")
    return plan_save(
        user=user,
        name=name,
        year=TODAY.year,
        issuer="市卫生健康委员会",
        document_number="市卫监发〔2026〕1号",
        start_date=START,
        end_date=datetime.date(TODAY.year, 12, 31),
        domains=[barber.domain],
        categories=[],
        townships=[],
        description="",
        tables=list(tables),
        due_date=due or TODAY + datetime.timedelta(days=60),
        remind_days=remind_days,
        targets=[
            {
                "item": "公共场所监督覆盖率",
                "measure": TargetMeasure.COVERAGE,
                "target": Decimal(100),
            },
            {"item": "检查户次", "measure": TargetMeasure.VISITS, "target": Decimal(2)},
        ],
    )


@pytest.fixture
def county(manager):
    """Three barbers; two inspected this year (one twice, one with an opinion's result
    and a problem-free record), one inspected only last year; a unit of another domain."""
    town = TownshipFactory()
    a, b, c = (EstablishmentFactory(township=town, name=f"理发店{n}") for n in "甲乙丙")
    EstablishmentFactory(township=town, name="水厂", category=kind("dw.supply.central"))
    day = max(START, TODAY - datetime.timedelta(days=1))
    record(establishment=a, inspected_at=at(day))
    record(establishment=a, inspected_at=at(day))
    record(establishment=b, inspected_at=at(day))
    record(establishment=c, inspected_at=at(START - datetime.timedelta(days=30)))
    return {"checked": [a, b], "unchecked": c}


def test_progress_counts_the_units_inspected_in_the_period_and_lists_the_others(
    client, manager, county
):
    plan = make_plan(manager)
    progress = plan_progress(plan)
    assert progress.total.in_scope == 3  # the water works is another domain
    assert progress.total.checked == 2
    assert progress.total.visits == 3
    assert progress.total.share == Decimal("66.67")
    assert progress.unchecked_ids == [county["unchecked"].pk]
    coverage, visits = progress.targets
    assert coverage["actual"] == Decimal("66.67") and coverage["met"] is False
    assert visits["actual"] == 3 and visits["met"] is True

    client.force_login(manager)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert 'data-testid="checked">2<' in page and 'data-testid="in-scope">3<' in page
    assert "66.67%" in page and "未完成" in page
    unchecked = client.get(reverse("reports:plan_unchecked", args=[plan.pk])).content.decode()
    assert county["unchecked"].name in unchecked
    assert all(u.name not in unchecked for u in county["checked"])


def test_an_inspection_linked_to_the_plans_campaign_counts(manager, county):
    plan = make_plan(manager)
    unit = county["unchecked"]
    record(establishment=unit, inspected_at=timezone.now(), campaign=plan.campaign)
    assert plan_progress(plan).total.checked == 3
    assert plan_progress(plan).unchecked_ids == []


def test_the_exports_totals_are_the_pages_figures(client, manager, county):
    plan = make_plan(manager)
    client.force_login(manager)
    response = client.get(reverse("reports:plan_xlsx", args=[plan.pk]) + "?table=general")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    assert "填报单位" in ws.cell(row=2, column=1).value
    headers = [c.value for c in ws[3]]
    total = [c.value for c in ws[ws.max_row]]
    assert total[0] == "合计"
    figures = dict(zip(headers, total, strict=True))
    progress = plan_progress(plan).total
    assert figures["应检单位数（户）"] == progress.in_scope == 3
    assert figures["已检单位数（户）"] == progress.checked == 2
    assert figures["检查户次"] == progress.visits
    assert round(Decimal(str(figures["检查覆盖率"])) * 100, 2) == progress.share


def test_a_radiation_plan_exports_the_radiation_tables(client, manager):
    plan = make_plan(manager, tables=[PlanTable.RADIATION, PlanTable.OCCUPATIONAL])
    client.force_login(manager)
    radiation = client.get(reverse("reports:plan_xlsx", args=[plan.pk]) + "?table=radiation")
    sheets = load_workbook(io.BytesIO(radiation.content)).sheetnames
    assert len(sheets) == 3  # 表1, 表2-1, 表2-2
    assert client.get(reverse("reports:plan_xlsx", args=[plan.pk]) + "?table=x").status_code == 404


def home(client, user):
    client.force_login(user)
    return client.get(reverse("home")).content.decode()


def test_a_late_plan_shows_as_late_on_the_home_page_until_its_table_is_sent(client, manager):
    plan = make_plan(manager, due=TODAY - datetime.timedelta(days=3))
    page = home(client, manager)
    assert "重点监督检查计划汇总表上报" in page
    assert plan.title in page and "已逾期 3 天" in page

    plan_submission_record(user=manager, plan=plan, table=PlanTable.GENERAL, submitted_on=TODAY)
    page = home(client, manager)
    assert "已逾期" not in page
    assert "已上报（逾期上报）" in page


def test_a_plan_due_within_its_reminder_days_shows_as_due(client, manager, inspector):
    make_plan(manager, due=TODAY + datetime.timedelta(days=5), remind_days=14)
    assert "5 天后到期" in home(client, manager)
    assert "重点监督检查计划汇总表上报" not in home(client, inspector)  # managers' panel


def test_a_plan_far_from_its_due_date_is_not_on_the_home_page(client, manager):
    make_plan(manager, due=TODAY + datetime.timedelta(days=5), remind_days=3)
    assert "重点监督检查计划汇总表上报" not in home(client, manager)


def test_home_page_queries_do_not_grow_with_the_plans(
    client, manager, django_assert_max_num_queries
):
    make_plan(manager, due=TODAY - datetime.timedelta(days=1))
    client.force_login(manager)
    n, _ = count_queries(lambda: client.get(reverse("home")))
    for i in range(3):
        plan = make_plan(manager, due=TODAY + datetime.timedelta(days=i), name=f"计划{i}")
        plan_submission_record(user=manager, plan=plan, table=PlanTable.GENERAL, submitted_on=TODAY)
        make_plan(manager, due=TODAY - datetime.timedelta(days=i + 1), name=f"逾期{i}")
    with django_assert_max_num_queries(n):
        client.get(reverse("home"))


def test_a_submission_keeps_its_file_and_cannot_be_edited(client, manager, county):
    plan = make_plan(manager)
    first = plan_submission_record(
        user=manager, plan=plan, table=PlanTable.GENERAL, submitted_on=TODAY
    )
    kept = bytes(first.content)
    first.refresh_from_db()
    first.submitted_on = TODAY - datetime.timedelta(days=1)
    with pytest.raises(ValidationError):
        first.save()
    with pytest.raises(ValidationError):
        first.delete()

    # Sent again: refused without a reason, a new record with one; the first stays.
    with pytest.raises(ValidationError) as refused:
        plan_submission_record(user=manager, plan=plan, table=PlanTable.GENERAL, submitted_on=TODAY)
    assert "reason" in refused.value.message_dict
    upload = SimpleUploadedFile("改正后.xlsx", b"corrected file")
    second = plan_submission_record(
        user=manager,
        plan=plan,
        table=PlanTable.GENERAL,
        submitted_on=TODAY,
        reason="市所要求补充立案数",
        upload=upload,
    )
    assert second.replaces == first and second.uploaded
    first.refresh_from_db()
    assert bytes(first.content) == kept and first.submitted_on == TODAY

    client.force_login(manager)
    response = client.get(reverse("reports:plan_submission_file", args=[first.pk]))
    assert response.content == kept
    response = client.get(reverse("reports:plan_submission_file", args=[second.pk]))
    assert response.content == b"corrected file"


def test_the_submit_page_refuses_a_second_submission_without_reason_and_a_double_post(
    client, manager
):
    plan = make_plan(manager)
    client.force_login(manager)
    url = reverse("reports:plan_submit", args=[plan.pk])
    data = {"table": "general", "submitted_on": TODAY.isoformat(), "_submission": "k" * 24}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # Back + 保存: replayed, not saved
    assert PlanSubmission.objects.filter(plan=plan).count() == 1
    again = client.post(url, {**data, "_submission": "m" * 24})
    assert again.status_code == 400
    assert "重新上报须说明原因" in again.content.decode()
    assert PlanSubmission.objects.filter(plan=plan).count() == 1
    future = client.post(
        url,
        {
            **data,
            "_submission": "n" * 24,
            "reason": "更正",
            "submitted_on": (TODAY + datetime.timedelta(days=1)).isoformat(),
        },
    )
    assert future.status_code == 400 and "不能晚于今天" in future.content.decode()
    assert PlanSubmission.objects.filter(plan=plan).count() == 1


def test_the_plan_form_creates_the_plan_with_its_campaign_and_target_rows(client, manager):
    barber = kind("pp.bathing.barber")
    client.force_login(manager)
    data = {
        "name": "2026年放射卫生重点监督检查",
        "year": TODAY.year,
        "issuer": "市卫生健康委员会",
        "document_number": "",
        "start_date": START.isoformat(),
        "end_date": datetime.date(TODAY.year, 10, 15).isoformat(),
        "domains": [barber.domain.pk],
        "tables": ["general", "radiation"],
        "due_date": datetime.date(TODAY.year, 10, 20).isoformat(),
        "remind_days": 14,
        "targets-TOTAL_FORMS": 2,
        "targets-INITIAL_FORMS": 0,
        "targets-0-item": "覆盖率",
        "targets-0-measure": "coverage",
        "targets-0-target": "100",
        "targets-1-item": "",
        "targets-1-measure": "",
        "targets-1-target": "",
    }
    bad = client.post(reverse("reports:plan_add"), {**data, "targets-0-target": "120"})
    assert bad.status_code == 400 and "覆盖率不能超过 100%" in bad.content.decode()
    response = client.post(reverse("reports:plan_add"), data)
    assert response.status_code == 302
    from reports.models import FocusedPlan

    plan = FocusedPlan.objects.get()
    assert plan.campaign.name == data["name"] and list(plan.campaign.domains.all()) == [
        barber.domain
    ]
    assert plan.tables == ["general", "radiation"]
    assert [(t.item, t.target) for t in plan.targets.all()] == [("覆盖率", Decimal(100))]


def test_the_summary_page_lists_the_plans_tables_with_their_due_dates(client, manager):
    plan = make_plan(manager, tables=[PlanTable.RADIATION, PlanTable.GENERAL])
    client.force_login(manager)
    page = client.get(reverse("reports:summary") + f"?year={TODAY.year}").content.decode()
    assert "需上报市卫生监督所的汇总表" in page
    assert PlanTable.RADIATION.label in page and f"{plan.due_date:%Y-%m-%d}" in page


def test_the_api_gives_a_plans_progress_and_state(client, inspector, manager, county):
    plan = make_plan(manager, due=TODAY - datetime.timedelta(days=1))
    client.force_login(inspector)
    data = client.get(f"/api/v1/reports/plans/{plan.pk}/").json()
    assert data["state"] == "late"
    assert data["progress"]["in_scope"] == 3 and data["progress"]["checked"] == 2
    assert data["progress"]["unchecked"] == [county["unchecked"].pk]
    assert [t["item"] for t in data["targets"]] == ["公共场所监督覆盖率", "检查户次"]
    listed = client.get("/api/v1/reports/plans/", {"year": TODAY.year}).json()
    assert plan.pk in [p["id"] for p in listed.get("results", listed)]


def test_a_negative_target_says_it_cannot_be_negative(manager):
    from reports.forms import PlanTargetForm
    from reports.models import PlanTarget

    form = PlanTargetForm({"item": "覆盖率", "measure": "coverage", "target": "-50"})
    assert not form.is_valid()
    assert form.errors["target"] == ["目标值不能为负数。"]
    row = PlanTarget(position=1, item="覆盖率", measure=TargetMeasure.COVERAGE, target=-50)
    with pytest.raises(ValidationError) as refused:
        row.full_clean(exclude=["plan"])
    assert refused.value.message_dict["target"] == ["目标值不能为负数。"]
