"""Sections inspections adds to its own inspection page (core/panels.py): the on-site
records (现场笔录, 询问笔录, 复查记录) made from it, and a warning when an officer of the
inspection held no valid enforcement certificate (执法证) on its date."""

import datetime

from core.panels import Panel
from inspections.models import PaperKind
from inspections.services.records import certificate_warnings


def onsite_records_panel(inspection, request):
    if not request.user.has_perm("inspections.view_onsiterecord"):
        return None
    records = list(
        inspection.onsite_records.select_related("superseded_by").order_by("kind", "version", "pk")
    )
    kinds = [
        (value, label)
        for value, label in PaperKind.choices
        if value != PaperKind.FOLLOW_UP or inspection.kind == "follow_up"
    ]
    return Panel(
        title=f"现场文书（{len(records)}）",
        template="inspections/_records_panel.html",
        context={
            "inspection": inspection,
            "records": records,
            "kinds": kinds,
            "warnings": certificate_warnings(inspection),
            "can_make": request.user.has_perm("inspections.add_onsiterecord"),
        },
        order=10,
    )


HOME_SHOWN = 10


def complaints_home_panel(user, request):
    """The home page's complaints near or past their time limit: every open one for a
    manager (who assigns), with those waiting to be assigned; an officer's own otherwise."""
    from django.db.models import Count, Q
    from django.utils import timezone

    from inspections.models import Complaint
    from inspections.models.complaints import COMPLAINT_DUE_SOON_DAYS, ComplaintStatus

    if request.user != user or not user.has_perm("inspections.view_complaint"):
        return None
    manages = user.has_perm("inspections.assign_complaint")
    if not manages and not user.has_perm("inspections.handle_complaint"):
        return None
    today = timezone.localdate()
    complaints = Complaint.objects.open()
    if not manages:
        complaints = complaints.handled_by(user)
    soon = today + datetime.timedelta(days=COMPLAINT_DUE_SOON_DAYS)
    figures = complaints.aggregate(
        open=Count("pk"),
        overdue=Count("pk", filter=Q(next_due__lt=today)),
        soon=Count("pk", filter=Q(next_due__gte=today, next_due__lte=soon)),
        waiting=Count("pk", filter=Q(status=ComplaintStatus.REGISTERED)),
    )
    if not figures["open"]:
        return None
    due = (
        complaints.filter(next_due__lte=soon)
        .select_related("establishment", "assigned_to")
        .order_by("next_due", "pk")
    )
    return Panel(
        title="投诉举报办理期限" if manages else "我承办的投诉举报",
        template="inspections/_complaints_home_panel.html",
        context={
            "complaints": list(due[:HOME_SHOWN]),
            "figures": figures,
            "mine": not manages,
            "today": today,
            "soon_days": COMPLAINT_DUE_SOON_DAYS,
        },
        order=12,
    )
