"""The fourth stage of the reports pipeline: the figures. The catalogue (catalogue.py) says
what each figure is (label, definition, unit, kind); summary.py assembles them from a
scope's counts, with the year before."""

from reports.figures.catalogue import FIGURES, GAPS, Figure, figure
from reports.figures.summary import COMPARED, COMPARED_RATES, by_class, core, summary

__all__ = [
    "COMPARED",
    "COMPARED_RATES",
    "FIGURES",
    "GAPS",
    "Figure",
    "by_class",
    "core",
    "figure",
    "summary",
]
