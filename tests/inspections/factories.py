"""Builders for inspections tests: they go through the services, as the pages do."""

import datetime
from decimal import Decimal

from django.utils import timezone

from inspections import services
from inspections.choices import InspectionKind, InspectionResult
from inspections.models import ChecklistItem, ChecklistTemplate, StandardLimit
from tests.factories import EstablishmentFactory, UserFactory, kind


def inspectors(n=2):
    return [UserFactory(role="inspector") for _ in range(n)]


def when(days_ago=1, hour=10):
    moment = timezone.now() - datetime.timedelta(days=days_ago)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def pool_unit(**fields):
    """A swimming venue: the only kind of unit pool water is sampled at (SampleTypeScope)."""
    return EstablishmentFactory(category=kind("pp.sports.swimming"), name="测试游泳馆", **fields)


def record(*, establishment=None, team=None, user=None, **overrides):
    team = team or inspectors()
    fields = {
        "establishment": establishment or EstablishmentFactory(),
        "inspected_at": when(),
        "inspectors": team,
        "kind": InspectionKind.ROUTINE,
        "person_present": "店长王某",
        "result": InspectionResult.COMPLIANT,
    }
    fields.update(overrides)
    return services.inspection_record(user=user or team[0], **fields)


def small_checklist(code="test-sheet", pass_mark="6", factor=None):
    template = ChecklistTemplate.objects.create(
        code=code, name="测试评分表", pass_mark=Decimal(pass_mark), converted_factor=factor
    )
    for order, points in enumerate(("4", "6"), start=1):
        ChecklistItem.objects.create(
            template=template,
            section="卫生管理",
            subsection="制度",
            content=f"项目{order}",
            max_points=Decimal(points),
            order=order,
        )
    return template


def pool_limit(parameter, minimum=None, maximum=None, not_detected=False, unit="mg/L"):
    limit, _ = StandardLimit.objects.get_or_create(
        sample_type="游泳池水",
        standard="GB 37488-2019",
        parameter=parameter,
        defaults={
            "minimum": minimum,
            "maximum": maximum,
            "not_detected": not_detected,
            "unit": unit,
        },
    )
    return limit
