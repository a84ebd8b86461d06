"""The permit window's front page: what the clerk (and the 负责人) has to do today — the
open applications by step and deadline (overdue first), the permits ending within 30
days, and the post-issue checks of the commitment path (告知承诺制) overdue or coming due.
A fixed number of queries."""

from django.db.models import Exists, OuterRef
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views import View

from core.views import RoleRequiredMixin
from licensing.choices import OPEN_STATUSES, PENDING_STATUSES, ApplicationKind, ApplicationStatus
from licensing.models import Application, Permit
from licensing.models.applications import POST_CHECK_SOON_DAYS
from licensing.models.permits import units_without_valid_permit
from licensing.services.intake import renewal_deadline

EXPIRING_DAYS = 30
POST_CHECK_NOTICE_DAYS = POST_CHECK_SOON_DAYS  # as the list of post-issue checks
SHOWN = 10  # rows per list; the full list is one click away

# Who acts next at each open step (the group's heading).
STEP_HEADINGS = {
    ApplicationStatus.CORRECTION: "待补正材料",
    ApplicationStatus.RECEIVED: "已受理，待审核",
    ApplicationStatus.REVIEWED: "已审核，待决定",
    ApplicationStatus.APPROVED: "准予许可，待发证",
}


def _days_left(day, today) -> int:
    return (day - today).days


def applications_by_step(today):
    """Open applications per step, overdue first, then by their deadline."""
    applications = list(
        Application.objects.open()
        .select_related("establishment", "permit_type")
        .order_by("due_on", "received_on", "pk")
    )
    groups = {status: [] for status in OPEN_STATUSES}
    for a in applications:
        a.overdue = a.status in PENDING_STATUSES and a.due_on < today
        a.days_left = _days_left(a.due_on, today)
        a.days_over = -a.days_left
        groups.setdefault(a.status, []).append(a)
    list_url = reverse("licensing:application_list")
    return [
        {
            "status": status,
            "heading": STEP_HEADINGS.get(status, ApplicationStatus(status).label),
            "count": len(rows),
            "overdue": sum(a.overdue for a in rows),
            "rows": sorted(rows, key=lambda a: (not a.overdue, a.due_on))[:SHOWN],
            "url": f"{list_url}?status={status}",
        }
        for status, rows in groups.items()
    ]


def expiring_permits(today, may_receive):
    # Any open application of the unit for the type (a renewal, or a late one taken as new).
    renewal_open = Application.objects.open().filter(
        establishment=OuterRef("establishment"), permit_type=OuterRef("permit_type")
    )
    permits = list(
        Permit.objects.expiring_within(EXPIRING_DAYS, today=today)
        .select_related("establishment", "permit_type")
        .annotate(renewal_open=Exists(renewal_open))
        .order_by("expires_on", "pk")[:SHOWN]
    )
    add = reverse("licensing:application_add")
    for p in permits:
        p.days_left = _days_left(p.expires_on, today)
        if may_receive and not p.renewal_open:
            # In time: a renewal of this permit; past the type's notice days: a new
            # application whose permit starts when this one ends (a late renewal).
            deadline = renewal_deadline(p)  # set: an expiring permit has an end
            in_time = deadline is not None and today <= deadline
            query = {"establishment": p.establishment_id, "business_scope": p.business_scope}
            if in_time:
                query.update(kind=ApplicationKind.RENEWAL, previous_permit=p.pk)
            else:
                query.update(kind=ApplicationKind.NEW, permit_type=p.permit_type_id)
            p.renew_url = f"{add}?{urlencode(query)}"
            p.renew_label = "受理延续" if in_time else "受理（逾期延续按新办）"
    return permits


def post_checks(today):
    """Post-issue checks overdue, then those due within POST_CHECK_NOTICE_DAYS days, each
    with the permit it was issued (one query for the permits)."""
    overdue = Application.objects.post_checks_overdue(today)
    due = Application.objects.post_checks_due(today, within_days=POST_CHECK_NOTICE_DAYS)
    rows = [
        *overdue.select_related("establishment", "permit_type").order_by("post_check_due", "pk"),
        *due.select_related("establishment", "permit_type").order_by("post_check_due", "pk"),
    ]
    permits = {
        p.application_id: p
        for p in Permit.objects.filter(application__in=[a.pk for a in rows]).order_by("pk")
    }
    for a in rows:
        a.permit = permits.get(a.pk)
        a.days_left = _days_left(a.post_check_due, today)
        a.days_over = -a.days_left
        a.check_overdue = a.days_left < 0
    return rows


class WindowHomeView(RoleRequiredMixin, View):
    permission_required = "licensing.view_application"

    def get(self, request):
        today = timezone.localdate()
        checks = post_checks(today)
        steps = applications_by_step(today)
        return render(
            request,
            "licensing/home.html",
            {
                "title": "卫生许可",
                "today": today,
                "open": sum(s["count"] for s in steps),
                "overdue": sum(s["overdue"] for s in steps),
                "expiring": Permit.objects.expiring_within(EXPIRING_DAYS, today=today).count(),
                "unlicensed": units_without_valid_permit(today).count(),
                "valid": Permit.objects.valid_on(today).count(),
                "steps": steps,
                "expiring_permits": expiring_permits(
                    today, request.user.has_perm("licensing.add_application")
                ),
                "expiring_days": EXPIRING_DAYS,
                "checks": checks[: SHOWN * 2],
                "checks_overdue": sum(a.check_overdue for a in checks),
                "checks_count": len(checks),
                "checks_due": sum(not a.check_overdue for a in checks),
                "check_notice_days": POST_CHECK_NOTICE_DAYS,
            },
        )
