"""The paragraphs of the draft written from the figures alone: units, coverage, licensing
and practitioners (seed 000's 二.1, with table 1), inspections and opinions, licensing
work, cases and fines, and the comparison with last year.

Numbers are written as everywhere else (core.formatting: "发证率达到91.14%", never rounded
down); a rate whose denominator was 0 (None) is left out, never printed as "None". Each
count is marked to its records (reports.presentation.narrative.marks)."""

from core import formatting
from reports.figures.catalogue import FIGURES
from reports.presentation.narrative.common import has, last_year, m, n, span, trend, whole_year
from reports.presentation.narrative.marks import mark


def _codes(kinds) -> list[str]:
    return [k["category"] for k in kinds if k.get("category")]


def _class_text(group) -> str:
    kinds = [k for k in group.get("kinds", []) if k.get("units")]
    text = f"{group['class']}{mark(group['units'], 'units', categories=_codes(kinds))}家"
    if len(kinds) == 1 and kinds[0]["kind"] == group["class"]:
        return text
    if kinds:
        text += (
            "（"
            + "，".join(
                f"{k['kind']}{mark(k['units'], 'units', categories=_codes([k]))}家" for k in kinds
            )
            + "）"
        )
    return text


def units_paragraph(f) -> str:
    if not n(f, "units"):
        return ""
    classes = [g for g in f.get("by_class", []) if g.get("units")]
    text = f"共监督户数{m(f, 'units')}户"
    if classes:
        text += "，其中" + "，".join(_class_text(g) for g in classes)
    text += "。"
    if has(f, "coverage_rate"):
        text += f"监督覆盖率达到了{formatting.rate(f['coverage_rate'])}。"
    clauses = []
    this_period = "今年" if whole_year(f) else "本期"
    licensing = f"其中已有证单位{m(f, 'licensed_before')}家"
    if n(f, "licence_due"):
        licensing += (
            f"，{this_period}应发证单位{m(f, 'licence_due')}家，实发{m(f, 'licences_issued')}家"
        )
        if has(f, "licensing_rate"):
            licensing += f"，发证率达到{formatting.rate(f['licensing_rate'])}"
    clauses.append(licensing)
    if n(f, "visits"):
        visits = f"监督检查{m(f, 'visits')}户次"
        if has(f, "frequency"):
            visits += f"，监督频率为{formatting.frequency(f['frequency'])}户次"
        clauses.append(visits)
    if n(f, "practitioners"):
        people = f"从业人员{m(f, 'practitioners')}人"
        # 体检率 is of those who must hold a health certificate (exam_due): name them when
        # they are fewer than all staff, so the rate reads against its own denominator
        fewer = has(f, "exam_due") and n(f, "exam_due") != n(f, "practitioners")
        if fewer:
            people += f"，其中须持健康合格证明的{m(f, 'exam_due')}人"
        people += f"，体检人数{m(f, 'examined')}人"
        if n(f, "examined") and has(f, "exam_rate"):
            whose = "须持证从业人员" if fewer else "从业人员"
            people += f"，{whose}的体检率达到了{formatting.rate(f['exam_rate'])}"
        clauses.append(people)
        if n(f, "trained") and has(f, "training_rate"):
            clauses.append(
                f"培训人数{m(f, 'trained')}人，培训率达到了{formatting.rate(f['training_rate'])}"
            )
    return text + "，".join(clauses) + "（见表1）。"


def inspections_paragraph(f) -> str:
    kinds = [k for k in f.get("inspections_by_kind", []) if k.get("visits")]
    parts = []
    if kinds and n(f, "visits"):
        text = f"{span(f)}监督检查{m(f, 'visits')}户次，其中" + "，".join(
            f"{k['label']}{k['visits']}户次" for k in kinds
        )
        if n(f, "officer_visits"):
            text += f"，出动监督员{m(f, 'officer_visits')}人次"
        if has(f, "pass_rate"):
            text += (
                f"；检查合格{m(f, 'compliant_visits')}户次，"
                f"合格率为{formatting.rate(f['pass_rate'])}"
            )
        parts.append(text)
    if n(f, "opinions"):
        parts.append(
            f"针对检查发现的问题下达卫生监督意见书{m(f, 'opinions')}份，"
            f"经复查已整改{m(f, 'opinions_rectified')}份"
        )
    return "；".join(parts) + "。" if parts else ""


def licensing_paragraph(f) -> str:
    parts = []
    if n(f, "applications"):
        parts.append(f"{span(f)}受理各类卫生许可申请{m(f, 'applications')}件")
    if n(f, "consultations"):
        parts.append(f"提供咨询服务{m(f, 'consultations')}人次")
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
    if parts and not n(f, "applications"):
        parts[0] = span(f) + parts[0]
    return "，".join(parts) + "。" if parts else ""


def cases_paragraph(f) -> str:
    if not n(f, "cases") and not n(f, "decided_cases"):
        return ""
    parts = []
    if n(f, "cases"):
        text = f"案件查处{m(f, 'cases')}起"
        change = trend((f.get("change") or {}).get("cases"), f)
        if change:
            text += f"，{change}"
        violations = [v for v in f.get("cases_by_violation") or [] if v.get("cases")]
        if violations:
            text += "，其中" + "，".join(f"{v['violation']}{v['cases']}起" for v in violations)
        parts.append(text)
    if n(f, "decided_cases"):
        text = f"作出行政处罚决定{m(f, 'decided_cases')}起"
        if n(f, "penalised_units"):
            text += f"，涉及单位{m(f, 'penalised_units')}家"
        if n(f, "fines"):
            text += f"，罚款{m(f, 'fines', formatting.money(f['fines']))}元"
        if n(f, "confiscated_gains"):
            gains = formatting.money(f["confiscated_gains"])
            text += f"，没收违法所得{m(f, 'confiscated_gains', gains)}元"
        if n(f, "confiscated_items"):
            text += f"，没收药品、器械{m(f, 'confiscated_items')}批"
        parts.append(text)
    return "；".join(parts) + "。"


COMPARED = ("units", "visits", "licences_issued", "examined", "trained", "fines")


def comparison_paragraph(f) -> str:
    before, change = f.get("year_before") or {}, f.get("change") or {}
    parts = []
    for key in COMPARED:
        if change.get(key) is None or key not in before:
            continue
        figure = FIGURES[key]
        label, unit, was = figure.label, figure.unit, figure.text(before[key])
        moved = (
            trend(change[key], f).replace(f"比{last_year(f)}", "").replace(f"与{last_year(f)}", "")
        )
        parts.append(f"{label}{moved}（{last_year(f)}{was}{unit}）")
    if not parts:
        return ""
    return f"与{last_year(f)}相比，" + "，".join(parts) + "。"
