"""The narrative draft of a summary: Chinese prose written from the figures, in the order
and style of the county's reports (seed 000), for the manager to edit.

一、档案管理; 二、the supervision work (1 coverage, licensing, examinations and training
with table 1; then training sessions, monitoring and failing samples, campaigns, cases and
fines, licensing, complaints, the comparison with last year, each numbered as it comes);
三、存在问题 and 四、next year's plan, the manager's judgement, as marked places offering last
year's text. Each paragraph is written only when it has data; nothing to say is "".

``narrative_compose`` gives the text and the marks of its numbers (marks.py), which the
saved summary's page links to their records (html.py)."""

from reports.presentation.narrative import sections as s
from reports.presentation.narrative import statistics as st
from reports.presentation.narrative.common import change_percent
from reports.presentation.narrative.marks import unmark
from reports.presentation.narrative.sections import sections_of
from reports.scope import supervision

__all__ = ["change_percent", "narrative_compose", "narrative_draft", "sections_of"]

NUMERALS = "一二三四五六七八九十"


def _rates_title(f) -> str:
    """Seed 000's "监督覆盖率、体检率和培训率", naming only the rates the paragraph gives."""
    names = [
        name
        for name, rate_key, count_key in (
            ("监督覆盖率", "coverage_rate", "units"),
            ("体检率", "exam_rate", "examined"),
            ("培训率", "training_rate", "trained"),
        )
        if f.get(rate_key) is not None and f.get(count_key) and f.get("practitioners", 1)
    ]
    if not names:
        return "监督检查"
    return names[0] if len(names) == 1 else "、".join(names[:-1]) + "和" + names[-1]


def _supervision(f, facts) -> list[tuple[str, str]]:
    """(title, paragraph) of the supervision work, those with data."""
    first = "\n".join(
        p for p in (st.units_paragraph(f), s.domains_paragraph(f), st.inspections_paragraph(f)) if p
    )
    return [
        (title, text)
        for title, text in (
            (_rates_title(f), first),
            ("卫生培训", s.training_paragraph(f, facts)),
            ("双随机抽查", s.draws_paragraph(f)),
            ("卫生监测", s.monitoring_paragraph(f, facts)),
            ("专项整治", s.campaigns_paragraph(f)),
            ("案件查处", st.cases_paragraph(f)),
            ("卫生许可", st.licensing_paragraph(f)),
            ("投诉举报", s.complaints_paragraph(f)),
            ("与去年比较", st.comparison_paragraph(f)),
        )
        if text
    ]


def _marked_draft(f: dict, last_year: dict) -> str:
    facts = f.get("facts") or {}
    archives = s.archives_paragraph(f, facts)
    work = _supervision(f, facts)
    if not archives and not work:
        return ""
    parts = [s.opening_paragraph(f)]
    chapters = []
    if archives:
        chapters.append(("档案管理", archives))
    if work:
        body = "\n\n".join(f"{i}、{title}\n{text}" for i, (title, text) in enumerate(work, 1))
        chapters.append((supervision(s.domain_name(f)), body))
    for key, title, what in s.PLACES:
        chapters.append((title, s.place_to_fill(what, last_year.get(key, ""))))
    for numeral, (title, body) in zip(NUMERALS, chapters, strict=False):
        parts.append(f"{numeral}、{title}\n{body}")
    return "\n\n".join(parts)


def narrative_compose(figures: dict, *, last_year: dict | None = None):
    """(text, marks): the draft for ``figures`` (reports.figures.summary, with
    figures["facts"] where found), paragraphs separated by blank lines, and the marks of
    its numbers. ``last_year``: last year's sections (``sections_of``) offered in the
    places for the manager."""
    return unmark(_marked_draft(figures, last_year or {}))


def narrative_draft(figures: dict, *, last_year: dict | None = None) -> str:
    return narrative_compose(figures, last_year=last_year)[0]
