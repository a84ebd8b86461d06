"""Reports' business actions: saved summaries (summaries.py: create, update, publish,
refresh, recompute) and reporting upward (reporting.py: card_report to record that an
information card was reported; which are due or late: reports.models.cards). Pages, the API,
jobs and commands call these."""

from reports.services.plans import plan_save, plan_submission_record
from reports.services.reporting import card_report, card_report_many
from reports.services.summaries import (
    MARKS,
    PUBLISHED_READ_ONLY,
    default_title,
    scope_of,
    summary_create,
    summary_draft,
    summary_figures_now,
    summary_publish,
    summary_recompute,
    summary_refresh,
    summary_scope_from_form,
    summary_update,
)

__all__ = [
    "MARKS",
    "PUBLISHED_READ_ONLY",
    "card_report",
    "card_report_many",
    "default_title",
    "plan_save",
    "plan_submission_record",
    "scope_of",
    "summary_create",
    "summary_draft",
    "summary_figures_now",
    "summary_publish",
    "summary_recompute",
    "summary_refresh",
    "summary_scope_from_form",
    "summary_update",
]
