"""The narrative draft of a summary: Chinese prose written from the figures, in the style of
the county reports (seed 000), for the manager to edit.

Each paragraph is written only when it has data. Numbers are written as everywhere else
(core.formatting: "发证率达到91.14%", never rounded down); a rate whose denominator was 0
(None) is left out, never printed as "None". Paragraphs are separated by a blank line.
"""

import re

from core import formatting
from reports.figures.catalogue import FIGURES


def change_percent(change) -> str:
    """A relative change without its sign (the sentence says 增长 or 下降): 0.7586 → "75.86%"."""
    return formatting.rate(abs(formatting.decimal(change)))


def _whole_year(figures) -> bool:
    scope = figures.get("scope") or {}
    return bool(re.fullmatch(r"\d{4}年", scope.get("period", "")))


def _span(figures) -> str:
    """How the period is named in a sentence: 全年, 上半年, 第一季度, or 期内."""
    label = (figures.get("scope") or {}).get("period", "")
    if _whole_year(figures):
        return "全年"
    rest = re.sub(r"^\d{4}年", "", label)
    return rest if rest and "至" not in rest else "期内"


def _last_year(figures) -> str:
    return "去年" if _whole_year(figures) else "去年同期"


def _n(figures, key) -> int:
    return figures.get(key) or 0


def _has(figures, key) -> bool:
    return figures.get(key) is not None


# ---------------------------------------------------------------- paragraphs


def _class_text(group) -> str:
    kinds = [k for k in group.get("kinds", []) if k.get("units")]
    text = f"{group['class']}{group['units']}家"
    if len(kinds) == 1 and kinds[0]["kind"] == group["class"]:
        return text
    if kinds:
        text += "（" + "，".join(f"{k['kind']}{k['units']}家" for k in kinds) + "）"
    return text


def _units_paragraph(f) -> str:
    if not _n(f, "units"):
        return ""
    classes = [g for g in f.get("by_class", []) if g.get("units")]
    text = f"共监督户数{f['units']}户"
    if classes:
        text += "，其中" + "，".join(_class_text(g) for g in classes)
    text += "。"
    if _has(f, "coverage_rate"):
        text += f"监督覆盖率达到了{formatting.rate(f['coverage_rate'])}。"
    clauses = []
    this_period = "今年" if _whole_year(f) else "本期"
    licensing = f"其中已有证单位{_n(f, 'licensed_before')}家"
    if _n(f, "licence_due"):
        licensing += (
            f"，{this_period}应发证单位{f['licence_due']}家，实发{_n(f, 'licences_issued')}家"
        )
        if _has(f, "licensing_rate"):
            licensing += f"，发证率达到{formatting.rate(f['licensing_rate'])}"
    clauses.append(licensing)
    if _n(f, "visits"):
        visits = f"监督检查{f['visits']}户次"
        if _has(f, "frequency"):
            visits += f"，监督频率为{formatting.frequency(f['frequency'])}户次"
        clauses.append(visits)
    if _n(f, "practitioners"):
        people = f"从业人员{f['practitioners']}人，体检人数{_n(f, 'examined')}人"
        if _n(f, "examined") and _has(f, "exam_rate"):
            people += f"，从业人员的体检率达到了{formatting.rate(f['exam_rate'])}"
        clauses.append(people)
        if _n(f, "trained") and _has(f, "training_rate"):
            clauses.append(
                f"培训人数{f['trained']}人，培训率达到了{formatting.rate(f['training_rate'])}"
            )
    return text + "，".join(clauses) + "（见表1）。"


def _inspections_paragraph(f) -> str:
    kinds = [k for k in f.get("inspections_by_kind", []) if k.get("visits")]
    parts = []
    if kinds and _n(f, "visits"):
        text = f"{_span(f)}监督检查{f['visits']}户次，其中" + "，".join(
            f"{k['label']}{k['visits']}户次" for k in kinds
        )
        if _has(f, "pass_rate"):
            text += f"；检查合格{_n(f, 'compliant_visits')}户次，合格率为{formatting.rate(f['pass_rate'])}"
        parts.append(text)
    if _n(f, "opinions"):
        parts.append(
            f"针对检查发现的问题下达卫生监督意见书{f['opinions']}份，"
            f"经复查已整改{_n(f, 'opinions_rectified')}份"
        )
    if _n(f, "samples"):
        text = f"采样检测{f['samples']}份，不合格{_n(f, 'samples_failing')}份"
        if _has(f, "monitoring_pass_rate"):
            text += f"，监测合格率为{formatting.rate(f['monitoring_pass_rate'])}"
        parts.append(text)
    return "；".join(parts) + "。" if parts else ""


