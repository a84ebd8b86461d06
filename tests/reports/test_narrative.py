"""The narrative draft reads like the county's own report (seed 000, section 二.1) when given
the county's 2024 figures, and says nothing it has no figures for."""

import re

import pytest

from reports.counting.rates import rate
from reports.presentation.narrative import narrative_compose, narrative_draft, sections_of
from reports.presentation.narrative.html import narrative_html


def kind(name, units, **more):
    return {"kind": name, "units": units, **more}


def group(name, *kinds):
    return {"class": name, "units": sum(k["units"] for k in kinds), "kinds": list(kinds)}


def seed_figures(**overrides):
    """Seed 000's public places of 2024, as reports.figures.summary would give them."""
    by_class = [
        group(
            "文化娱乐场所",
            kind("茶楼", 14),
            kind("卡拉OK厅", 10),
            kind("网吧", 25),
            kind("舞厅", 2),
            kind("影剧院", 0),
        ),
        group("公共浴室", kind("公共浴室", 20)),
        group("美容美发", kind("美容店", 38), kind("理发店", 100)),
        group("旅店业", kind("宾馆", 12), kind("旅店", 27)),
        group(
            "其他类",
            kind("游泳池", 1),
            kind("商场", 5),
            kind("候诊室", 2),
            kind("候车室", 1),
        ),
    ]
    figures = {
        "scope": {"period": "2024年", "label": "2024年 · 公共场所"},
        "units": 257,
        "inspected_units": 257,
        "coverage_rate": rate(257, 257),
        "visits": 617,
        "frequency": 2.4,
        "compliant_visits": 580,
        "pass_rate": rate(580, 617),
        "licensed_before": 20,
        "licence_due": 237,
        "licences_issued": 216,
        "licensing_rate": rate(216, 237),
        "practitioners": 605,
        "examined": 563,
        "exam_rate": rate(563, 605),
        "trained": 527,
        "training_rate": rate(527, 605),
        "by_class": by_class,
        "inspections_by_kind": [
            {"kind": "routine", "label": "日常监督", "visits": 500},
            {"kind": "campaign", "label": "专项整治", "visits": 117},
            {"kind": "random", "label": "双随机", "visits": 0},
        ],
        "opinions": 40,
        "opinions_rectified": 38,
        "samples": 109,
        "samples_failing": 1,
        "monitoring_pass_rate": rate(108, 109),
        "campaigns": [
            {"name": "公共场所专项整治", "units": 60, "visits": 117, "opinions": 9, "cases": 16}
        ],
        "applications": 59,
        "consultations": 150,
        "permits_issued": 59,
        "permits_by_type": [
            {"permit_type": "公共场所卫生许可证", "permits": 57, "commitment": 1},
            {"permit_type": "放射诊疗许可证", "permits": 2, "commitment": 0},
        ],
        "cases": 29,
        "cases_by_violation": [
            {"violation": "未依法取得公共场所卫生许可证擅自营业", "cases": 16},
            {"violation": "非医师行医", "cases": 13},
        ],
        "decided_cases": 27,
        "fines": 36000.0,
        "confiscated_gains": 3875.0,
        "confiscated_items": 2,
        "year_before": {"units": 250, "visits": 600, "cases": 16, "fines": 20000.0},
        "change": {"units": 0.028, "visits": 0.0283, "cases": 0.75, "fines": 0.8},
    }
    figures.update(overrides)
    return figures


def flat(text):
    return re.sub(r"\s+", "", text)


def test_the_seed_county_reads_like_its_report():
    text = flat(narrative_draft(seed_figures()))
    for sentence in (
        "共监督户数257户，其中文化娱乐场所51家（茶楼14家，卡拉OK厅10家，网吧25家，舞厅2家），"
        "公共浴室20家，美容美发138家（美容店38家，理发店100家），旅店业39家（宾馆12家，旅店27家），"
        "其他类9家（游泳池1家，商场5家，候诊室2家，候车室1家）。",
        "监督覆盖率达到了100.00%。",
        "其中已有证单位20家，今年应发证单位237家，实发216家，发证率达到91.14%",
        "监督检查617户次，监督频率为2.4户次",
        "体检人数563人，从业人员的体检率达到了93.06%",
        "培训率达到了87.11%（见表1）。",
        "全年受理各类卫生许可申请59件，提供咨询服务150人次，"
        "办理发放公共场所卫生许可证56个，放射诊疗许可证2个，承诺制发放公共场所卫生许可证1个。",
        "案件查处29起，比去年增长75.00%",
        "罚款36,000.00元，没收违法所得3,875.00元",
        "下达卫生监督意见书40份，经复查已整改38份",
        "采样检测109份，不合格1份，监测合格率为99.08%",
        "开展专项整治1项：“公共场所专项整治”检查60家单位117户次，下达意见书9份，立案查处16起。",
    ):
        assert sentence in text, sentence
    # Kinds without units are not listed; a whole paragraph per subject.
    assert "影剧院" not in text and "双随机" not in text
    assert narrative_draft(seed_figures()).count("\n\n") >= 4


