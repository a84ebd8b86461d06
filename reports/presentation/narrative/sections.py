"""The paragraphs of the draft that tell more than the statistics (seed 000): the opening,
the units' files (一、档案管理), the training sessions, the samples that failed and what was
ordered, the campaigns with the problems they found, the complaints, and the places left
for the manager's own judgement (存在问题, next year's plan), offering last year's text.

``f`` is the summary's figures; ``facts`` what reports.presentation.narrative.facts found
(figures["facts"]). Figures added to the summary later are read with .get()."""

import datetime
import re

from core import formatting
from reports.counting.rates import rate
from reports.presentation.document import chinese_date
from reports.presentation.narrative.common import m, n, span
from reports.presentation.narrative.marks import mark
from reports.scope import supervision

SESSIONS_LISTED = 5


def domain_name(f) -> str:
    """The domain as the text names it ("公共场所"), or "" for all domains."""
    scope = f.get("scope") or {}
    return scope.get("domain_name", "") if scope.get("domain") else ""


def _date(value: str) -> str:
    return chinese_date(datetime.date.fromisoformat(value))


def opening_paragraph(f) -> str:
    period = (f.get("scope") or {}).get("period", "")
    domain = domain_name(f)
    return (
        f"{period}，我所认真贯彻全国卫生监督工作会议精神，全面加强{supervision(domain)}工作，"
        f"加大卫生监督执法力度，坚持依法行政，充分发挥卫生监督机构的保障职责，"
        f"{supervision(domain)}工作取得了一定成效。现将工作情况总结如下："
    )


def archives_paragraph(f, facts) -> str:
    files = facts.get("archives") or {}
    if not files.get("units"):
        return ""
    units, complete = files["units"], files.get("complete", 0)
    domain = domain_name(f) or "被监督"
    return (
        f"对辖区内{domain}单位建立档案{mark(units, 'units')}户，"
        f"其中档案信息完整（统一社会信用代码、法定代表人、联系电话齐全）的{complete}户，"
        f"建档率达到了{formatting.rate(rate(complete, units))}。"
        "单位的开业、变更、停业和关闭均及时登记，做到档案资料及时增减、保持最新。"
    )


def _sessions(f, facts) -> list[dict]:
    return f.get("training_sessions") or facts.get("training_sessions") or []


def training_paragraph(f, facts) -> str:
    sessions = [s for s in _sessions(f, facts) if s.get("attendance")]
    if not sessions:
        return ""
    total = f.get("training_attendance")
    if not isinstance(total, int):
        total = sum(s["attendance"] for s in sessions)
    listed = sorted(sessions, key=lambda s: -s["attendance"])[:SESSIONS_LISTED]
    listed.sort(key=lambda s: (s["date"], s["id"]))
    totals = {s["id"]: s.get("total") for s in facts.get("training_sessions") or []}
    told = []
    for s in listed:
        day = mark(_date(s["date"]), route="licensing:training_detail", pk=s["id"])
        came = mark(s["attendance"], route="licensing:training_detail", pk=s["id"])
        text = f"{day}，在{s['place']}举办了“{s['topic']}”，到会人数{came}人"
        came_in_all = totals.get(s["id"]) or 0
        if came_in_all > s["attendance"]:  # others came too (of other domains or places)
            everyone = mark(came_in_all, route="licensing:training_detail", pk=s["id"])
            text = (
                f"{day}，在{s['place']}举办了“{s['topic']}”，到会人数{everyone}人，"
                f"其中{domain_name(f) or '本辖区'}从业人员{came}人"
            )
        told.append(text)
    text = f"{span(f)}共举办卫生知识培训{len(sessions)}次，到会{total}人次。"
    if len(sessions) > len(listed):
        text += f"其中参加人数较多的{len(listed)}次："
    return text + "；".join(told) + "。"


def _order(s) -> str:
    if s.get("order") == "opinion":
        number = mark(s["opinion_number"], route="inspections:opinion_detail", pk=s["opinion_id"])
        text = f"，对其下达了卫生监督意见书（{number}），责令限期整改（整改期限至{_date(s['deadline'])}）"
        return text + ("，经复查已整改" if s.get("rectified") else "")
    if s.get("order") == "referred":
        return "，已移送立案查处"
    return "，" + place_to_fill("处理情况（检查记录中未见意见书或立案）")


def monitoring_paragraph(f, facts) -> str:
    if not n(f, "samples"):
        return ""
    text = f"{span(f)}采样检测{m(f, 'samples')}份，不合格{m(f, 'samples_failing')}份"
    if f.get("monitoring_pass_rate") is not None:
        text += f"，监测合格率为{formatting.rate(f['monitoring_pass_rate'])}"
    text += "。"
    failing = facts.get("failing_samples") or []
    for s in failing:
        day = mark(_date(s["date"]), route="inspections:inspection_detail", pk=s["inspection_id"])
        where = f"（{s['location']}）" if s.get("location") else ""
        items = "、".join(s.get("items") or []) or "检测结果"
        text += (
            f"{day}对{s['unit']}的{s['sample_type']}{where}进行检验，"
            f"{items}不符合国家卫生要求{_order(s)}。"
        )
    if failing and n(f, "samples_failing") > len(failing):
        text += f"其余{n(f, 'samples_failing') - len(failing)}份不合格样品的处理情况见明细。"
    return text


