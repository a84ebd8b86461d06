"""The first stage of the reports pipeline: what a report is about. A scope (a period, a
supervision domain or all, a township or all) is made once, from a form, query parameters
or a saved summary, and flows down: scope → record sets (reports.sets) → counting
(reports.counting) → figures (reports.figures) → presentation (reports.presentation)."""

from reports.scope.params import scope_from_params
from reports.scope.period import Period, Scope, supervision

__all__ = ["Period", "Scope", "scope_from_params", "supervision"]