def _campaigns_paragraph(f) -> str:
    campaigns = f.get("campaigns") or []
    if not campaigns:
        return ""
    items = []
    for c in campaigns:
        text = f"“{c['name']}”检查{c.get('units', 0)}家单位{c.get('visits', 0)}户次"
        if c.get("opinions"):
            text += f"，下达意见书{c['opinions']}份"
        if c.get("cases"):
            text += f"，立案查处{c['cases']}起"
        items.append(text)
    return f"开展专项整治{len(campaigns)}项：" + "；".join(items) + "。"


def _licensing_paragraph(f) -> str:
    parts = []
    if _n(f, "applications"):
        parts.append(f"{_span(f)}受理各类卫生许可申请{f['applications']}件")
    if _n(f, "consultations"):
        parts.append(f"提供咨询服务{f['consultations']}人次")
    permits = [p for p in f.get("permits_by_type") or [] if p.get("permits")]
    ordinary = [
        f"{p['permit_type']}{p['permits'] - p.get('commitment', 0)}个"
        for p in permits
        if p["permits"] - p.get("commitment", 0)
    ]
    if ordinary:
        parts.append("办理发放" + "，".join(ordinary))
    for p in permits:
        if p.get("commitment"):
            parts.append(f"承诺制发放{p['permit_type']}{p['commitment']}个")
    if parts and not _n(f, "applications"):
        parts[0] = _span(f) + parts[0]
    return "，".join(parts) + "。" if parts else ""


def _cases_paragraph(f) -> str:
    if not _n(f, "cases") and not _n(f, "decided_cases"):
        return ""
    parts = []
    if _n(f, "cases"):
        text = f"案件查处{f['cases']}起"
        change = (f.get("change") or {}).get("cases")
        if change is not None:
            if change > 0:
                text += f"，比{_last_year(f)}增长{change_percent(change)}"
            elif change < 0:
                text += f"，比{_last_year(f)}下降{change_percent(change)}"
            else:
                text += f"，与{_last_year(f)}持平"
        violations = [v for v in f.get("cases_by_violation") or [] if v.get("cases")]
        if violations:
            text += "，其中" + "，".join(f"{v['violation']}{v['cases']}起" for v in violations)
        parts.append(text)
    if _n(f, "decided_cases"):
        text = f"作出行政处罚决定{f['decided_cases']}起"
        if _n(f, "fines"):
            text += f"，罚款{formatting.money(f['fines'])}元"
        if _n(f, "confiscated_gains"):
            text += f"，没收违法所得{formatting.money(f['confiscated_gains'])}元"
        if _n(f, "confiscated_items"):
            text += f"，没收药品、器械{f['confiscated_items']}批"
        parts.append(text)
    return "；".join(parts) + "。"


COMPARED = ("units", "visits", "licences_issued", "examined", "trained", "fines")


def _comparison_paragraph(f) -> str:
    before, change = f.get("year_before") or {}, f.get("change") or {}
    parts = []
    for key in COMPARED:
        if change.get(key) is None or key not in before:
            continue
        figure = FIGURES[key]
        label, unit, was = figure.label, figure.unit, figure.text(before[key])
        if change[key] > 0:
            trend = f"增长{change_percent(change[key])}"
        elif change[key] < 0:
            trend = f"下降{change_percent(change[key])}"
        else:
            trend = "持平"
        parts.append(f"{label}{trend}（{_last_year(f)}{was}{unit}）")
    if not parts:
        return ""
    return f"与{_last_year(f)}相比，" + "，".join(parts) + "。"


PARAGRAPHS = (
    _units_paragraph,
    _inspections_paragraph,
    _campaigns_paragraph,
    _licensing_paragraph,
    _cases_paragraph,
    _comparison_paragraph,
)


def narrative_draft(figures: dict) -> str:
    """The draft text for ``figures`` (reports.figures.summary), paragraphs separated by a
    blank line; empty when there is nothing to say."""
    return "\n\n".join(p for p in (paragraph(figures) for paragraph in PARAGRAPHS) if p)
