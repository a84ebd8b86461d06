"""licensing's panel on the site's home page (core/panels.py): the window's tasks in
figures, for those who work at the window or decide, with the way to the window's page
(licensing/views/home.py lists them). A fixed number of queries."""

from django.db.models import Count, Q
from django.utils import timezone

from core.panels import Panel
from licensing.choices import OPEN_STATUSES, ApplicationStatus
from licensing.models import Application, Permit
from licensing.views.home import EXPIRING_DAYS

WINDOW = ("licensing.add_application", "licensing.decide_application")


def home_panel(user, request):
    if request.user != user or not any(user.has_perm(p) for p in WINDOW):
        return None
    today = timezone.localdate()
    steps = Application.objects.open().aggregate(
        **{s.value: Count("pk", filter=Q(status=s)) for s in OPEN_STATUSES}
    )
    figures = [
        ("超期未办结", Application.objects.overdue(today).count(), True),
        ("待补正", steps.get(ApplicationStatus.CORRECTION, 0), False),
        ("待审核", steps.get(ApplicationStatus.RECEIVED, 0), False),
        ("待决定", steps.get(ApplicationStatus.REVIEWED, 0), False),
        ("待发证", steps.get(ApplicationStatus.APPROVED, 0), False),
        (
            f"{EXPIRING_DAYS} 日内到期许可证",
            Permit.objects.expiring_within(EXPIRING_DAYS, today=today).count(),
            False,
        ),
        ("承诺制核查逾期", Application.objects.post_checks_overdue(today).count(), True),
    ]
    return Panel(
        title="许可窗口待办",
        template="licensing/_home_panel.html",
        context={"figures": figures},
        order=5,
    )
