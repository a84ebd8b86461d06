"""Reports' business actions: saved summaries (summaries.py: create, update, publish,
refresh, discard, recompute) and reporting upward (reporting.py: card_report to record that an
information card was reported; which are due or late: reports.models.cards). Pages, the API,
jobs and commands call these."""

from reports.services.plans import plan_save, plan_submission_record
from reports.services.reporting import card_report, card_report_many
from reports.services.summaries import (
    DISCARDED_READ_ONLY,
    MARKS,
    PUBLISHED_READ_ONLY,
    DraftExists,
    default_title,
    scope_of,
    summary_create,
    summary_discard,
    summary_draft,
    summary_draft_of,
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
    "DISCARDED_READ_ONLY",
    "DraftExists",
    "card_report",
    "card_report_many",
    "default_title",
    "plan_save",
    "plan_submission_record",
    "scope_of",
    "summary_create",
    "summary_draft",
    "summary_discard",
    "summary_draft_of",
    "summary_figures_now",
    "summary_publish",
    "summary_recompute",
    "summary_refresh",
    "summary_scope_from_form",
    "summary_update",
]