def test_a_half_year_speaks_of_the_same_period_last_year():
    text = narrative_draft(seed_figures(scope={"period": "2024年上半年"}))
    assert "本期应发证单位237家" in text
    assert "上半年受理各类卫生许可申请59件" in text
    assert "比去年同期增长75.00%" in text


def test_zero_denominators_and_missing_rates_print_nothing_odd():
    figures = seed_figures(
        licence_due=0,
        licences_issued=0,
        licensing_rate=None,
        practitioners=0,
        examined=0,
        exam_rate=None,
        trained=0,
        training_rate=None,
        samples=0,
        samples_failing=0,
        monitoring_pass_rate=None,
        change={"cases": None},
        year_before={},
    )
    text = narrative_draft(figures)
    assert "None" not in text and "发证率" not in text and "体检率" not in text
    assert "比去年" not in text and "与去年相比" not in text
    assert "其中已有证单位20家" in flat(text)


def test_nothing_to_say_is_an_empty_draft():
    empty = {
        "scope": {"period": "2024年"},
        "units": 0,
        "coverage_rate": None,
        "frequency": None,
        "by_class": [],
        "campaigns": [],
        "permits_by_type": [],
        "cases_by_violation": [],
        "change": {"cases": None, "units": None},
        "year_before": {"units": 0},
    }
    assert narrative_draft(empty) == ""


def test_a_fall_on_last_year_is_written_as_a_fall():
    text = narrative_draft(seed_figures(change={"cases": -0.25, "visits": 0.0}))
    assert "比去年下降25.00%" in text
    assert "监督检查户次持平（去年600户次）" in text


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (rate(2, 3), "66.67%"),  # rounded half up, as everywhere: never floored to 66%
        (0.9114, "91.14%"),
        (1.0, "100.00%"),
        (0.9999, "99.99%"),
        (0.0, "0.00%"),
    ],
)
def test_rates_are_written_as_everywhere_else(value, shown):
    text = flat(narrative_draft(seed_figures(coverage_rate=value)))
    assert f"监督覆盖率达到了{shown}。" in text


@pytest.mark.parametrize(("value", "shown"), [(14500, "14,500.00"), (12.5, "12.50")])
def test_amounts(value, shown):
    assert f"罚款{shown}元" in flat(narrative_draft(seed_figures(fines=value)))


def test_nobody_trained_is_not_a_rate_of_nought():
    text = narrative_draft(seed_figures(trained=0, training_rate=0.0, exam_rate=1.0))
    assert "培训率" not in text and "以上" not in text
    assert "体检率达到了100.00%" in text


def test_permits_without_applications_still_say_when():
    text = narrative_draft(seed_figures(applications=0, consultations=0))
    assert "全年办理发放公共场所卫生许可证56个，放射诊疗许可证2个" in text


# ---------------------------------------------------------------- seed 000's other sections


def test_campaigns_tell_the_problems_found_and_the_samples():
    campaigns = [
        {
            "id": 7,
            "name": "公共场所专项整治",
            "units": 60,
            "visits": 117,
            "samples": 12,
            "samples_failing": 2,
            "problems": [
                {"name": "无洗衣房和消毒间", "count": 8},
                {"name": "从业人员无健康证上岗", "count": 5},
                {"name": "未发现", "count": 0},
            ],
            "opinions": 9,
            "cases": 16,
        }
    ]
    text = flat(narrative_draft(seed_figures(campaigns=campaigns)))
    assert (
        "“公共场所专项整治”检查60家单位117户次，采样12份、不合格2份，发现的主要问题是"
        "无洗衣房和消毒间（8户次）、从业人员无健康证上岗（5户次），下达意见书9份，立案查处16起。"
    ) in text
    assert "未发现" not in text


def test_the_training_sessions_of_the_summary_are_told_with_date_place_and_attendance():
    sessions = [
        {"id": 1, "date": "2024-07-04", "place": "县党政大楼七楼会议室",
         "topic": "公共场所行业单位负责人培训讲座", "attendance": 511},
        {"id": 2, "date": "2024-03-01", "place": "县卫生监督所", "topic": "理发店培训",
         "attendance": 0},
    ]  # fmt: skip
    text = flat(narrative_draft(seed_figures(training_sessions=sessions)))
    assert (
        "2、卫生培训全年共举办卫生知识培训1次，到会511人次。2024年7月4日，在县党政大楼七楼会议室"
        "举办了“公共场所行业单位负责人培训讲座”，到会人数511人。"
    ) in text