def _campaign(c) -> str:
    def counted(key):
        if not c.get("id"):
            return str(c.get(key, 0))
        return mark(c.get(key, 0), route="inspections:campaign_detail", pk=c["id"])

    text = f"“{c['name']}”检查{counted('units')}家单位{counted('visits')}户次"
    if c.get("samples"):
        text += f"，采样{counted('samples')}份"
        if c.get("samples_failing"):
            text += f"、不合格{counted('samples_failing')}份"
    problems = [p for p in c.get("problems") or [] if p.get("count")]
    if problems:
        text += "，发现的主要问题是" + "、".join(
            f"{p['name']}（{p['count']}户次）" for p in problems
        )
    if c.get("opinions"):
        text += f"，下达意见书{counted('opinions')}份"
    if c.get("cases"):
        text += f"，立案查处{counted('cases')}起"
    if c.get("penalised_units"):
        text += f"，已对{counted('penalised_units')}家单位进行了处罚"
    return text


def campaigns_paragraph(f) -> str:
    campaigns = f.get("campaigns") or []
    if not campaigns:
        return ""
    return f"开展专项整治{len(campaigns)}项：" + "；".join(_campaign(c) for c in campaigns) + "。"


def draws_paragraph(f) -> str:
    """The random draws (双随机): how many, the units drawn and those inspected."""
    draws = [d for d in f.get("draws") or [] if d.get("units")]
    if not draws:
        return ""
    drawn = sum(d["units"] for d in draws)
    inspected = sum(d.get("inspected", 0) for d in draws)
    return (
        f"按照“双随机、一公开”的要求，{span(f)}开展随机抽查{len(draws)}次，"
        f"抽取单位{mark(drawn, 'drawn_units')}户，"
        f"已完成检查{mark(inspected, 'drawn_units_inspected')}户"
        f"，完成率为{formatting.rate(rate(inspected, drawn))}。"
    )


def domains_paragraph(f) -> str:
    """Of all domains, each domain's units and visits (figures["domains"])."""
    blocks = [d for d in f.get("domains") or [] if d.get("units")]
    if len(blocks) < 2:
        return ""
    told = []
    for d in blocks:
        codes = d.get("categories") or ()
        text = f"{d['domain_name']}监督户数{mark(d['units'], 'units', categories=codes)}户"
        if d.get("visits"):
            text += f"、监督检查{mark(d['visits'], 'visits', categories=codes)}户次"
        told.append(text)
    return "按专业分，" + "；".join(told) + "。"


def complaints_paragraph(f) -> str:
    if not n(f, "complaints") and not n(f, "complaints_closed"):
        return ""
    return (
        f"{span(f)}受理投诉举报{m(f, 'complaints')}件，"
        f"办结{m(f, 'complaints_closed')}件，做到件件有落实、事事有回音。"
    )


# ---------------------------------------------------------------- the manager's places

TOP_HEADING = re.compile(r"^[一二三四五六七八九十]+\s*[、:：.．]")
LAST_YEAR_SECTIONS = {
    "problems": re.compile(
        r"^[一二三四五六七八九十]+\s*[、:：.．]\s*(当前|目前)?存在(的)?(主要)?问题"
    ),
    "plan": re.compile(r"^[一二三四五六七八九十]+\s*[、:：.．].*(计划|打算|思路|重点)"),
}


def sections_of(narrative: str) -> dict[str, str]:
    """Last year's 存在问题 and plan sections (their text, lines joined), where written and
    filled in (a place still to fill is no text)."""
    found, current = {}, None
    for raw in (narrative or "").splitlines():
        line = re.sub(r"^[>\s　]+", "", raw).strip()
        if not line:
            continue
        if TOP_HEADING.match(line):
            current = next((k for k, p in LAST_YEAR_SECTIONS.items() if p.match(line)), None)
            if current:
                found.setdefault(current, [])
            continue
        if current:
            found[current].append(line)
    return {
        key: "".join(lines)
        for key, lines in found.items()
        if lines and not any("【请填写" in line for line in lines)
    }


PLACES = (
    ("problems", "存在问题", "存在问题"),
    ("plan", "下一年度工作计划", "明年工作计划"),
)


PLACE_TO_FILL = re.compile(r"【请填写：([^。】]*)[^】]*】")


def places_to_fill(text: str) -> list[str]:
    """What a narrative still leaves for the manager ("存在问题", …), once each."""
    return list(dict.fromkeys(PLACE_TO_FILL.findall(text or "")))


def place_to_fill(what: str, before: str = "") -> str:
    """A clearly marked place for the manager, offering last year's text."""
    if before:
        return f"【请填写：{what}。去年总结的写法，供参考修改：{before}】"
    return f"【请填写：{what}】"
