"""Sections reports adds to the pages of lower apps (core/panels.py): on the home page,
the manager's dashboard in short. A fixed number of queries whatever the data."""

import datetime

from django.utils import timezone

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


RECENTLY_SUBMITTED_DAYS = 30


def plans_home_panel(user, request):
    """Focused plans whose tables are late, due within the plan's reminder days, or were
    sent in the last RECENTLY_SUBMITTED_DAYS days. Three queries whatever the data."""
    if (
        request.user != user
        or not is_manager(user)
        or not user.has_perm("reports.view_focusedplan")
    ):
        return None
    from reports.models import FocusedPlan
    from reports.views.plans import plan_rows

    today = timezone.localdate()
    since = today - datetime.timedelta(days=RECENTLY_SUBMITTED_DAYS)
    plans = FocusedPlan.objects.with_parts().filter(year__gte=today.year - 1)
    rows = plan_rows(plans, today)
    late = [r for r in rows if r["state"] == "late"]
    due = [r for r in rows if r["state"] == "due"]
    submitted = [
        r
        for r in rows
        if r["state"] == "submitted"
        and any(t["submission"] and t["submission"].submitted_on >= since for t in r["tables"])
    ]
    if not (late or due or submitted):
        return None
    return Panel(
        title="重点监督检查计划汇总表上报",
        template="reports/_plans_home_panel.html",
        context={
            "late": late,
            "due": due,
            "submitted": submitted,
            "since_days": RECENTLY_SUBMITTED_DAYS,
        },
        order=6,
    )
