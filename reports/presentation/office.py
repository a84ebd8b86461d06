"""The summary page's office-wide sections (issue #19): the block of each domain
(各专业监督情况), the officers sent, the training sessions and the random draws, and the
cases by statistics group. Every count links to its records (reports:drill): a domain's
units and work by its kinds (as table 1's cells), its cases by the domain's scope."""

from urllib.parse import urlencode

from django.urls import reverse

from reports.figures.catalogue import FIGURES
from reports.presentation.page import Links
from reports.scope import Scope

# The columns of 各专业监督情况 (headers and kinds from the catalogue).
DOMAIN_COLUMNS = (
    "units",
    "inspected_units",
    "coverage_rate",
    "visits",
    "frequency",
    "opinions",
    "samples",
    "samples_failing",
    "cases",
    "decided_cases",
    "fines",
)
# Drilled by the kinds of the domain (of all domains); by the domain's own scope.
BY_KINDS = {"units", "inspected_units", "visits", "opinions", "samples", "samples_failing"}
BY_DOMAIN = {"cases": "cases", "decided_cases": "decided_cases", "fines": "decided_cases"}
OFFICE_FIGURES = (
    "officer_visits",
    "training_sessions_count",
    "training_attendance",
    "draws_count",
    "drawn_units",
    "drawn_units_inspected",
)


def _drill(key: str, params: list) -> str:
    return f"{reverse('reports:drill', args=[key])}?{urlencode(params)}"


def domain_rows(data: dict, scope: Scope) -> list[dict]:
    """Each domain's block as a row of cells (text, link)."""
    params = [(k, v) for k, v in scope.as_params().items() if k != "domain"]
    rows = []
    for block in data.get("domains") or []:
        kinds = [("category", code) for code in block.get("categories", ())]
        cells = []
        for key in DOMAIN_COLUMNS:
            url = None
            if key in BY_KINDS and kinds:
                url = _drill(key, params + kinds)
            elif key in BY_DOMAIN:
                url = _drill(BY_DOMAIN[key], params + [("domain", block["domain"])])
            cells.append({"text": FIGURES[key].text(block.get(key)), "url": url})
        rows.append({"label": block["domain_name"], "cells": cells, "total": False})
    if rows:  # the office's totals: the blocks add up to them
        links = Links(scope)
        rows.append(
            {
                "label": "合计",
                "total": True,
                "cells": [
                    {"text": FIGURES[key].text(data.get(key)), "url": links(key)}
                    for key in DOMAIN_COLUMNS
                ],
            }
        )
    return rows


def office_layout(data: dict, scope: Scope) -> dict:
    """What the office-wide sections of the summary page show."""
    return {
        "domain_columns": [
            (FIGURES[key].header, FIGURES[key].definition) for key in DOMAIN_COLUMNS
        ],
        "domain_rows": domain_rows(data, scope),
        "office_figures": OFFICE_FIGURES,
    }
