"""A summary's charts, and the summary as a PDF through the one document pipeline (core/documents.py): the office's
name, A4 and page numbers come from templates/documents/base.html."""

from django.utils import timezone

from core.documents import render_pdf
from reports.figures.catalogue import FIGURES
from reports.presentation.charts import Series, bar_chart
from reports.presentation.summary_tables import groups_of, summary_tables


def paragraphs(narrative: str) -> list[str]:
    """The narrative's paragraphs: split on blank lines or single line breaks."""
    return [p.strip() for p in (narrative or "").splitlines() if p.strip()]


def summary_pdf(*, title: str, figures: dict, narrative: str, computed_at=None, status="") -> bytes:
    tables = summary_tables(figures)
    return render_pdf(
        "documents/summary.html",
        {
            "title": title,
            "scope": figures.get("scope") or {},
            "paragraphs": paragraphs(narrative),
            "tables": [t.shown(pdf=True) for t in tables],
            "charts": summary_charts(figures),
            "computed_at": timezone.localtime(computed_at or timezone.now()),
            "status": status,
        },
    )


# ---------------------------------------------------------------- charts


def summary_charts(f: dict) -> list:
    """Inline SVG charts: units and units inspected by class, the main rates against the
    year before, and visits by kind of inspection."""
    charts = []
    groups = groups_of(f.get("by_category") or [])
    if groups:
        charts.append(
            bar_chart(
                [g["class"] for g in groups],
                [
                    Series("监督户数", [sum(r["units"] for r in g["kinds"]) for g in groups]),
                    Series(
                        "已监督户数",
                        [sum(r["inspected_units"] for r in g["kinds"]) for g in groups],
                    ),
                ],
                title="各类别监督户数",
            )
        )
    before = f.get("year_before") or {}
    rates = (
        "coverage_rate",
        "licensing_rate",
        "exam_rate",
        "training_rate",
        "pass_rate",
        "monitoring_pass_rate",
    )
    series = [Series("本期", [f.get(key) for key in rates])]
    if before:
        series.append(Series("去年同期", [before.get(key) for key in rates]))
    labels = [FIGURES[key].label for key in rates]
    charts.append(bar_chart(labels, series, title="主要指标", percent=True))
    kinds = f.get("inspections_by_kind") or []
    if kinds:
        charts.append(
            bar_chart(
                [k["label"] for k in kinds],
                [Series("户次", [k["visits"] for k in kinds])],
                title="各类监督检查户次",
                height=220,
            )
        )
    return charts
