"""Who may use the focused plans' URLs (walked by tests/test_url_permissions.py).

Every role reads plans, their progress, the units not yet checked, the tables as .xlsx and
the files sent; managers create and change plans and record the tables sent to the city
(reports/migrations/0007_focused_plans.py). In the admin plans and submissions are read only."""

from tests.roles import ALL

MANAGER = {"manager"}

ACCESS = {
    "reports:plan_list": ("get", ALL, 200),
    "reports:plan_add": ("get", MANAGER, 200),
    "reports:plan_detail": ("get", ALL, 200),
    "reports:plan_edit": ("get", MANAGER, 200),
    "reports:plan_unchecked": ("get", ALL, 200),
    "reports:plan_xlsx": ("get", ALL, 200),
    "reports:plan_submit": ("get", MANAGER, 200),
    "reports:plan_submission_file": ("get", ALL, 200),
    "focusedplan-list": ("get", ALL, 200),
    "focusedplan-detail": ("get", ALL, 200),
}
SEGMENTS = {"plans": "focusedplan", "plan-submissions": "plansubmission"}
ADMIN_RULES = [
    (r"^admin:reports_(focusedplan|plansubmission)_(add|delete)$", 403),
]


def make_objects(objects):
    """A plan of the walk's unit's domain with one table sent, made through the services."""
    import datetime

    from django.utils import timezone

    from premises.models import Establishment
    from reports.models import PlanTable
    from reports.services import plan_save, plan_submission_record
    from tests.conftest import make_persona

    if "focusedplan" in objects:
        return {}
    manager = make_persona("manager")
    unit = Establishment.objects.get(pk=objects["establishment"])
    today = timezone.localdate()
    plan = plan_save(
        user=manager,
        name="走查计划",
        year=today.year,
        issuer="市卫生健康委员会",
        start_date=datetime.date(today.year, 1, 1),
        end_date=datetime.date(today.year, 12, 31),
        domains=[unit.category.domain],
        tables=[PlanTable.GENERAL],
        due_date=today,
        targets=[],
    )
    sent = plan_submission_record(
        user=manager, plan=plan, table=PlanTable.GENERAL, submitted_on=today
    )
    return {"focusedplan": plan.pk, "plansubmission": sent.pk}