def test_seed_000s_chapters_come_in_order_with_the_places_to_fill():
    text = narrative_draft(seed_figures(facts={"archives": {"units": 257, "complete": 257}}))
    chapters = ["一、档案管理", "二、卫生监督", "三、存在问题", "四、下一年度工作计划"]
    assert [line for line in text.splitlines() if line in chapters] == chapters
    assert "建档率达到了100.00%" in text
    assert "【请填写：存在问题】" in text and "【请填写：明年工作计划】" in text


def test_last_years_sections_are_found_in_its_text():
    last = (
        "一、档案管理\n建档率100%。\n>　　三:存在问题\n　　1、执法力度需进一步提高。\n"
        "　　2、业务水平有待提高。\n五、2025年工作计划\n1、加强培训。\n"
    )
    assert sections_of(last) == {
        "problems": "1、执法力度需进一步提高。2、业务水平有待提高。",
        "plan": "1、加强培训。",
    }
    # A place last year's manager never filled offers nothing.
    assert sections_of("三、存在问题\n【请填写：存在问题】") == {}


def links(key, categories=()):
    return f"/drill/{key}/?c={','.join(categories)}" if key != "coverage_rate" else None


def test_the_numbers_link_in_their_words_and_everything_is_escaped():
    text, marks = narrative_compose(seed_figures())
    edited = text.replace("监督检查617户次，监督频率", "监督检查6170户次，监督频率") + (
        "\n<b>617</b>户次 & 茶楼14家"
    )
    shown = "".join(narrative_html(edited, marks, links))
    assert (
        '共监督户数<a class="figure-link" href="/drill/units/?c=" title="查看明细">257</a>户'
        in shown
    )
    assert "茶楼<a" in shown  # a kind links to its units of that kind
    assert "监督检查6170户次" in shown  # typed by the manager: plain
    assert "&lt;b&gt;617&lt;/b&gt;户次 &amp; 茶楼" in shown
    assert "<b>" not in shown


def test_the_office_figures_added_to_the_summary_are_told_when_there():
    text = flat(
        narrative_draft(
            seed_figures(
                officer_visits=1234,
                draws=[{"id": 1, "name": "第一批", "date": "2024-03-01", "units": 20, "inspected": 19}],
                campaigns=[{"id": 3, "name": "整治", "units": 5, "visits": 6, "penalised_units": 16}],
                domains=[
                    {"domain": "pp", "domain_name": "公共场所", "units": 257, "visits": 617,
                     "categories": ["pp.x"]},
                    {"domain": "water", "domain_name": "生活饮用水", "units": 12, "visits": 0},
                ],
            )
        )
    )  # fmt: skip
    assert "专项整治117户次，出动监督员1234人次" in text
    assert "开展随机抽查1次，抽取单位20户，已完成检查19户，完成率为95.00%。" in text
    assert "“整治”检查5家单位6户次，已对16家单位进行了处罚。" in text
    assert "按专业分，公共场所监督户数257户、监督检查617户次；生活饮用水监督户数12户。" in text


def test_kinds_named_with_brackets_link_only_their_own_count():
    groups = [group("其他", kind("商场（店）", 5, category="mall"), kind("候诊室", 5, category="wait"),
                    kind("游泳场（馆）", 1, category="pool"))]  # fmt: skip
    text, marks = narrative_compose(seed_figures(by_class=groups))
    shown = "".join(narrative_html(text + "\n另有涉及单位1家。", marks, links))
    assert '商场（店）<a class="figure-link" href="/drill/units/?c=mall"' in shown
    assert '候诊室<a class="figure-link" href="/drill/units/?c=wait"' in shown
    assert "涉及单位1家" in shown  # a bare 1 is not the pool's count


def test_a_session_others_came_to_tells_everyone_and_the_domains_own():
    session = {"id": 4, "date": "2025-07-04", "place": "县党政大楼七楼会议室",
               "topic": "卫生知识培训", "attendance": 563}  # fmt: skip
    figures = seed_figures(
        scope={"period": "2025年", "domain": "public_places", "domain_name": "公共场所"},
        training_sessions=[session],
        facts={"training_sessions": [{**session, "total": 713}]},
    )
    text = flat(narrative_draft(figures))
    assert "到会人数713人，其中公共场所从业人员563人。" in text


def test_the_headings_are_shown_as_headings():
    text, marks = narrative_compose(seed_figures())
    shown = narrative_html(text, marks, links)
    assert "<strong>一、卫生监督</strong>" in shown
    assert "<strong>1、监督覆盖率、体检率和培训率</strong>" in shown


def test_the_exam_rate_is_written_against_those_who_must_hold_a_certificate():
    """600 staff, 560 serving customers, 540 examined: 96.43%, and the sentence names the
    560 so that the rate does not read as 540 of 600."""
    text = flat(
        narrative_draft(
            seed_figures(practitioners=600, exam_due=560, examined=540, exam_rate=540 / 560)
        )
    )
    assert "从业人员600人，其中须持健康合格证明的560人，体检人数540人，" in text
    assert "须持证从业人员的体检率达到了96.43%" in text
