"""Sections penalties adds to the pages of lower apps (core/panels.py): on an inspection's
page, the cases opened from it and the link to open one; on the home page, the cases near
or past a time limit. Each runs a fixed number of queries. (A unit's cases are a section of
its file: penalties/unit_file.py.)"""

from django.utils import timezone

from core.panels import Panel
from penalties.models import PenaltyCase

VIEW = "penalties.view_penaltycase"
ADD = "penalties.add_penaltycase"


def _cases(**filters):
    return list(
        PenaltyCase.objects.filter(**filters)
        .select_related("violation")
        .with_money()
        .order_by("-year", "-sequence")
    )


def inspection_panel(inspection, request):
    if not request.user.has_perm(VIEW):
        return None
    return Panel(
        title="行政处罚",
        template="penalties/_inspection_panel.html",
        context={
            "cases": _cases(inspection=inspection),
            "inspection": inspection,
            "can_add": request.user.has_perm(ADD),
        },
        order=40,
    )


HOME_SHOWN = 10


def home_panel(user, request):
    """Cases near or past their time limit: an officer's own, or all for a manager."""
    if request.user != user or not user.has_perm(VIEW):
        return None
    if not (
        user.has_perm("penalties.change_penaltycase")
        or user.has_perm("penalties.approve_extension")
    ):
        return None
    today = timezone.localdate()
    cases = PenaltyCase.objects.due_soon(today)
    mine = not user.has_perm("penalties.approve_extension")
    if mine:
        cases = cases.of_officer(user)
    cases = cases.order_by("next_due", "pk")
    shown = list(cases[:HOME_SHOWN])
    if not shown:
        return None
    return Panel(
        title="办案期限提醒",
        template="penalties/_home_panel.html",
        context={
            "cases": shown,
            "count": cases.count(),
            "mine": mine,
            "today": today,
        },
        order=10,
    )


def approvals_panel(user, request):
    """The 负责人's tasks: requests waiting for approval (none of the user's own)."""
    if request.user != user or not user.has_perm("penalties.approve_case"):
        return None
    from penalties.services.approvals import approval_pending

    pending = approval_pending(user)
    shown = list(pending[:HOME_SHOWN])
    if not shown:
        return None
    return Panel(
        title="待审批事项",
        template="penalties/_approvals_panel.html",
        context={"approvals": shown, "count": pending.count()},
        order=5,
    )


def complaint_panel(complaint, request):
    """On a complaint's page (投诉举报): the penalty cases it led to, and the link to add one
    for who handles it."""
    if not request.user.has_perm(VIEW):
        return None
    from inspections.services.complaints import may_handle

    cases = _cases(complaint_links__complaint=complaint)
    return Panel(
        title=f"相关行政处罚案件（{len(cases)}）",
        template="penalties/_complaint_panel.html",
        context={
            "cases": cases,
            "complaint": complaint,
            "can_link": not complaint.is_closed
            and not complaint.is_voided
            and may_handle(request.user, complaint),
            "can_add": request.user.has_perm(ADD),
        },
        order=40,
    )
