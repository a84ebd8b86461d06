"""What every paragraph of the draft uses: how the period is named, and the figures read
safely (a figure missing from an older snapshot, or from a summary computed before a
figure was added, reads as nothing)."""

import re

from core import formatting
from reports.presentation.narrative.marks import mark


def change_percent(change) -> str:
    """A relative change without its sign (the sentence says 增长 or 下降): 0.7586 → "75.86%"."""
    return formatting.rate(abs(formatting.decimal(change)))


def whole_year(figures) -> bool:
    scope = figures.get("scope") or {}
    return bool(re.fullmatch(r"\d{4}年", scope.get("period", "")))


def span(figures) -> str:
    """How the period is named in a sentence: 全年, 上半年, 第一季度, or 期内."""
    label = (figures.get("scope") or {}).get("period", "")
    if whole_year(figures):
        return "全年"
    rest = re.sub(r"^\d{4}年", "", label)
    return rest if rest and "至" not in rest else "期内"


def last_year(figures) -> str:
    return "去年" if whole_year(figures) else "去年同期"


def n(figures, key) -> int:
    return figures.get(key) or 0


def has(figures, key) -> bool:
    return figures.get(key) is not None


def m(figures, key, text=None, *, categories=()) -> str:
    """The figure ``key`` written (as a count unless ``text``) and marked to its records."""
    return mark(str(n(figures, key)) if text is None else text, key, categories=categories)


def trend(change, figures) -> str:
    """ "比去年增长75.00%", "比去年下降25.00%", "与去年持平"; "" without a change."""
    if change is None:
        return ""
    if change > 0:
        return f"比{last_year(figures)}增长{change_percent(change)}"
    if change < 0:
        return f"比{last_year(figures)}下降{change_percent(change)}"
    return f"与{last_year(figures)}持平"
