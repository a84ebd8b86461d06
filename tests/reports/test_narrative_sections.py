"""The draft of a saved summary covers seed 000's sections from the records themselves: the
units' files, the training session (date, place, attendance), the failing pool sample and
what was ordered, the campaign, the cases and fines; the manager's places offer last year's
text; and the summary's page links the numbers to their records, escaping what units are
called."""

import re

import pytest
from django.urls import reverse

from inspections.choices import InspectionKind, SampleVerdict, Verdict
from inspections.models import SampleResult, StandardLimit
from premises.models import Establishment
from reports import services
from reports.models import SummaryReport, SummaryStatus
from reports.scope import Period, Scope
from tests.reports import builders as b

pytestmark = pytest.mark.django_db
D = b.D
POOL_NAME = '<script>alert("x")</script>泳池=1'


def flat(text):
    return re.sub(r"\s+", "", text)


@pytest.fixture
def county():
    """2024 in a small county: three barbers (two with a complete file), a pool whose water
    failed on 浑浊度 and got an opinion, a training session (two of a clinic's staff came too),
    a campaign and a decided case."""
    barbers = b.units(3)
    Establishment.objects.filter(pk__in=[u.pk for u in barbers[:2]]).update(phone="07958888888")
    pool = b.unit("pp.sports.swimming")
    Establishment.objects.filter(pk=pool.pk).update(name=POOL_NAME)
    pool.refresh_from_db()
    checked = b.visit(pool, D(2024, 7, 10))
    opinion = b.opinion(checked, deadline_days=20)
    sample = b.sample(checked, verdict=Verdict.FAIL)
    SampleResult.objects.create(
        sample=sample,
        limit=StandardLimit.objects.get(sample_type="游泳池水", parameter="浑浊度"),
        value=3,
        verdict=SampleVerdict.FAIL,
    )
    b.sample(b.visit(barbers[0], D(2024, 8, 1)))
    people = b.people(barbers[0], 2) + b.people(barbers[1], 1)
    clinic = b.unit("md.institution.clinic")  # of another domain: came, not counted as ours
    session = b.training(
        D(2024, 7, 4), [*people, *b.people(clinic, 2)], topic="公共场所行业单位负责人培训讲座"
    )
    session.place = "县党政大楼七楼会议室"
    session.save()
    drive = b.campaign(domains=[b.domain()])
    b.visit(barbers[2], D(2024, 6, 20), kind=InspectionKind.CAMPAIGN, campaign=drive)
    b.case(barbers[1], D(2024, 5, 10), decided_on=D(2024, 6, 1), fine=3000)
    return {"pool": pool, "opinion": opinion, "session": session, "campaign": drive}


def scope_of(year):
    return Scope(Period.year(year), b.domain())


def last_year_summary(manager, narrative):
    return SummaryReport.objects.create(
        title="2023年公共场所卫生监督工作总结",
        start=D(2023, 1, 1),
        end=D(2023, 12, 31),
        domain=b.domain(),
        figures={},
        narrative=narrative,
        computed_at=b.at(D(2024, 1, 5)),
        status=SummaryStatus.PUBLISHED,
        published_at=b.at(D(2024, 1, 10)),
        created_by=manager,
    )


def test_the_draft_tells_every_section_from_the_records(county, manager):
    last_year_summary(
        manager,
        "一、档案管理\n建档率达到了100%。\n\n三:存在问题\n　　1、执法力度需进一步提高。\n"
        "　　2、执法人员业务水平有待进一步提高。\n\n四、明年工作计划\n加强培训。",
    )
    report = services.summary_create(user=manager, scope=scope_of(2024))
    text = flat(report.narrative)
    sections = [
        "一、档案管理",
        "对辖区内公共场所单位建立档案4户，其中档案信息完整（统一社会信用代码、法定代表人、"
        "联系电话齐全）的2户，建档率达到了50.00%。",
        "二、公共场所卫生监督",
        "共监督户数4户",
        "2024年7月4日，在县党政大楼七楼会议室举办了“公共场所行业单位负责人培训讲座”，到会人数5人，"
        "其中公共场所从业人员3人",
        "全年采样检测2份，不合格1份，监测合格率为50.00%。",
        f"2024年7月10日对{POOL_NAME}的游泳池水（深水区）进行检验，浑浊度不符合国家卫生要求，"
        f"对其下达了卫生监督意见书（{county['opinion'].number}），"
        "责令限期整改（整改期限至2024年7月30日）。",
        "开展专项整治1项：“公共场所专项整治”检查1家单位1户次",
        "作出行政处罚决定1起，涉及单位1家，罚款3,000.00元",
        "三、存在问题",
        "【请填写：存在问题。去年总结的写法，供参考修改：1、执法力度需进一步提高。"
        "2、执法人员业务水平有待进一步提高。】",
        "四、下一年度工作计划",
        "【请填写：明年工作计划。去年总结的写法，供参考修改：加强培训。】",
    ]
    for sentence in sections:
        assert sentence in text, sentence
    positions = [text.index(s) for s in sections]
    assert positions == sorted(positions)  # in seed 000's order


