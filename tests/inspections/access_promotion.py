"""Who may open each URL of 健康促进 (walked by tests/test_url_permissions.py): everyone reads
the assessments and the plan's figures; officers assess; managers void."""

from tests.roles import ADMIN, ALL, FIELD, PLANNERS

ACCESS = {
    "inspections:promotion_list": ("get", ALL, 200),
    "inspections:promotion_assess": ("get", FIELD, 200),
    "inspections:promotion_detail": ("get", ALL, 200),
    "inspections:promotion_void": ("get", PLANNERS, 200),
    "inspections:promotion_plans": ("get", ALL, 200),
    "inspections:promotion_plan": ("get", ALL, 200),
    "inspections:promotion_subjects": ("get", ALL, 200),
    # API: an empty body gets field errors (400), not 403.
    "promotion-assessment-list": ("get", ALL, 200),
    "promotion-assessment-detail": ("get", ALL, 200),
    "promotion-assessment-void": ("post", PLANNERS, 400),
    # Assessments are written by the services only; the standards are shipped rows.
    **{
        f"admin:inspections_{model}_{action}": ("get", ADMIN, 403)
        for model in ("promotionassessment", "promotionstandard")
        for action in ("add", "delete")
    },
}

SEGMENTS = {
    "assessments": "promotionassessment",
    "promotion/plans": "promotionplan",  # reports' "plans" are focused plans
    "promotion-assessments": "promotionassessment",  # the API
}


def make_objects(objects):
    import datetime

    from django.utils import timezone

    from inspections.models import PromotionPlan, PromotionStandard, PromotionTarget
    from inspections.services.promotion import promotion_assess
    from premises.models import Category
    from tests.factories import EstablishmentFactory, UserFactory

    inspector = UserFactory(username="walk_promotion", role="inspector")
    today = timezone.localdate()
    school = EstablishmentFactory(
        category=Category.objects.get(code="sc.school.primary_secondary"), name="第一中学"
    )
    standard = PromotionStandard.objects.get(group="school")
    sheet = standard.current_sheet()
    sheet.save()  # reference rows loaded by a migration have no history entry yet
    for row in PromotionStandard.objects.all():
        row.save()
    assessment = promotion_assess(
        user=inspector,
        subject=school,
        standard=standard,
        sheet=sheet,
        assessed_on=today,
        assessors="王一",
        scores={item.pk: (item.max_points, "") for item in sheet.items.all()},
    )
    plan = PromotionPlan.objects.create(
        year=today.year, title="健康细胞建设计划", due_on=datetime.date(today.year, 12, 31)
    )
    PromotionTarget.objects.create(plan=plan, standard=standard, share=50)
    return {
        "promotionassessment": assessment.pk,
        "promotionplan": plan.pk,
        "promotionstandard": standard.pk,
    }
