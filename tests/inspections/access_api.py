"""Who may use each inspections API URL (walked by tests/test_url_permissions.py)."""

import datetime

from tests.roles import ALL, FIELD, PLANNERS  # noqa: F401

# name → (method, roles with access, status for them). Creation by POST to a list URL is
# tested per endpoint in tests/inspections/test_api.py; POSTs below have an empty body, so
# those allowed get a field error (400), not 403.
ACCESS = {
    "inspection-list": ("get", ALL, 200),
    "inspection-detail": ("get", ALL, 200),
    "inspection-photos": ("post", FIELD, 400),
    "inspection-opinion": ("post", FIELD, 400),
    "checklist-list": ("get", ALL, 200),
    "checklist-detail": ("get", ALL, 200),
    "sample-list": ("get", ALL, 200),
    "sample-detail": ("get", ALL, 200),
    "sample-results": ("post", FIELD, 400),  # empty body: errors, not 403
    "standard-list": ("get", ALL, 200),
    "standard-detail": ("get", ALL, 200),
    "opinion-list": ("get", ALL, 200),
    "opinion-detail": ("get", ALL, 200),
    "opinion-amend": ("post", FIELD, 400),
    # Corrections: the author (not a persona here) and managers.
    "inspection-amend": ("post", {"manager"}, 400),
    "inspection-void": ("post", {"manager"}, 400),
    "inspection-photo-void": ("post", {"manager"}, 400),
    "sample-void": ("post", {"manager"}, 400),
    "campaign-list": ("get", ALL, 200),
    "campaign-detail": ("get", ALL, 200),
    "draw-list": ("get", ALL, 200),
    "draw-detail": ("get", ALL, 200),
    "draw-verify": ("get", ALL, 200),
    "draw-substitute": ("post", PLANNERS, 400),
    # 信誉度等级: everyone reads; managers void (an empty reason: 400).
    "grade-list": ("get", ALL, 200),
    "grade-detail": ("get", ALL, 200),
    "grade-void": ("post", PLANNERS, 400),
}

# URL path segment → the model its id points at.
SEGMENTS = {
    "grades": "gradeassessment",
    "inspections": "inspection",
    "checklists": "checklisttemplate",
    "samples": "sample",
    "standards": "standardlimit",
    "opinions": "supervisionopinion",
    "campaigns": "campaign",
    "draws": "randomdraw",
}


def make_objects(objects):
    """One row of each model the API's detail URLs point at that the page rules
    (tests/inspections/access.py) have not made already; made through the services."""
    from django.utils import timezone

    from core.models import DocumentSeries
    from inspections import services
    from inspections.models import ChecklistTemplate, Inspection
    from premises.models import Establishment
    from tests.inspections.factories import (
        inspectors,
        pool_limit,
        pool_unit,
        record,
        small_checklist,
    )

    DocumentSeries.objects.get_or_create(
        code="opinion",
        defaults={"name": "卫生监督意见书", "pattern": "卫监意〔{year}〕{number:04d}号"},
    )
    made = {}
    team = inspectors(2)
    if "inspection" in objects:
        inspection = Inspection.objects.get(pk=objects["inspection"])
    else:
        establishment = Establishment.objects.get(pk=objects["establishment"])
        inspection = record(establishment=establishment, team=team)
        made["inspection"] = inspection.pk
    if "supervisionopinion" not in objects:
        made["supervisionopinion"] = services.opinion_issue(
            inspection=inspection,
            items=[("未设消毒间", "设置专用消毒间")],
            deadline=timezone.localdate() + datetime.timedelta(days=15),
            user=team[0],
        ).pk
    limit = pool_limit("游离性余氯", minimum="0.3", maximum="1.0")
    if "standardlimit" not in objects:
        made["standardlimit"] = limit.pk
    if "sample" not in objects:
        at_the_pool = record(establishment=pool_unit(), team=team)  # pool water: 游泳场所
        made["sample"] = services.sample_record(
            inspection=at_the_pool,
            sample_type=limit.sample_type,
            taken_at=at_the_pool.inspected_at,
            results=[(limit, "0.5", None)],
            user=team[0],
        ).pk
    if "checklisttemplate" not in objects:
        made["checklisttemplate"] = (ChecklistTemplate.objects.first() or small_checklist()).pk
    if "campaign" not in objects:
        made["campaign"] = services.campaign_save(
            user=team[0],
            name="游泳场所专项整治",
            start_date=datetime.date(2025, 5, 1),
            end_date=datetime.date(2025, 9, 30),
        ).pk
    if "randomdraw" not in objects:
        made["randomdraw"] = services.draw_make(user=team[0], name="walk", count=1).pk
    return made
