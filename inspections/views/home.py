"""The site's home page: registry tiles for everyone, today's work for inspectors,
overdue rectifications for managers. A fixed number of queries whatever the data size."""

import datetime

from django.db.models import Count, Exists, OuterRef, Q, Window
from django.shortcuts import render
from django.utils import timezone
from django.views import View

from core.panels import panels_for
from core.views import RoleRequiredMixin
from inspections.models import DrawAssignment, Inspection, SupervisionOpinion
from inspections.models.opinion import DUE_SOON_DAYS
from premises.services import registry_overview

SHOWN = 20


def open_tasks(user):
    """Draw assignments of this inspector whose unit has no inspection for them yet."""
    return (
        DrawAssignment.objects.filter(Q(inspector_a=user) | Q(inspector_b=user))
        .exclude(Exists(Inspection.objects.filter(draw_assignment=OuterRef("pk"))))
        .select_related("draw", "establishment__township", "inspector_a", "inspector_b")
        .order_by("draw__created_at", "position")
    )


def follow_ups_due(user, today):
    """Open opinions of inspections this inspector took part in, overdue or falling due
    within DUE_SOON_DAYS (本周到期), the most urgent first."""
    return (
        SupervisionOpinion.objects.open()
        .filter(
            deadline__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
            inspection__in=Inspection.objects.filter(inspectors=user).values("pk"),
        )
        .select_related("inspection__establishment")
        .order_by("deadline", "pk")
    )


class HomeView(RoleRequiredMixin, View):
    permission_required = "premises.view_establishment"

    def get(self, request):
        user = request.user
        today = timezone.localdate()
        context = {"overview": registry_overview(), "today": today}
        if user.has_perm("inspections.add_inspection"):
            # The first rows and the counts of all in one query each (a window over the
            # whole set): the follow-ups' nested loop runs once, not for a list and a count.
            tasks = list(open_tasks(user).annotate(task_total=Window(Count("pk")))[:SHOWN])
            due = list(
                follow_ups_due(user, today).annotate(
                    due_total=Window(Count("pk")),
                    overdue_total=Window(Count("pk", filter=Q(deadline__lt=today))),
                )[:SHOWN]
            )
            due_count = due[0].due_total if due else 0
            due_overdue = due[0].overdue_total if due else 0
            context.update(
                tasks=tasks,
                task_count=tasks[0].task_total if tasks else 0,
                due=due,
                due_count=due_count,
                due_overdue=due_overdue,
                due_soon=due_count - due_overdue,
                due_soon_days=DUE_SOON_DAYS,
                recent=list(
                    Inspection.objects.filter(inspectors=user)
                    .select_related("establishment")
                    .order_by("-inspected_at", "-pk")[:10]
                ),
            )
        if user.has_perm("inspections.add_campaign") or user.has_perm("inspections.add_randomdraw"):
            context["overdue_count"] = SupervisionOpinion.objects.overdue(today).count()
            context["due_soon_count"] = SupervisionOpinion.objects.due_within(
                DUE_SOON_DAYS, today
            ).count()
            context["open_count"] = SupervisionOpinion.objects.open().count()
        # Upper apps add their reminders (e.g. penalty cases near a time limit).
        context["panels"] = panels_for(user, request)
        return render(request, "inspections/home.html", context)
