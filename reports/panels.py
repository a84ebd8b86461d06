"""Sections reports adds to the pages of lower apps (core/panels.py): on the home page,
the manager's dashboard in short. A fixed number of queries whatever the data."""

from core.panels import Panel
from reports.presentation import dashboard

VIEW = "reports.view_summaryreport"
MANAGES = ("inspections.add_campaign", "reports.add_summaryreport")


def is_manager(user) -> bool:
    return user.has_perm(VIEW) and any(user.has_perm(p) for p in MANAGES)


def home_panel(user, request):
    """This year so far against last year, inspections per month and what is overdue."""
    if request.user != user or not is_manager(user):
        return None
    return Panel(
        title="工作概况（本年至今）",
        template="reports/_home_panel.html",
        context=dashboard.compact(),
        order=5,
    )