def test_without_last_years_summary_the_places_are_empty(county, manager):
    report = services.summary_create(user=manager, scope=scope_of(2024))
    assert "【请填写：存在问题】" in report.narrative
    assert "【请填写：明年工作计划】" in report.narrative


def test_the_summary_page_links_the_numbers_and_escapes_names(county, manager, client_as):
    report = services.summary_create(user=manager, scope=scope_of(2024))
    page = client_as(manager).get(report.get_absolute_url()).content.decode()
    query = f"start=2024-01-01&amp;end=2024-12-31&amp;domain=public_places&amp;summary={report.pk}"
    units = reverse("reports:drill", args=["units"])
    assert (
        f'共监督户数<a class="figure-link" href="{units}?{query}" title="查看明细">4</a>户' in page
    )
    fines = reverse("reports:drill", args=["decided_cases"])
    assert (
        f'罚款<a class="figure-link" href="{fines}?{query}" title="查看明细">3,000.00</a>元' in page
    )
    training = county["session"].get_absolute_url()
    assert f'<a class="figure-link" href="{training}" title="查看明细">2024年7月4日</a>' in page
    assert f'href="{county["opinion"].get_absolute_url()}"' in page
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;泳池=1" in page
    assert '<mark class="to-fill">【请填写：存在问题】</mark>' in page

    # The documents print the numbers as plain text.
    docx = client_as(manager).get(reverse("reports:summary_report_docx", args=[report.pk]))
    assert docx.status_code == 200


def test_numbers_the_manager_typed_or_reworded_stay_plain(county, manager, client_as):
    report = services.summary_create(user=manager, scope=scope_of(2024))
    narrative = report.narrative.replace("共监督户数4户", "共监督户数5户").replace(
        "罚款3,000.00元", "处以罚款3,000.00元"
    )
    narrative += "\n另有4户正在整改。"
    services.summary_update(summary=report, user=manager, title=report.title, narrative=narrative)
    page = client_as(manager).get(report.get_absolute_url()).content.decode()
    assert "共监督户数5户" in page  # typed: no link
    assert "另有4户正在整改" in page
    assert '罚款<a class="figure-link"' in page  # the words before it are the same: linked
    assert "建立档案<a" in page


def test_a_refresh_keeps_the_edited_text_linked_and_a_redraft_redraws(county, manager):
    report = services.summary_create(user=manager, scope=scope_of(2024))
    marks = report.figures[services.MARKS]
    kept = services.summary_refresh(summary=report, user=manager)
    assert kept.figures[services.MARKS] == marks and kept.figures["facts"]
    b.unit()  # one unit more
    redrawn = services.summary_refresh(summary=report, user=manager, redraft=True)
    assert "共监督户数5户" in flat(redrawn.narrative)
    assert any(
        m["text"] == "5" and m.get("key") == "units" for m in redrawn.figures["narrative_marks"]
    )


def test_an_order_given_after_the_lab_result_is_told_and_none_is_asked_for(manager):
    pool, other = b.unit("pp.sports.swimming"), b.unit("pp.sports.swimming")
    b.sample(b.visit(pool, D(2024, 7, 1)), verdict=Verdict.FAIL)
    later = b.opinion(b.visit(pool, D(2024, 7, 20)))
    b.sample(b.visit(other, D(2024, 8, 1)), verdict=Verdict.FAIL)
    text = flat(services.summary_create(user=manager, scope=scope_of(2024)).narrative)
    assert f"{pool.name}的游泳池水（深水区）进行检验，检测结果不符合国家卫生要求，" in text
    assert f"对其下达了卫生监督意见书（{later.number}）" in text
    assert (
        f"{other.name}的游泳池水（深水区）进行检验，检测结果不符合国家卫生要求，"
        "【请填写：处理情况（检查记录中未见意见书或立案）】。"
    ) in text
