"""A summary's charts, and the summary as a PDF through the one document pipeline
(core/documents.py): A4 and page numbers come from templates/documents/base.html, what is
printed from document.py (the Word file prints the same)."""

from core.documents import render_pdf
from reports.figures.catalogue import FIGURES
from reports.presentation.charts import Series, bar_chart
from reports.presentation.document import TABLE1, paragraphs, summary_document
from reports.presentation.summary_tables import groups_of

__all__ = ["paragraphs", "summary_charts", "summary_pdf"]


def summary_pdf(**fields) -> bytes:
    """The summary as a PDF; ``fields`` are summary_document's (the Word file takes the same)."""
    doc = summary_document(**fields)
    figures = fields["figures"]
    return render_pdf(
        "documents/summary.html",
        {
            "doc": doc,
            "title": doc.title,
            "tables": [t.shown(pdf=True, merge=t.key == TABLE1) for t in doc.tables],
            "charts": summary_charts(figures),
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
                width=max(640, 90 * len(groups)),  # room for each class's name
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
